import Foundation

/// What is learned: a number (regression) or one of a fixed set of classes (classification).
///
/// Named `LearningTask` so that Swift's own `LearningTask` (structured concurrency) stays usable in
/// every module that imports the vocabulary.
public enum LearningTask: Sendable, Equatable {
    /// Predict a real number; data loss is mean squared error in the target's units squared.
    case regression
    /// Predict one of `classes`; class index `i` stands for `classes[i]`. Binary when `classes.count == 2`.
    /// Data loss is mean cross-entropy (natural logarithm, in nats).
    case classification(classes: [String])

    /// The class names, empty for regression.
    public var classes: [String] {
        if case .classification(let classes) = self { return classes }
        return []
    }

    /// True for classification.
    public var isClassification: Bool {
        if case .classification = self { return true }
        return false
    }

    /// The data loss the charts plot for this task: "mean squared error" or "cross-entropy".
    public var lossName: String {
        switch self {
        case .regression: return "mean squared error"
        case .classification: return "cross-entropy"
        }
    }

    /// "regression", "2 classes" or "3 classes".
    public var label: String {
        switch self {
        case .regression: return "regression"
        case .classification(let classes): return "\(classes.count) classes"
        }
    }

    /// The loss of the best constant prediction on `targets`: the one place this number is computed.
    ///
    /// - Regression: the population variance (1/n)·Σ(yᵢ − ȳ)², the mean squared error of
    ///   predicting the mean (Hastie, Tibshirani, Friedman, *The Elements of Statistical
    ///   Learning*, 2nd ed., eq. 2.9 with a constant f).
    /// - Classification: the entropy −Σₖ pₖ ln pₖ of the class shares pₖ, the cross-entropy of
    ///   predicting the shares (Cover and Thomas, *Elements of Information Theory*, eq. 2.1, in nats).
    ///
    /// - Parameter targets: the target of each row (class indices `0..<classes.count` as `Double`
    ///   for classification; indices outside that range are ignored).
    /// - Returns: 0 for no targets.
    public func constantPredictionLoss(targets: [Double]) -> Double {
        targets.isEmpty ? 0 : constantPredictionLoss(fittedOn: targets, evaluatedOn: targets)
    }

    /// The mean loss on `rows` of the best constant prediction fitted on `fit` (the mean for regression,
    /// the class shares of `fit` for classification, each share floored at 1e-12 so that a class absent
    /// from `fit` costs ln(1e12) instead of infinity). With `rows == fit` this is
    /// `constantPredictionLoss(targets:)`; with validation rows it is the baseline a model's validation
    /// loss is measured against.
    ///
    /// - Returns: NaN when `fit` or `rows` is empty.
    public func constantPredictionLoss(fittedOn fit: [Double], evaluatedOn rows: [Double]) -> Double {
        guard !fit.isEmpty, !rows.isEmpty else { return .nan }
        switch self {
        case .regression:
            let mean = fit.reduce(0, +) / Double(fit.count)
            return rows.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(rows.count)
        case .classification(let classes):
            func index(_ y: Double) -> Int? {
                guard let k = Int(exactly: y.rounded()), k >= 0, k < classes.count else { return nil }
                return k
            }
            var counts = [Double](repeating: 0, count: classes.count)
            for y in fit { if let k = index(y) { counts[k] += 1 } }
            let total = Double(fit.count)
            var loss = 0.0
            for y in rows { if let k = index(y) { loss -= Foundation.log(max(counts[k] / total, 1e-12)) } }
            return loss / Double(rows.count)
        }
    }
}
