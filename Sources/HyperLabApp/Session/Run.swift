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
    /// Every epoch since the weights were last initialized (a `continue` extends its run's history).
    public let history: [EpochRecord]
    /// How the last call to the trainer ended.
    public let outcome: TrainingOutcome
    /// The task, for labels (loss name, accuracy).
    public let task: Task

    /// The last epoch's record, if any epoch ran.
    public var final: EpochRecord? { history.last }
}

extension Task {
    /// The data loss the charts plot for this task.
    var lossName: String {
        switch self {
        case .regression: return "mean squared error"
        case .classification: return "cross-entropy"
        }
    }

    /// True for classification tasks.
    var isClassification: Bool {
        if case .classification = self { return true }
        return false
    }

    /// "regression", "2 classes" or "3 classes".
    var label: String {
        switch self {
        case .regression: return "regression"
        case .classification(let classes): return "\(classes.count) classes"
        }
    }
}
