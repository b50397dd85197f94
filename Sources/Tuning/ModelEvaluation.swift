import Vocabulary
import Foundation
import Learning

/// Training and validation scores of one model under one setting, averaged over the folds of
/// cross-validation (or from one hold-out split).
///
/// Losses are data losses as the trainer reports them (mean squared error in target units squared for
/// regression, mean cross-entropy in nats for classification), measured at the end of training (at the
/// restored best weights when early stopping restored them).
public struct ModelScore: Sendable, Equatable {
    /// Number of folds averaged (1 for a hold-out split).
    public let folds: Int
    /// Mean training-rows data loss over the folds.
    public let trainLoss: Double
    /// Mean validation-rows data loss over the folds.
    public let validationLoss: Double
    /// Sample standard deviation of the training loss across folds (0 with one fold).
    public let trainLossDeviation: Double
    /// Sample standard deviation of the validation loss across folds (0 with one fold).
    public let validationLossDeviation: Double
    /// Mean training accuracy (0...1) for classification, else nil.
    public let trainAccuracy: Double?
    /// Mean validation accuracy (0...1) for classification, else nil.
    public let validationAccuracy: Double?
    /// The validation loss of each fold, in fold order.
    public let foldValidationLosses: [Double]
    /// Mean number of training rows per fold.
    public let trainingRows: Double
}

/// The outcome of training on one fold.
struct FoldOutcome: Sendable {
    let trainLoss: Double
    let validationLoss: Double
    let trainAccuracy: Double?
    let validationAccuracy: Double?
    let trainingRows: Int
}

/// Scores a model on a dataset for given hyperparameters: k-fold cross-validation (stratified for
/// classification), or the trainer's own hold-out split when no fold count is given.
///
/// Each fold builds its own `Trainer` with explicit training and validation rows, so feature
/// standardization is fitted on the fold's training rows only (no leakage from the validation rows).
/// Folds come from ``KFold`` seeded by the hyperparameters' `seed`, so a setting is scored on the same
/// folds whatever else changes. Sources: Hastie, Tibshirani and Friedman (2009), section 7.10; Kohavi (1995).
public struct ModelEvaluator: Sendable {
    /// The dataset (raw units).
    public let dataset: Dataset
    /// The model trained.
    public let model: ModelKind
    /// Fold count K >= 2, or nil for one hold-out split by `validation-fraction`.
    public let folds: Int?

    /// Checks that the model fits the task and the fold count fits the data.
    /// - Throws: ``TuningError`` when the model does not fit the dataset's task (the model's own
    ///   message), or K < 2 or K > rows.
    public init(dataset: Dataset, model: ModelKind, folds: Int?) throws(TuningError) {
        if let problem = model.check(dataset.task) { throw TuningError.crossValidation(problem) }
        if let k = folds {
            guard k >= 2 else { throw TuningError.crossValidation("--folds must be at least 2 (e.g. --folds 5); got \(k)") }
            guard k <= dataset.rowCount else {
                throw TuningError.crossValidation("--folds \(k) is more than the \(dataset.rowCount) rows of '\(dataset.name)'; use at most \(dataset.rowCount) folds")
            }
        }
        self.dataset = dataset
        self.model = model
        self.folds = folds
    }

    /// Number of training runs one score takes (K, or 1 for hold-out).
    public var runsPerScore: Int { folds ?? 1 }

    /// The folds for a seed (nil for hold-out).
    func splits(seed: UInt64) -> [Fold]? {
        guard let k = folds else { return nil }
        let labels = dataset.task.isClassification ? dataset.targets.map { Int($0) } : nil
        return try? KFold.folds(rowCount: dataset.rowCount, k: k, classLabels: labels, seed: seed)
    }

    /// Scores `hyperparameters`, running folds on up to `workers` threads (the result does not depend on it).
    /// - Returns: the score, or a failure naming the fold and why (training diverged, bad settings,
    ///   no validation rows in hold-out mode).
    public func score(_ hyperparameters: Hyperparameters, workers: Int = 1) -> Result<ModelScore, TrialFailure> {
        let runs = runsPerScore
        let this = self
        let outcomes = parallelMap(count: runs, workers: workers) { i in
            this.runFold(i, hyperparameters: hyperparameters, trainingFraction: 1)
        }
        return Self.combine(outcomes)
    }

    /// Trains fold `index` (or the hold-out split) and measures it. With `trainingFraction` < 1, only that
    /// share of the fold's training rows is used (a stratified, seeded, nested subset: see ``LearningCurve``).
    func runFold(_ index: Int, hyperparameters h: Hyperparameters, trainingFraction: Double) -> Result<FoldOutcome, TrialFailure> {
        let label = folds == nil ? "" : " in fold \(index + 1) of \(folds ?? 1)"
        var trainer: Trainer
        do {
            if let split = splits(seed: h.seed)?[index] {
                var rows = split.trainingRows
                if trainingFraction < 1 { rows = subset(rows, fraction: trainingFraction, seed: h.seed) }
                trainer = try Trainer(dataset: dataset, model: model, hyperparameters: h,
                                      trainingRows: rows, validationRows: split.validationRows)
            } else {
                let whole = try Trainer(dataset: dataset, model: model, hyperparameters: h)
                trainer = whole
                if trainingFraction < 1 {
                    trainer = try Trainer(dataset: dataset, model: model, hyperparameters: h,
                                          trainingRows: subset(whole.trainingRows, fraction: trainingFraction, seed: h.seed),
                                          validationRows: whole.validationRows)
                }
            }
        } catch {
            return .failure(TrialFailure(error.message))
        }
        guard trainer.validationRowCount > 0 else {
            return .failure(TrialFailure("no validation rows: set validation-fraction above 0, or use --folds K"))
        }
        let outcome = trainer.train()
        if outcome.diverged {
            let at = outcome.divergedAt.map { " at epoch \($0)" } ?? ""
            return .failure(TrialFailure("training diverged\(label)\(at)" + (outcome.reason.map { ": \($0)" } ?? "")))
        }
        let record = trainer.evaluate()
        guard let validation = record.validationLoss, validation.isFinite, record.trainLoss.isFinite else {
            return .failure(TrialFailure("the loss is not a finite number\(label)"))
        }
        return .success(FoldOutcome(trainLoss: record.trainLoss, validationLoss: validation,
                                     trainAccuracy: record.trainAccuracy, validationAccuracy: record.validationAccuracy,
                                     trainingRows: trainer.trainingRowCount))
    }

    /// The first ceil(fraction x count) rows (at least 2) of a seeded order in which every class appears in
    /// proportion in each prefix (rows ranked by their position within their class, shuffled per class), so
    /// smaller subsets are nested in larger ones.
    func subset(_ rows: [Int], fraction: Double, seed: UInt64) -> [Int] {
        let m = min(rows.count, max(2, Int((fraction * Double(rows.count)).rounded(.up))))
        var rng = SeededGenerator(seed: seed, stream: 29)
        var byClass: [Int: [Int]] = [:]
        for r in rows {
            let c = dataset.task.isClassification ? Int(dataset.targets[r]) : 0
            byClass[c, default: []].append(r)
        }
        var keyed: [(key: Double, row: Int)] = []
        for c in byClass.keys.sorted() {
            var members = byClass[c] ?? []
            rng.shuffle(&members)
            for (i, r) in members.enumerated() { keyed.append(((Double(i) + 0.5) / Double(members.count), r)) }
        }
        keyed.sort { $0.key != $1.key ? $0.key < $1.key : $0.row < $1.row }
        return keyed.prefix(m).map(\.row).sorted()
    }

    /// Averages fold outcomes; the first failure wins.
    static func combine(_ outcomes: [Result<FoldOutcome, TrialFailure>]) -> Result<ModelScore, TrialFailure> {
        var folds: [FoldOutcome] = []
        for o in outcomes {
            switch o {
            case .success(let f): folds.append(f)
            case .failure(let e): return .failure(e)
            }
        }
        guard !folds.isEmpty else { return .failure(TrialFailure("no fold was trained")) }
        func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(xs.count) }
        func deviation(_ xs: [Double]) -> Double {
            guard xs.count > 1 else { return 0 }
            let m = mean(xs)
            return (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1)).squareRoot()
        }
        let train = folds.map(\.trainLoss), validation = folds.map(\.validationLoss)
        let trainAccuracies = folds.compactMap(\.trainAccuracy), validationAccuracies = folds.compactMap(\.validationAccuracy)
        return .success(ModelScore(folds: folds.count, trainLoss: mean(train), validationLoss: mean(validation),
                                   trainLossDeviation: deviation(train), validationLossDeviation: deviation(validation),
                                   trainAccuracy: trainAccuracies.count == folds.count ? mean(trainAccuracies) : nil,
                                   validationAccuracy: validationAccuracies.count == folds.count ? mean(validationAccuracies) : nil,
                                   foldValidationLosses: validation, trainingRows: mean(folds.map { Double($0.trainingRows) })))
    }
}

/// A model-and-dataset objective for ``Tuner``: the mean cross-validated validation loss of the model
/// with the base hyperparameters changed by the trial's settings.
///
/// Trials build their own trainers, so independent trials can run on several threads. A trial running
/// alone (Bayesian suggestions) spreads its folds over all cores instead; the value does not depend on it.
public struct ModelObjective: Sendable {
    /// How settings are scored.
    public let evaluator: ModelEvaluator
    /// The hyperparameters that the settings change.
    public let base: Hyperparameters
    private let gate: TrialGate
    private let log = ScoreLog()

    /// Checks that every dimension of `space` names a hyperparameter and that its bounds (or each choice)
    /// are accepted values.
    /// - Throws: ``TuningError`` naming the dimension and the hyperparameter's own message, e.g.
    ///   `learning-rate=0..1: learning-rate 0 is out of range: 0 < learning-rate <= 10`.
    public init(evaluator: ModelEvaluator, base: Hyperparameters, space: SearchSpace,
                cores: Int = ProcessInfo.processInfo.activeProcessorCount) throws(TuningError) {
        for d in space.dimensions {
            guard HyperparameterCatalog.spec(named: d.name) != nil else {
                throw TuningError.search("\(d.text): '\(d.name)' is not a hyperparameter; use one of "
                                  + HyperparameterCatalog.all.map(\.name).joined(separator: ", "))
            }
            var probes: [ParameterValue] = []
            switch d.kind {
            case let .real(lo, hi, _): probes = [.real(lo), .real(hi)]
            case let .integer(lo, hi, _): probes = [.integer(lo), .integer(hi)]
            case let .choice(values): probes = values.map { .choice($0) }
            }
            for p in probes {
                var h = base
                do { try h.set(d.name, to: p.text) } catch { throw TuningError.search("\(d.text): \(error.message)") }
            }
        }
        self.evaluator = evaluator
        self.base = base
        self.gate = TrialGate(cores: max(1, cores))
    }

    /// The base hyperparameters with the settings applied.
    /// - Throws: `VocabularyError` for a value the hyperparameter does not accept.
    public func hyperparameters(for settings: Settings) throws(VocabularyError) -> Hyperparameters {
        var h = base
        for (name, value) in zip(settings.names, settings.values) { try h.set(name, to: value.text) }
        return h
    }

    /// The objective: mean validation loss over the folds (lower is better); failures carry the reason.
    public var objective: Objective {
        let this = self
        return { settings in
            let h: Hyperparameters
            do throws(VocabularyError) { h = try this.hyperparameters(for: settings) } catch { return .failure(TrialFailure(error.message)) }
            let workers = this.gate.enter()
            defer { this.gate.leave() }
            let score = this.evaluator.score(h, workers: workers)
            if case .success(let s) = score { this.log.record(settings, s) }
            return score.map(\.validationLoss)
        }
    }

    /// The whole score (mean and sample standard deviation over the folds, accuracies) of settings this objective
    /// has evaluated, nil for settings it has not scored or whose training failed. The objective's value is its
    /// `validationLoss`.
    public func score(of settings: Settings) -> ModelScore? { log.score(of: settings) }
}

/// The scores an objective has computed, by settings (read after a search for the standard deviations).
private final class ScoreLog: @unchecked Sendable {
    private let lock = NSLock()
    private var scores: [Settings: ModelScore] = [:]
    func record(_ settings: Settings, _ score: ModelScore) {
        lock.lock(); scores[settings] = score; lock.unlock()
    }
    func score(of settings: Settings) -> ModelScore? {
        lock.lock(); defer { lock.unlock() }
        return scores[settings]
    }
}

/// Counts running trials: a trial that starts alone may use every core for its folds.
private final class TrialGate: @unchecked Sendable {
    private let lock = NSLock()
    private var active = 0
    let cores: Int
    init(cores: Int) { self.cores = cores }
    func enter() -> Int {
        lock.lock(); defer { lock.unlock() }
        active += 1
        return active == 1 ? cores : 1
    }
    func leave() {
        lock.lock(); active -= 1; lock.unlock()
    }
}
