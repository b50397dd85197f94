import Vocabulary
import Foundation
import Learning
import Testing
@testable import Tuning

/// The test set held out before a search (`--test-fraction`), and the mean ± sd of cross-validated scores.
@Suite struct TestHoldOutTests {
    @Test("the test rows are a seeded, stratified share, disjoint from the search rows, which form the search's dataset")
    func split() throws {
        let data = try breastCancer()
        let holdOut = try TestHoldOut(dataset: data, fraction: 0.2, seed: 3)
        #expect(Set(holdOut.searchRows).isDisjoint(with: holdOut.testRows))
        #expect(holdOut.searchRows.count + holdOut.testRows.count == data.rowCount)
        for c in data.task.classes.indices {
            let all = data.targets.filter { Int($0) == c }.count
            let held = holdOut.testRows.filter { Int(data.targets[$0]) == c }.count
            #expect(held == Int((0.2 * Double(all)).rounded()), "class \(c): \(held) of \(all)")
        }
        #expect(holdOut.searchData.rowCount == holdOut.searchRows.count)
        for (i, row) in holdOut.searchRows.enumerated().prefix(50) {
            #expect(holdOut.searchData.targets[i] == data.targets[row])
            #expect(holdOut.searchData.features[i, 4] == data.features[row, 4])
        }
        let again = try TestHoldOut(dataset: data, fraction: 0.2, seed: 3)
        #expect(again.testRows == holdOut.testRows)
        let other = try TestHoldOut(dataset: data, fraction: 0.2, seed: 4)
        #expect(other.testRows != holdOut.testRows)
        // Not the trainer's own validation split of the same seed.
        var h = logisticSettings()
        h.seed = 3
        #expect(try Trainer(dataset: data, model: .logistic, hyperparameters: h).validationRows != holdOut.testRows)
    }

    @Test("for one-feature regression the smallest and largest x stay in the search rows (the test is interpolation)")
    func interpolation() throws {
        let sine = try DatasetCatalog.load("sine", datasetsDirectory: datasetsDirectory, seed: 3)
        let xs = (0..<sine.rowCount).map { sine.features[$0, 0] }
        for seed in UInt64(1)...10 {
            let holdOut = try TestHoldOut(dataset: sine, fraction: 0.3, seed: seed)
            let tested = holdOut.testRows.map { xs[$0] }
            #expect(!tested.contains(xs.min() ?? 0) && !tested.contains(xs.max() ?? 0))
        }
    }

    @Test("bad fractions are one plain error")
    func badFractions() throws {
        let data = try breastCancer()
        for f in [0, 1, -0.1, 1.5, Double.nan] {
            #expect(throws: TuningError.self) { try TestHoldOut(dataset: data, fraction: f, seed: 1) }
        }
        // 0.99 of 569 rows leaves 6 search rows: too few to cross-validate, refused with the counts.
        do {
            _ = try TestHoldOut(dataset: data, fraction: 0.99, seed: 1)
            Issue.record("0.99 was accepted")
        } catch {
            #expect(error.description.contains("6 search rows") && error.description.contains("the search \(TestHoldOut.minimumSearchRows)"))
        }
        #expect(try TestHoldOut(dataset: data, fraction: 0.9, seed: 1).searchRows.count >= TestHoldOut.minimumSearchRows)
    }

    @Test("the test score is the cross-entropy of a model trained on the search rows, computed here from its predictions")
    func scoreMatchesAnIndependentComputation() throws {
        let data = try breastCancer()
        let holdOut = try TestHoldOut(dataset: data, fraction: 0.25, seed: 2)
        let h = logisticSettings(epochs: 30)
        let score = try holdOut.score(model: .logistic, hyperparameters: h).get()
        #expect(score.rows == holdOut.testRows.count && score.trainingRows == holdOut.searchRows.count && score.epochs == 30)
        // The same model, trained by hand on the search rows only, then asked for probabilities of the test rows.
        let trainer = try Trainer(dataset: data, model: .logistic, hyperparameters: h,
                                  trainingRows: holdOut.searchRows, validationRows: [])
        _ = trainer.train()
        var raw: [Double] = []
        for r in holdOut.testRows { for c in 0..<data.featureCount { raw.append(data.features[r, c]) } }
        let p = trainer.predict(Matrix(rows: holdOut.testRows.count, columns: data.featureCount, values: raw))
        var loss = 0.0, right = 0
        for (i, r) in holdOut.testRows.enumerated() {
            let y = Int(data.targets[r])
            let probabilities = (0..<p.columns).map { p[i, $0] }
            loss -= Foundation.log(probabilities[y])
            if probabilities.indices.max(by: { probabilities[$0] < probabilities[$1] }) == y { right += 1 }
        }
        loss /= Double(holdOut.testRows.count)
        #expect(abs(score.loss - loss) < 1e-9 * max(1, loss), "\(score.loss) vs \(loss)")
        #expect(score.accuracy == Double(right) / Double(holdOut.testRows.count))
    }

    @Test("with early stopping, the test rows do not decide when to stop: the final model trains for the epoch the search rows chose")
    func earlyStoppingDoesNotPeek() throws {
        let data = try breastCancer()
        let holdOut = try TestHoldOut(dataset: data, fraction: 0.2, seed: 5)
        var h = logisticSettings(epochs: 300)
        h.earlyStopping = 5
        h.learningRate = 2
        let score = try holdOut.score(model: .logistic, hyperparameters: h).get()
        let inner = try Trainer(dataset: holdOut.searchData, model: .logistic, hyperparameters: h)
        _ = inner.train()
        let best = try #require(inner.history.filter { $0.epoch > 0 }.min { ($0.validationLoss ?? .infinity) < ($1.validationLoss ?? .infinity) })
        #expect(score.epochs == best.epoch)
    }

    @Test("a search on the search rows never scores a test row: its evaluator's dataset is the search rows")
    func searchNeverSeesTestRows() throws {
        let data = try breastCancer()
        let holdOut = try TestHoldOut(dataset: data, fraction: 0.2, seed: 1)
        let evaluator = try ModelEvaluator(dataset: holdOut.searchData, model: .logistic, folds: 5)
        let folds = try #require(evaluator.splits(seed: 1))
        let seen = Set(folds.flatMap { $0.trainingRows + $0.validationRows })
        #expect(seen.count == holdOut.searchRows.count && (seen.max() ?? 0) < holdOut.searchRows.count)
    }

    @Test("a cross-validated trial in JSON has mean = value and sd = the sample standard deviation of its fold losses")
    func jsonMeanAndDeviation() throws {
        let data = try breastCancer()
        let evaluator = try ModelEvaluator(dataset: data, model: .logistic, folds: 4)
        let space = try SearchSpace.parse(items: ["learning-rate=0.05..2:log"])
        let objective = try ModelObjective(evaluator: evaluator, base: logisticSettings(epochs: 10), space: space)
        let result = try Tuner.run(space: space, objective: objective.objective, options: TuningOptions(strategy: .random, budget: 3, seed: 1, workers: 1))
        let json = TuningReport(result, scores: objective.score(of:)).jsonText()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let trials = try #require(object["trials"] as? [[String: Any]])
        #expect(object["test"] is NSNull)
        for (trial, t) in zip(trials, result.trials) {
            let score = try #require(objective.score(of: t.settings))
            let losses = score.foldValidationLosses
            let mean = losses.reduce(0, +) / Double(losses.count)
            let sd = (losses.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(losses.count - 1)).squareRoot()
            #expect(abs((trial["mean"] as? Double ?? .nan) - mean) < 1e-12)
            #expect(trial["mean"] as? Double == trial["value"] as? Double)
            #expect(abs((trial["sd"] as? Double ?? .nan) - sd) < 1e-12)
            #expect(trial["folds"] as? Int == 4)
        }
    }
}
