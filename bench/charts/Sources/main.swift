// Benchmark of TerminalCharts rendering: the median time of one 80x20 render of two
// 200-point series (the figure the project tracks, target <= 0.5 ms), plus variants.
// Run with bench/charts/run.sh (release build). Timing uses the monotonic clock.
import Vocabulary
import TerminalCharts
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func nowNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// Median and 10th/90th percentiles, in milliseconds, of `repetitions` calls of `body`.
func measure(_ name: String, repetitions: Int, _ body: () -> Int) -> Double {
    var checksum = 0
    for _ in 0..<50 { checksum &+= body() }          // warm-up
    var samples: [Double] = []
    samples.reserveCapacity(repetitions)
    for _ in 0..<repetitions {
        let start = nowNanoseconds()
        checksum &+= body()
        samples.append(Double(nowNanoseconds() - start) / 1e6)
    }
    samples.sort()
    let median = samples[samples.count / 2]
    let p10 = samples[samples.count / 10], p90 = samples[samples.count * 9 / 10]
    let pad = String(repeating: " ", count: max(0, 44 - name.count))
    print("\(name)\(pad) median \(format(median)) ms   p10 \(format(p10))   p90 \(format(p90))   (\(repetitions) renders, checksum \(checksum % 997))")
    return median
}

func format(_ v: Double) -> String {
    let scaled = Int((v * 1000).rounded())
    let fraction = String(scaled % 1000)
    return "\(scaled / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
}

var repetitions = 2000
if CommandLine.arguments.count > 1, let n = Int(CommandLine.arguments[1]), n > 0 { repetitions = n }

// Two 200-point series shaped like training and validation loss.
func loss(_ epoch: Int, tau: Double, floor: Double, wiggle: Double) -> Double {
    let t = Double(epoch)
    let decay: Double = 2 * exp(-t / tau)
    return decay + floor + wiggle * sin(t * 0.7)
}
let training: [Double] = (1...200).map { loss($0, tau: 30, floor: 0.1, wiggle: 0.02) }
let validation: [Double] = (1...200).map { loss($0, tau: 40, floor: 0.25, wiggle: 0.03) }
let chart = LineChart(series: [Series(name: "training", ys: training), Series(name: "validation", ys: validation)],
                      title: "Loss per epoch", xLabel: "epoch", yLabel: "loss")
let plain = RenderOptions(width: 80, height: 20)

let median = measure("line 80x20, 2 x 200 points, braille", repetitions: repetitions) { chart.render(plain).utf8.count }
_ = measure("line 80x20, 2 x 200 points, braille, colour", repetitions: repetitions) {
    chart.render(RenderOptions(width: 80, height: 20, color: true)).utf8.count
}
_ = measure("line 80x20, 2 x 200 points, ascii", repetitions: repetitions) {
    chart.render(RenderOptions(width: 80, height: 20, charset: .ascii)).utf8.count
}
var withNaN = training
for i in stride(from: 5, to: 200, by: 17) { withNaN[i] = .nan }
withNaN[150] = .infinity
let broken = LineChart(series: [Series(name: "training", ys: withNaN), Series(name: "validation", ys: validation)],
                       yScale: .log)
_ = measure("line 80x20, NaN/inf, log y", repetitions: repetitions) { broken.render(plain).utf8.count }
let grid: [[Double]] = (0..<40).map { r in (0..<80).map { c in Double(r * c % 7) / 6 } }
let heatmap = Heatmap(values: grid, x: .range(-2...2), y: .range(-2...2), scale: .levels(0...1),
                      points: (0..<200).map { (i: Int) -> OverlayPoint in
                          let x: Double = -2 + 4 * Double(i % 20) / 20
                          let y: Double = -2 + 4 * Double(i / 20) / 10
                          return OverlayPoint(x: x, y: y, classIndex: i % 2)
                      })
_ = measure("heatmap 80x24, 40 x 80 grid, 200 points", repetitions: repetitions) {
    heatmap.render(RenderOptions(width: 80, height: 24)).utf8.count
}
print("target: line 80x20 braille median <= 0.500 ms: \(median <= 0.5 ? "met" : "NOT met") (\(format(median)) ms)")
