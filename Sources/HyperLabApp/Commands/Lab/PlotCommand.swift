import Foundation
import Learning
import Teaching
import TerminalCharts
import Tuning
import Vocabulary

/// `plot loss|accuracy|boundary [RUN]`: draw a run's loss or accuracy curves, or a 2-D classifier's decision regions.
struct PlotCommand: LabCommand {
    static let name = "plot"
    static let usage = "plot loss|accuracy|boundary [N]"
    static let summary = "draw run N's loss or accuracy curves, or a 2-D classifier's decision regions (default: the last run)"
    static let details = "`plot loss 2` draws run 2's curves; without a run number the last run is drawn (`runs` lists them). `plot boundary` shades the regions where the model predicts each class and draws the training points over them; it needs a dataset with two features (circles, xor, spiral, gaussians). Each such run keeps its regions, so `plot boundary 3` shows run 3's model even after later runs."

    static func completions(words: [String], partial: String, context: CompletionContext) -> [String] {
        words.count == 1 ? ["loss", "accuracy", "boundary"] : []
    }

    static func run(_ arguments: [String], in context: CommandContext) throws(CommandError) -> [Output] {
        try context.lab.plot(arguments)
    }
}

extension LabSession {
    fileprivate func plot(_ arguments: [String]) throws(CommandError) -> [Output] {
        let kinds = ["loss", "accuracy", "boundary"]
        var kind: String?
        var runWord: String?
        for word in arguments {
            let lowered = word.lowercased()
            if kind == nil && kinds.contains(lowered) {
                kind = lowered
            } else if runWord == nil && (Int(word) != nil || lowered == "last") {
                runWord = lowered
            } else if Int(word) == nil && lowered != "last" && !kinds.contains(lowered) {
                throw CommandError("plot takes one of loss, accuracy, boundary and a run number, e.g. `plot loss 2`." + didYouMean(word, among: kinds))
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
