import Foundation
import Learning
import Teaching
import TerminalCharts
import Tuning
import Vocabulary

/// `runs`: list this session's runs with their settings and final losses.
struct RunsCommand: LabCommand {
    static let name = "runs"
    static let usage = "runs"
    static let summary = "list this session's runs with their settings and final losses"
    static let details = "Every training is kept as a numbered run for `compare` and `export`."

    static func run(_ arguments: [String], in context: CommandContext) throws(CommandError) -> [Output] {
        try expectNoArguments(arguments)
        return [context.lab.runsTable()]
    }
}

extension LabSession {
    fileprivate func runsTable() -> Output {
        guard !runs.isEmpty else { return .text("no runs yet: type `train`") }
        var lines = ["run  dataset          model     train loss   validation   epochs  settings changed"]
        for run in runs {
            let final = run.final
            let status = run.outcome.diverged ? " (diverged)" : run.outcome.interrupted ? " (stopped)" : ""
            lines.append(String(run.id).padding(toLength: 5, withPad: " ", startingAt: 0)
                         + run.datasetName.padding(toLength: 17, withPad: " ", startingAt: 0)
                         + run.model.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
                         + NumberFormat.loss(final?.trainLoss).padding(toLength: 13, withPad: " ", startingAt: 0)
                         + NumberFormat.loss(final?.validationLoss).padding(toLength: 13, withPad: " ", startingAt: 0)
                         + String(final?.epoch ?? 0).padding(toLength: 8, withPad: " ", startingAt: 0)
                         + (run.changed.isEmpty ? "defaults" : run.changed.map { "\($0.name)=\($0.value)" }.joined(separator: " ")) + status)
        }
        return .text(lines.joined(separator: "\n"))
    }
}
