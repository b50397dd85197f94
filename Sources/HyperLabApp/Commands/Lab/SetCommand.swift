import Foundation
import Learning
import Teaching
import TerminalCharts
import Tuning
import Vocabulary

/// `set NAME VALUE [NAME VALUE]...`: change a hyperparameter; retrains and redraws at once.
struct SetCommand: LabCommand {
    static let name = "set"
    static let usage = "set NAME VALUE [NAME VALUE]..."
    static let summary = "change a hyperparameter; retrains and redraws at once"
    static let details = "`set learning-rate 0.5` (or `set lr=0.5`) changes one setting and trains again from the same initial weights, so the new curves can be compared with the old ones. Several pairs can be given at once. `set auto off` turns the instant retraining off so that several changes can be made before one `train`; `set auto on` turns it back on."

    static func completions(words: [String], partial: String, context: CompletionContext) -> [String] {
        if words.count % 2 == 1 { return HyperparameterCatalog.all.map(\.name) + ["auto"] }
        if words.last == "auto" { return ["on", "off"] }
        return words.last.flatMap { HyperparameterCatalog.spec(named: $0) }?.allowedValues ?? []
    }

    static func run(_ arguments: [String], in context: CommandContext) throws(CommandError) -> [Output] {
        try context.lab.set(arguments)
    }
}

extension LabSession {
    fileprivate func set(_ arguments: [String]) throws(CommandError) -> [Output] {
        let pairs = try Self.settingPairs(arguments)
        var messages: [String] = []
        var trialOverrides = overrides
        for (name, value) in pairs {
            if name == "auto" {
                switch value.lowercased() {
                case "on", "true", "yes": autoTrain = true; messages.append("auto on: every `set` retrains at once")
                case "off", "false", "no": autoTrain = false; messages.append("auto off: make your changes, then type `train`")
                default: throw CommandError("auto is on or off (got `\(value)`)")
                }
                continue
            }
            guard let spec = HyperparameterCatalog.spec(named: name) else {
                let names = HyperparameterCatalog.all.flatMap { [$0.name] + $0.aliases } + ["auto"]
                throw CommandError("unknown hyperparameter `\(name)`." + didYouMean(name, among: names) + " Names: " + HyperparameterCatalog.all.map(\.name).joined(separator: ", "))
            }
            var probe = Hyperparameters.defaults(model: model, dataset: datasetName)
            do { try probe.set(spec.name, to: value) } catch { throw .vocabulary(error) }
            trialOverrides[spec.name] = value
            messages.append("\(spec.name) = \(probe.text(of: spec.name) ?? value)")
        }
        overrides = trialOverrides
        // A synthetic dataset is drawn from the seed: a new seed draws it again.
        if isSynthetic && pairs.contains(where: { HyperparameterCatalog.spec(named: $0.0)?.name == "seed" }) { loadedDataset = nil }
        var outputs: [Output] = [.text(messages.joined(separator: ", "))]
        if autoTrain && pairs.contains(where: { $0.0 != "auto" }) { outputs += try train() }
        return outputs
    }
}
