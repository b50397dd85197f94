import Vocabulary
import Foundation
import Learning

/// A finished training run, as the diagnosis reads it. All parts are values (`Sendable`), so a
/// diagnosis can run on another thread while the caller draws the chart.
public struct DiagnosisInput: Sendable {
    /// The dataset the run trained on (raw units).
    public let dataset: Dataset
    /// The model of the run.
    public let model: ModelKind
    /// The hyperparameters of the run; probes change one or two of them and keep the seed and
    /// validation-fraction, hence the same training and validation rows.
    public let hyperparameters: Hyperparameters
    /// Every epoch since the weights were last reset (`Trainer.history`), at least one.
    public let history: [EpochRecord]
    /// True when the trainer stopped the run as diverged.
    public let diverged: Bool
    /// The epoch whose weights early stopping restored, nil when early stopping did not fire.
    public let restoredEpoch: Int?
    /// True when the last `train` call was interrupted (Ctrl-C); such a run is not diagnosed.
    public let interrupted: Bool

    /// The run from the trainer's history and the outcome of its last `train` call.
    public init(dataset: Dataset, model: ModelKind, hyperparameters: Hyperparameters,
                history: [EpochRecord], outcome: TrainingOutcome) {
        self.init(dataset: dataset, model: model, hyperparameters: hyperparameters, history: history,
                  diverged: outcome.diverged, restoredEpoch: outcome.stoppedEarly ? outcome.restoredBestEpoch : nil,
                  interrupted: outcome.interrupted)
    }

    /// The run from its parts.
    public init(dataset: Dataset, model: ModelKind, hyperparameters: Hyperparameters,
                history: [EpochRecord], diverged: Bool, restoredEpoch: Int?, interrupted: Bool) {
        self.dataset = dataset
        self.model = model
        self.hyperparameters = hyperparameters
        self.history = history
        self.diverged = diverged
        self.restoredEpoch = restoredEpoch
        self.interrupted = interrupted
    }

    /// The epoch whose losses describe the run's weights: the restored epoch when early stopping
    /// fired (its weights are the ones kept), else the last epoch; nil for an empty history.
    /// A summary line should report this record (and say "restored" when it is not the last).
    public var reportedRecord: EpochRecord? {
        if let restoredEpoch, let record = history.first(where: { $0.epoch == restoredEpoch }) { return record }
        return history.last
    }
}

/// How much probing one diagnosis may do. A probe that would go past either limit is not run,
/// and the findings that would need it are left out (the diagnosis is then marked incomplete).
public struct DiagnosisBudget: Sendable, Equatable {
    /// Upper bound on the sum over probes of epochs x training rows x parameters (one unit is
    /// roughly one multiply-add forward and about two backward).
    public var maximumCost: Double
    /// Upper bound on the wall time of all probes, in seconds; a probe running past it is stopped
    /// and discarded. `.infinity` makes the diagnosis deterministic (the tests use that).
    public var maximumSeconds: Double

    /// A budget from its parts.
    public init(maximumCost: Double, maximumSeconds: Double) {
        self.maximumCost = maximumCost
        self.maximumSeconds = maximumSeconds
    }

    /// The lab's budget after each training: 3e9 cost units and 3 seconds.
    public static let standard = DiagnosisBudget(maximumCost: 3e9, maximumSeconds: 3)
    /// Only the cost bound (deterministic): 3e9 units, no time limit.
    public static let deterministic = DiagnosisBudget(maximumCost: 3e9, maximumSeconds: .infinity)
}

/// One probe the diagnosis trained: what it changed and what it reached.
public struct ProbeReport: Codable, Sendable, Equatable {
    /// The change, as it reads in a sentence, e.g. "learning-rate 0.3" or "model mlp".
    public let change: String
    /// Epochs the probe ran.
    public let epochs: Int
    /// Training loss at the probe's kept weights; nil when not finite (diverged).
    public let trainLoss: Double?
    /// Validation loss at the probe's kept weights; nil without validation rows or when not finite.
    public let validationLoss: Double?
    /// True when the probe diverged.
    public let diverged: Bool
}

/// The findings about one run, with the probes behind them.
public struct RunDiagnosis: Codable, Sendable, Equatable {
    /// The findings, most important first.
    public let findings: [Finding]
    /// Every probe trained, in order.
    public let probes: [ProbeReport]
    /// False when a probe was skipped for the budget or the diagnosis was cancelled: findings that
    /// needed it are missing (none is stated without its evidence).
    public let complete: Bool
    /// True when `shouldStop` returned true.
    public let cancelled: Bool
    /// The cost units spent (see `DiagnosisBudget.maximumCost`).
    public let cost: Double
    /// Wall time of the diagnosis, in seconds.
    public let seconds: Double
}
