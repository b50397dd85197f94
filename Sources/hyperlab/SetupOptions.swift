import ArgumentParser
import Foundation
import HyperLabApp
import TerminalCharts
import Vocabulary

/// The setup flags: dataset, model and hyperparameters.
struct SetupOptions: ParsableArguments {
    @Option(help: "A built-in dataset name or a CSV path.")
    var dataset: String?
    @Option(help: "For a CSV: the target column (default: the last).")
    var target: String?
    @Flag(help: "For a CSV: treat the target as class labels.")
    var classification = false
    @Option(help: "For a synthetic dataset: its noise level.")
    var noise: Double?
    @Option(help: "linear, logistic, softmax or mlp.")
    var model: String?
    @Option(name: .customLong("set"), help: ArgumentHelp("A hyperparameter, NAME=VALUE (repeatable), e.g. --set learning-rate=0.1.", valueName: "NAME=VALUE"))
    var settings: [String] = []

    var isEmpty: Bool { dataset == nil && model == nil && settings.isEmpty && target == nil && !classification && noise == nil }

    func apply(to session: LabSession, seed: UInt64?) throws {
        var all = settings
        if let seed { all.insert("seed=\(seed)", at: 0) }
        do {
            try session.configure(dataset: dataset, target: target, classification: classification, noise: noise, model: model, settings: all)
        } catch {
            throw UsageFailure(message: error.message)
        }
    }

    /// Sets only the seed (for `run`, `quiz` and `lessons`, which take no setup flags); nil leaves it.
    static func applySeed(_ seed: UInt64?, to session: LabSession) throws {
        guard let seed else { return }
        do { try session.configure(dataset: nil, model: nil, settings: ["seed=\(seed)"]) } catch {
            throw UsageFailure(message: error.message)
        }
    }
}
