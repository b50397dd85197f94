import Vocabulary
import Foundation
import Testing
@testable import Learning

/// Full-batch gradient descent must reach optima computed here independently:
/// Newton's method for l2-penalized logistic regression, the normal equations for ridge regression.
@Suite struct OptimumTests {
    @Test func logisticReachesNewtonOptimumOnBreastCancer() throws {
        let data = try Support.load("breast-cancer")
        let l2 = 0.01
        // Independent optimum: Newton's method on f(w, b) = mean(softplus(z) − y·z) + (l2/2)‖w‖², z = x·w + b,
        // with x the z-scored features (population sd over all rows), bias unpenalized.
        let x = Support.standardized(data.features)
        let y = data.targets
        let n = x.count, p = x[0].count
        var theta = [Double](repeating: 0, count: p + 1)   // weights, then bias
        func logit(_ i: Int) -> Double {
            var z = theta[p]
            for j in 0..<p { z += x[i][j] * theta[j] }
            return z
        }
        func objective() -> Double {
            var loss = 0.0
            for i in 0..<n {
                let z = logit(i)
                loss += max(z, 0) - y[i] * z + log1p(exp(-abs(z)))
            }
            return loss / Double(n) + 0.5 * l2 * theta[0..<p].reduce(0) { $0 + $1 * $1 }
        }
        for _ in 0..<30 {
            var gradient = [Double](repeating: 0, count: p + 1)
            var hessian = [[Double]](repeating: [Double](repeating: 0, count: p + 1), count: p + 1)
            for i in 0..<n {
                let prob = 1 / (1 + exp(-logit(i)))
                let row = x[i] + [1]
                for a in 0...p {
                    gradient[a] += (prob - y[i]) * row[a] / Double(n)
                    for b in 0...p { hessian[a][b] += prob * (1 - prob) * row[a] * row[b] / Double(n) }
                }
            }
            for j in 0..<p { gradient[j] += l2 * theta[j]; hessian[j][j] += l2 }
            let step = Support.solve(hessian, gradient)
            for a in 0...p { theta[a] -= step[a] }
        }
        let optimum = objective()

        var h = Hyperparameters.defaults(model: .logistic, dataset: "breast-cancer")
        h.validationFraction = 0
        h.batchSize = .full
        h.optimizer = .sgd
        h.momentum = 0
        h.l2 = l2
        h.learningRate = 1
        h.epochs = 1500
        let trainer = try Trainer(dataset: data, model: .logistic, hyperparameters: h)
        #expect(trainer.trainingRowCount == 569 && trainer.validationRowCount == 0)
        let outcome = trainer.train()
        #expect(!outcome.diverged)
        let reached = try #require(outcome.history.last).objective
        #expect(Support.relative(reached, optimum) < 1e-4, "gradient descent \(reached) vs Newton \(optimum)")
        #expect(reached >= optimum - 1e-12, "cannot go below the true optimum")
        // The weights agree too (they are well determined with l2 > 0).
        let weights = trainer.parameters[0].values
        let distance = zip(weights, theta[0..<p]).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
        let norm = theta[0..<p].map { $0 * $0 }.reduce(0, +).squareRoot()
        #expect(distance / norm < 1e-2)
    }

    @Test func ridgeReachesClosedFormOnDiabetes() throws {
        let data = try Support.load("diabetes")
        let l2 = 0.1
        // Independent optimum: minimize (1/n)‖Xw + b − y‖² + (l2/2)‖w‖² with X z-scored (centred, so b = mean(y)):
        // (2/n)·XᵀX·w + l2·w = (2/n)·Xᵀ(y − mean y).
        let x = Support.standardized(data.features)
        let y = data.targets
        let n = x.count, p = x[0].count
        let mean = y.reduce(0, +) / Double(n)
        var a = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
        var rhs = [Double](repeating: 0, count: p)
        for i in 0..<n {
            for j in 0..<p {
                rhs[j] += 2 * x[i][j] * (y[i] - mean) / Double(n)
                for k in 0..<p { a[j][k] += 2 * x[i][j] * x[i][k] / Double(n) }
            }
        }
        for j in 0..<p { a[j][j] += l2 }
        let w = Support.solve(a, rhs)
        var squared = 0.0
        for i in 0..<n {
            var prediction = mean
            for j in 0..<p { prediction += x[i][j] * w[j] }
            squared += (prediction - y[i]) * (prediction - y[i])
        }
        let optimum = squared / Double(n) + 0.5 * l2 * w.reduce(0) { $0 + $1 * $1 }

        var h = Hyperparameters.defaults(model: .linear, dataset: "diabetes")
        h.validationFraction = 0
        h.batchSize = .full
        h.l2 = l2
        h.learningRate = 0.2
        h.epochs = 1500
        let trainer = try Trainer(dataset: data, model: .linear, hyperparameters: h)
        let outcome = trainer.train()
        #expect(!outcome.diverged)
        let reached = try #require(outcome.history.last).objective
        #expect(Support.relative(reached, optimum) < 1e-4, "gradient descent \(reached) vs closed form \(optimum)")
        let weights = trainer.parameters[0].values
        for j in 0..<p { #expect(abs(weights[j] - w[j]) < 1e-3 * max(1, abs(w[j]))) }
        #expect(abs(trainer.parameters[1].values[0] - mean) < 1e-6 * mean)
    }
}
