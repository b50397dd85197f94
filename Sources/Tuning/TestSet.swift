import Vocabulary
import Foundation
import Learning

/// A test set held out before a search (`tune ... --test-fraction F`, `sweep ... --test-fraction F`): the search
/// scores its settings on the other rows only, and the best setting is scored once on the test rows at the end.
///
/// The split is seeded and, for classification, stratified (each class gives round(F · class size) rows), with
/// the generator's stream 41, so the test rows are not the trainer's validation split of the same seed; for
/// regression on one feature the rows of the smallest and largest x stay in the search rows, so the test
/// measures interpolation (``Split/holdOut(_:fraction:seed:stream:)``). Keeping a test set that no choice has
/// looked at is what makes its score an unbiased estimate of the chosen model's error: the scores the search
/// minimized are optimistic for the winner (Hastie, Tibshirani and Friedman, *The Elements of Statistical
/// Learning*, 2nd ed., 2009, section 7.2; Cawley and Talbot, "On over-fitting in model selection", JMLR 11, 2010).
public struct TestHoldOut: Sendable {
    /// The random stream of the seed that draws the test rows.
    static let stream: UInt64 = 41

    /// The share of rows held out, 0 < fraction < 1.
    public let fraction: Double
    /// The whole dataset.
    public let dataset: Dataset
    /// Rows of `dataset` the search sees, ascending.
    public let searchRows: [Int]
    /// Rows of `dataset` held out for the final test, ascending.
    public let testRows: [Int]
    /// The search rows as a dataset of their own (same name, features and task), for the search's evaluator.
    public let searchData: Dataset

    /// Fewest rows a search may keep after the hold-out (5 folds of 4 rows at least).
    public static let minimumSearchRows = 20

    /// Holds out `fraction` of `dataset`'s rows, seeded by `seed`.
    /// - Throws: ``TuningError`` when `fraction` is not strictly between 0 and 1, or when the split leaves fewer than
    ///   2 test rows or `minimumSearchRows` search rows (or, for classification, a class without search rows).
    public init(dataset: Dataset, fraction: Double, seed: UInt64) throws(TuningError) {
        guard fraction.isFinite, fraction > 0, fraction < 1 else {
            throw TuningError.search("--test-fraction must lie strictly between 0 and 1, e.g. --test-fraction 0.2; got \(NumberFormat.setting(fraction))")
        }
        let split = Split.holdOut(dataset, fraction: fraction, seed: seed, stream: Self.stream)
        // The search cross-validates on what is left: fewer than `minimumSearchRows` rows make every fold's score noise.
        guard split.training.count >= Self.minimumSearchRows, split.validation.count >= 2 else {
            throw TuningError.search("--test-fraction \(NumberFormat.setting(fraction)) leaves \(split.validation.count) test and "
                                     + "\(split.training.count) search rows of the \(dataset.rowCount) rows of '\(dataset.name)'; "
                                     + "the test needs at least 2 and the search \(Self.minimumSearchRows): choose a fraction nearer 0.2")
        }
        if dataset.task.isClassification {
            let present = Set(split.training.map { Int(dataset.targets[$0]) })
            if let missing = dataset.task.classes.indices.first(where: { c in dataset.targets.contains(Double(c)) && !present.contains(c) }) {
                throw TuningError.search("--test-fraction \(NumberFormat.setting(fraction)) leaves no search row of class "
                                         + "'\(dataset.task.classes[missing])'; choose a smaller fraction")
            }
        }
        self.fraction = fraction
        self.dataset = dataset
        self.searchRows = split.training
        self.testRows = split.validation
        let columns = dataset.featureCount
        var values: [Double] = []
        values.reserveCapacity(split.training.count * columns)
        for r in split.training { for c in 0..<columns { values.append(dataset.features[r, c]) } }
        searchData = Dataset(name: dataset.name, featureNames: dataset.featureNames, targetName: dataset.targetName,
                             features: Matrix(rows: split.training.count, columns: columns, values: values),
                             targets: split.training.map { dataset.targets[$0] }, task: dataset.task, warnings: dataset.warnings)
    }

    /// Trains `model` with `hyperparameters` on all search rows and measures it on the test rows (feature scaling
    /// fitted on the search rows only).
    ///
    /// With early stopping on, the test rows must not decide when to stop: the model is first trained as `train`
    /// would on the search rows alone (their own validation split decides the stop), then trained again on all
    /// search rows for the epochs that run kept (its best epoch), without early stopping, and that model is tested.
    /// - Returns: the test score, or why training failed (diverged, bad settings).
    public func score(model: ModelKind, hyperparameters: Hyperparameters) -> Result<TestScore, TrialFailure> {
        var h = hyperparameters
        do throws(LearningError) {
            if h.earlyStopping > 0 {
                let inner = try Trainer(dataset: searchData, model: model, hyperparameters: h)
                let outcome = inner.train()
                if outcome.diverged { return .failure(TrialFailure("training diverged on the search rows")) }
                let kept = inner.history.filter { $0.epoch > 0 }
                let best = kept.min { ($0.validationLoss ?? .infinity) < ($1.validationLoss ?? .infinity) }?.epoch ?? h.epochs
                h.earlyStopping = 0
                h.epochs = max(1, best)
            }
            let trainer = try Trainer(dataset: dataset, model: model, hyperparameters: h,
                                      trainingRows: searchRows, validationRows: testRows)
            let outcome = trainer.train()
            if outcome.diverged { return .failure(TrialFailure("training on the search rows diverged")) }
            let record = trainer.evaluate()
            guard let loss = record.validationLoss, loss.isFinite else {
                return .failure(TrialFailure("the test loss is not a finite number"))
            }
            return .success(TestScore(fraction: fraction, rows: testRows.count, trainingRows: searchRows.count, loss: loss,
                                      accuracy: record.validationAccuracy, epochs: trainer.epochsTrained))
        } catch {
            return .failure(TrialFailure(error.message))
        }
    }
}

/// The score of the chosen setting on a held-out test set (``TestHoldOut/score(model:hyperparameters:)``).
public struct TestScore: Sendable, Equatable {
    /// The share of the dataset's rows held out.
    public let fraction: Double
    /// Number of test rows.
    public let rows: Int
    /// Number of rows the final model was trained on (all search rows).
    public let trainingRows: Int
    /// Data loss on the test rows (mean squared error, or mean cross-entropy in nats).
    public let loss: Double
    /// Accuracy (0...1) on the test rows for classification, else nil.
    public let accuracy: Double?
    /// Epochs the final model was trained.
    public let epochs: Int
}
