import Foundation
import Tuning
import Vocabulary

/// `why`: the full diagnosis of the last run, with the numbers behind each finding and the probes.
struct WhyCommand: LabCommand {
    static let name = "why"
    static let usage = "why"
    static let summary = "explain the last run: each finding with its evidence and the probe trainings behind it"
    static let details = "After each training hyperlab diagnoses the run: it reads the curves and trains short probes on the same data, split and seed (the learning rate up and down, less or more regularization, more capacity, another activation or optimizer, more epochs) and states a cause or a change only when a probe measured it to lower the validation loss clearly (by 10% or more, and by half or in a paired per-row test). The hints under the chart are the findings' sentences; `why` shows each with the numbers it rests on, the commands that reproduce the probe, and every probe trained. When nothing tried helps it says so; a change it did not try may still help. On a terminal the diagnosis runs after the chart for at most 3 seconds; `why` completes it if that was not enough. Ctrl-C stops the probes. A run stopped by Ctrl-C is not diagnosed."

    static func run(_ arguments: [String], in context: CommandContext) throws(CommandError) -> [Output] {
        try expectNoArguments(arguments)
        let explained = try context.lab.explainLastRun()
        return [.diagnosis(explained.diagnosis, run: explained.runID, detailed: true)]
    }
}
