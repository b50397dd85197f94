// Benchmark: an mlp with one hidden layer of 32 relu units on all 1797 rows of digits,
// sgd with momentum 0.9, learning rate 0.05, batch size 32, 100 epochs, l2 1e-4.
// Prints one line of key=value pairs for run.sh.
// Usage: hyperlab-bench-training DATASETS_DIR [repeats] [sgd|adam]   (adam: learning rate 0.001, no momentum)
//        hyperlab-bench-training DATASETS_DIR load [CSV_PATH]      (median time of loading digits.csv, or one load of CSV_PATH)
import Vocabulary
import Foundation
import Learning

let arguments = CommandLine.arguments
let directory = arguments.count > 1 ? arguments[1] : "Datasets"
let repeats = arguments.count > 2 ? max(1, Int(arguments[2]) ?? 3) : 3
let adam = arguments.count > 3 && arguments[3] == "adam"

// `hyperlab-bench-training DATASETS_DIR load`: the median time of loading digits.csv (what `use digits`
// costs in the REPL besides drawing), 21 loads.
// With a CSV path after `load`: loads that file once and prints its shape and the seconds taken (for the
// peak memory of a load alone, under /usr/bin/time).
if arguments.count > 3 && arguments[2] == "load" {
    let clock = ContinuousClock()
    let start = clock.now
    do {
        let set = try DatasetCatalog.load(arguments[3], datasetsDirectory: directory)
        let d = clock.now - start
        print(String(format: "rows=%d features=%d load_seconds=%.3f", set.rowCount, set.featureCount,
                     Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18))
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        exit(1)
    }
}
if arguments.count > 2 && arguments[2] == "load" {
    var times: [Double] = []
    for _ in 0..<21 {
        let clock = ContinuousClock()
        let start = clock.now
        _ = try? DatasetCatalog.load("digits", datasetsDirectory: directory)
        let d = clock.now - start
        times.append(Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
    }
    print(String(format: "digits_load_ms=%.2f", times.sorted()[10] * 1000))
    exit(0)
}

let dataset: Dataset
do {
    dataset = try DatasetCatalog.load("digits", datasetsDirectory: directory)
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}

var settings = Hyperparameters.defaults(model: .mlp, dataset: "digits")
settings.hiddenLayers = [32]
settings.activation = .relu
settings.optimizer = .sgd
settings.momentum = 0.9
settings.learningRate = 0.05
settings.batchSize = .examples(32)
settings.epochs = 100
settings.l2 = 1e-4
if adam {
    settings.optimizer = .adam
    settings.learningRate = 0.001
    settings.momentum = 0
}
settings.l1 = 0
settings.validationFraction = 0
settings.earlyStopping = 0
settings.seed = 0

var best = Double.infinity
var last: TrainingOutcome?
for _ in 0..<repeats {
    do {
        let trainer = try Trainer(dataset: dataset, model: .mlp, hyperparameters: settings)
        let outcome = trainer.train()
        best = min(best, outcome.seconds)
        last = outcome
    } catch {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        exit(1)
    }
}

// Floating-point work of the run, counting 2 flops per multiply-add of the matrix products only:
// per example and epoch, forward 64x32 + 32x10, weight gradients 64x32 + 32x10, hidden-layer
// delta 32x10 (training), plus the forward pass over every row that measures the epoch's loss.
let n = Double(dataset.rowCount), epochs = Double(settings.epochs)
let forward = 64.0 * 32 + 32 * 10
let perExample = 2 * (forward + forward + 32 * 10) + 2 * forward
let flops = n * epochs * perExample

// Measured single-core single-precision FMA throughput (the mlp trains in Float): 12 independent
// chains of 8-wide (256-bit) fused multiply-adds, 16 flops each.
func measuredPeak() -> Double {
    var acc = [SIMD8<Float>](repeating: SIMD8(repeating: 1), count: 12)
    let a = SIMD8<Float>(repeating: 0.999_9), b = SIMD8<Float>(repeating: 1e-9)
    var bestRate = 0.0
    for _ in 0..<5 {
        let iterations = 2_000_000
        let clock = ContinuousClock()
        let start = clock.now
        var x0 = acc[0], x1 = acc[1], x2 = acc[2], x3 = acc[3], x4 = acc[4], x5 = acc[5]
        var x6 = acc[6], x7 = acc[7], x8 = acc[8], x9 = acc[9], x10 = acc[10], x11 = acc[11]
        for _ in 0..<iterations {
            x0 = x0.addingProduct(a, b); x1 = x1.addingProduct(a, b); x2 = x2.addingProduct(a, b)
            x3 = x3.addingProduct(a, b); x4 = x4.addingProduct(a, b); x5 = x5.addingProduct(a, b)
            x6 = x6.addingProduct(a, b); x7 = x7.addingProduct(a, b); x8 = x8.addingProduct(a, b)
            x9 = x9.addingProduct(a, b); x10 = x10.addingProduct(a, b); x11 = x11.addingProduct(a, b)
        }
        let d = clock.now - start
        let s = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        acc = [x0, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11]
        bestRate = max(bestRate, Double(iterations) * 12 * 16 / s)
    }
    if acc.reduce(Float(0), { $0 + $1.sum() }) == 42 { print("") }
    return bestRate
}

let final = last?.history.last
print(String(format: "swift_seconds=%.6f flops=%.0f gflops=%.3f measured_peak_gflops=%.3f train_loss=%.5f train_accuracy=%.4f diverged=%@",
             best, flops, flops / best / 1e9, measuredPeak() / 1e9, final?.trainLoss ?? .nan, final?.trainAccuracy ?? .nan,
             (last?.diverged ?? true) ? "yes" : "no"))
