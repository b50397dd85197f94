import Vocabulary
import Foundation
import Testing
@testable import Learning

@Suite struct TrainerTests {
    @Test func sameSeedGivesBitIdenticalHistories() throws {
        let data = try Support.load("iris")
        var h = Hyperparameters.defaults(model: .mlp, dataset: "iris")
        h.epochs = 15
        h.batchSize = .examples(16)
        let a = try Trainer(dataset: data, model: .mlp, hyperparameters: h).train()
        let b = try Trainer(dataset: data, model: .mlp, hyperparameters: h).train()
        #expect(a.history == b.history)
        #expect(a.history.count == 15)
        h.seed = 7
        let c = try Trainer(dataset: data, model: .mlp, hyperparameters: h).train()
        #expect(c.history != a.history)
    }

    @Test func continuingEqualsOneLongRunAndResetRepeatsTheStart() throws {
        let data = try Support.load("wine")
        var h = Hyperparameters.defaults(model: .softmax, dataset: "wine")
        h.epochs = 12
        let long = try Trainer(dataset: data, model: .softmax, hyperparameters: h).train()
        let trainer = try Trainer(dataset: data, model: .softmax, hyperparameters: h)
        let first = trainer.train(epochs: 5)
        let second = trainer.train(epochs: 7)
        #expect(first.history + second.history == long.history)
        #expect(second.history.first?.epoch == 6)
        #expect(trainer.history.count == 13)
        #expect(trainer.history.first?.epoch == 0 && trainer.history.first?.learningRate == nil)
        #expect(trainer.history.map(\.epoch) == Array(0...12))
        let before = trainer.parameters.map(\.values)
        trainer.reset()
        #expect(trainer.history.map(\.epoch) == [0])
        #expect(trainer.history.first == trainer.evaluate())
        let again = trainer.train()
        #expect(again.history == long.history)
        #expect(trainer.parameters.map(\.values) == before)
    }

    @Test func resetGivesTheSameInitialWeightsForTheSeed() throws {
        let data = try Support.load("iris")
        let h = Hyperparameters.defaults(model: .mlp, dataset: "iris")
        let trainer = try Trainer(dataset: data, model: .mlp, hyperparameters: h)
        let initial = trainer.parameters.map(\.values)
        _ = trainer.train(epochs: 3)
        #expect(trainer.parameters.map(\.values) != initial)
        trainer.reset()
        #expect(trainer.parameters.map(\.values) == initial)
        let fresh = try Trainer(dataset: data, model: .mlp, hyperparameters: h)
        #expect(fresh.parameters.map(\.values) == initial)
        // He initialization: relu hidden weights have variance near 2 / fan-in.
        let w = trainer.parameters[0]
        let variance = w.values.map { $0 * $0 }.reduce(0, +) / Double(w.values.count)
        #expect(abs(variance - 2.0 / Double(w.rows)) < 0.5 * 2.0 / Double(w.rows))
    }

    @Test func updateKeepsWeightsAndRefusesStructuralChanges() throws {
        let data = try Support.load("breast-cancer")
        var h = Hyperparameters.defaults(model: .logistic, dataset: "breast-cancer")
        h.epochs = 5
        let trainer = try Trainer(dataset: data, model: .logistic, hyperparameters: h)
        _ = trainer.train()
        let weights = trainer.parameters.map(\.values)
        h.learningRate = 0.01
        try trainer.update(h)
        #expect(trainer.parameters.map(\.values) == weights)
        #expect(trainer.hyperparameters.learningRate == 0.01)
        let more = trainer.train(epochs: 2)
        #expect(more.history.map(\.epoch) == [6, 7])
        var structural = h
        structural.degree = 2
        #expect(throws: LearningError.needsRestart(.degree)) { try trainer.update(structural) }
        structural = h
        structural.seed = 3
        #expect(throws: LearningError.needsRestart(.seed)) { try trainer.update(structural) }
    }

    @Test func splitIsSeededStratifiedAndAllowsZero() throws {
        let data = try Support.load("iris")
        var h = Hyperparameters.defaults(model: .softmax, dataset: "iris")
        h.validationFraction = 0.2
        let trainer = try Trainer(dataset: data, model: .softmax, hyperparameters: h)
        #expect(trainer.validationRowCount == 30 && trainer.trainingRowCount == 120)
        var perClass = [0, 0, 0]
        for r in trainer.validationRows { perClass[Int(data.targets[r])] += 1 }
        #expect(perClass == [10, 10, 10])
        #expect(Set(trainer.trainingRows).isDisjoint(with: trainer.validationRows))
        let same = try Trainer(dataset: data, model: .softmax, hyperparameters: h)
        #expect(same.validationRows == trainer.validationRows)
        h.seed = 1
        let other = try Trainer(dataset: data, model: .softmax, hyperparameters: h)
        #expect(other.validationRows != trainer.validationRows)
        h.validationFraction = 0
        let all = try Trainer(dataset: data, model: .softmax, hyperparameters: h)
        #expect(all.validationRowCount == 0)
        let record = try #require(all.train(epochs: 1).history.last)
        #expect(record.validationLoss == nil && record.validationAccuracy == nil && record.trainAccuracy != nil)
    }

    @Test func standardizationUsesTrainingRowsOnlyAndSurvivesConstantColumns() throws {
        // Column 2 is constant: no NaN anywhere. The mean of column 1 comes from training rows only.
        var values = [Double]()
        var targets = [Double]()
        for i in 0..<40 {
            values += [Double(i), 5]
            targets.append(Double(i % 2))
        }
        let data = Dataset(name: "test", featureNames: ["a", "b"], targetName: "c",
                           features: Matrix(rows: 40, columns: 2, values: values), targets: targets,
                           task: .classification(classes: ["no", "yes"]))
        let training = Array(0..<20), validation = Array(20..<40)
        var h = Hyperparameters.defaults(model: .logistic, dataset: "test")
        h.epochs = 3
        let trainer = try Trainer(dataset: data, model: .logistic, hyperparameters: h,
                                  trainingRows: training, validationRows: validation)
        let stats = trainer.preprocessor
        #expect(stats.mean[0] == 9.5)                                  // mean of 0...19
        var squares = 0.0
        for i in 0..<20 { squares += (Double(i) - 9.5) * (Double(i) - 9.5) }
        let populationSD = (squares / 20).squareRoot()
        #expect(abs(stats.deviation[0] - populationSD) < 1e-12)
        #expect(stats.deviation[1] == 1)
        let outcome = trainer.train()
        #expect(outcome.history.allSatisfy { $0.trainLoss.isFinite && ($0.validationLoss ?? .nan).isFinite })
        #expect(trainer.parameters.allSatisfy { $0.values.allSatisfy(\.isFinite) })
    }

    @Test func aTooHighLearningRateDivergesAndSaysWhy() throws {
        // Linear regression on diabetes: the squared error makes steps beyond 2 / curvature blow up.
        let data = try Support.load("diabetes")
        var h = Hyperparameters.defaults(model: .linear, dataset: "diabetes")
        h.learningRate = 1
        let outcome = try Trainer(dataset: data, model: .linear, hyperparameters: h).train()
        #expect(outcome.diverged)
        #expect(outcome.divergedAt == 1)
        #expect(outcome.history.count == 1)
        let reason = try #require(outcome.reason)
        #expect(reason.contains("learning rate (1)"))
        // The default does not diverge.
        let fine = try Trainer(dataset: data, model: .linear,
                               hyperparameters: .defaults(model: .linear, dataset: "diabetes")).train()
        #expect(!fine.diverged && fine.history.count == 100)
        #expect(fine.history.last!.trainLoss < 3500)
        // A neural network on breast-cancer with learning rate 2 and momentum 0.9 diverges too.
        var m = Hyperparameters.defaults(model: .mlp, dataset: "breast-cancer")
        m.optimizer = .sgd
        m.momentum = 0.9
        m.learningRate = 2
        let network = try Trainer(dataset: try Support.load("breast-cancer"), model: .mlp, hyperparameters: m).train()
        #expect(network.diverged)
        #expect(network.reason?.contains("learning rate (2)") == true)
    }

    @Test func earlyStoppingRestoresTheBestWeights() throws {
        let data = try Support.load("sine")
        var h = Hyperparameters.defaults(model: .linear, dataset: "sine")
        h.degree = 15
        h.earlyStopping = 20
        h.epochs = 1000
        let trainer = try Trainer(dataset: data, model: .linear, hyperparameters: h)
        let outcome = trainer.train()
        #expect(outcome.stoppedEarly)
        let best = try #require(outcome.restoredBestEpoch)
        #expect(outcome.history.count == best + 20)
        let bestRecord = outcome.history[best - 1]
        let minimum = outcome.history.compactMap(\.validationLoss).min()
        #expect(bestRecord.validationLoss == minimum)
        // The weights in force are those of the best epoch, and the outcome carries them.
        #expect(trainer.evaluate().validationLoss == bestRecord.validationLoss)
        #expect(outcome.parameters == trainer.parameters)
        #expect(outcome.reason?.contains("restored the weights of epoch \(best)") == true)
        // Early stopping needs validation rows.
        h.validationFraction = 0
        #expect(throws: LearningError.earlyStoppingNeedsValidation) { try Trainer(dataset: data, model: .linear, hyperparameters: h) }
    }

    @Test func shouldStopInterruptsBetweenBatches() throws {
        let data = try Support.load("breast-cancer")
        let h = Hyperparameters.defaults(model: .logistic, dataset: "breast-cancer")
        let trainer = try Trainer(dataset: data, model: .logistic, hyperparameters: h)
        var polls = 0
        // 455 training rows in batches of 32 make 15 batches per epoch: stop during the third epoch.
        let outcome = trainer.train(shouldStop: { polls += 1; return polls > 35 })
        #expect(outcome.interrupted)
        #expect(outcome.history.count == 2)
        #expect(polls == 36)
        #expect(!outcome.diverged)
    }

    @Test func everyEpochIsReportedAndLossesAreWholeSetMeasurements() throws {
        let data = try Support.load("iris")
        var h = Hyperparameters.defaults(model: .softmax, dataset: "iris")
        h.epochs = 4
        h.l2 = 0.05
        let trainer = try Trainer(dataset: data, model: .softmax, hyperparameters: h)
        var seen = [EpochRecord]()
        let outcome = trainer.train(onEpoch: { seen.append($0) })
        #expect(seen == outcome.history)
        #expect(outcome.history.map(\.epoch) == [1, 2, 3, 4])
        // Recompute the last epoch's losses from the predictions, independently of the training loop.
        let last = try #require(outcome.history.last)
        func crossEntropy(_ rows: [Int]) -> (Double, Double) {
            let probabilities = trainer.predict(data.features.selectingRows(rows))
            var loss = 0.0, correct = 0.0
            for (i, r) in rows.enumerated() {
                let y = Int(data.targets[r])
                let row = probabilities.row(i)
                loss -= log(row[y])
                if row.firstIndex(of: row.max()!) == y { correct += 1 }
            }
            return (loss / Double(rows.count), correct / Double(rows.count))
        }
        let train = crossEntropy(trainer.trainingRows)
        let validation = crossEntropy(trainer.validationRows)
        #expect(Support.relative(last.trainLoss, train.0) < 1e-9)
        #expect(Support.relative(try #require(last.validationLoss), validation.0) < 1e-9)
        #expect(last.trainAccuracy == train.1 && last.validationAccuracy == validation.1)
        let weights = trainer.parameters[0].values
        let penalty = 0.5 * 0.05 * weights.map { $0 * $0 }.reduce(0, +)
        #expect(Support.relative(last.objective, last.trainLoss + penalty) < 1e-12)
    }

    @Test func predictShapes() throws {
        let data = try Support.load("breast-cancer")
        let trainer = try Trainer(dataset: data, model: .logistic,
                                  hyperparameters: .defaults(model: .logistic, dataset: "breast-cancer"))
        _ = trainer.train(epochs: 3)
        let p = trainer.predict(data.features.selectingRows([0, 1, 2]))
        #expect(p.rows == 3 && p.columns == 2)
        for r in 0..<3 { #expect(abs(p[r, 0] + p[r, 1] - 1) < 1e-12) }
        let wrong = trainer.predict(Matrix(rows: 2, columns: 3))
        #expect(wrong.rows == 2 && wrong.values.allSatisfy(\.isNaN))
        let blocks = trainer.parameters
        #expect(blocks.map(\.name) == ["layer 1 weights", "layer 1 biases"])
        #expect(blocks[0].rows == 30 && blocks[0].columns == 1)
    }

    @Test func modelMustFitTheTask() throws {
        let iris = try Support.load("iris")
        #expect(throws: LearningError.self) {
            try Trainer(dataset: iris, model: .logistic, hyperparameters: .defaults(model: .logistic, dataset: "iris"))
        }
        #expect(ModelKind.linear.check(iris.task) != nil)
        #expect(ModelKind.softmax.check(iris.task) == nil)
        #expect(ModelKind.mlp.check(.regression) == nil)
        #expect(ModelKind.logistic.check(.regression) != nil)
    }
}

@Suite struct TrainerEdgeTests {
    @Test func outOfRangeFieldsAreRejectedByTheTrainer() throws {
        let data = try Support.load("iris")
        var h = Hyperparameters.defaults(model: .softmax, dataset: "iris")
        h.learningRate = -1
        #expect(throws: LearningError.self) { try Trainer(dataset: data, model: .softmax, hyperparameters: h) }
        h = Hyperparameters.defaults(model: .softmax, dataset: "iris")
        h.degree = 20
        let digits = try Support.load("digits")
        do {
            _ = try Trainer(dataset: digits, model: .softmax, hyperparameters: h)
            Issue.record("degree 20 on 64 features was accepted")
        } catch {
            #expect(error.message.contains("polynomial features"))
        }
    }

    @Test func polynomialFeatureCountIsTheNumberOfMonomials() {
        // C(p + d, d) − 1 monomials of total degree 1...d in p variables.
        #expect(Preprocessor.featureCount(inputs: 1, degree: 15) == 15)
        #expect(Preprocessor.featureCount(inputs: 2, degree: 2) == 5)      // x, y, x², xy, y²
        #expect(Preprocessor.featureCount(inputs: 10, degree: 3) == 285)
        let raw = Matrix(rows: 3, columns: 2, values: [0, 1, 1, 2, 2, 3])
        let expanded = Preprocessor(raw: raw, rows: [0, 1, 2], degree: 2)
        #expect(expanded.outputCount == 5 && expanded.terms.count == 5)
    }

    @Test func networkOutputsFollowTheTask() throws {
        let cancer = try Support.load("breast-cancer")
        var h = Hyperparameters.defaults(model: .mlp, dataset: "breast-cancer")
        h.epochs = 20
        let binary = try Trainer(dataset: cancer, model: .mlp, hyperparameters: h)
        let outcome = binary.train()
        #expect(binary.parameters.last?.columns == 1)                       // one sigmoid unit
        #expect(try #require(outcome.history.last?.validationAccuracy) > 0.9)
        let p = binary.predict(cancer.features.selectingRows([0, 1]))
        #expect(p.columns == 2 && abs(p[0, 0] + p[0, 1] - 1) < 1e-12)

        let plane = try Support.load("plane")
        let regression = try Trainer(dataset: plane, model: .mlp, hyperparameters: .defaults(model: .mlp, dataset: "plane"))
        let fit = regression.train()
        #expect(!fit.diverged)
        // Predictions in target units: close to y = 3 x1 − 2 x2 + 1 (noise sd 1).
        let rows = Array(0..<20)
        let predictions = regression.predict(plane.features.selectingRows(rows))
        var squared = 0.0
        for (i, r) in rows.enumerated() {
            let truth = 3 * plane.features[r, 0] - 2 * plane.features[r, 1] + 1
            squared += (predictions[i, 0] - truth) * (predictions[i, 0] - truth)
        }
        #expect(squared / 20 < 4)
    }

    @Test func changingTheOptimizerMidwayKeepsTheWeights() throws {
        let data = try Support.load("wine")
        var h = Hyperparameters.defaults(model: .mlp, dataset: "wine")
        h.epochs = 5
        let trainer = try Trainer(dataset: data, model: .mlp, hyperparameters: h)
        _ = trainer.train()
        let weights = trainer.parameters.map(\.values)
        h.optimizer = .sgd
        h.momentum = 0.9
        h.learningRate = 0.01
        try trainer.update(h)
        #expect(trainer.parameters.map(\.values) == weights)
        let more = trainer.train()
        #expect(!more.diverged && more.history.first?.epoch == 6)
    }
}
