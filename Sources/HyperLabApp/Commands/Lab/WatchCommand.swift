import Vocabulary
import Learning

/// `watch [N]`: replay run N's training (default: a new training with the current settings) as
/// an animation.
struct WatchCommand: LabCommand {
    static let name = "watch"
    static let usage = "watch [N]"
    static let summary = "watch a training epoch by epoch: the loss curves growing and, for 2-D data, the decision regions"
    static let details = "`watch` trains with the current settings (not kept among the runs: `train` keeps one) and plays the training one epoch per frame, from epoch 0; `watch 3` replays run 3 (trained again from its seed with its settings). On a terminal: space pauses and plays on, `.` or `n` shows one more epoch, `+` and `-` go faster and slower, Enter jumps to the end, Ctrl-C stops. For a dataset with two features and a classifier the decision regions change beside the curves (stacked above each other on a narrow terminal). When output is not a terminal, the last frame is printed."

    static func run(_ arguments: [String], in context: CommandContext) throws(CommandError) -> [Output] {
        try context.lab.watch(arguments)
    }
}

extension LabSession {
    fileprivate func watch(_ arguments: [String]) throws(CommandError) -> [Output] {
        guard arguments.count <= 1 else { throw CommandError("watch takes at most one run number, e.g. `watch 2`; usage: \(WatchCommand.usage)") }
        if let word = arguments.first {
            guard let id = Int(word), id >= 1, id <= runs.count else {
                throw CommandError(runs.isEmpty ? "no runs yet: `watch` alone trains with the current settings"
                                                : "no run `\(word)`: runs are numbered 1 to \(runs.count) (`runs` lists them)")
            }
            let run = runs[id - 1]
            guard run.datasetName == datasetName else {
                throw CommandError("watch \(id) trains again on \(run.datasetName): `use \(run.datasetName)` first")
            }
            let data = try dataset()
            let replay = try TrainingAnimation.record(id: run.id, dataset: data, datasetName: run.datasetName, model: run.model,
                                                      hyperparameters: run.hyperparameters, changed: run.changed,
                                                      epochs: max(0, run.final?.epoch ?? 0))
            // A run continued with other settings cannot be replayed with its final ones.
            guard replay.run.history == run.history else {
                throw CommandError("run \(id) cannot be replayed with one set of settings (it was continued with other settings): `watch` alone trains with the current ones")
            }
            return [.animation(replay)]
        }
        let data = try dataset()
        let hyperparameters = try currentHyperparameters()
        if model.check(data.task) != nil { throw .learning(.modelDoesNotFit(model, data.task)) }
        let changed = HyperparameterCatalog.all.compactMap { spec -> (name: String, value: String)? in
            guard overrides[spec.name] != nil, let value = hyperparameters.text(of: spec.name) else { return nil }
            return (spec.name, value)
        }
        return [.animation(try TrainingAnimation.record(id: 0, dataset: data, datasetName: datasetName, model: model,
                                                        hyperparameters: hyperparameters, changed: changed, epochs: hyperparameters.epochs))]
    }
}
