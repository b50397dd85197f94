import Testing
@testable import Learning

/// The phenomena the lessons show, with the shipped datasets, defaults and seeds.
@Suite struct DemonstrationTests {
    @Test func digitsMLPDefaultsReach95PercentValidationAccuracy() throws {
        let data = try Support.load("digits")
        let h = Hyperparameters.defaults(model: .mlp, dataset: "digits")
        let outcome = try Trainer(dataset: data, model: .mlp, hyperparameters: h).train()
        let last = try #require(outcome.history.last)
        #expect(!outcome.diverged)
        #expect(try #require(last.validationAccuracy) >= 0.95)
    }

    @Test func sineDegreeUnderfitsFitsAndOverfits() throws {
        let data = try Support.load("sine")
        func final(_ change: (inout Hyperparameters) -> Void) throws -> EpochRecord {
            var h = Hyperparameters.defaults(model: .linear, dataset: "sine")
            change(&h)
            let outcome = try Trainer(dataset: data, model: .linear, hyperparameters: h).train()
            return try #require(outcome.history.last)
        }
        let under = try final { $0.degree = 1 }
        let good = try final { $0.degree = 3 }
        let over = try final { $0.degree = 15 }
        let regularized = try final { $0.degree = 15; $0.l2 = 1 }
        // Degree 1 underfits: both losses high.
        #expect(under.trainLoss > 3 * good.trainLoss && under.validationLoss! > 3 * good.validationLoss!)
        // Degree 3 generalizes: validation close to training.
        #expect(good.validationLoss! < 2 * good.trainLoss)
        // Degree 15 overfits: lowest training loss, validation loss far above it.
        #expect(over.trainLoss < good.trainLoss)
        #expect(over.validationLoss! > 10 * over.trainLoss)
        #expect(over.validationLoss! > good.validationLoss!)
        // l2 closes the gap.
        let overGap = over.validationLoss! - over.trainLoss
        let regularizedGap = regularized.validationLoss! - regularized.trainLoss
        #expect(regularizedGap < overGap / 10)
    }

    @Test func breastCancerLogisticDefaultsTrainWell() throws {
        let data = try Support.load("breast-cancer")
        let outcome = try Trainer(dataset: data, model: .logistic,
                                  hyperparameters: .defaults(model: .logistic, dataset: "breast-cancer")).train()
        let last = try #require(outcome.history.last)
        #expect(!outcome.diverged && outcome.history.count == 100)
        #expect(try #require(last.validationAccuracy) > 0.93)
        #expect(last.trainLoss < 0.1)
    }
}
