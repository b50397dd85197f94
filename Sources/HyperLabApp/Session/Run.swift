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
    /// `continue` extends its run's history), stored once and compactly (`EpochHistory`: one column
    /// per measured quantity, the learning rate of each epoch included).
    public let history: EpochHistory
    /// How the last call to the trainer ended, without its epoch records (`history` holds them:
    /// `outcome.history` is empty).
    public let outcome: TrainingOutcome
    /// The task, for labels (loss name, accuracy).
    public let task: LearningTask

    /// What the diagnosis found about this run (kept for `why`, `export` and `--json`); nil until it
    /// is made (with hints off, or while it runs in the background).
    public internal(set) var diagnosis: RunDiagnosis? = nil

    /// A run from its parts; `history` is stored as an `EpochHistory` and `outcome` without its
    /// records, so that each epoch is kept once.
    /// - Precondition: the records' epochs are consecutive.
    public init(id: Int, datasetName: String, model: ModelKind, hyperparameters: Hyperparameters,
                changed: [(name: String, value: String)], history: some Sequence<EpochRecord>,
                outcome: TrainingOutcome, task: LearningTask, diagnosis: RunDiagnosis? = nil) {
        self.id = id
        self.datasetName = datasetName
        self.model = model
        self.hyperparameters = hyperparameters
        self.changed = changed
        self.history = EpochHistory(history)
        self.outcome = outcome.droppingHistory()
        self.task = task
        self.diagnosis = diagnosis
    }

    /// Bytes the run's epoch records take (`EpochHistory.storageBytes`), for memory figures.
    public var historyBytes: Int { history.storageBytes }

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
