import Foundation
import Learning
import Teaching
import TerminalCharts
import Tuning
import Vocabulary

/// `help [COMMAND|HYPERPARAMETER]`: list the commands, or explain one command or hyperparameter.
struct HelpCommand: LabCommand {
    static let name = "help"
    static let aliases = ["?"]
    static let usage = "help [COMMAND|HYPERPARAMETER]"
    static let summary = "list the commands, or explain one command or hyperparameter"
    static let details = "`help set` explains a command; `help learning-rate` explains a hyperparameter: what it is, its range, what too small and too large do, and its names in scikit-learn and Keras/PyTorch."

    static func completions(words: [String], partial: String, context: CompletionContext) -> [String] {
        words.count == 1 ? CommandRegistry.all.map { $0.name } + HyperparameterCatalog.all.map(\.name) : []
    }

    static func run(_ arguments: [String], in context: CommandContext) throws(CommandError) -> [Output] {
        [try context.lab.help(arguments)]
    }
}

extension LabSession {
    fileprivate func help(_ arguments: [String]) throws(CommandError) -> Output {
        guard let topic = arguments.first else {
            // Usages up to 30 characters share a column; a longer one puts its summary on the next line.
            let column = 32
            var lines = ["Commands (help COMMAND or help HYPERPARAMETER for more):"]
            for command in CommandRegistry.all {
                if command.usage.count < column - 1 {
                    lines.append("  " + command.usage.padding(toLength: column, withPad: " ", startingAt: 0) + command.summary)
                } else {
                    lines.append("  " + command.usage)
                    lines.append(String(repeating: " ", count: column + 2) + command.summary)
                }
            }
            lines.append("Hyperparameters: " + HyperparameterCatalog.all.map(\.name).joined(separator: ", "))
            return .text(lines.joined(separator: "\n"))
        }
        if let command = CommandRegistry.command(named: topic) {
            var text = "\(command.usage)\n  \(command.summary)\n  \(command.details)"
            if !command.aliases.isEmpty { text += "\n  Also: \(command.aliases.joined(separator: ", "))" }
            if !command.allowedInLessons { text += "\n  Not available in lesson files." }
            return .text(text)
        }
        if let spec = HyperparameterCatalog.spec(named: topic) {
            return .text(hyperparameterHelp(spec))
        }
        let candidates = CommandRegistry.words + HyperparameterCatalog.words
        throw CommandError("no help for `\(topic)`." + didYouMean(topic, among: candidates) + " Type `help` for the list.")
    }

    fileprivate func hyperparameterHelp(_ spec: HyperparameterSpec) -> String {
        var lines = ["\(spec.name)" + (spec.aliases.isEmpty ? "" : " (also: \(spec.aliases.joined(separator: ", ")))") + ": \(spec.summary)"]
        let guide = spec.guide
        lines.append("  What it is: \(guide.what)")
        lines.append("  Range: \(spec.rangeText)   Default: \(spec.defaultText)" + (spec.unit.map { "   Unit: \($0)" } ?? ""))
        if !spec.allowedValues.isEmpty { lines.append("  Values: \(spec.allowedValues.joined(separator: ", "))") }
        lines.append("  Too small: \(guide.tooSmall)")
        lines.append("  Too large: \(guide.tooLarge)")
        lines.append("  In scikit-learn: \(guide.scikitLearn)   In Keras/PyTorch: \(guide.kerasPyTorch)")
        if let tryThis = guide.tryThis { lines.append("  Try: \(tryThis)") }
        if spec.restartsTraining { lines.append("  Changing it changes the model itself, so `continue` is not possible afterwards: `train` starts again.") }
        return lines.joined(separator: "\n")
    }
}
