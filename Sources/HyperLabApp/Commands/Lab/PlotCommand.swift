import Foundation
import Learning
import Teaching
import TerminalCharts
import Tuning
import Vocabulary

/// `plot loss|accuracy|boundary`: draw the last run's loss or accuracy curves, or a 2-D classifier's decision regions.
struct PlotCommand: LabCommand {
    static let name = "plot"
    static let usage = "plot loss|accuracy|boundary"
    static let summary = "draw the last run's loss or accuracy curves, or a 2-D classifier's decision regions"
    static let details = "`plot boundary` shades the regions where the model predicts each class and draws the training points over them; it needs a dataset with two features (circles, xor, spiral, gaussians)."

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
        let kind = arguments.first ?? "loss"
        guard arguments.count <= 1, kinds.contains(kind) else {
            throw CommandError("plot takes one of loss, accuracy, boundary." + didYouMean(kind, among: kinds))
        }
        guard let run = runs.last else { throw CommandError("nothing to plot yet: type `train` first") }
        switch kind {
        case "loss": return [.chart(ChartBuilder.lossChart(run))]
        case "accuracy":
            guard run.task.isClassification else { throw CommandError("accuracy is for classification; this dataset is regression: `plot loss`") }
            return [.chart(ChartBuilder.accuracyChart(run))]
        default:
            let data = try dataset()
            guard let trainer else { throw CommandError("nothing to plot yet: type `train` first") }
            return [.heatmap(try ChartBuilder.boundary(trainer: trainer, dataset: data, title: "decision regions, run \(run.id)"))]
        }
    }
}
