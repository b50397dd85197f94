import Vocabulary
/// The measurements after one epoch.
public struct EpochRecord: Sendable, Equatable {
    /// Epoch number: 0 for the measurements before any training, then 1, 2, ...; it continues
    /// across `train` calls until `reset`.
    public let epoch: Int
    /// Mean data loss over the whole training set after the epoch (not a running average of batches):
    /// mean squared error in target units squared (regression), mean cross-entropy in nats (classification).
    public let trainLoss: Double
    /// The same loss on the validation rows; nil without validation rows.
    public let validationLoss: Double?
    /// trainLoss + (l2/2)·‖w‖² + l1·‖w‖₁ (biases not penalized): what the optimizer minimizes.
    /// `weight-decay` is a rule of the update, not a term of it.
    public let objective: Double
    /// Share of training rows classified correctly, 0...1; nil for regression.
    public let trainAccuracy: Double?
    /// Share of validation rows classified correctly, 0...1; nil for regression or without validation rows.
    public let validationAccuracy: Double?
    /// The learning rate every step of this epoch used (`Hyperparameters.learningRate(epoch:)`: the
    /// schedule and warm-up applied); nil for a measurement before any epoch.
    public let learningRate: Double?

    /// A record from its parts.
    public init(epoch: Int, trainLoss: Double, validationLoss: Double?, objective: Double,
                trainAccuracy: Double?, validationAccuracy: Double?, learningRate: Double? = nil) {
        self.epoch = epoch
        self.trainLoss = trainLoss
        self.validationLoss = validationLoss
        self.objective = objective
        self.trainAccuracy = trainAccuracy
        self.validationAccuracy = validationAccuracy
        self.learningRate = learningRate
    }
}

/// What one `train` call did.
public struct TrainingOutcome: Sendable {
    /// The epochs of this call only, in order (never the epoch-0 record, which is the first
    /// element of `Trainer.history`).
    public let history: [EpochRecord]
    /// True when training stopped because it diverged (see `Trainer.divergenceFactor`).
    public let diverged: Bool
    /// The epoch (same numbering as `EpochRecord.epoch`) at which divergence was detected.
    public let divergedAt: Int?
    /// Why training stopped before running every epoch, one or two plain sentences naming the likely
    /// cause and a fix (divergence, early stopping with the restored epoch, interruption); nil otherwise.
    public let reason: String?
    /// True when early stopping ended the run.
    public let stoppedEarly: Bool
    /// The epoch whose weights early stopping restored (the lowest validation loss).
    public let restoredBestEpoch: Int?
    /// True when `shouldStop` returned true; the epoch in progress is then not recorded.
    public let interrupted: Bool
    /// Wall-clock duration of the call, in seconds.
    public let seconds: Double
    /// The learned parameters when the call ended (the restored ones after early stopping), as
    /// `Trainer.parameters` lists them.
    public let parameters: [ParameterBlock]
    /// The same model in the units of the raw features, as `Trainer.parametersInDataUnits`; nil
    /// for an mlp or polynomial features.
    public let parametersInDataUnits: DataUnitParameters?
}

/// A named block of learned parameters, e.g. "layer 1 weights" (inputs x units) or "layer 1 biases"
/// (1 x units). Weights act on standardized (and, with degree > 1, polynomial) features.
public struct ParameterBlock: Sendable, Equatable {
    /// "layer l weights" or "layer l biases", l counted from the input side, 1-based.
    public let name: String
    /// Rows of the block (inputs of the layer; 1 for biases).
    public let rows: Int
    /// Columns of the block (units of the layer).
    public let columns: Int
    /// rows x columns values, row-major.
    public let values: [Double]
}

/// A model without hidden layers on degree-1 features, written in the units of the raw features:
/// output k = Σⱼ weights[k][j]·xⱼ + intercepts[k] for a raw row x.
///
/// The trained weights act on z-scores zⱼ = (xⱼ − meanⱼ)/sdⱼ (mean and population standard
/// deviation of the training rows), so Σⱼ wⱼ·zⱼ + b = Σⱼ (wⱼ/sdⱼ)·xⱼ + (b − Σⱼ wⱼ·meanⱼ/sdⱼ):
/// the same predictions, exactly, with one coefficient per raw feature (a constant column has sd
/// taken as 1, and the identity still holds).
public struct DataUnitParameters: Sendable, Equatable {
    /// The raw feature names, one per column of the dataset.
    public let featureNames: [String]
    /// What each output is: the target's name (regression); "log-odds of CLASS" (logistic, the
    /// log-odds of the second class); "score of CLASS" per class (softmax: probabilities are
    /// exp(score) normalized over the classes).
    public let outputNames: [String]
    /// `weights[k][j]`: the coefficient of feature j in output k, in output units per feature unit.
    public let weights: [[Double]]
    /// The constant term of each output.
    public let intercepts: [Double]
}
