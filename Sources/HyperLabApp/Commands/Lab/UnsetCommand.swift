import Foundation
import Learning
import Teaching
import TerminalCharts
import Tuning
import Vocabulary

/// `unset NAME|all`: put a hyperparameter back to its default.
struct UnsetCommand: LabCommand {
    static let name = "unset"
    static let usage = "unset NAME|all"
    static let summary = "put a hyperparameter back to its default"
    static let details = "`unset l2` puts l2 back to the default for this model and dataset; `unset all` puts every setting back."

    static func completions(words: [String], partial: String, context: CompletionContext) -> [String] {
        HyperparameterCatalog.all.map(\.name) + ["all"]
    }

    static func run(_ arguments: [String], in context: CommandContext) throws(CommandError) -> [Output] {
        try context.lab.unset(arguments)
    }
}

extension LabSession {
    fileprivate func unset(_ arguments: [String]) throws(CommandError) -> [Output] {
        guard !arguments.isEmpty else { throw CommandError("unset needs a hyperparameter name, or `all`") }
        var outputs: [Output] = []
        for name in arguments {
            if name == "all" { overrides.removeAll(); outputs.append(.text("every hyperparameter is back to its default")); continue }
            guard let spec = HyperparameterCatalog.spec(named: name) else {
                throw CommandError("unknown hyperparameter `\(name)`." + didYouMean(name, among: HyperparameterCatalog.all.map(\.name)))
            }
            overrides[spec.name] = nil
            let value = Hyperparameters.defaults(model: model, dataset: datasetName).text(of: spec.name) ?? spec.defaultText
            outputs.append(.text("\(spec.name) = \(value) (default)"))
        }
        if autoTrain { outputs += try train() }
        return outputs
    }
}
