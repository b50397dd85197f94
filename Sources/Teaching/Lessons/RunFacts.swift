import Vocabulary
import Foundation

/// What the lesson runner knows about one finished training: the app builds it from its last run after every
/// `train`, `continue`, or retraining `set`. The runner never sees the engine itself.
///
/// Curves hold one value per epoch since the weights were last initialized (element `i` is epoch `i + 1`), so a
/// `continue` extends them. Losses are data losses (mean squared error for regression, mean cross-entropy in nats
/// for classification); accuracies are fractions in 0...1. Non-finite losses are allowed (a diverging run).
public struct RunFacts: Sendable, Equatable {
    /// The dataset name as the learner gave it (`breast-cancer`, `sine`, or a CSV path).
    public var dataset: String
    /// The model trained: `linear`, `logistic`, `softmax` or `mlp`.
    public var model: String
    /// Every hyperparameter as used: canonical vocabulary name -> canonical text (`learning-rate` -> `0.1`).
    public var hyperparameters: [String: String]
    /// Training data loss after each epoch.
    public var trainLoss: [Double]
    /// Validation data loss after each epoch, nil without validation rows.
    public var validationLoss: [Double]?
    /// Training accuracy after each epoch (classification only).
    public var trainAccuracy: [Double]?
    /// Validation accuracy after each epoch (classification with validation rows only).
    public var validationAccuracy: [Double]?
    /// Whether the engine stopped the run because the loss blew up.
    public var diverged: Bool
    /// The 1-based epoch at which it blew up, when it did.
    public var divergedAt: Int?
    /// Whether early stopping ended the run.
    public var stoppedEarly: Bool
    /// The 1-based position in the curves of the epoch whose weights the run kept, when early stopping restored an
    /// earlier epoch's weights; nil when the run kept its last weights. The `final.` metrics and the gaps read this
    /// epoch: they describe the model the run ended with, as its summary line does.
    public var keptEpoch: Int?
    /// The search these facts report, when they come from a search command rather than a training (`search.`
    /// conditions read it); nil for a training.
    public var search: SearchFacts?

    /// Makes the facts of one run.
    public init(dataset: String, model: String, hyperparameters: [String: String], trainLoss: [Double],
                validationLoss: [Double]?, trainAccuracy: [Double]? = nil, validationAccuracy: [Double]? = nil,
                diverged: Bool, divergedAt: Int? = nil, stoppedEarly: Bool = false, keptEpoch: Int? = nil) {
        self.dataset = dataset
        self.model = model
        self.hyperparameters = hyperparameters
        self.trainLoss = trainLoss
        self.validationLoss = validationLoss
        self.trainAccuracy = trainAccuracy
        self.validationAccuracy = validationAccuracy
        self.diverged = diverged
        self.divergedAt = divergedAt
        self.stoppedEarly = stoppedEarly
        self.keptEpoch = keptEpoch.flatMap { (1...max(1, trainLoss.count)).contains($0) ? $0 : nil }
    }

    /// The value of `curve` at the kept weights: at `keptEpoch` when early stopping restored one, else the last.
    private func kept(_ curve: [Double]?) -> Double? {
        guard let curve else { return nil }
        if let keptEpoch, curve.indices.contains(keptEpoch - 1) { return curve[keptEpoch - 1] }
        return curve.last
    }

    /// Number of epochs run since initialization.
    public var epochsRun: Int { trainLoss.count }

    /// The 1-based epoch of the lowest finite validation loss (the first one on ties), nil without validation data.
    public var bestValidationEpoch: Int? {
        guard let validation = validationLoss else { return nil }
        var best: (index: Int, value: Double)?
        for index in validation.indices where validation[index].isFinite {
            if let current = best, validation[index] >= current.value { continue }
            best = (index, validation[index])
        }
        return best.map { $0.index + 1 }
    }

    /// The overfitting signature: the validation loss ends at least `OutcomeCondition.risingFactor` (1.1) times its
    /// minimum, reached at an earlier epoch, while the training loss at the end is below its value at that epoch.
    public var validationRises: Bool {
        guard !diverged, let validation = validationLoss, let best = bestValidationEpoch, best < epochsRun,
              let finalValidation = validation.last, let finalTrain = trainLoss.last,
              finalValidation.isFinite, finalTrain.isFinite else { return false }
        let minimum = validation[best - 1]
        return finalValidation >= OutcomeCondition.risingFactor * minimum && finalValidation > minimum
            && finalTrain < trainLoss[best - 1]
    }

    /// Sum of the rises of the training loss between consecutive epochs divided by its total range: 0 for a curve that
    /// only goes down, larger the more it zig-zags (the same measure as the quiz's `LabCurve.jaggedness`).
    public var trainJaggedness: Double {
        LabCurve(trainLoss: trainLoss, validationLoss: nil, diverged: diverged).jaggedness
    }

    /// How much the training loss still moves at the end: over the last tenth of the epochs run (at least the last 2),
    /// its highest minus its lowest value, divided by their mean. Near 0 for a run that has settled; a constant rate
    /// with small batches keeps bouncing (0.4 and more on `plane` with batch-size 1 and learning-rate 0.1). Nil for
    /// fewer than 2 epochs or a non-finite loss among them.
    public var trainBounce: Double? {
        guard trainLoss.count >= 2 else { return nil }
        let tail = trainLoss.suffix(max(2, trainLoss.count / 10))
        guard tail.allSatisfy(\.isFinite), let high = tail.max(), let low = tail.min() else { return nil }
        let mean = tail.reduce(0, +) / Double(tail.count)
        guard mean > 0 else { return nil }
        return (high - low) / mean
    }

    /// A numeric metric by name (see `RunFacts.metricNames`), nil when the run does not have it
    /// (e.g. validation metrics without validation rows).
    public func number(_ metric: String) -> Double? {
        switch metric {
        case "epochs": return Double(epochsRun)
        case "diverged_at": return divergedAt.map(Double.init)
        case "first.train_loss": return trainLoss.first
        case "final.train_loss": return kept(trainLoss)
        case "final.validation_loss": return kept(validationLoss)
        case "final.train_accuracy": return kept(trainAccuracy)
        case "final.validation_accuracy": return kept(validationAccuracy)
        case "best.validation_loss": return bestValidationEpoch.flatMap { validationLoss?[$0 - 1] }
        case "best.epoch": return bestValidationEpoch.map(Double.init)
        case "best.train_loss": return bestValidationEpoch.map { trainLoss[$0 - 1] }
        case "gap":
            guard let train = kept(trainLoss), let validation = kept(validationLoss) else { return nil }
            return validation - train
        case "accuracy_gap":
            guard let train = kept(trainAccuracy), let validation = kept(validationAccuracy) else { return nil }
            return train - validation
        case "ratio.train_loss":
            guard let first = trainLoss.first, let last = trainLoss.last, first != 0 else { return nil }
            return last / first
        case "jaggedness.train_loss": return trainJaggedness
        case "bounce.train_loss": return trainBounce
        default:
            if metric.hasPrefix("search.") { return search?.number(metric) }
            if metric.hasPrefix("hyperparameter.") {
                return hyperparameters[Self.hyperparameterName(in: metric) ?? String(metric.dropFirst("hyperparameter.".count))].flatMap { Double($0) }
            }
            return nil
        }
    }

    /// The names accepted by `number(_:)`, plus `hyperparameter.NAME`.
    public static let metricNames: [String] = [
        "epochs", "diverged_at", "first.train_loss", "final.train_loss", "final.validation_loss",
        "final.train_accuracy", "final.validation_accuracy", "best.validation_loss", "best.epoch",
        "best.train_loss", "gap", "accuracy_gap", "ratio.train_loss", "jaggedness.train_loss", "bounce.train_loss",
    ]

    /// Names that may appear in `{...}` placeholders of an `explain:` text: the metrics, `dataset`, `model`,
    /// `diverged`, `stopped_early` and `hyperparameter.NAME`.
    /// A hyperparameter placeholder must name a hyperparameter of the vocabulary (or an alias, such as `lr`).
    static func isPlaceholder(_ name: String) -> Bool {
        metricNames.contains(name) || SearchFacts.isMetric(name) || ["dataset", "model", "diverged", "stopped_early"].contains(name)
            || hyperparameterName(in: name) != nil
    }

    /// The canonical hyperparameter of a `hyperparameter.NAME` placeholder or condition (`hyperparameter.lr` ->
    /// `learning-rate`), nil for any other name.
    static func hyperparameterName(in name: String) -> String? {
        guard name.hasPrefix("hyperparameter.") else { return nil }
        return HyperparameterName(lookup: String(name.dropFirst("hyperparameter.".count)))?.rawValue
    }

    /// The text of a placeholder for this run: numbers rounded for reading, `n/a` when the run does not have it.
    public func text(of name: String) -> String {
        switch name {
        case "dataset": return dataset
        case "model": return model
        case "diverged": return diverged ? "yes" : "no"
        case "stopped_early": return stoppedEarly ? "yes" : "no"
        default:
            if name.hasPrefix("hyperparameter.") {
                return hyperparameters[Self.hyperparameterName(in: name) ?? String(name.dropFirst("hyperparameter.".count))] ?? "n/a"
            }
            guard let value = number(name) else { return "n/a" }
            if ["epochs", "diverged_at", "best.epoch"].contains(name) || name.hasSuffix(".trials") || name.contains(".distinct.") {
                return String(Int(value))
            }
            return Self.readable(value)
        }
    }

    /// A number for a sentence (`NumberFormat.sentence`).
    static func readable(_ value: Double) -> String { NumberFormat.sentence(value) }

    /// Fills `{metric}` placeholders of `template` from this run.
    public func fill(_ template: String) -> String {
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else {
                result += rest[open...]
                rest = rest[rest.endIndex...]
                break
            }
            let name = String(rest[rest.index(after: open)..<close]).trimmingCharacters(in: .whitespaces)
            if Self.isPlaceholder(name) {
                result += text(of: name)
            } else {
                result += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        result += rest
        return result
    }
}
