import Foundation
import Learning
import Teaching
import TerminalCharts
import Tuning
import Vocabulary

/// `quit`: leave hyperlab (Ctrl-D does the same).
struct QuitCommand: LabCommand {
    static let name = "quit"
    static let aliases = ["exit", "q"]
    static let usage = "quit"
    static let summary = "leave hyperlab (Ctrl-D does the same)"
    static let details = "History and progress are kept."
    static let allowedInLessons = false

    static func run(_ arguments: [String], in context: CommandContext) throws(CommandError) -> [Output] {
        [.quit]
    }
}