import Vocabulary
import Learning
import Tuning

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

    /// What the diagnosis found about this run (kept for `why`, `export` and `--json`); nil until it
    /// is made (with hints off, or while it runs in the background).
    public internal(set) var diagnosis: RunDiagnosis? = nil

    /// The last record: the last epoch trained, or epoch 0 (before training) when none ran.
    public var final: EpochRecord? { history.last }

    /// The epoch whose weights the run kept: the restored one when early stopping fired, else the
    /// last (`DiagnosisInput.reportedRecord`); nil when no epoch ran.
    public var reported: EpochRecord? {
        if outcome.stoppedEarly, let epoch = outcome.restoredBestEpoch, let record = history.first(where: { $0.epoch == epoch }) {
            return record
        }
        return history.last
    }
}
