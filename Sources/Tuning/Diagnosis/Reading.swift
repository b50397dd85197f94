import Vocabulary
import Foundation
import Learning

/// The steps of `Diagnostician` on one run (see its documentation for the order and the rules).
struct Reading {
    let facts: RunFacts
    let runner: ProbeRunner

    private var h: Hyperparameters { facts.input.hyperparameters }
    private var model: ModelKind { facts.input.model }
    private typealias Numbers = DiagnosisNumbers

    /// "always predicting the average" or "always predicting the class shares".
    private var constantWords: String {
        facts.input.dataset.task.isClassification ? "always predicting the class shares" : "always predicting the average"
    }

    private func here(_ measure: String, _ value: Double) -> Evidence {
        Evidence(measure: measure, value: value, source: "this run")
    }

    private func probed(_ probe: ProbeResult, _ measure: String, _ value: Double) -> Evidence {
        Evidence(measure: measure, value: value, source: "probe " + probe.change.label)
    }

    /// The run's and the probe's score, as evidence.
    private func comparison(_ probe: ProbeResult) -> [Evidence] {
        [here(facts.measure, facts.score), probed(probe, facts.measure, probe.score)]
    }

    /// "with learning-rate 0.3 the validation loss reaches 0.09 instead of 0.31 (tried)"
    private func measured(_ probe: ProbeResult) -> String {
        "with \(probe.change.label) the \(facts.measure) reaches \(Numbers.loss(probe.score)) instead of \(Numbers.loss(facts.score)) (tried)"
    }

    /// " Try `set learning-rate 0.3`."
    private func tryText(_ advice: Advice) -> String {
        " Try " + advice.commands.map { "`\($0)`" }.joined(separator: ", then ") + "."
    }

    /// The probe with the lowest score among those that improve clearly on the run (and, with
    /// `material`, by at least `Diagnostician.materialShare` of the constant prediction's loss).
    private func best(_ probes: [ProbeResult], material: Bool = false) -> ProbeResult? {
        probes.filter { improves($0) && (!material || isMaterial($0)) }.min { $0.score < $1.score }
    }

    /// True when the probe's score is lower than the run's by at least `Diagnostician.materialShare`
    /// of the constant prediction's loss: a gain that matters for the fit, not only for the optimizer.
    private func isMaterial(_ probe: ProbeResult) -> Bool {
        facts.score - probe.score >= Diagnostician.materialShare * facts.scoreBaseline
    }

    /// True when `probe` is clearly better than the run: its score is lower by the margins of
    /// `RunFacts.clearlyBetter`, and either at most half the run's or the paired per-row differences
    /// (the run's row loss minus the probe's, on the same rows) pass `PairedTest.favours`. Halving
    /// counts on its own because one extrapolated row can dominate a small validation set and hide
    /// a large gain from both tests. Without the run's per-row losses (budget) only the margins are
    /// checked.
    private func improves(_ probe: ProbeResult) -> Bool {
        guard facts.clearlyBetter(probe.score, than: facts.score) else { return false }
        if probe.score <= facts.score / 2 { return true }
        guard let run = runner.retrainedRun(), run.rowLosses.count == probe.rowLosses.count, run.rowLosses.count >= 2 else {
            return true
        }
        return PairedTest.favours(zip(run.rowLosses, probe.rowLosses).map { $0 - $1 })
    }

    /// The weights with the lowest score measured so far, among the run's own curve (up to the reported epoch)
    /// and every probe trained: their score, their training loss (on the run's training rows) and where they come
    /// from. They predict new rows best of all that was tried, so their training loss is how closely the pattern
    /// fits those rows. A run that fits its training rows closer still fits their noise; a run whose training
    /// loss lies materially above it misses part of the pattern (what remains is not noise).
    private var bestSeen: (score: Double, trainLoss: Double, source: String) {
        var best = (score: facts.score, trainLoss: facts.trainLoss, source: "this run")
        for record in facts.curve {
            let value = facts.score(record)
            if value.isFinite, value < best.score { best = (value, record.trainLoss, "this run at epoch \(record.epoch)") }
        }
        for probe in runner.results where probe.score.isFinite && probe.score < best.score {
            best = (probe.score, probe.trainLoss, "probe " + probe.change.label)
        }
        return best
    }

    /// True when the run's training loss lies above the training loss of the best weights seen (`bestSeen`) by
    /// at least `Diagnostician.materialShare` of the constant prediction's loss: weights that predict new rows
    /// better fit the same training rows materially closer, so what remains of the run's loss is not noise.
    private var trainingAboveNoise: Bool {
        facts.trainLoss - bestSeen.trainLoss >= Diagnostician.materialShare * facts.baseline
    }

    private func lr(_ factor: Double) -> String? {
        let value = Numbers.rounded(h.learningRate * factor)
        guard value > 0, value <= 1000 else { return nil }
        return Numbers.setting(value)
    }

    func findings() -> [Finding] {
        if facts.input.diverged { return divergence() }
        guard facts.score.isFinite, facts.trainLoss.isFinite else { return [] }
        _ = runner.retrainedRun()
        if let found = optimization(slow: false) { return [found] }
        if facts.usesValidation, let found = regularization() { return [found] }
        if let found = optimization(slow: true) { return [found] }
        // Without validation rows nothing more can be said about the fit: a closer fit of the
        // training rows may be better or worse on new data.
        guard facts.usesValidation else { return [] }
        // Capacity first: when a more flexible model measures clearly better on a run whose training loss is
        // still high, the run underfits, and a validation curve that drifts up a little (a 2-parameter line on
        // 20 noisy points) is sampling noise, not the model memorizing its training rows.
        let (capacity, referenceRan) = capacityCheck()
        if capacity == nil, let found = overfitting() { return [found] }
        var findings: [Finding] = []
        if let capacity { findings.append(capacity) }
        if let still = stillImproving() { findings.append(still) }
        // "Nothing helped" only when no probe lowered the loss by the material amount at all (even
        // without passing the other margins), which is what the verdict's text says.
        let near = runner.results.filter(isMaterial)
        if findings.isEmpty, referenceRan, !runner.cancelled, near.isEmpty,
           let verdict = settled(bestTried: runner.results.min { $0.score < $1.score }) {
            findings.append(verdict)
        }
        return findings
    }

    // MARK: 1. Divergence

    private func divergence() -> [Finding] {
        let last = facts.input.history.last
        let epoch = last?.epoch ?? 0
        var evidence = [here("epoch at which the run was stopped", Double(epoch))]
        if let last { evidence.append(here("training loss at epoch \(epoch)", last.trainLoss)) }
        var tried: [String] = []
        var rescue: ProbeResult?
        for factor in [0.1, 0.01, 0.001] {
            guard let value = lr(factor), let probe = runner.run(.set("learning-rate", value)) else { continue }
            if !probe.diverged && probe.score.isFinite { rescue = probe; break }
            tried.append(value)
            evidence.append(Evidence(measure: "diverged (1 = yes)", value: 1, source: "probe " + probe.change.label))
        }
        var text: String
        if let loss = last?.trainLoss, loss.isFinite {
            text = "Diverged: the training loss reached \(Numbers.loss(loss)) at epoch \(epoch) and the run was stopped."
        } else {
            text = "Diverged: the training loss (or a weight) became \(last.map { Numbers.loss($0.trainLoss) } ?? "not a number") at epoch \(epoch) and the run was stopped."
        }
        if rescue == nil && !tried.isEmpty {
            text += " A learning rate of \(tried.joined(separator: ", ")) diverged as well (tried), so the learning rate is not shown to be the cause."
        }
        if !facts.baseline.isFinite {
            evidence.append(here("loss of \(constantWords)", facts.baseline))
            text += " Even \(constantWords) gives a loss that is not a finite number: the targets are too large for double precision."
        }
        var findings = [Finding(kind: .diverged, text: text, evidence: evidence, advice: nil)]
        if let probe = rescue {
            let advice = runner.advice(probe, runLoss: .infinity)
            let text = "The learning rate is too high: with \(probe.change.label) the run does not diverge and the \(facts.measure) reaches \(Numbers.loss(probe.score)) after \(probe.history.last?.epoch ?? 0) epoch\(probe.history.last?.epoch == 1 ? "" : "s") (tried)." + tryText(advice)
            findings.append(Finding(kind: .learningRateTooHigh, text: text,
                                    evidence: [probed(probe, facts.measure, probe.score)], advice: advice))
        }
        return findings
    }

    // MARK: 2. Optimization

    /// The optimization step; `slow` reads only a training loss still falling at the end (run after
    /// the regularization step, since a strong penalty also slows training down).
    private func optimization(slow: Bool) -> Finding? {
        let moved = !facts.hardlyMoved
        let stuck = slow ? false : facts.nearConstant
        let oscillating = slow ? false : facts.oscillating
        let falling = slow ? facts.trainingStillFalling : nil
        if slow { guard falling != nil else { return nil } } else { guard !moved || stuck || oscillating else { return nil } }

        var up: [ProbeResult] = [], down: [ProbeResult] = [], structural: [ProbeResult] = []
        if !moved || stuck || falling != nil {
            var rates = [lr(10)].compactMap { $0 }
            let usual = Hyperparameters.defaults(model: model, dataset: facts.input.dataset.name).learningRate
            if !moved, usual > 10 * h.learningRate { rates.append(Numbers.setting(usual)) }
            up = rates.compactMap { runner.run(.set("learning-rate", $0)) }
        }
        if oscillating || (stuck && moved) {
            down = [lr(0.1)].compactMap { $0 }.compactMap { runner.run(.set("learning-rate", $0)) }
            if oscillating, h.optimizer == .sgd, h.momentum >= 0.5 {
                let lower = Numbers.rounded(max(0, 1 - (1 - h.momentum) * 10))
                if let probe = runner.run(.set("momentum", Numbers.setting(lower))) { down.append(probe) }
            }
        }
        if stuck, model == .mlp, !h.hiddenLayers.isEmpty {
            let other: Activation = h.activation == .relu ? .tanh : .relu
            if let probe = runner.run(.set("activation", other.rawValue)) { structural.append(probe) }
            if h.optimizer == .sgd {
                let change = ProbeChange(model: nil, settings: [.init(name: "optimizer", value: "adam"), .init(name: "learning-rate", value: "0.01")],
                                         label: "optimizer adam and learning-rate 0.01")
                if let probe = runner.run(change) { structural.append(probe) }
            }
        }
        let winner: ProbeResult
        let kind: FindingKind
        if !moved, let u = best(up) {
            winner = u; kind = .learningRateTooSmall
        } else if stuck, let s = best(structural) {
            winner = s; kind = .optimizationStuck
        } else if let w = best(up + down + structural, material: slow) {
            winner = w
            kind = structural.contains(where: { $0.change == w.change }) ? .optimizationStuck
                : up.contains(where: { $0.change == w.change }) ? .learningRateTooSmall : .learningRateTooHigh
        } else {
            return nil
        }
        let advice = runner.advice(winner, runLoss: facts.score)
        var evidence = comparison(winner)
        var text: String
        switch kind {
        case .learningRateTooSmall:
            evidence.insert(here("training loss at the start", facts.startLoss), at: 0)
            evidence.insert(here("training loss at the end", facts.trainLoss), at: 1)
            text = "The learning rate is too small: the training loss went from \(Numbers.loss(facts.startLoss)) at the start to \(Numbers.loss(facts.trainLoss)) in \(facts.epochsTrained) epochs; "
        case .learningRateTooHigh:
            evidence.insert(here("epochs in which the training loss rose", Double(facts.rises)), at: 0)
            evidence.insert(here("lowest training loss", facts.lowestTrainLoss), at: 1)
            evidence.insert(here("final training loss", facts.trainLoss), at: 2)
            text = "The steps are too long: the training loss rose in \(facts.rises) of \(facts.epochsTrained) epochs (lowest \(Numbers.loss(facts.lowestTrainLoss)), final \(Numbers.loss(facts.trainLoss))); "
        default:
            evidence.insert(here("training loss", facts.trainLoss), at: 0)
            evidence.insert(here("loss of \(constantWords)", facts.baseline), at: 1)
            text = "Training is stuck near the constant prediction: the training loss \(Numbers.loss(facts.trainLoss)) is \(Numbers.percent(facts.trainLoss / facts.baseline)) of \(constantWords) (\(Numbers.loss(facts.baseline))); "
        }
        text += measured(winner) + "." + tryText(advice)
        return Finding(kind: kind, text: text, evidence: evidence, advice: advice)
    }

    // MARK: 3. Regularization

    private func regularization() -> Finding? {
        guard h.l2 > 0 || h.l1 > 0 else { return nil }
        var changes: [ProbeChange] = []
        for factor in [0.1, 0.0] {
            var settings: [ProbeChange.Pair] = []
            if h.l2 > 0 { settings.append(.init(name: "l2", value: Numbers.setting(Numbers.rounded(h.l2 * factor)))) }
            if h.l1 > 0 { settings.append(.init(name: "l1", value: Numbers.setting(Numbers.rounded(h.l1 * factor)))) }
            changes.append(ProbeChange(model: nil, settings: settings,
                                       label: settings.map { "\($0.name) \($0.value)" }.joined(separator: " and ")))
        }
        let probes = changes.compactMap { runner.run($0) }.filter { $0.trainLoss < facts.trainLoss }
        guard let winner = best(probes, material: true) else { return nil }
        let advice = runner.advice(winner, runLoss: facts.score)
        let evidence = [here("training loss", facts.trainLoss), probed(winner, "training loss", winner.trainLoss)] + comparison(winner)
        let text = "The penalty holds the fit back: with \(winner.change.label) the training loss is \(Numbers.loss(winner.trainLoss)) instead of \(Numbers.loss(facts.trainLoss)) and the \(facts.measure) reaches \(Numbers.loss(winner.score)) instead of \(Numbers.loss(facts.score)) (tried)." + tryText(advice)
        return Finding(kind: .underfittingByRegularization, text: text, evidence: evidence, advice: advice)
    }

    // MARK: 4. Overfitting

    private func overfitting() -> Finding? {
        guard facts.usesValidation else { return nil }
        let curve = facts.overfittingCurve
        let gap = facts.score - facts.trainLoss > 0.2 * facts.scoreBaseline && facts.score > 2 * facts.trainLoss
        guard curve != nil || gap else { return nil }
        var changes: [ProbeChange] = []
        let penalties = h.l2 == 0 ? [0.01, 0.1, 1] : [Numbers.rounded(h.l2 * 10)].filter { $0 <= 100 }
        changes += penalties.map { .set("l2", Numbers.setting($0)) }
        if h.earlyStopping == 0 { changes.append(.set("early-stopping", "10")) }
        if model == .mlp, h.hiddenLayers.contains(where: { $0 > 1 }) {
            changes.append(.set("hidden-layers", h.hiddenLayers.map { String(max(1, $0 / 2)) }.joined(separator: ",")))
        }
        if h.degree > 1 {
            for degree in Set([max(1, h.degree / 2), min(h.degree - 1, 3)]).sorted() where degree >= 1 && degree < h.degree {
                changes.append(.set("degree", String(degree)))
            }
        }
        guard let winner = best(changes.compactMap { runner.run($0) }, material: true) else { return nil }
        // A gap alone is overfitting only when the model fits its training rows closer than the weights that
        // predict new rows best (`bestSeen`): the extra closeness is noise. A run whose training rows are fitted
        // less closely (a strong penalty bending the curve wrongly between the points) is not memorizing them.
        let noise = bestSeen
        if curve == nil, !(facts.trainLoss < noise.trainLoss) { return nil }
        let advice = runner.advice(winner, runLoss: facts.score)
        var text: String
        var evidence: [Evidence]
        if let curve {
            let tail = max(1, facts.curve.count / 10)
            text = "Overfitting: the \(facts.measure) was lowest at epoch \(curve.best.epoch) (\(Numbers.loss(facts.score(curve.best)))) and averaged \(Numbers.loss(curve.tailMean)) over the last \(tail) epochs, while the training loss ended at \(Numbers.loss(facts.trainLoss))."
            evidence = [here("lowest \(facts.measure) (epoch \(curve.best.epoch))", facts.score(curve.best)),
                        here("mean \(facts.measure) over the last \(tail) epochs", curve.tailMean),
                        here("training loss", facts.trainLoss)]
        } else {
            text = "Overfitting: the \(facts.measure) (\(Numbers.loss(facts.score))) is far above the training loss (\(Numbers.loss(facts.trainLoss))), which is below the training loss of the weights with the lowest \(facts.measure) tried (\(Numbers.loss(noise.trainLoss)), \(noise.source), whose \(facts.measure) is \(Numbers.loss(noise.score))): the model fits the noise of its training rows."
            evidence = [here("training loss", facts.trainLoss), here(facts.measure, facts.score),
                        Evidence(measure: "training loss", value: noise.trainLoss, source: noise.source),
                        Evidence(measure: facts.measure, value: noise.score, source: noise.source)]
        }
        text += " With " + measured(winner).dropFirst(5) + "." + tryText(advice)
        evidence += [probed(winner, facts.measure, winner.score)]
        return Finding(kind: .overfitting, text: text, evidence: evidence, advice: advice)
    }

    // MARK: 5. Capacity

    /// The capacity finding, and whether every reference ran.
    private func capacityCheck() -> (Finding?, Bool) {
        var changes: [ProbeChange] = []
        if model == .mlp {
            let wider = h.hiddenLayers.isEmpty ? [16] : h.hiddenLayers.map { min(1024, 2 * $0) }
            changes.append(.set("hidden-layers", wider.map(String.init).joined(separator: ",")))
        } else {
            changes.append(ProbeChange(model: .mlp, settings: [], label: "model mlp"))
            if model == .linear, facts.input.dataset.featureCount <= 10, h.degree < 20 {
                changes.append(.set("degree", String(h.degree < 3 ? 3 : min(20, h.degree + 2))))
            }
        }
        let probes = changes.compactMap { runner.run($0) }
        // "Cannot fit" needs a training loss that is still a quarter of the constant prediction's or
        // more (a model that fits its training rows closely can represent the pattern), and a
        // reference that fits the training rows clearly better too.
        let fits = facts.trainLoss >= 0.25 * facts.baseline ? probes.filter { facts.clearlyBetter($0.trainLoss, than: facts.trainLoss) } : []
        // The reference must do better on the validation rows by the material share, or at least clearly (the
        // margins of `improves`) while it fits the training rows closer by the material share: then the run
        // misses part of the pattern on its own rows, which a small validation set may not show by that share.
        let underfits = fits.filter { facts.trainLoss - $0.trainLoss >= Diagnostician.materialShare * facts.baseline }
        guard let winner = best(fits, material: true) ?? best(underfits) else { return (nil, !probes.isEmpty && probes.count == changes.count) }
        let advice = runner.advice(winner, runLoss: facts.score)
        let what = winner.change.model == nil ? "This model is too small for the pattern" : "Another model fits this pattern clearly better"
        let text = "\(what): with \(winner.change.label) the training loss is \(Numbers.loss(winner.trainLoss)) instead of \(Numbers.loss(facts.trainLoss)) and the \(facts.measure) reaches \(Numbers.loss(winner.score)) instead of \(Numbers.loss(facts.score)) (tried)." + tryText(advice)
        let evidence = [here("training loss", facts.trainLoss), probed(winner, "training loss", winner.trainLoss)] + comparison(winner)
        return (Finding(kind: .modelCannotFit, text: text, evidence: evidence, advice: advice), true)
    }

    // MARK: 6. Still improving

    private func stillImproving() -> Finding? {
        guard facts.input.restoredEpoch == nil, let falling = facts.scoreStillFalling else { return nil }
        let epochs = facts.epochsTrained
        guard epochs > 0, 2 * epochs <= 100_000 else { return nil }
        let change = ProbeChange(model: nil, settings: [.init(name: "epochs", value: String(2 * epochs))],
                                 label: "\(epochs) more epochs", commands: ["continue \(epochs)"])
        guard let probe = runner.run(change), best([probe], material: true) != nil else { return nil }
        let advice = runner.advice(probe, runLoss: facts.score)
        let text = "Still improving: the \(facts.measure) fell by \(Numbers.loss(falling.drop)) over the last \(falling.epochs) epochs; " + measured(probe) + "." + tryText(advice)
        let evidence = [here("fall of the \(facts.measure) over the last \(falling.epochs) epochs", falling.drop)] + comparison(probe)
        return Finding(kind: .stillImproving, text: text, evidence: evidence, advice: advice)
    }

    // MARK: 7. Nothing helped

    /// The verdict that nothing tried helped: `goodFit`, or `noiseFloor`, which is stated only when the run's
    /// training loss is not materially above the lowest score seen (`trainingAboveNoise`): the rest is noise only
    /// when no model tried predicts new rows materially better than this one fits its own.
    private func settled(bestTried: ProbeResult?) -> Finding? {
        let share = facts.score / facts.scoreBaseline
        if share > Diagnostician.goodFitShare, trainingAboveNoise { return nil }
        var evidence = [here(facts.measure, facts.score), here("\(facts.measure) of \(constantWords)", facts.scoreBaseline)]
        let tried = runner.reports.map(\.change)
        var text: String
        let good = share <= Diagnostician.goodFitShare
        // A change of this model's settings (not another model: the verdict is about this one) that lowered the
        // score by a quarter of its own value or more (and by 2% of the constant
        // prediction's loss) is named as worth trying, even when that is below the material share (or the
        // validation rows are too few for the paired test); the rest is then not called noise.
        let relativeGain = bestTried.map { facts.score > 0 && $0.score.isFinite ? (facts.score - $0.score) / facts.score : 0 } ?? 0
        let worthTrying = bestTried.map {
            $0.change.model == nil && relativeGain >= 0.25 && facts.clearlyBetter($0.score, than: facts.score)
                && facts.score - $0.score >= 0.02 * facts.scoreBaseline   // not a sliver of a near-zero loss
        } ?? false
        if good {
            text = "A good fit: the \(facts.measure) \(Numbers.loss(facts.score)) is \(Numbers.percent(share)) of \(constantWords) (\(Numbers.loss(facts.scoreBaseline)))"
        } else {
            text = (worthTrying ? "No change tried helped by a tenth of the constant prediction's loss: the " : "Near the best this model reaches on this data; the rest looks like noise: the ") + "\(facts.measure) \(Numbers.loss(facts.score)) is \(Numbers.percent(share)) of \(constantWords) (\(Numbers.loss(facts.scoreBaseline)))"
        }
        let step = Diagnostician.materialShare * facts.scoreBaseline
        // The sentence counts the changes tried; `why` lists them with their scores.
        let by = " by \(Numbers.loss(step)) or more, a tenth of the constant prediction's loss"
        switch tried.count {
        case 0: text += "; no change was tried"
        case 1: text += "; the one change tried (\(tried[0])) did not lower it" + by
        default: text += "; none of the \(tried.count) changes tried lowered it" + by
        }
        var advice: Advice?
        if let bestTried, bestTried.score.isFinite {
            if worthTrying {
                let suggestion = runner.advice(bestTried, runLoss: facts.score)
                advice = suggestion
                text += ", though \(bestTried.change.label) brought it to \(Numbers.loss(bestTried.score)), \(Numbers.percent(relativeGain)) lower here (tried)."
                    + tryText(suggestion)
            } else {
                text += " (best: \(Numbers.loss(bestTried.score)) with \(bestTried.change.label))."
            }
            evidence.append(probed(bestTried, facts.measure, bestTried.score))
        } else {
            text += "."
        }
        return Finding(kind: good ? .goodFit : .noiseFloor, text: text, evidence: evidence, advice: advice)
    }
}
