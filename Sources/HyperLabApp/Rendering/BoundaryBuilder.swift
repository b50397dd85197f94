import Vocabulary
import Learning
import TerminalCharts

extension ChartBuilder {
    /// Grid cells per axis for decision regions: fine enough for any chart up to 200 cells wide.
    static let boundaryResolution = (columns: 120, rows: 48)

    /// The decision regions of a classifier on a 2-D dataset: each grid cell is shaded by the
    /// class the model predicts at its centre (argmax of the predicted probabilities), with the
    /// dataset's points drawn over it by class.
    ///
    /// - Throws: `CommandError` when the task is regression or the dataset does not have exactly two features.
    static func boundary(trainer: Trainer, dataset: Dataset, title: String) throws(CommandError) -> Heatmap {
        guard case .classification(let classes) = dataset.task else {
            throw CommandError("plot boundary is for classification; this dataset is regression: `plot loss`")
        }
        guard dataset.featureCount == 2 else {
            throw CommandError("plot boundary needs exactly 2 features (this dataset has \(dataset.featureCount)): try `use circles`, `use xor`, `use spiral` or `use gaussians`")
        }
        let features = dataset.features
        var xs: [Double] = [], ys: [Double] = []
        for row in 0..<features.rows {
            xs.append(features[row, 0])
            ys.append(features[row, 1])
        }
        let xRange = paddedRange(xs), yRange = paddedRange(ys)
        let (columns, rows) = boundaryResolution
        var grid = Matrix(rows: columns * rows, columns: 2)
        for r in 0..<rows {
            for c in 0..<columns {
                grid[r * columns + c, 0] = xRange.lowerBound + (Double(c) + 0.5) / Double(columns) * (xRange.upperBound - xRange.lowerBound)
                grid[r * columns + c, 1] = yRange.lowerBound + (Double(r) + 0.5) / Double(rows) * (yRange.upperBound - yRange.lowerBound)
            }
        }
        let probabilities = trainer.predict(grid)
        var values = [[Double]](repeating: [Double](repeating: .nan, count: columns), count: rows)
        for r in 0..<rows {
            for c in 0..<columns {
                values[r][c] = Double(predictedClass(probabilities, row: r * columns + c))
            }
        }
        let points = (0..<features.rows).map { OverlayPoint(x: xs[$0], y: ys[$0], classIndex: Int(dataset.targets[$0])) }
        return Heatmap(values: values, x: .range(xRange), y: .range(yRange), scale: .classes(classes), points: points,
                       title: title, xLabel: dataset.featureNames[0], yLabel: dataset.featureNames[1])
    }

    /// The class with the highest probability in `row`; for a single output column (a binary
    /// model's probability of class 1), class 1 when it is at least 0.5.
    static func predictedClass(_ probabilities: Matrix, row: Int) -> Int {
        if probabilities.columns == 1 { return probabilities[row, 0] >= 0.5 ? 1 : 0 }
        var best = 0
        for k in 1..<probabilities.columns where probabilities[row, k] > probabilities[row, best] { best = k }
        return best
    }

    /// The range of `values` widened by 5% on each side (1 when all are equal).
    static func paddedRange(_ values: [Double]) -> ClosedRange<Double> {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return 0...1 }
        let pad = high > low ? (high - low) * 0.05 : 1
        return (low - pad)...(high + pad)
    }
}
