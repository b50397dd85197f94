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
        guard !targets.isEmpty else { return 0 }
        let n = Double(targets.count)
        switch self {
        case .regression:
            let mean = targets.reduce(0, +) / n
            return targets.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        case .classification(let classes):
            var counts = [Int](repeating: 0, count: classes.count)
            for target in targets {
                let index = Int(exactly: target.rounded()) ?? -1
                if counts.indices.contains(index) { counts[index] += 1 }
            }
            return -counts.reduce(0.0) { sum, count in
                guard count > 0 else { return sum }
                let p = Double(count) / n
                return sum + p * Foundation.log(p)
            }
        }
    }
}
