import Vocabulary
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
        try check(c, precision: .double, epsilon: 1e-6, tolerance: 1e-5)
    }

    /// The mlp trains in single precision by default: the same check, with steps and tolerance for Float.
    @Test(arguments: cases.filter { $0.model == .mlp })
    func singlePrecisionGradientMatchesFiniteDifferences(_ c: Case) throws {
        try check(c, precision: .single, epsilon: 1e-2, tolerance: 2e-2)
    }

    func check(_ c: Case, precision: Precision, epsilon: Double, tolerance: Double) throws {
        let data = try Support.load(c.dataset)
        for (l2, l1) in [(0.0, 0.0), (0.3, 0.0), (0.0, 0.2), (0.1, 0.05)] {
            var h = Hyperparameters.defaults(model: c.model, dataset: c.dataset)
            h.hiddenLayers = c.hidden
            h.activation = c.activation
            h.degree = c.degree
            h.l2 = l2
            h.l1 = l1
            h.validationFraction = 0.5
            let split = Split.make(targets: data.targets, classCount: data.task.classes.count, fraction: 0.5, seed: 0)
            let trainer = try Trainer(dataset: data, model: c.model, hyperparameters: h, trainingRows: split.training,
                                      validationRows: split.validation, precision: precision)
            // Random parameters away from zero (so |w| is differentiable).
            var rng = SeededGenerator(seed: 11)
            let count = trainer.engine.parameterCount
            var parameters = [Double]()
            for _ in 0..<count {
                let v = rng.uniform(0.1, 0.8)
                parameters.append(rng.nextUnit() < 0.5 ? -v : v)
            }
            trainer.engine.setParameters(parameters)
            let analytic = trainer.objectiveGradient()
            for i in 0..<count {
                var moved = parameters
                moved[i] = parameters[i] + epsilon
                trainer.engine.setParameters(moved)
                let up = trainer.evaluate().objective
                moved[i] = parameters[i] - epsilon
                trainer.engine.setParameters(moved)
                let down = trainer.evaluate().objective
                let numeric = (up - down) / (2 * epsilon)
                let scale = max(1, abs(numeric), abs(analytic[i]))
                #expect(abs(numeric - analytic[i]) <= tolerance * scale,
                        "\(c) l2 \(l2) l1 \(l1): parameter \(i) analytic \(analytic[i]) numeric \(numeric)")
            }
        }
    }
}
