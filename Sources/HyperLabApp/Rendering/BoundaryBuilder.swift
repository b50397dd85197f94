import Vocabulary
import Learning
import TerminalCharts

extension ChartBuilder {
    /// Grid cells per axis for decision regions: fine enough for any chart up to 200 cells wide.
    static let boundaryResolution = (columns: 120, rows: 48)

    /// The decision regions of a classifier on a 2-D dataset (`Heatmap.decisionRegions`): each
    /// grid cell shows the class the model finds most probable at its centre (from
    /// `trainer.predict`), shaded by how sure it is, with the training points and, distinctly,
    /// the validation points drawn over it; the data's aspect ratio is kept. `resolution`: grid cells per axis.
    ///
    /// - Throws: `CommandError` when the task is regression or the dataset does not have exactly two features.
    static func boundary(trainer: Trainer, dataset: Dataset, resolution: (columns: Int, rows: Int) = boundaryResolution,
                         title: String) throws(CommandError) -> Heatmap {
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
        let (columns, rows) = resolution
        var grid = Matrix(rows: columns * rows, columns: 2)
        for r in 0..<rows {
            for c in 0..<columns {
                grid[r * columns + c, 0] = xRange.lowerBound + (Double(c) + 0.5) / Double(columns) * (xRange.upperBound - xRange.lowerBound)
                grid[r * columns + c, 1] = yRange.lowerBound + (Double(r) + 0.5) / Double(rows) * (yRange.upperBound - yRange.lowerBound)
            }
        }
        let predicted = trainer.predict(grid)
        let probabilities = (0..<rows).map { r in
            (0..<columns).map { c in (0..<predicted.columns).map { predicted[r * columns + c, $0] } }
        }
        func points(_ indices: [Int]) -> [OverlayPoint] {
            indices.map { OverlayPoint(x: xs[$0], y: ys[$0], classIndex: Int(dataset.targets[$0])) }
        }
        return Heatmap.decisionRegions(probabilities: probabilities, x: xRange, y: yRange, classNames: classes,
                                       training: points(trainer.trainingRows), validation: points(trainer.validationRows),
                                       title: title, xLabel: dataset.featureNames[0], yLabel: dataset.featureNames[1])
    }

    /// The range of `values` widened by 5% on each side (1 when all are equal).
    static func paddedRange(_ values: [Double]) -> ClosedRange<Double> {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return 0...1 }
        let pad = high > low ? (high - low) * 0.05 : 1
        return (low - pad)...(high + pad)
    }
}
