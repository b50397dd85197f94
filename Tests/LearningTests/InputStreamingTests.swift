import Foundation
import Testing
import Vocabulary
@testable import Learning

/// The engine's two ways to its model inputs, kept (transformed once) and transformed on use from the raw
/// matrix (large datasets), give bit-identical trainings: every epoch record and the final weights.
@Suite struct InputStreamingTests {
    /// Trains `epochs` epochs twice, with inputs kept and with every row transformed on use, and returns
    /// both histories and weights.
    static func both(_ dataset: Dataset, _ model: ModelKind, _ settings: [String: String], epochs: Int) throws
        -> (kept: ([EpochRecord], [Double]), streamed: ([EpochRecord], [Double])) {
        var h = Hyperparameters.defaults(model: model, dataset: dataset.name)
        for (name, value) in settings { try h.set(name, to: value) }
        h.epochs = epochs
        let split = Split.make(targets: dataset.targets, classCount: dataset.task.classes.count,
                               fraction: h.validationFraction, seed: h.seed)
        func run(_ limit: Int) throws -> ([EpochRecord], [Double]) {
            let trainer = try Trainer(dataset: dataset, model: model, hyperparameters: h, trainingRows: split.training,
                                      validationRows: split.validation, precision: nil, keptInputBytes: limit)
            _ = trainer.train()
            let probe = Matrix(rows: 3, columns: dataset.featureCount, values: Array(dataset.features.values.prefix(3 * dataset.featureCount)))
            return (trainer.history, trainer.parameters.flatMap(\.values) + trainer.predict(probe).values)
        }
        return (try run(Int.max), try run(0))
    }

    @Test(arguments: [
        ("circles", ModelKind.mlp, ["optimizer": "adam", "hidden-layers": "8,4", "activation": "tanh"]),
        ("circles", ModelKind.logistic, ["batch-size": "16", "l1": "0.01"]),
        ("spiral", ModelKind.mlp, ["batch-size": "full", "hidden-layers": "6"]),
        ("circles", ModelKind.logistic, ["batch-size": "full", "degree": "3"]),
    ])
    func sameTraining(name: String, model: ModelKind, settings: [String: String]) throws {
        let dataset = try DatasetCatalog.load(name, datasetsDirectory: "", seed: 3)
        let (kept, streamed) = try Self.both(dataset, model, settings, epochs: 12)
        #expect(kept.0.count == 13)
        #expect(kept.0 == streamed.0)
        #expect(kept.1.map(\.bitPattern) == streamed.1.map(\.bitPattern))
    }

    @Test func sameRegressionWithPolynomialFeatures() throws {
        let dataset = try DatasetCatalog.load("sine", datasetsDirectory: "", seed: 2)
        let (kept, streamed) = try Self.both(dataset, .linear, ["degree": "5", "momentum": "0.9"], epochs: 15)
        #expect(kept.0 == streamed.0 && kept.0.count == 16)
        #expect(kept.1.map(\.bitPattern) == streamed.1.map(\.bitPattern))
    }
}
