// Benchmark: from `set learning-rate ...` to the finished chart text, on the default dataset and
// model (breast-cancer, logistic), in the lab console exactly as the REPL drives it.
// Prints the median and quartiles over many repetitions, alternating learning rates so each
// command really retrains. The diagnosis runs in the background as on a terminal (each training
// cancels the previous one's). Then the time from the command to the diagnosis shown, on the
// default setup and on digits with the mlp. Run through bench/repl/run.sh (release build).
import Vocabulary
import Foundation
import HyperLabApp
import TerminalCharts

let environment = AppEnvironment.resolve(width: 100, height: 24, color: .never)
let lab = LabSession(environment: environment)
lab.diagnosisTiming = .background
let console = LabConsole(lab: lab)
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

// `--json` of a 100,000-epoch run (linear regression on diabetes): the streaming writer against the
// previous way (a dictionary per epoch, JSONSerialization with sorted keys), side by side, CPU time of
// this thread, best of 3. Target: <= 0.3 s.
func cpuSeconds(_ body: () -> Void) -> Double {
    func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }
    let start = now()
    body()
    return now() - start
}
do {
    let jsonLab = LabSession(environment: environment)
    try jsonLab.configure(dataset: "diabetes", model: "linear", settings: ["epochs=100000", "learning-rate=0.01"])
    let run = try jsonLab.trainOnce().run
    var written = 0, serialized = 0
    let streaming = (0..<3).map { _ in cpuSeconds { written = jsonLab.json(of: run).utf8.count } }.min() ?? 0
    let dictionaries = (0..<3).map { _ in
        cpuSeconds {
            func number(_ v: Double?) -> Any { v.flatMap { $0.isFinite ? $0 : nil } ?? NSNull() }
            let history: [[String: Any]] = run.history.map {
                ["epoch": $0.epoch, "train_loss": number($0.trainLoss), "validation_loss": number($0.validationLoss),
                 "objective": number($0.objective)]
            }
            let object: [String: Any] = ["dataset": run.datasetName, "history": history, "final": history.last ?? NSNull(),
                                         "seconds": run.outcome.seconds]
            serialized = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))?.count ?? 0
        }
    }.min() ?? 0
    print(String(format: "--json of a %d-epoch run: streaming writer %.3f s CPU (%d bytes); dictionaries + JSONSerialization(sortedKeys) %.3f s (%d bytes); target <= 0.3 s  %@",
                 run.history.count, streaming, written, dictionaries, serialized, streaming <= 0.3 ? "PASS" : "FAIL"))
} catch {
    print("error: \(error)")
}
// Memory of one run's epoch records as the REPL keeps them, for a 10,000-epoch run of the default setup
// (breast-cancer, logistic: validation rows, accuracies) and of linear regression on diabetes: now one
// `EpochHistory` per run (Run.historyBytes), before an `[EpochRecord]` in the run and another in its outcome.
do {
    for (dataset, model) in [("breast-cancer", "logistic"), ("diabetes", "linear")] {
        let memoryLab = LabSession(environment: environment)
        memoryLab.diagnosisTiming = .onDemand
        try memoryLab.configure(dataset: dataset, model: model, settings: ["epochs=10000"])
        let run = try memoryLab.trainOnce().run
        let before = (run.history.count + (run.history.count - 1)) * MemoryLayout.stride(ofValue: run.history[0])
        print(String(format: "epoch records of a 10,000-epoch run (%@ %@): %d bytes kept (%.1f per epoch); before, two arrays of EpochRecord: %d bytes (%.1fx)",
                     dataset, model, run.historyBytes, Double(run.historyBytes) / Double(run.history.count), before,
                     Double(before) / Double(run.historyBytes)))
    }
} catch {
    print("error: \(error)")
}
/// From the command to the diagnosis rendered under the chart, as the REPL on a terminal shows it.
@MainActor func timeToDiagnosis(_ label: String, setup: [String], commands: [String], repetitions: Int) {
    for line in setup { _ = console.execute(line) }
    _ = lab.awaitDiagnosis()
    var chart: [Double] = []
    var total: [Double] = []
    var probes: [Int] = []
    var incomplete = 0
    for index in 0..<repetitions {
        let start = DispatchTime.now().uptimeNanoseconds
        let text = console.execute(commands[index % commands.count]).map { renderer.render($0) }.joined(separator: "\n")
        let drawn = DispatchTime.now().uptimeNanoseconds
        guard case .diagnosis(let diagnosis, _, _)? = lab.awaitDiagnosis() else { print("error: no diagnosis for \(label)"); return }
        _ = renderer.render(.diagnosis(diagnosis, run: 0, detailed: false))
        let end = DispatchTime.now().uptimeNanoseconds
        if text.isEmpty { print("error: nothing was rendered") }
        chart.append(Double(drawn - start) / 1e6)
        total.append(Double(end - start) / 1e6)
        probes.append(diagnosis.probes.count)
        if !diagnosis.complete { incomplete += 1 }
    }
    chart.sort(); total.sort(); probes.sort()
    print(String(format: "%@: chart median %.1f ms; diagnosis shown after median %.0f ms (min %.0f, max %.0f), %d probes (median), %d of %d incomplete (budget)",
                 label, chart[chart.count / 2], total[total.count / 2], total.first ?? 0, total.last ?? 0, probes[probes.count / 2], incomplete, repetitions))
}

print("== time until the diagnosis appears (background, standard budget: 3e9 cost units, 3 s)")
timeToDiagnosis("breast-cancer logistic, set learning-rate 0.3|0.5|1|2", setup: ["use breast-cancer", "model logistic", "train"],
                commands: rates.map { "set learning-rate \($0)" }, repetitions: 20)
timeToDiagnosis("breast-cancer logistic, defaults, train", setup: ["unset all"], commands: ["train"], repetitions: 10)
timeToDiagnosis("digits mlp, defaults, train", setup: ["use digits", "model mlp", "train"], commands: ["train"], repetitions: 8)
timeToDiagnosis("digits mlp, set learning-rate 0.001|0.01|0.1|1", setup: [], commands: ["0.001", "0.01", "0.1", "1"].map { "set learning-rate \($0)" }, repetitions: 8)
