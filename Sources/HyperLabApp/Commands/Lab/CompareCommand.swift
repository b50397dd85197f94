import Foundation
import Learning
import Teaching
import TerminalCharts
import Tuning
import Vocabulary

/// `compare RUN RUN...`, `compare last N`, `compare A..B`: overlay the validation curves of several runs.
struct CompareCommand: LabCommand {
    static let name = "compare"
    static let usage = "compare RUN...|A..B|last N"
    static let summary = "overlay the validation curves of several runs"
    static let details = "`compare 1 2 3` draws the validation loss of runs 1, 2 and 3 on one chart (training loss when a run has no validation set); `compare 2..5` draws runs 2 to 5 and `compare last 3` the three latest runs. The legend names each run by what differs between the runs shown (e.g. `run 3: learning-rate 0.5`)."

    static func completions(words: [String], partial: String, context: CompletionContext) -> [String] {
        words.count == 1 ? ["last"] : []
    }

    static func run(_ arguments: [String], in context: CommandContext) throws(CommandError) -> [Output] {
        try context.lab.compare(arguments)
    }

    /// The run numbers `arguments` name, in the order given: numbers, ranges `A..B` and `last N`.
    ///
    /// - Throws: `CommandError` for a word that is not a run number, a range or `last N`, or a run that does not exist.
    static func runNumbers(_ arguments: [String], runCount: Int) throws(CommandError) -> [Int] {
        guard !arguments.isEmpty else { throw CommandError("compare needs run numbers, e.g. `compare 1 2`, `compare 1..3` or `compare last 3`; `runs` lists them") }
        func check(_ id: Int, _ word: String) throws(CommandError) -> Int {
            guard id >= 1, id <= runCount else {
                throw CommandError(runCount == 0 ? "no runs yet: type `train` first"
                                   : "no run `\(word)`: runs are numbered 1 to \(runCount) (`runs` lists them)")
            }
            return id
        }
        var ids: [Int] = []
        var index = 0
        while index < arguments.count {
            let word = arguments[index].lowercased()
            if word == "last" {
                guard index + 1 < arguments.count, let count = Int(arguments[index + 1]), count >= 1 else {
                    throw CommandError("`last` needs a count, e.g. `compare last 3`")
                }
                guard runCount > 0 else { throw CommandError("no runs yet: type `train` first") }
                ids += Array(max(1, runCount - count + 1)...runCount)
                index += 2
                continue
            }
            if let dots = word.range(of: "..") {
                guard let low = Int(word[..<dots.lowerBound]), let high = Int(word[dots.upperBound...]), low <= high else {
                    throw CommandError("`\(arguments[index])` is not a range of runs: write A..B with A ≤ B, e.g. `compare 1..3`")
                }
                ids += try (check(low, String(low))...check(high, String(high))).map { $0 }
            } else if let id = Int(word) {
                ids.append(try check(id, word))
            } else {
                throw CommandError("no run `\(arguments[index])`: give run numbers (`compare 1 2`), a range (`compare 1..3`) or `compare last 3`")
            }
            index += 1
        }
        var seen = Set<Int>()
        return ids.filter { seen.insert($0).inserted }
    }
}

extension LabSession {
    fileprivate func compare(_ arguments: [String]) throws(CommandError) -> [Output] {
        let chosen = try CompareCommand.runNumbers(arguments, runCount: runs.count).map { runs[$0 - 1] }
        var outputs: [Output] = [.chart(ChartBuilder.comparison(chosen))]
        if Set(chosen.map(\.datasetName)).count > 1 {
            outputs.append(.text("note: these runs used different datasets, so their losses are on different scales and not comparable"))
        }
        return outputs
    }
}

extension ChartBuilder {
    /// One legend label per run naming it by what differs among `runs`: the dataset, the model and each
    /// hyperparameter whose value is not the same in all of them, e.g. `run 3: learning-rate 0.5`.
    /// A run whose settings match every other shown run is just `run N`.
    static func differenceLabels(_ runs: [Run]) -> [String] {
        var labels = runs.map { _ in [String]() }
        if Set(runs.map(\.datasetName)).count > 1 {
            for (i, run) in runs.enumerated() { labels[i].append(run.datasetName) }
        }
        if Set(runs.map(\.model)).count > 1 {
            for (i, run) in runs.enumerated() { labels[i].append(run.model.rawValue) }
        }
        for spec in HyperparameterCatalog.all {
            let values = runs.map { $0.hyperparameters.text(of: spec.name) ?? "none" }
            guard Set(values).count > 1 else { continue }
            for (i, value) in values.enumerated() { labels[i].append("\(spec.name) \(value)") }
        }
        return zip(runs, labels).map { run, parts in "run \(run.id)" + (parts.isEmpty ? "" : ": " + parts.joined(separator: ", ")) }
    }
}
