import Foundation
import Vocabulary
import Learning
import TerminalCharts

/// The optimizer's path over the loss surface of a linear regression on two features.
struct OptimizerPath: Sendable, Equatable {
    /// The two weights (in the raw features' units, `Trainer.parametersInDataUnits`) after each
    /// epoch, epoch 0 (the initial weights) first.
    var w1: [Double]
    var w2: [Double]
    /// The intercepts (target units) after each epoch, epoch 0 first.
    var intercepts: [Double]
    /// The mean squared error on the training rows, as the trainer measured it after each epoch.
    var losses: [Double]
    /// Second moments of the training rows about their means: var(y), cov(y, x1), cov(y, x2),
    /// var(x1), cov(x1, x2), var(x2) (divided by n), and the means of x1, x2, y.
    var moments: Moments

    /// Centred moments of the training rows (population form, divided by n).
    struct Moments: Sendable, Equatable {
        var yy = 0.0, y1 = 0.0, y2 = 0.0, x11 = 0.0, x12 = 0.0, x22 = 0.0
        var mean1 = 0.0, mean2 = 0.0, meanY = 0.0

        /// The moments of rows `rows` of `features` (two columns) and `targets`.
        init(features: Matrix, targets: [Double], rows: [Int]) {
            let n = Double(max(1, rows.count))
            for r in rows { mean1 += features[r, 0]; mean2 += features[r, 1]; meanY += targets[r] }
            mean1 /= n; mean2 /= n; meanY /= n
            for r in rows {
                let a = features[r, 0] - mean1, b = features[r, 1] - mean2, y = targets[r] - meanY
                yy += y * y; y1 += y * a; y2 += y * b; x11 += a * a; x12 += a * b; x22 += b * b
            }
            yy /= n; y1 /= n; y2 /= n; x11 /= n; x12 /= n; x22 /= n
        }

        /// The mean squared error on the rows of weights (`w1`, `w2`) with the best intercept for
        /// them (ȳ − w1·x̄1 − w2·x̄2): var(y − w1 x1 − w2 x2) expanded in the moments.
        func loss(_ w1: Double, _ w2: Double) -> Double {
            yy - 2 * (w1 * y1 + w2 * y2) + w1 * w1 * x11 + 2 * w1 * w2 * x12 + w2 * w2 * x22
        }

        /// The least-squares weights (normal equations, 2 x 2 by Cramer's rule); nil when the
        /// features are collinear.
        var optimum: (Double, Double)? {
            let det = x11 * x22 - x12 * x12
            guard det > 1e-12 * max(1, x11 * x22) else { return nil }
            return ((y1 * x22 - y2 * x12) / det, (y2 * x11 - y1 * x12) / det)
        }
    }

    /// The path of a fresh linear model trained `epochs` epochs with `hyperparameters` on
    /// `dataset` (two features, regression), the same seeded run as `train` makes.
    ///
    /// - Throws: `CommandError` when the model cannot be built (a setting the trainer refuses).
    static func record(dataset: Dataset, hyperparameters: Hyperparameters, epochs: Int) throws(CommandError) -> OptimizerPath {
        let trainer: Trainer
        do { trainer = try Trainer(dataset: dataset, model: .linear, hyperparameters: hyperparameters) } catch {
            throw .learning(error)
        }
        var w1: [Double] = [], w2: [Double] = [], intercepts: [Double] = [], losses: [Double] = []
        func note(_ loss: Double) {
            guard let units = trainer.parametersInDataUnits, let weights = units.weights.first, weights.count == 2 else { return }
            w1.append(weights[0]); w2.append(weights[1]); intercepts.append(units.intercepts[0]); losses.append(loss)
        }
        note(trainer.evaluate().trainLoss)
        _ = trainer.train(epochs: epochs, onEpoch: { note($0.trainLoss) })
        return OptimizerPath(w1: w1, w2: w2, intercepts: intercepts, losses: losses,
                             moments: Moments(features: dataset.features, targets: dataset.targets, rows: trainer.trainingRows))
    }
}

extension ChartBuilder {
    /// Grid points per axis of the loss surface under `plot path`.
    static let pathGrid = (columns: 61, rows: 41)

    /// `plot path`: contour lines of the training loss over the two weights of a linear model on a
    /// two-feature regression dataset (the intercept at its best for each pair of weights, which
    /// is where full-batch gradient descent on standardized features keeps it), with the weights
    /// after every epoch as the path. The window covers the path and the optimum; points of a
    /// diverging path far outside it are clipped at the edge.
    ///
    /// - Throws: `CommandError` when the run is not a linear regression on exactly two features,
    ///   or when training again with its final settings does not give its losses.
    static func path(run: Run, dataset: Dataset) throws(CommandError) -> ContourChart {
        guard !run.task.isClassification else {
            throw CommandError("plot path is for a linear regression on two features (the `plane` dataset); run \(run.id) is classification: `plot boundary \(run.id)`")
        }
        guard run.model == .linear, dataset.featureCount == 2, run.hyperparameters.degree <= 1 else {
            throw CommandError("plot path needs a linear model (degree 1) with two weights: `use plane`, `model linear`, then `train`")
        }
        let epochs = max(1, run.final?.epoch ?? run.hyperparameters.epochs)
        let path = try OptimizerPath.record(dataset: dataset, hyperparameters: run.hyperparameters, epochs: epochs)
        // The path is the run's own only when training again gives its losses (not after a
        // `continue` with other settings, nor when the run stopped early and was continued).
        let matches = zip(path.losses, run.history.map(\.trainLoss)).allSatisfy { a, b in
            a == b || (a.isNaN && b.isNaN) || abs(a - b) <= 1e-9 * max(1, abs(b))
        }
        guard matches, path.losses.count == run.history.count else {
            throw CommandError("run \(run.id) cannot be replayed with one set of settings (it was continued with other settings): `train` it again, then `plot path`")
        }
        return contour(path, title: "path of the weights, run \(run.id): learning-rate \(NumberFormat.setting(run.hyperparameters.learningRate))"
                       + (run.hyperparameters.momentum > 0 ? ", momentum \(NumberFormat.setting(run.hyperparameters.momentum))" : ""),
                       names: (dataset.featureNames[0], dataset.featureNames[1]))
    }

    /// The contour chart of a recorded path: the window spans the finite path points within 20
    /// times the start's distance from the optimum, plus the optimum, padded by 10%.
    static func contour(_ path: OptimizerPath, title: String, names: (String, String)) -> ContourChart {
        let m = path.moments
        let optimum = m.optimum ?? (path.w1.last ?? 0, path.w2.last ?? 0)
        let reach = max(hypot(path.w1.first.map { $0 - optimum.0 } ?? 1, path.w2.first.map { $0 - optimum.1 } ?? 1), 1e-9) * 20
        var xs = [optimum.0], ys = [optimum.1]
        for (a, b) in zip(path.w1, path.w2) where a.isFinite && b.isFinite && hypot(a - optimum.0, b - optimum.1) <= reach {
            xs.append(a); ys.append(b)
        }
        func window(_ values: [Double]) -> ClosedRange<Double> {
            let low = values.min()!, high = values.max()!
            let pad = high > low ? (high - low) * 0.1 : max(abs(low) * 0.1, 1)
            return (low - pad)...(high + pad)
        }
        let x = window(xs), y = window(ys)
        let (columns, rows) = pathGrid
        var values = [[Double]](repeating: [Double](repeating: 0, count: columns), count: rows)
        for r in 0..<rows {
            let w2 = y.lowerBound + Double(r) / Double(rows - 1) * (y.upperBound - y.lowerBound)
            for c in 0..<columns {
                values[r][c] = m.loss(x.lowerBound + Double(c) / Double(columns - 1) * (x.upperBound - x.lowerBound), w2)
            }
        }
        var chart = ContourChart(values: values, x: x, y: y,
                                 pathX: path.w1.map { $0.isNaN ? $0 : min(max($0, x.lowerBound), x.upperBound) },
                                 pathY: path.w2.map { $0.isNaN ? $0 : min(max($0, y.lowerBound), y.upperBound) },
                                 title: title, xLabel: "weight of \(names.0)", yLabel: "weight of \(names.1)")
        chart.pathName = "weights after each epoch"
        return chart
    }
}
