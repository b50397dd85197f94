// Benchmark: from `set learning-rate ...` to the finished chart text, on the default dataset and
// model (breast-cancer, logistic), in the lab console exactly as the REPL drives it.
// Prints the median and quartiles over many repetitions, alternating learning rates so each
// command really retrains. Run through bench/repl/run.sh (release build).
import Vocabulary
import Foundation
import HyperLabApp
import TerminalCharts

let environment = AppEnvironment.resolve(width: 100, height: 24, color: .never)
let console = LabConsole(lab: LabSession(environment: environment))
let renderer = Renderer(options: environment.renderOptions())
let rates = ["0.3", "0.5", "1", "2"]
_ = console.execute("train")   // loads the dataset once, as the first command of a session does

var samples: [Double] = []
var characters = 0
for index in 0..<400 {
    let start = DispatchTime.now().uptimeNanoseconds
    let outputs = console.execute("set learning-rate \(rates[index % rates.count])")
    let text = outputs.map { renderer.render($0) }.joined(separator: "\n")
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    characters += text.count
    samples.append(elapsed)
}
samples.sort()
let sorted = samples
func quantile(_ q: Double) -> Double { sorted[Int(Double(sorted.count - 1) * q)] }
print(String(format: "set learning-rate -> finished chart: median %.2f ms (p25 %.2f, p75 %.2f, max %.2f) over %d runs; target <= 50 ms",
             quantile(0.5), quantile(0.25), quantile(0.75), samples.last ?? 0, samples.count))
if characters == 0 { print("error: nothing was rendered") }
