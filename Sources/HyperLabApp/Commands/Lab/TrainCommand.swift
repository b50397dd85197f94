import Foundation
import Learning
import Teaching
import TerminalCharts
import Tuning
import Vocabulary

/// `train`: train from the initial weights with the current settings.
struct TrainCommand: LabCommand {
    static let name = "train"
    static let aliases = ["run"]
    static let usage = "train"
    static let summary = "train from the initial weights with the current settings"
    static let details = "Starts from the same initial weights for the same seed, so two runs differ only by the settings you changed."

    static func run(_ arguments: [String], in context: CommandContext) throws(CommandError) -> [Output] {
        try expectNoArguments(arguments)
        return try context.lab.train()
    }
}