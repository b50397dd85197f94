import Vocabulary
import Foundation
import Learning

/// A change a probe tries: optionally another model (from its defaults for the dataset), then
/// hyperparameter settings.
struct ProbeChange: Sendable, Hashable {
    /// The model to switch to, nil to keep the run's.
    var model: ModelKind?
    /// Vocabulary names and values as `set` accepts them, applied in order.
    var settings: [Pair]
    /// The change as it reads in a sentence, e.g. "learning-rate 0.3".
    var label: String
    /// Lab commands to show instead of the `model`/`set` commands (e.g. ["continue"]).
    var commands: [String]?

    struct Pair: Sendable, Hashable {
        var name: String
        var value: String
    }

    /// One setting, labelled "NAME VALUE".
    static func set(_ name: String, _ value: String) -> ProbeChange {
        ProbeChange(model: nil, settings: [Pair(name: name, value: value)], label: "\(name) \(value)")
    }
}

/// A probe's outcome.
struct ProbeResult: Sendable {
    let change: ProbeChange
    let model: ModelKind
    let hyperparameters: Hyperparameters
    /// The run's score measure at the probe's kept weights (validation loss, or training loss without
    /// validation rows); +infinity when the probe diverged.
    let score: Double
    /// Training loss at the kept weights; +infinity when diverged.
    let trainLoss: Double
    let diverged: Bool
    let history: [EpochRecord]
    /// The `set` settings to reach the probe from the run (or from the new model's defaults).
    let settings: [ProbeChange.Pair]
    /// The loss of each scored row (validation rows, or training rows without them) at the kept
    /// weights, in row order; empty when diverged.
    let rowLosses: [Double]
}

/// Trains probes on the run's dataset and split within a budget; one instance per diagnosis, used from
/// one thread.
final class ProbeRunner {
    let input: DiagnosisInput
    let budget: DiagnosisBudget
    let usesValidation: Bool
    private let shouldStop: () -> Bool
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    private(set) var cost = 0.0
    private(set) var skipped = false
    private(set) var cancelled = false
    private(set) var reports: [ProbeReport] = []
    /// Every probe trained (not the retrained run), in order.
    private(set) var results: [ProbeResult] = []
    private var cache: [ProbeChange: ProbeResult] = [:]
    private var retrained: ProbeResult??

    init(input: DiagnosisInput, budget: DiagnosisBudget, usesValidation: Bool, shouldStop: @escaping () -> Bool) {
        self.input = input
        self.budget = budget
        self.usesValidation = usesValidation
        self.shouldStop = shouldStop
        started = clock.now
    }

    /// Seconds since the diagnosis started.
    var elapsed: Double {
        let d = clock.now - started
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    /// The model and hyperparameters a change leads to; nil when a setting is refused. Without a model
    /// switch the probe runs as many epochs as the run's history (set explicitly when that differs
    /// from the run's `epochs`, e.g. after `continue`), so it is compared at the same training
    /// length; after a divergence or early stopping (a history cut short) it runs the run's `epochs`.
    func configuration(_ change: ProbeChange) -> (ModelKind, Hyperparameters, [ProbeChange.Pair])? {
        let run = input.hyperparameters
        var h = run
        var model = input.model
        var settings: [ProbeChange.Pair] = []
        if let target = change.model {
            model = target
            h = Hyperparameters.defaults(model: target, dataset: input.dataset.name)
            h.seed = run.seed
            // Keep the split and the early-stopping rule, so the comparison is on the same rows.
            for name in ["validation-fraction", "early-stopping"] where h.text(of: name) != run.text(of: name) {
                if let value = run.text(of: name) { settings.append(.init(name: name, value: value)) }
            }
        } else if !input.diverged, input.restoredEpoch == nil, (input.history.last?.epoch ?? 0) != run.epochs,
                  !change.settings.contains(where: { $0.name == "epochs" }) {
            settings.append(.init(name: "epochs", value: String(input.history.last?.epoch ?? 0)))
        }
        settings += change.settings
        for s in settings {
            do { try h.set(s.name, to: s.value) } catch { return nil }
        }
        if change.model == nil && h == run { return nil }
        return (model, h, settings)
    }

    /// The run itself retrained from its initial weights with its final settings (bit-identical to the
    /// run when it was one `train` call), for the per-row losses that `clearlyBetter` pairs with a
    /// probe's; nil when the budget does not allow it. Not listed among the probes.
    func retrainedRun() -> ProbeResult? {
        if let retrained { return retrained }
        var h = input.hyperparameters
        if !input.diverged, input.restoredEpoch == nil { h.epochs = max(1, input.history.last?.epoch ?? 0) }
        let result = train(ProbeChange(model: nil, settings: [], label: "the run retrained"), model: input.model, h: h, settings: [], report: false)
        if result != nil || !cancelled { retrained = .some(result) }
        return result
    }

    /// Trains the probe, or returns nil when it is not allowed (refused setting, over budget, past
    /// the time limit, cancelled) or cannot train.
    func run(_ change: ProbeChange) -> ProbeResult? {
        if let cached = cache[change] { return cached }
        guard let (model, h, settings) = configuration(change) else { return nil }
        let result = train(change, model: model, h: h, settings: settings, report: true)
        if let result { cache[change] = result; results.append(result) }
        return result
    }

    private func train(_ change: ProbeChange, model: ModelKind, h: Hyperparameters, settings: [ProbeChange.Pair], report: Bool) -> ProbeResult? {
        if cancelled { return nil }
        if shouldStop() { cancelled = true; return nil }
        guard let trainer = try? Trainer(dataset: input.dataset, model: model, hyperparameters: h) else { return nil }
        let parameters = trainer.parameters.reduce(0) { $0 + $1.values.count }
        let estimate = Double(h.epochs) * Double(trainer.trainingRowCount) * Double(parameters)
        guard cost + estimate <= budget.maximumCost, elapsed < budget.maximumSeconds else {
            skipped = true
            return nil
        }
        let limit = budget.maximumSeconds
        var stoppedByCaller = false
        let outcome = trainer.train(shouldStop: { [self] in
            if shouldStop() { stoppedByCaller = true; return true }
            return elapsed > limit
        })
        cost += estimate
        if outcome.interrupted {
            if stoppedByCaller { cancelled = true } else { skipped = true }
            return nil
        }
        let kept = trainer.evaluate()
        let diverged = outcome.diverged
        let train = diverged || !kept.trainLoss.isFinite ? Double.infinity : kept.trainLoss
        let measured = usesValidation ? (kept.validationLoss ?? .infinity) : kept.trainLoss
        let score = diverged || !measured.isFinite ? Double.infinity : measured
        let result = ProbeResult(change: change, model: model, hyperparameters: h, score: score, trainLoss: train,
                                 diverged: diverged, history: trainer.history, settings: settings,
                                 rowLosses: score.isFinite ? rowLosses(trainer) : [])
        if report {
            reports.append(ProbeReport(change: change.label, epochs: h.epochs, trainLoss: train.isFinite ? train : nil,
                                       validationLoss: usesValidation && score.isFinite ? score : nil, diverged: diverged))
        }
        return result
    }

    /// The data loss of each scored row at the trainer's current weights: squared error (regression) or
    /// −ln of the probability of the true class (classification, probabilities floored at 1e-300).
    private func rowLosses(_ trainer: Trainer) -> [Double] {
        let rows = usesValidation ? trainer.validationRows : trainer.trainingRows
        let data = input.dataset
        let width = data.featureCount
        var raw = [Double]()
        raw.reserveCapacity(rows.count * width)
        for r in rows { raw += data.features.values[(r * width)..<((r + 1) * width)] }
        let predicted = trainer.predict(Matrix(rows: rows.count, columns: width, values: raw))
        let classification = data.task.isClassification
        return rows.enumerated().map { i, r in
            let y = data.targets[r]
            if classification {
                return -Foundation.log(max(predicted.values[i * predicted.columns + Int(y)], 1e-300))
            }
            let d = predicted.values[i] - y
            return d * d
        }
    }

    /// The advice that reproduces a probe.
    func advice(_ probe: ProbeResult, runLoss: Double) -> Advice {
        let settings = probe.settings.map { Advice.Setting(name: $0.name, value: $0.value) }
        var commands = probe.change.model.map { ["model \($0.rawValue)"] } ?? []
        commands += probe.settings.map { "set \($0.name) \($0.value)" }
        if let replacement = probe.change.commands { commands = replacement }
        return Advice(model: probe.change.model?.rawValue, settings: settings, commands: commands,
                      measuredLoss: probe.score, runLoss: runLoss)
    }
}
