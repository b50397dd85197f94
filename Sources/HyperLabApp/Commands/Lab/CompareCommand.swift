import Foundation
import Learning
import Teaching
import TerminalCharts
import Tuning
import Vocabulary

/// `compare RUN RUN...`: overlay the validation curves of several runs.
struct CompareCommand: LabCommand {
    static let name = "compare"
    static let usage = "compare RUN RUN..."
    static let summary = "overlay the validation curves of several runs"
    static let details = "`compare 1 2 3` draws the validation loss of runs 1, 2 and 3 on one chart (training loss when a run has no validation set)."

    static func run(_ arguments: [String], in context: CommandContext) throws(CommandError) -> [Output] {
        try context.lab.compare(arguments)
    }
}

extension LabSession {
    fileprivate func compare(_ arguments: [String]) throws(CommandError) -> [Output] {
        guard !arguments.isEmpty else { throw CommandError("compare needs run numbers, e.g. `compare 1 2`; `runs` lists them") }
        var chosen: [Run] = []
        for word in arguments {
            guard let id = Int(word), id >= 1, id <= runs.count else {
                throw CommandError("no run `\(word)`: runs are numbered 1 to \(runs.count) (`runs` lists them)")
            }
            chosen.append(runs[id - 1])
        }
        var outputs: [Output] = [.chart(ChartBuilder.comparison(chosen))]
        if Set(chosen.map(\.datasetName)).count > 1 {
            outputs.append(.text("note: these runs used different datasets, so their losses are on different scales and not comparable"))
        }
        return outputs
    }
}
