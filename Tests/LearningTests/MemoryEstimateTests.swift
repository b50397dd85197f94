import Foundation
import Testing
import Vocabulary
@testable import Learning

/// The memory estimate that refuses settings which would not fit.
@Suite struct MemoryEstimateTests {
    @Test func parametersAreCountedAsTheTrainerCountsThem() throws {
        // Independent count: the trainer's own parameter blocks.
        let rows = 50
        let features = Matrix(rows: rows, columns: 3, values: (0..<(rows * 3)).map { Double($0 % 7) })
        let data = Dataset(name: "t", featureNames: ["a", "b", "c"], targetName: "y", features: features,
                           targets: (0..<rows).map { Double($0 % 2) }, task: .classification(classes: ["0", "1"]))
        var h = Hyperparameters.defaults(model: .mlp, dataset: "t")
        h.hiddenLayers = [5, 4]
        let trainer = try Trainer(dataset: data, model: .mlp, hyperparameters: h)
        let count = trainer.parameters.reduce(0) { $0 + $1.values.count }
        let sizes = [3, 5, 4, 1]
        let withoutData = MemoryEstimate(sizes: sizes, trainingRows: 0, validationRows: 0, batchRows: 0, bytesPerValue: 4)
        let buffers = 128.0 * Double(5 + 4 + 1 + 2 * 5) * 4
        #expect(withoutData.bytes == buffers + 4 * Double(count) * 4)
    }

    @Test func hugeSettingsInsideTheRangesAreRefusedWithTheEstimate() throws {
        let rows = 200_000
        let features = Matrix(rows: rows, columns: 2, values: [Double](repeating: 0.5, count: rows * 2))
        let data = Dataset(name: "big", featureNames: ["a", "b"], targetName: "y", features: features,
                           targets: (0..<rows).map { Double($0 % 3) }, task: .regression)
        var h = Hyperparameters.defaults(model: .mlp, dataset: "big")
        h.hiddenLayers = Array(repeating: 1024, count: 8)
        h.batchSize = .full
        #expect(h.firstOutOfRange == nil)
        do {
            _ = try Trainer(dataset: data, model: .mlp, hyperparameters: h)
            Issue.record("8 x 1024 units with batch-size full on 160,000 rows was accepted")
        } catch {
            #expect(error.message.contains("GiB of memory") && error.message.contains("smaller batch-size"), "\(error.message)")
        }
        // The same network with batches of 32 fits.
        h.batchSize = .examples(32)
        let estimate = MemoryEstimate(sizes: [2] + h.hiddenLayers + [1], trainingRows: 160_000, validationRows: 40_000,
                                      batchRows: 32, bytesPerValue: 4)
        #expect(estimate.bytes < MemoryEstimate.limitBytes)
    }

    @Test func describeUsesBinaryUnits() {
        #expect(MemoryEstimate.describe(1.5 * 1_073_741_824) == "1.5 GiB")
        #expect(MemoryEstimate.describe(320 * 1_048_576) == "320 MiB")
    }
}
