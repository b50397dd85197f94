import Testing
@testable import Learning

/// The analytic gradient of every model and penalty matches central finite differences of the objective.
@Suite struct GradientTests {
    struct Case: CustomStringConvertible, Sendable {
        let dataset: String
        let model: ModelKind
        let hidden: [Int]
        let activation: Activation
        let degree: Int
        var description: String { "\(model) \(hidden) \(activation) degree \(degree) on \(dataset)" }
    }

    static let cases: [Case] = [
        Case(dataset: "plane", model: .linear, hidden: [], activation: .relu, degree: 1),
        Case(dataset: "sine", model: .linear, hidden: [], activation: .relu, degree: 5),
        Case(dataset: "circles", model: .logistic, hidden: [], activation: .relu, degree: 2),
        Case(dataset: "iris", model: .softmax, hidden: [], activation: .relu, degree: 1),
        Case(dataset: "iris", model: .mlp, hidden: [6, 5], activation: .relu, degree: 1),
        Case(dataset: "iris", model: .mlp, hidden: [6, 5], activation: .tanh, degree: 1),
        Case(dataset: "circles", model: .mlp, hidden: [7], activation: .sigmoid, degree: 1),
        Case(dataset: "plane", model: .mlp, hidden: [5, 3], activation: .tanh, degree: 1),
    ]

    @Test(arguments: cases)
    func gradientMatchesFiniteDifferences(_ c: Case) throws {
        let data = try Support.load(c.dataset)
        for (l2, l1) in [(0.0, 0.0), (0.3, 0.0), (0.0, 0.2), (0.1, 0.05)] {
            var h = Hyperparameters.defaults(model: c.model, dataset: c.dataset)
            h.hiddenLayers = c.hidden
            h.activation = c.activation
            h.degree = c.degree
            h.l2 = l2
            h.l1 = l1
            h.validationFraction = 0.5
            let trainer = try Trainer(dataset: data, model: c.model, hyperparameters: h)
            // Random parameters away from zero (so |w| is differentiable).
            var rng = SeededGenerator(seed: 11)
            let count = trainer.network.parameterCount
            for i in 0..<count {
                let v = rng.uniform(0.1, 0.8)
                trainer.network.parameters[i] = rng.nextUnit() < 0.5 ? -v : v
            }
            let analytic = trainer.objectiveGradient()
            let epsilon = 1e-6
            for i in 0..<count {
                let saved = trainer.network.parameters[i]
                trainer.network.parameters[i] = saved + epsilon
                let up = trainer.evaluate().objective
                trainer.network.parameters[i] = saved - epsilon
                let down = trainer.evaluate().objective
                trainer.network.parameters[i] = saved
                let numeric = (up - down) / (2 * epsilon)
                let scale = max(1, abs(numeric), abs(analytic[i]))
                #expect(abs(numeric - analytic[i]) <= 1e-5 * scale,
                        "\(c) l2 \(l2) l1 \(l1): parameter \(i) analytic \(analytic[i]) numeric \(numeric)")
            }
        }
    }
}
