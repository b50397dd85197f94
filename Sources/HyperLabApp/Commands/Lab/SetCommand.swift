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
    static let details = "`set learning-rate 0.5` (or `set lr=0.5`) changes one setting and trains again from the same initial weights, so the new curves can be compared with the old ones. Several pairs can be given at once. `set auto off` turns the instant retraining off so that several changes can be made before one `train`; `set auto on` turns it back on. `set hints off` stops the diagnosis after each training (teachers who want silence); `set hints on` brings it back, and `why` explains the last run either way."

    static func completions(words: [String], partial: String, context: CompletionContext) -> [String] {
        if words.count % 2 == 1 { return HyperparameterCatalog.all.map(\.name) + ["auto", "hints"] }
        if words.last == "auto" || words.last == "hints" { return ["on", "off"] }
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
                autoTrain = try Self.onOff(name, value)
                messages.append(autoTrain ? "auto on: every `set` retrains at once" : "auto off: make your changes, then type `train`")
                continue
            }
            if name == "hints" {
                hintsEnabled = try Self.onOff(name, value)
                if !hintsEnabled { diagnosisState.cancelPending() }
                messages.append(hintsEnabled ? "hints on: each training is diagnosed and its findings shown"
                                             : "hints off: no diagnosis after training; `why` still explains the last run")
                continue
            }
            guard let spec = HyperparameterCatalog.spec(named: name) else {
                let names = HyperparameterCatalog.all.flatMap { [$0.name] + $0.aliases } + ["auto", "hints"]
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
        if autoTrain && pairs.contains(where: { $0.0 != "auto" && $0.0 != "hints" }) { outputs += try train() }
        return outputs
    }

    /// The switch `name` (`auto`, `hints`) as `value` turns it: on, true, yes or off, false, no.
    private static func onOff(_ name: String, _ value: String) throws(CommandError) -> Bool {
        switch value.lowercased() {
        case "on", "true", "yes": return true
        case "off", "false", "no": return false
        default: throw CommandError("\(name) is on or off (got `\(value)`)")
        }
    }
}
