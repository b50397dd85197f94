import Vocabulary
import Learning

/// One split of k-fold cross-validation: row indices into the dataset.
public struct Fold: Sendable, Equatable {
    /// Rows to train on, ascending.
    public let trainingRows: [Int]
    /// Rows to validate on, ascending; the folds' validation rows partition all rows.
    public let validationRows: [Int]
}

/// k-fold splits (Hastie, Tibshirani and Friedman, *The Elements of Statistical Learning*, 2nd ed., 2009,
/// section 7.10), optionally stratified so that each fold holds each class in about the same proportion
/// (Kohavi, "A study of cross-validation and bootstrap for accuracy estimation and model selection", IJCAI 1995).
public enum KFold {
    /// Splits rows 0..<rowCount into k folds after a seeded shuffle. Fold sizes differ by at most one;
    /// with `classLabels`, the rows of each class are shuffled and dealt to the folds in turn, so each
    /// class's count per fold also differs by at most one.
    /// - Parameters:
    ///   - rowCount: number of rows.
    ///   - k: number of folds, 2 <= k <= rowCount.
    ///   - classLabels: one class index per row for stratification, or nil.
    ///   - seed: seeds the shuffle.
    /// - Throws: ``TuningError`` for k < 2, k > rowCount, or a label count that is not rowCount.
    public static func folds(rowCount: Int, k: Int, classLabels: [Int]? = nil, seed: UInt64) throws(TuningError) -> [Fold] {
        guard k >= 2 else { throw TuningError.crossValidation("--folds must be at least 2 (e.g. --folds 5); got \(k)") }
        guard k <= rowCount else {
            throw TuningError.crossValidation("--folds \(k) is more than the \(rowCount) rows available; use at most \(rowCount) folds")
        }
        if let labels = classLabels, labels.count != rowCount {
            throw TuningError.crossValidation("stratified folds need one class label per row (\(labels.count) labels for \(rowCount) rows)")
        }
        var rng = SeededGenerator(seed: seed, stream: 11)
        var order: [Int] = []
        if let labels = classLabels {
            var byClass: [Int: [Int]] = [:]
            for (row, c) in labels.enumerated() { byClass[c, default: []].append(row) }
            for c in byClass.keys.sorted() {
                var rows = byClass[c] ?? []
                shuffle(&rows, &rng)
                order += rows
            }
        } else {
            order = Array(0..<rowCount)
            shuffle(&order, &rng)
        }
        var members = [[Int]](repeating: [], count: k)
        for (p, row) in order.enumerated() { members[p % k].append(row) }
        return members.map { validation in
            let v = Set(validation)
            return Fold(trainingRows: (0..<rowCount).filter { !v.contains($0) }, validationRows: validation.sorted())
        }
    }

    /// Fisher-Yates shuffle (Knuth, TAOCP vol. 2, Algorithm 3.4.2 P) with the seeded generator.
    static func shuffle(_ a: inout [Int], _ rng: inout SeededGenerator) {
        guard a.count > 1 else { return }
        for i in stride(from: a.count - 1, to: 0, by: -1) {
            a.swapAt(i, rng.below(i + 1))
        }
    }
}
