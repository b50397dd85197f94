import Foundation
import Learning
import Teaching
import TerminalCharts
import Tuning
import Vocabulary

/// `reset`: put the weights back to their initial values.
struct ResetCommand: LabCommand {
    static let name = "reset"
    static let usage = "reset"
    static let summary = "put the weights back to their initial values"
    static let details = "The same seed gives the same initial weights again."

    static func run(_ arguments: [String], in context: CommandContext) throws(CommandError) -> [Output] {
        try expectNoArguments(arguments)
        return try context.lab.reset()
    }
}

extension LabSession {
    fileprivate func reset() throws(CommandError) -> [Output] {
        guard let trainer else { return [.text("the weights are at their initial values (nothing trained yet)")] }
        trainer.reset()
        return [.text("weights reset to their initial values (seed \(trainerSettings?.seed ?? 0)); `continue` trains from there")]
    }
}
