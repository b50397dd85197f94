import Foundation
import Vocabulary

/// How much memory a training needs, estimated before anything is allocated, so that settings
/// inside the documented ranges that would not fit (8 hidden layers of 1024 units with batch-size
/// `full` on 200,000 rows needs tens of gigabytes) are refused with the estimate in the message
/// instead of exhausting the machine.
public struct MemoryEstimate: Sendable, Equatable {
    /// Estimated peak bytes of one training: the data copies, the activation and delta buffers of
    /// one batch (or evaluation block), and the parameters with their gradient and optimizer state.
    public let bytes: Double

    /// The estimate for a network of layer `sizes` (inputs first, outputs last) trained on
    /// `trainingRows` and evaluated on `validationRows` with `batchRows` rows per update.
    ///
    /// Counted in elements of `bytesPerValue` each (4 for the single-precision mlp engine, 8 otherwise):
    /// - data: (training + validation rows) × inputs, held once, in the engine's precision (the feature
    ///   transformation writes straight into the engine's storage), plus one target each (the dataset's
    ///   own raw matrix is not counted: it exists before the training);
    /// - buffers: max(batch rows, 128) × (Σ sizes[1...] + 2 × the widest layer) — one activation
    ///   buffer per layer and two delta buffers, as the engine reserves them;
    /// - parameters: 4 × the parameter count (values, gradient, velocity, Adam's second moment).
    /// The estimate is an upper bound within about 10% of what the engine allocates; the process's own
    /// baseline (about 20 MiB) is not included.
    public init(sizes: [Int], trainingRows: Int, validationRows: Int, batchRows: Int, bytesPerValue: Int) {
        let inputs = Double(sizes.first ?? 0)
        let rows = Double(trainingRows + validationRows)
        let data = rows * inputs * Double(bytesPerValue) + rows * Double(bytesPerValue)
        let block = Double(Swift.max(batchRows, 128))
        let widest = Double(sizes.dropFirst().max() ?? 0)
        let buffers = block * (Double(sizes.dropFirst().reduce(0, +)) + 2 * widest) * Double(bytesPerValue)
        var parameters = 0.0
        for l in 0..<Swift.max(sizes.count - 1, 0) { parameters += Double(sizes[l] * sizes[l + 1] + sizes[l + 1]) }
        bytes = data + buffers + 4 * parameters * Double(bytesPerValue)
    }

    /// The largest estimate hyperlab trains: half the machine's physical memory, at most 4 GiB.
    public static var limitBytes: Double {
        Swift.min(4 * 1_073_741_824, Double(ProcessInfo.processInfo.physicalMemory) / 2)
    }

    /// "1.5 GiB", "320 MiB": the estimate for a message.
    public static func describe(_ bytes: Double) -> String {
        let gib = bytes / 1_073_741_824
        if gib >= 1 { return NumberFormat.suggestion(gib, digits: 2) + " GiB" }
        return NumberFormat.suggestion(Swift.max(bytes / 1_048_576, 1), digits: 2) + " MiB"
    }
}
