import Vocabulary
import Foundation
import Testing
@testable import Learning

/// Parameters in the data's own units, and the learned parameters a training outcome carries.
@Suite struct DataUnitsTests {
    @Test func planeCoefficientsMatchLeastSquaresOnTheRawFeatures() throws {
        let data = try Support.load("plane", seed: 1)
        // Independent: ordinary least squares on the raw columns with an intercept (normal equations).
        let ols = Support.leastSquares(data)

        var h = Hyperparameters.defaults(model: .linear, dataset: "plane")
        h.validationFraction = 0
        h.batchSize = .full
        h.learningRate = 0.2
        h.epochs = 400
        let trainer = try Trainer(dataset: data, model: .linear, hyperparameters: h)
        let outcome = trainer.train()
        let units = try #require(trainer.parametersInDataUnits)
        #expect(units.featureNames == ["x1", "x2"] && units.outputNames == ["y"])
        #expect(abs(units.weights[0][0] - ols[0]) < 1e-9 && abs(units.weights[0][1] - ols[1]) < 1e-9)
        #expect(abs(units.intercepts[0] - ols[2]) < 1e-9)
        // The data are y = 3·x1 − 2·x2 + 1 + noise: least squares recovers them up to the noise.
        #expect(abs(ols[0] - 3) < 0.05 && abs(ols[1] + 2) < 0.05 && abs(ols[2] - 1) < 0.2)
        // The weights on standardized inputs are different numbers (scaled by the sd of each column).
        #expect(abs(trainer.parameters[0].values[0] - 3) > 1)
        #expect(outcome.parametersInDataUnits == units && outcome.parameters == trainer.parameters)
    }

    @Test func lessonOneRecoversThreeMinusTwoAndOneForEverySeed() throws {
        // Lesson 1's setup (linear on plane with its defaults, 100 epochs), seeds 1...10.
        for seed: UInt64 in 1...10 {
            let data = try Support.load("plane", seed: seed)
            var h = Hyperparameters.defaults(model: .linear, dataset: "plane")
            h.seed = seed
            let trainer = try Trainer(dataset: data, model: .linear, hyperparameters: h)
            _ = trainer.train()
            let units = try #require(trainer.parametersInDataUnits)
            let (w1, w2, b) = (units.weights[0][0], units.weights[0][1], units.intercepts[0])
            #expect(abs(w1 - 3) < 0.1 && abs(w2 + 2) < 0.1 && abs(b - 1) < 0.25, "seed \(seed): \(w1) \(w2) \(b)")
        }
    }

    @Test func logisticLogOddsInDataUnitsGiveThePredictions() throws {
        let data = try Support.load("breast-cancer")
        var h = Hyperparameters.defaults(model: .logistic, dataset: "breast-cancer")
        h.epochs = 20
        let trainer = try Trainer(dataset: data, model: .logistic, hyperparameters: h)
        _ = trainer.train()
        let units = try #require(trainer.parametersInDataUnits)
        #expect(units.outputNames == ["log-odds of \(data.task.classes[1])"])
        let probabilities = trainer.predict(data.features)
        for r in stride(from: 0, to: data.rowCount, by: 37) {
            var logOdds = units.intercepts[0]
            for j in 0..<data.featureCount { logOdds += units.weights[0][j] * data.features[r, j] }
            #expect(abs(1 / (1 + exp(-logOdds)) - probabilities[r, 1]) < 1e-9, "row \(r)")
        }
    }

    @Test func softmaxScoresInDataUnitsGiveThePredictions() throws {
        let data = try Support.load("iris")
        let trainer = try Trainer(dataset: data, model: .softmax, hyperparameters: Hyperparameters.defaults(model: .softmax, dataset: "iris"))
        _ = trainer.train(epochs: 10)
        let units = try #require(trainer.parametersInDataUnits)
        #expect(units.outputNames.count == 3 && units.weights.count == 3)
        let probabilities = trainer.predict(data.features)
        for r in stride(from: 0, to: data.rowCount, by: 13) {
            let scores = (0..<3).map { k in (0..<4).reduce(units.intercepts[k]) { $0 + units.weights[k][$1] * data.features[r, $1] } }
            let top = scores.max() ?? 0
            let total = scores.reduce(0) { $0 + exp($1 - top) }
            for k in 0..<3 { #expect(abs(exp(scores[k] - top) / total - probabilities[r, k]) < 1e-9) }
        }
    }

    @Test func noDataUnitEquationForAnMLPOrPolynomialFeatures() throws {
        let sine = try Support.load("sine")
        let polynomial = try Trainer(dataset: sine, model: .linear, hyperparameters: Hyperparameters.defaults(model: .linear, dataset: "sine"))
        #expect(polynomial.parametersInDataUnits == nil && polynomial.inputDescription.contains("polynomial"))
        let mlp = try Trainer(dataset: sine, model: .mlp, hyperparameters: Hyperparameters.defaults(model: .mlp, dataset: "sine"))
        #expect(mlp.parametersInDataUnits == nil && mlp.inputDescription.contains("mlp"))
        let outcome = mlp.train(epochs: 2)
        #expect(outcome.parametersInDataUnits == nil && outcome.parameters == mlp.parameters)
    }
}
