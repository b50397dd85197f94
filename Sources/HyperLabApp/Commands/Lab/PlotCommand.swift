import Foundation
import Learning
import Teaching
import TerminalCharts
import Tuning
import Vocabulary

/// `plot loss|accuracy|boundary|fit|path [RUN]`: draw a run's loss or accuracy curves, a 2-D
/// classifier's decision regions, a 1-D regression's fitted curve or the path of two weights.
struct PlotCommand: LabCommand {
    static let name = "plot"
    static let usage = "plot loss|accuracy|boundary|fit|path [N]"
    static let summary = "draw run N's curves, decision regions, fitted curve or weight path (default: the last run)"
    static let details = "`plot loss 2` draws run 2's curves from epoch 0 (the loss before training); without a run number the last run is drawn (`runs` lists them). `plot boundary` shades the regions where the model predicts each class, lighter where it is less sure, with training points (o x +) and validation points (O X #) over them; it needs a dataset with two features (circles, xor, spiral, gaussians), and each such run keeps its regions. `plot fit` draws the last run's curve through the points of a one-feature regression (sine). `plot path` draws the loss surface of a linear model's two weights as contour lines and the weights after every epoch (use plane, model linear): a too-large learning rate jumps across the valley, a tiny one crawls."

    /// The kinds of picture, in the order help and completion list them.
    static let kinds = ["loss", "accuracy", "boundary", "fit", "path"]

    static func completions(words: [String], partial: String, context: CompletionContext) -> [String] {
        words.count == 1 ? kinds : []
    }

    static func run(_ arguments: [String], in context: CommandContext) throws(CommandError) -> [Output] {
        try context.lab.plot(arguments)
    }
}

extension LabSession {
    fileprivate func plot(_ arguments: [String]) throws(CommandError) -> [Output] {
        let kinds = PlotCommand.kinds
        var kind: String?
        var runWord: String?
        for word in arguments {
            let lowered = word.lowercased()
            if kind == nil && kinds.contains(lowered) {
                kind = lowered
            } else if runWord == nil && (Int(word) != nil || lowered == "last") {
                runWord = lowered
            } else if Int(word) == nil && lowered != "last" && !kinds.contains(lowered) {
                throw CommandError("plot takes one of loss, accuracy, boundary, fit, path and a run number, e.g. `plot loss 2`." + didYouMean(word, among: kinds))
            } else {
                throw CommandError("plot takes one kind and one run number, e.g. `plot accuracy 3`; usage: \(PlotCommand.usage)")
            }
        }
        guard let latest = runs.last else { throw CommandError("nothing to plot yet: type `train` first") }
        let run: Run
        if let runWord, runWord != "last" {
            guard let id = Int(runWord), id >= 1, id <= runs.count else {
                throw CommandError("no run `\(runWord)`: runs are numbered 1 to \(runs.count) (`runs` lists them)")
            }
            run = runs[id - 1]
        } else {
            run = latest
        }
        switch kind ?? "loss" {
        case "loss": return [.chart(ChartBuilder.lossChart(run))]
        case "accuracy":
            guard run.task.isClassification else { throw CommandError("accuracy is for classification; run \(run.id) is regression: `plot loss \(run.id)`") }
            return [.chart(ChartBuilder.accuracyChart(run))]
        case "fit":
            guard run.id == latest.id, let trainer else {
                throw CommandError("plot fit draws the model of the last run only (run \(latest.id)); train again with run \(run.id)'s settings to see its curve")
            }
            return [.chart(try ChartBuilder.fit(trainer: trainer, title: "fitted curve, run \(run.id)").lineChart)]
        case "path":
            let data: Dataset
            if let trainer, trainer.dataset.name == run.datasetName {
                data = trainer.dataset
            } else if datasetName == run.datasetName {
                data = try dataset()
            } else {
                throw CommandError("plot path retrains run \(run.id) on \(run.datasetName): `use \(run.datasetName)` first")
            }
            return [.contour(try ChartBuilder.path(run: run, dataset: data))]
        default:
            if let regions = boundaries[run.id] { return [.heatmap(regions)] }
            guard run.id == latest.id, let trainer else {
                guard run.task.isClassification else { throw CommandError("plot boundary is for classification; run \(run.id) is regression: `plot loss \(run.id)`") }
                throw CommandError("plot boundary needs exactly 2 features; run \(run.id) used \(run.datasetName), which has more: try `use circles`, `use xor`, `use spiral` or `use gaussians`")
            }
            return [.heatmap(try ChartBuilder.boundary(trainer: trainer, dataset: trainer.dataset, title: "decision regions, run \(run.id)"))]
        }
    }
}
