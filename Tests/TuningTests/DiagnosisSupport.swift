import Vocabulary
import Foundation
import Learning
@testable import Tuning

/// A run whose cause is known by construction: a dataset, a model and settings changed from the
/// model's defaults for the dataset.
struct DiagnosisCase: Sendable, CustomStringConvertible {
    let name: String
    let dataset: @Sendable (UInt64) throws -> Dataset
    let model: ModelKind
    let settings: [(String, String)]

    var description: String { name }

    /// Trains the case with `seed` (the dataset's seed too) and returns the diagnosis input.
    func run(seed: UInt64) throws -> DiagnosisInput {
        let data = try dataset(seed)
        var h = Hyperparameters.defaults(model: model, dataset: data.name)
        h.seed = seed
        for (name, value) in settings { try h.set(name, to: value) }
        let trainer = try Trainer(dataset: data, model: model, hyperparameters: h)
        let outcome = trainer.train()
        return DiagnosisInput(dataset: data, model: model, hyperparameters: h, history: trainer.history, outcome: outcome)
    }
}

enum DiagnosisData {
    static func named(_ name: String, noise: Double? = nil) -> @Sendable (UInt64) throws -> Dataset {
        { seed in try DatasetCatalog.load(name, datasetsDirectory: datasetsDirectory, seed: seed, noise: noise) }
    }

    /// 300 rows of 3 uniform features and a target that is pure Gaussian noise (regression), or a
    /// fair coin (classification, `classes` 2): nothing can be learned.
    static func noiseOnly(classification: Bool) -> @Sendable (UInt64) throws -> Dataset {
        { seed in
            var rng = SeededGenerator(seed: seed, stream: 77)
            let n = 300
            let x = (0..<(n * 3)).map { _ in rng.uniform(-1, 1) }
            let y = (0..<n).map { _ in classification ? Double(rng.below(2)) : rng.normal() }
            return Dataset(name: classification ? "coin" : "noise", featureNames: ["a", "b", "c"], targetName: "y",
                           features: Matrix(rows: n, columns: 3, values: x), targets: y,
                           task: classification ? .classification(classes: ["heads", "tails"]) : .regression)
        }
    }
}

/// Prints a diagnosis, one finding a line (for reading test failures).
func describe(_ d: RunDiagnosis) -> String {
    d.findings.map { "[\($0.kind.rawValue)] \($0.text)" }.joined(separator: "\n")
        + "\n  probes: " + d.probes.map { "\($0.change)=\($0.validationLoss.map { String(format: "%.4g", $0) } ?? "nil")" }.joined(separator: ", ")
        + String(format: "\n  cost %.3g, %.3f s, complete %@", d.cost, d.seconds, d.complete ? "yes" : "no")
}
