import Vocabulary
import Foundation
import Learning
import Testing
@testable import Tuning

/// The repository's Datasets/ folder (Tests/TuningTests/ -> ../../Datasets).
let datasetsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Datasets").path

func breastCancer() throws -> Dataset { try DatasetCatalog.load("breast-cancer", datasetsDirectory: datasetsDirectory) }

func logisticSettings(epochs: Int = 40) -> Hyperparameters {
    var h = Hyperparameters.defaults(model: .logistic, dataset: "breast-cancer")
    h.epochs = epochs
    h.earlyStopping = 0
    return h
}

@Suite struct ModelEvaluationTests {
    @Test func foldScoresMatchTrainersBuiltByHand() throws {
        let data = try breastCancer()
        let h = logisticSettings()
        let evaluator = try ModelEvaluator(dataset: data, model: .logistic, folds: 5)
        let score = try evaluator.score(h).get()
        #expect(score.folds == 5 && score.foldValidationLosses.count == 5)
        // The same folds, trained directly through the Trainer, give the same validation losses.
        let labels = data.targets.map { Int($0) }
        let folds = try KFold.folds(rowCount: data.rowCount, k: 5, classLabels: labels, seed: h.seed)
        for (i, fold) in folds.enumerated() {
            let trainer = try Trainer(dataset: data, model: .logistic, hyperparameters: h,
                                      trainingRows: fold.trainingRows, validationRows: fold.validationRows)
            _ = trainer.train()
            let loss = try #require(trainer.history.last?.validationLoss)
            #expect(abs(loss - score.foldValidationLosses[i]) < 1e-12)
        }
        let mean = score.foldValidationLosses.reduce(0, +) / 5
        #expect(abs(score.validationLoss - mean) < 1e-12)
        #expect(score.validationAccuracy.map { $0 > 0.9 } ?? false)
        #expect(abs(score.trainingRows - Double(data.rowCount) * 0.8) <= 1)
    }

    /// Standardization is fitted inside each fold: blowing up the features of one fold's validation rows
    /// (by 1000x) leaves that fold's training loss exactly unchanged.
    @Test func validationRowsDoNotLeakIntoStandardization() throws {
        let data = try breastCancer()
        let h = logisticSettings(epochs: 20)
        let evaluator = try ModelEvaluator(dataset: data, model: .logistic, folds: 4)
        let folds = try #require(evaluator.splits(seed: h.seed))
        var features = data.features
        for r in folds[0].validationRows { for c in 0..<data.featureCount { features[r, c] *= 1000 } }
        let altered = Dataset(name: data.name, featureNames: data.featureNames, targetName: data.targetName,
                              features: features, targets: data.targets, task: data.task)
        let before = try evaluator.runFold(0, hyperparameters: h, trainingFraction: 1).get()
        let after = try ModelEvaluator(dataset: altered, model: .logistic, folds: 4).runFold(0, hyperparameters: h, trainingFraction: 1).get()
        #expect(before.trainLoss == after.trainLoss)
        #expect(before.validationLoss != after.validationLoss)
    }

    @Test func threadsDoNotChangeScores() throws {
        let evaluator = try ModelEvaluator(dataset: try breastCancer(), model: .logistic, folds: 5)
        let one = try evaluator.score(logisticSettings(), workers: 1).get()
        let four = try evaluator.score(logisticSettings(), workers: 4).get()
        #expect(one == four)
    }

    @Test func holdOutUsesTheTrainersSplit() throws {
        let data = try breastCancer()
        let h = logisticSettings()
        let score = try ModelEvaluator(dataset: data, model: .logistic, folds: nil).score(h).get()
        let trainer = try Trainer(dataset: data, model: .logistic, hyperparameters: h)
        _ = trainer.train()
        #expect(score.folds == 1 && score.validationLoss == trainer.history.last?.validationLoss)
        var none = h
        none.validationFraction = 0
        let failure = try ModelEvaluator(dataset: data, model: .logistic, folds: nil).score(none)
        #expect(throws: TrialFailure.self) { try failure.get() }
    }

    @Test func divergenceIsAFailureNamingTheFold() throws {
        var h = logisticSettings()
        h.learningRate = 10
        h.optimizer = .sgd
        h.momentum = 0.99
        let data = try DatasetCatalog.load("diabetes", datasetsDirectory: datasetsDirectory)
        var r = h
        r.degree = 3
        let result = try ModelEvaluator(dataset: data, model: .linear, folds: 3).score(r)
        guard case .failure(let f) = result else { Issue.record("expected divergence, got \(result)"); return }
        #expect(f.message.contains("diverged") && f.message.contains("fold"), "\(f.message)")
    }

    @Test func badRequestsAreErrors() throws {
        let data = try breastCancer()
        #expect(throws: TuningError.self) { try ModelEvaluator(dataset: data, model: .linear, folds: 5) }
        #expect(throws: TuningError.self) { try ModelEvaluator(dataset: data, model: .logistic, folds: 1) }
        #expect(throws: TuningError.self) { try ModelEvaluator(dataset: data, model: .logistic, folds: 10_000) }
    }
}

@Suite struct ModelObjectiveTests {
    @Test func objectiveIsTheMeanValidationLoss() throws {
        let data = try breastCancer()
        let evaluator = try ModelEvaluator(dataset: data, model: .logistic, folds: 3)
        let space = try SearchSpace.parse("learning-rate=1e-3..1:log l2=1e-6..1e-1:log")
        let objective = try ModelObjective(evaluator: evaluator, base: logisticSettings(epochs: 20), space: space)
        let settings = Settings(names: space.names, values: [.real(0.05), .real(1e-4)])
        var h = logisticSettings(epochs: 20)
        h.learningRate = 0.05
        h.l2 = 1e-4
        let expected = try evaluator.score(h).get().validationLoss
        #expect(try objective.objective(settings).get() == expected)
        // A grid run in parallel equals the same grid run serially.
        let serial = try Tuner.run(space: space, objective: objective.objective, options: TuningOptions(strategy: .grid, budget: 9, workers: 1))
        let parallel = try Tuner.run(space: space, objective: objective.objective, options: TuningOptions(strategy: .grid, budget: 9, workers: 3))
        #expect(serial.trials.map(\.value) == parallel.trials.map(\.value))
    }

    @Test(arguments: [("learning-rate=0..1", "out of range"), ("speed=1..2", "not a hyperparameter"),
                      ("optimizer=sgd|rmsprop", "optimizer must be one of"), ("epochs=0..10:int", "out of range")])
    func badSpacesAreRejected(text: String, expected: String) throws {
        let evaluator = try ModelEvaluator(dataset: try breastCancer(), model: .logistic, folds: 3)
        let space = try SearchSpace.parse(text)
        do {
            _ = try ModelObjective(evaluator: evaluator, base: logisticSettings(), space: space)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.message.contains(expected), "\(error.message)")
            #expect(error.message.hasPrefix(space.dimensions[0].text))
        }
    }
}

@Suite struct CurveTests {
    @Test func sweepValuesFromListsAndRanges() throws {
        let base = logisticSettings()
        #expect(try Curves.values(for: "lr", "0.001,0.01,0.1", base: base) == ["0.001", "0.01", "0.1"])
        #expect(try Curves.values(for: "learning-rate", "0.001..1", steps: 4, log: true, base: base) == ["0.001", "0.01", "0.1", "1"])
        #expect(try Curves.values(for: "l2", "0..1", steps: 5, base: base) == ["0", "0.25", "0.5", "0.75", "1"])
        #expect(try Curves.values(for: "epochs", "1..4", steps: 7, base: base) == ["1", "2", "3", "4"])
        #expect(try Curves.values(for: "hidden-layers", "16,8|32,16", base: base) == ["16,8", "32,16"])
        #expect(throws: TuningError.self) { try Curves.values(for: "lr", "0..1", log: true, base: base) }
        #expect(throws: TuningError.self) { try Curves.values(for: "lr", "0.1,,1", base: base) }
        #expect(throws: TuningError.self) { try Curves.values(for: "lr", "0.1,2000", base: base) }
        #expect(throws: TuningError.self) { try Curves.values(for: "speed", "1,2", base: base) }
        #expect(throws: TuningError.self) { try Curves.values(for: "lr", "1..2", steps: 1, base: base) }
        #expect(Curves.prefersLogScale("lr") && Curves.prefersLogScale("weight-decay") && !Curves.prefersLogScale("epochs"))
    }

    @Test func validationCurvePointsMatchDirectScores() throws {
        let evaluator = try ModelEvaluator(dataset: try breastCancer(), model: .logistic, folds: 3)
        let base = logisticSettings(epochs: 20)
        let values = ["0.001", "0.1", "1"]
        var progress: [Int] = []
        let curve = try Curves.validationCurve(evaluator: evaluator, base: base, name: "lr", values: values,
                                               onProgress: { progress.append($0.pointsDone) })
        #expect(curve.name == "learning-rate" && curve.logScale && !curve.interrupted)
        #expect(curve.points.map(\.label) == values && curve.points.map(\.x) == [0.001, 0.1, 1])
        #expect(progress == [1, 2, 3])
        for (p, v) in zip(curve.points, values) {
            var h = base
            try h.set("learning-rate", to: v)
            #expect(p.score == (try evaluator.score(h).get()))
        }
    }

    @Test func stoppingKeepsTheFinishedPoints() throws {
        let evaluator = try ModelEvaluator(dataset: try breastCancer(), model: .logistic, folds: 3)
        var done = 0
        let curve = try Curves.validationCurve(evaluator: evaluator, base: logisticSettings(epochs: 10), name: "l2",
                                               values: ["0", "0.001", "0.01", "0.1", "1", "10"], workers: 2,
                                               shouldStop: { done >= 2 }, onProgress: { done = $0.pointsDone })
        #expect(curve.interrupted && curve.points.count >= 2 && curve.points.count < 6)
        #expect(curve.points.map(\.label) == Array(["0", "0.001", "0.01", "0.1", "1", "10"].prefix(curve.points.count)))
        #expect(!curve.logScale)  // l2 = 0 cannot go on a log axis
    }

    @Test func learningCurveGrowsTheTrainingSet() throws {
        let data = try breastCancer()
        let evaluator = try ModelEvaluator(dataset: data, model: .logistic, folds: 3)
        let curve = try Curves.learningCurve(evaluator: evaluator, base: logisticSettings(epochs: 20), fractions: [1, 0.1, 0.5])
        #expect(curve.points.map(\.label) == ["0.1", "0.5", "1"])
        let sizes = curve.points.compactMap(\.x)
        #expect(sizes.count == 3 && sizes == sizes.sorted() && abs(sizes[2] - Double(data.rowCount) * 2 / 3) <= 1)
        // A tenth of the training rows generalizes worse than all of them.
        let first = try #require(curve.points.first?.score), last = try #require(curve.points.last?.score)
        #expect(first.validationLoss > last.validationLoss)
    }

    @Test func subsetsAreNestedAndStratified() throws {
        let data = try breastCancer()
        let evaluator = try ModelEvaluator(dataset: data, model: .logistic, folds: 3)
        let rows = Array(0..<data.rowCount)
        let small = evaluator.subset(rows, fraction: 0.2, seed: 4), large = evaluator.subset(rows, fraction: 0.6, seed: 4)
        #expect(Set(small).isSubset(of: Set(large)))
        #expect(small.count == Int((0.2 * Double(rows.count)).rounded(.up)))
        let share = Double(data.targets.filter { $0 == 1 }.count) / Double(rows.count)
        let smallShare = Double(small.filter { data.targets[$0] == 1 }.count) / Double(small.count)
        #expect(abs(share - smallShare) < 0.01)
    }
}
