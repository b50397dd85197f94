import Foundation
import Learning
import Teaching
import TerminalCharts
import Tuning
import Vocabulary

/// `show`: show the dataset, the model, the lab's switches (auto-training, hints) and every hyperparameter
/// (changed ones marked *).
struct ShowCommand: LabCommand {
    static let name = "show"
    static let aliases = ["settings"]
    static let usage = "show"
    static let summary = "show the dataset, the model, whether hints are on, and every hyperparameter (changed ones marked *)"
    static let details = "Hyperparameters are the settings you choose before training; `params` shows what training learned."

    static func run(_ arguments: [String], in context: CommandContext) throws(CommandError) -> [Output] {
        try expectNoArguments(arguments)
        return [try context.lab.show()]
    }
}

extension LabSession {
    fileprivate func show() throws(CommandError) -> Output {
        let hyperparameters = try currentHyperparameters()
        let defaults = Hyperparameters.defaults(model: model, dataset: datasetName)
        var lines = ["dataset  \(datasetName)" + (loadedDataset.map { " (\($0.rowCount) rows x \($0.featureCount) features, \($0.task.label))" } ?? ""),
                     "model    \(model.rawValue)",
                     "auto     \(autoTrain ? "on" : "off")",
                     "hints    \(hintsEnabled ? "on" : "off")",
                     "Hyperparameters (* = changed from the default for this model and dataset):"]
        for spec in HyperparameterCatalog.all {
            let value = hyperparameters.text(of: spec.name) ?? "?"
            let changed = overrides[spec.name] != nil && value != defaults.text(of: spec.name)
            lines.append("  " + (changed ? "* " : "  ") + spec.name.padding(toLength: 20, withPad: " ", startingAt: 0) + value
                         + (changed ? "   (default \(defaults.text(of: spec.name) ?? spec.defaultText))" : ""))
        }
        return .text(lines.joined(separator: "\n"))
    }
}
