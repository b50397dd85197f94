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
        // Facts count epochs from 1 (trainLoss[0] is epoch 1): the epoch-0 record is left out.
        let trained = run.history.filter { $0.epoch > 0 }
        let hasValidation = trained.contains { $0.validationLoss != nil }
        self.init(dataset: run.datasetName, model: run.model.rawValue, hyperparameters: settings,
                  trainLoss: trained.map(\.trainLoss),
                  validationLoss: hasValidation ? trained.map { $0.validationLoss ?? .nan } : nil,
                  trainAccuracy: run.task.isClassification ? trained.map { $0.trainAccuracy ?? .nan } : nil,
                  validationAccuracy: run.task.isClassification && hasValidation ? trained.map { $0.validationAccuracy ?? .nan } : nil,
                  diverged: run.outcome.diverged, divergedAt: run.outcome.divergedAt, stoppedEarly: run.outcome.stoppedEarly,
                  keptEpoch: run.outcome.stoppedEarly ? run.outcome.restoredBestEpoch.flatMap { epoch in
                      trained.firstIndex { $0.epoch == epoch }.map { $0 + 1 } } : nil)
    }

    /// The facts of a finished search for a lesson's `search.` goals: the search, with the dataset, model and settings
    /// of the session's last run when there is one (its curves are left empty: a search is not a training).
    init(search: SearchFacts, lastRun: Run?) {
        if let lastRun {
            self.init(lastRun)
        } else {
            self.init(dataset: "", model: "", hyperparameters: [:], trainLoss: [], validationLoss: nil, diverged: false)
        }
        trainLoss = []
        validationLoss = nil
        trainAccuracy = nil
        validationAccuracy = nil
        diverged = false
        divergedAt = nil
        stoppedEarly = false
        self.search = search
    }
}
