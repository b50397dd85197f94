import Learning
import TerminalCharts

extension ChartBuilder {
    /// The decision regions of a classifier on a 2-D dataset, with the points over them.
    static func boundary(trainer: Trainer, dataset: Dataset, title: String) throws(CommandError) -> Heatmap {
        guard dataset.task.isClassification else {
            throw CommandError("plot boundary is for classification; this dataset is regression: `plot loss`")
        }
        guard dataset.featureCount == 2 else {
            throw CommandError("plot boundary needs exactly 2 features (this dataset has \(dataset.featureCount)): try `use circles`, `use xor`, `use spiral` or `use gaussians`")
        }
        throw CommandError("plot boundary is not available yet")
    }
}
