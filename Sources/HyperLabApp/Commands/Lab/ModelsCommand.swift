import Foundation
import Learning
import Teaching
import TerminalCharts
import Tuning
import Vocabulary

/// `models`: list the models and the tasks they fit.
struct ModelsCommand: LabCommand {
    static let name = "models"
    static let usage = "models"
    static let summary = "list the models and the tasks they fit"
    static let details = "linear (regression), logistic (two classes), softmax (several classes), mlp (a neural network with hidden layers, any task)."

    static func run(_ arguments: [String], in context: CommandContext) throws(CommandError) -> [Output] {
        try expectNoArguments(arguments)
        return [context.lab.modelsList()]
    }
}

extension LabSession {
    fileprivate func modelsList() -> Output {
        var lines = ["Models:"]
        for kind in ModelKind.allCases {
            lines.append("  " + kind.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0) + kind.summary + (kind == model ? "  (in use)" : ""))
        }
        return .text(lines.joined(separator: "\n"))
    }
}
