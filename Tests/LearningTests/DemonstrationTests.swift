import Vocabulary
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

    @Test func learningRateTooSmallIsSlowAndTooLargeDiverges() throws {
        let cancer = try Support.load("breast-cancer")
        func last(_ model: ModelKind, _ change: (inout Hyperparameters) -> Void) throws -> TrainingOutcome {
            var h = Hyperparameters.defaults(model: model, dataset: "breast-cancer")
            change(&h)
            return try Trainer(dataset: cancer, model: model, hyperparameters: h).train()
        }
        let good = try last(.logistic) { _ in }
        let slow = try last(.logistic) { $0.learningRate = 0.001 }
        #expect(slow.history.last!.trainLoss > 3 * good.history.last!.trainLoss)
        // Logistic loss grows at most linearly in the weights: even learning rate 10 does not blow up.
        let large = try last(.logistic) { $0.learningRate = 10 }
        #expect(!large.diverged)
        // A network with learning rate 2 does (with its default optimizer, adam).
        let network = try last(.mlp) { $0.learningRate = 2 }
        #expect(network.diverged && network.divergedAt == 1)
        let networkDefault = try last(.mlp) { _ in }
        #expect(!networkDefault.diverged)
    }

    @Test func fullBatchCurveIsSmoothAndSingleExampleBatchesAreNoisy() throws {
        let cancer = try Support.load("breast-cancer")
        func rises(_ batch: BatchSize) throws -> Int {
            var h = Hyperparameters.defaults(model: .logistic, dataset: "breast-cancer")
            h.batchSize = batch
            let losses = try Trainer(dataset: cancer, model: .logistic, hyperparameters: h).train().history.map(\.trainLoss)
            return zip(losses, losses.dropFirst()).filter { $1 > $0 }.count
        }
        #expect(try rises(.full) == 0)
        #expect(try rises(.examples(1)) >= 5)
    }

    @Test func circlesNeedCapacity() throws {
        let circles = try Support.load("circles")
        func accuracy(_ model: ModelKind, _ change: (inout Hyperparameters) -> Void = { _ in }) throws -> Double {
            var h = Hyperparameters.defaults(model: model, dataset: "circles")
            change(&h)
            return try #require(Trainer(dataset: circles, model: model, hyperparameters: h).train().history.last?.validationAccuracy)
        }
        #expect(try accuracy(.logistic) < 0.7)                       // a straight line cannot separate rings
        #expect(try accuracy(.logistic) { $0.degree = 2 } >= 0.95)   // x1², x2² can
        #expect(try accuracy(.mlp) >= 0.95)
    }
}
