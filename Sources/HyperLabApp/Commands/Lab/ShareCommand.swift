import Foundation
import Learning
import Teaching
import TerminalCharts
import Tuning
import Vocabulary

/// `share`: print one line that reproduces the current setup.
struct ShareCommand: LabCommand {
    static let name = "share"
    static let usage = "share"
    static let summary = "print one line that reproduces the current setup"
    static let details = "Paste the line into a shell: `hyperlab --dataset ... --model ... --set ...` starts hyperlab with the same dataset, model and settings and trains."

    static func run(_ arguments: [String], in context: CommandContext) throws(CommandError) -> [Output] {
        try expectNoArguments(arguments)
        return [.text(try context.lab.shareLine())]
    }
}