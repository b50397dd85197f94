import Foundation
import Learning
import Teaching
import TerminalCharts
import Tuning
import Vocabulary

/// `model NAME`: choose the model to train.
struct ModelCommand: LabCommand {
    static let name = "model"
    static let usage = "model NAME"
    static let summary = "choose the model to train"
    static let details = "`model mlp` switches to a neural network; its hyperparameters hidden-layers and activation then apply. Settings you changed with `set` go back to the defaults for the new model (the seed is kept), and hyperlab says which."

    static func completions(words: [String], partial: String, context: CompletionContext) -> [String] {
        words.count == 1 ? ModelKind.allCases.map(\.rawValue) : []
    }

    static func run(_ arguments: [String], in context: CommandContext) throws(CommandError) -> [Output] {
        try context.lab.chooseModel(arguments)
    }
}

extension LabSession {
    fileprivate func chooseModel(_ arguments: [String]) throws(CommandError) -> [Output] {
        guard arguments.count == 1, let name = arguments.first else {
            throw CommandError("model needs one name: " + ModelKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        guard let kind = ModelKind(rawValue: name.lowercased()) else {
            throw CommandError("no model `\(name)`." + didYouMean(name, among: ModelKind.allCases.map(\.rawValue)) + " Models: " + ModelKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let data = try dataset()
        if kind.check(data.task) != nil { throw .learning(.modelDoesNotFit(kind, data.task)) }
        model = kind
        trainer = nil
        trainerSettings = nil
        return [.text("Model: \(kind.rawValue) (\(kind.summary)). " + dropOverrides() + "Type `train` to train it.")]
    }
}
