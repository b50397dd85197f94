// Benchmark of TerminalCharts rendering: the median time of one 80x20 render of two
// 200-point series (the figure the project tracks, target <= 0.5 ms), plus variants, decision
// regions (target <= 5 ms) and one 120x40 animation frame (target <= 16 ms).
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

// Decision regions as the app builds them: a 120 x 48 grid of class probabilities (confidence
// shading), 300 training and 100 validation points, the aspect ratio kept, in colour.
let probabilities: [[[Double]]] = (0..<48).map { r in (0..<120).map { c -> [Double] in
    let x = -1.5 + 3 * (Double(c) + 0.5) / 120, y = -1.5 + 3 * (Double(r) + 0.5) / 48
    let inside = 1 / (1 + exp(6 * ((x * x + y * y).squareRoot() - 1)))
    return [1 - inside, inside]
} }
func ring(_ i: Int) -> OverlayPoint {
    let angle = Double(i) * 2.399963, radius = i % 2 == 0 ? 0.5 + 0.3 * sin(Double(i)) : 1.2 + 0.2 * cos(Double(i))
    return OverlayPoint(x: radius * cos(angle), y: radius * sin(angle), classIndex: i % 2 == 0 ? 1 : 0)
}
let regions = Heatmap.decisionRegions(probabilities: probabilities, x: -1.5...1.5, y: -1.5...1.5, classNames: ["outside", "inside"],
                                      training: (0..<300).map(ring), validation: (300..<400).map(ring),
                                      title: "circles", xLabel: "x1", yLabel: "x2")
let regionMedian = measure("regions 80x24, 120 x 48 grid, 400 points, colour", repetitions: repetitions) {
    regions.render(RenderOptions(width: 80, height: 24, color: true)).utf8.count
}

// One animation frame at 120 x 40: the loss chart (2 x 200 epochs from epoch 0) beside the regions, in colour.
let lossNow = LineChart(series: [Series(name: "training", ys: [0.69] + training, firstX: 0),
                                 Series(name: "validation", ys: [0.7] + validation, firstX: 0)],
                        xLabel: "epoch", yLabel: "loss").withScalePolicy()
let status = TrainingStatus(epoch: 200, totalEpochs: 400, epochsPerSecond: 20, state: .playing, hint: "space pause")
var live = LiveRedraw()
let frameMedian = measure("frame 120x40, loss + regions, colour, redraw", repetitions: repetitions) {
    live.frame(LiveFrame.compose(loss: lossNow, regions: regions, status: status,
                                 options: RenderOptions(width: 120, height: 40, color: true))).utf8.count
}
_ = measure("frame 80x24 stacked, loss + regions, colour", repetitions: repetitions) {
    LiveFrame.compose(loss: lossNow, regions: regions, status: status, options: RenderOptions(width: 80, height: 24, color: true)).utf8.count
}

// Contours of a 41 x 41 valley (5 levels) with a 100-epoch path, and a fit chart.
let valley: [[Double]] = (0..<41).map { r in (0..<41).map { c -> Double in
    let w1 = -5 + 10 * Double(c) / 40, w2 = -2 + 4 * Double(r) / 40
    return w1 * w1 + 10 * w2 * w2
} }
var w = (-4.5, 1.5)
var pathX = [w.0], pathY = [w.1]
for _ in 0..<100 { w = (w.0 * (1 - 0.18), w.1 * (1 - 1.8)); pathX.append(w.0); pathY.append(w.1) }
let contour = ContourChart(values: valley, x: -5...5, y: -2...2, pathX: pathX, pathY: pathY, xLabel: "w1", yLabel: "w2")
_ = measure("contour 80x20, 41 x 41 grid, 5 levels, 101 points", repetitions: repetitions) { contour.render(plain).utf8.count }
let fitX = (0..<100).map { Double($0) / 99 }
let fit = FitChart(trainingX: fitX, trainingY: fitX.map { sin(6.28 * $0) }, curveX: FitChart.curvePositions(over: fitX),
                   curveY: FitChart.curvePositions(over: fitX).map { sin(6.28 * $0) })
_ = measure("fit 80x20, 100 points, 200-point curve", repetitions: repetitions) { fit.render(plain).utf8.count }

print("target: line 80x20 braille median <= 0.500 ms: \(median <= 0.5 ? "met" : "NOT met") (\(format(median)) ms)")
print("target: regions 80x24 median <= 5.000 ms: \(regionMedian <= 5 ? "met" : "NOT met") (\(format(regionMedian)) ms)")
print("target: frame 120x40 median <= 16.000 ms: \(frameMedian <= 16 ? "met" : "NOT met") (\(format(frameMedian)) ms)")
