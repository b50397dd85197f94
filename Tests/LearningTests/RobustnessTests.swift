import Vocabulary
import Testing
@testable import Learning

/// Every model on every dataset it fits, with ordinary and extreme settings: training never
/// crashes, and it either reports finite numbers or says that it diverged.
@Suite struct RobustnessTests {
    static let settings: [(String, String)] = [
        ("epochs", "2"), ("batch-size", "1"), ("batch-size", "full"), ("learning-rate", "10"),
        ("optimizer", "adam"), ("l1", "100"), ("l2", "100"), ("hidden-layers", "1"), ("activation", "sigmoid"),
        ("activation", "tanh"), ("degree", "3"), ("validation-fraction", "0.9"), ("early-stopping", "1"),
    ]

    @Test(arguments: DatasetCatalog.allNames)
    func everyModelTrainsOrSaysWhyNot(_ name: String) throws {
        let data = try Support.load(name)
        for model in ModelKind.allCases where model.check(data.task) == nil {
            for (setting, value) in Self.settings {
                var h = Hyperparameters.defaults(model: model, dataset: name)
                try h.set(setting, to: value)
                if setting != "epochs" { h.epochs = 2 }
                if name == "digits" && setting == "batch-size" && value == "1" { continue }   // slow in a test, nothing new
                let trainer: Trainer
                do {
                    trainer = try Trainer(dataset: data, model: model, hyperparameters: h)
                } catch {
                    // Only a too-large polynomial expansion may be refused here.
                    #expect(setting == "degree" && error.message.contains("polynomial"), "\(name) \(model) \(setting)=\(value): \(error)")
                    continue
                }
                let outcome = trainer.train()
                #expect(!outcome.history.isEmpty)
                if !outcome.diverged {
                    #expect(outcome.history.allSatisfy { $0.trainLoss.isFinite && $0.objective.isFinite },
                            "\(name) \(model) \(setting)=\(value)")
                } else {
                    #expect(outcome.reason?.isEmpty == false)
                }
                let p = trainer.predict(data.features.selectingRows([0]))
                #expect(p.rows == 1 && p.columns == max(1, data.task.classes.count))
            }
        }
    }
}
