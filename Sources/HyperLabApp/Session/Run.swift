import Vocabulary
import Learning

/// One training kept for `runs`, `compare` and `export`.
public struct Run: Sendable {
    /// 1-based number shown to the learner.
    public let id: Int
    /// The dataset name (or CSV path) as the learner gave it.
    public let datasetName: String
    /// The model trained.
    public let model: ModelKind
    /// Every hyperparameter as used.
    public let hyperparameters: Hyperparameters
    /// The hyperparameters the learner changed from their defaults, canonical name to text, in catalog order.
    public let changed: [(name: String, value: String)]
    /// Every epoch since the weights were last initialized, epoch 0 (before training) first (a
    /// `continue` extends its run's history).
    public let history: [EpochRecord]
    /// How the last call to the trainer ended.
    public let outcome: TrainingOutcome
    /// The task, for labels (loss name, accuracy).
    public let task: LearningTask

    /// The last record: the last epoch trained, or epoch 0 (before training) when none ran.
    public var final: EpochRecord? { history.last }
}
