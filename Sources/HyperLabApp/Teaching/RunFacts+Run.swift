import Vocabulary
import Learning
import Teaching

extension RunFacts {
    /// The facts a lesson's outcome conditions read, from a finished run: its whole history since
    /// the weights were set up, how it ended, and every hyperparameter as canonical text.
    init(_ run: Run) {
        var settings: [String: String] = [:]
        for spec in HyperparameterCatalog.all {
            if let text = run.hyperparameters.text(of: spec.name) { settings[spec.name] = text }
        }
        let hasValidation = run.history.contains { $0.validationLoss != nil }
        self.init(dataset: run.datasetName, model: run.model.rawValue, hyperparameters: settings,
                  trainLoss: run.history.map(\.trainLoss),
                  validationLoss: hasValidation ? run.history.map { $0.validationLoss ?? .nan } : nil,
                  trainAccuracy: run.task.isClassification ? run.history.map { $0.trainAccuracy ?? .nan } : nil,
                  validationAccuracy: run.task.isClassification && hasValidation ? run.history.map { $0.validationAccuracy ?? .nan } : nil,
                  diverged: run.outcome.diverged, divergedAt: run.outcome.divergedAt, stoppedEarly: run.outcome.stoppedEarly)
    }
}
