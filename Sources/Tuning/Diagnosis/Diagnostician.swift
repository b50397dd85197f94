import Vocabulary
import Foundation
import Learning

/// Turns a finished run into findings backed by evidence: the numbers of the run, and of short
/// probe trainings on the same data, split and seed.
///
/// A cause or a piece of advice is stated only when a probe measured it: a change is recommended
/// only when its validation loss (training loss without validation rows) is *clearly* lower than
/// the run's: by at least `relativeMargin` of it, and either to half of it or with per-row
/// differences that pass a paired test (`PairedTest`). The run is retrained once from
/// its initial weights for its per-row losses. The steps, in order (each runs only the probes its
/// symptoms call for):
/// 1. **Diverged**: probes with the learning rate divided by 10, 100, 1000; the first that does not
///    diverge makes a `learningRateTooHigh` finding. If none helps the learning rate is not blamed.
/// 2. **Optimization** (when the training loss hardly moved, stayed near the constant prediction,
///    or oscillated): the learning rate x10 (or the model's default when the rate is vanishing),
///    /10, momentum lowered, another activation or adam for a network near the constant
///    prediction. The best clear improvement names the kind (`learningRateTooSmall`,
///    `learningRateTooHigh`, `optimizationStuck`); such a run gets no capacity findings, since
///    capacity cannot be judged on a model that has not been optimized.
/// 3. **Regularization**: with l2 or l1 set, a tenth of it and none; a clear improvement with a
///    lower training loss is `underfittingByRegularization`. Then, when the training loss was
///    still falling at the end, the learning rate x10 (`learningRateTooSmall`, only for a
///    material gain: see `materialShare`).
/// 4. **Overfitting**: read from the curve (the validation loss averaged over the last tenth of
///    the epochs lies clearly above its lowest value, reached earlier, while the training loss
///    kept falling), or from a large gap (validation loss more than twice the training loss and
///    above it by 20% of the constant prediction's loss); stated only when a regularizing probe
///    (more l2, early stopping, fewer units or a lower degree) does clearly better. The gap alone
///    counts only when the training loss is below the lowest validation loss any weights reached
///    (the run's curve and every probe): a model that fits its training rows better than anything
///    tried predicts new rows fits their noise; one above that level does not memorize them.
/// 5. **Capacity**: a flexible reference (the mlp with its defaults for the dataset, or twice the
///    units, or a higher degree); when the run's training loss is at least a quarter of the
///    constant prediction's and the reference fits training and validation rows clearly better,
///    by the material share on the validation rows or with the run's training loss materially
///    above the reference's validation loss (the run fits its own rows worse than the reference
///    predicts new ones), the finding is `modelCannotFit` and the reference is the advice.
/// 6. **Still improving**: when the validation loss fell materially over the last fifth of the
///    epochs and early stopping did not fire, a probe with as many epochs again (`continue`).
/// 7. When no probe lowered the loss by `materialShare` of the constant prediction's loss (even
///    one that failed the other margins): `goodFit` if the validation loss is at most
///    `goodFitShare` of the constant prediction's, else `noiseFloor`. A probe that did lower it
///    that much without passing the other margins leaves no verdict, and so does a training loss
///    materially above the lowest validation loss seen: the rest is then not noise, since some
///    model tried predicts new rows better than this one fits its own.
/// Without validation rows only the steps about the optimizer run (1, 2 and the learning-rate part
/// of 3, on the training loss): the fit of new data cannot be judged.
public enum Diagnostician {
    /// A probe is clearly better when its loss is lower by at least this share of the run's loss,
    /// and besides it halves the loss or the per-row differences pass a paired test
    /// (see `PairedTest`).
    public static let relativeMargin = 0.1
    /// The findings about the fit (regularization, overfitting, capacity, more epochs) and the verdict
    /// that nothing helped also need a gain of at least this share of the constant prediction's loss
    /// (for regression, 0.1 of R²): smaller gains do not change how well the model fits the pattern.
    public static let materialShare = 0.1
    /// A run with nothing left to improve is a good fit when its loss is at most this share of the
    /// constant prediction's loss (R² >= 0.7 for regression), else it is at a noise floor.
    public static let goodFitShare = 0.3

    /// Diagnoses `input` within `budget`. Pure apart from the clock: builds its own trainers, reads
    /// nothing global, and can run on any thread (the input is a value). `shouldStop` is polled
    /// before each probe and between its batches (Ctrl-C); a stopped diagnosis returns the findings
    /// complete so far. An interrupted or empty run gets no findings.
    public static func diagnose(_ input: DiagnosisInput, budget: DiagnosisBudget = .standard,
                                shouldStop: @escaping () -> Bool = { false }) -> RunDiagnosis {
        let start = ContinuousClock.now
        guard !input.interrupted, let reported = input.reportedRecord,
              let base = try? Trainer(dataset: input.dataset, model: input.model, hyperparameters: input.hyperparameters) else {
            return RunDiagnosis(findings: [], probes: [], complete: true, cancelled: false, cost: 0, seconds: 0)
        }
        let facts = RunFacts(input: input, reported: reported, trainer: base)
        let runner = ProbeRunner(input: input, budget: budget, usesValidation: facts.usesValidation, shouldStop: shouldStop)
        let reader = Reading(facts: facts, runner: runner)
        let findings = reader.findings()
        let d = ContinuousClock.now - start
        return RunDiagnosis(findings: findings, probes: runner.reports, complete: !runner.skipped && !runner.cancelled,
                            cancelled: runner.cancelled, cost: runner.cost,
                            seconds: Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
    }
}

/// The numbers of the run that the steps read.
struct RunFacts {
    let input: DiagnosisInput
    let reported: EpochRecord
    /// Epochs up to the reported one (the curve of the kept weights).
    let curve: [EpochRecord]
    let usesValidation: Bool
    /// "validation loss", or "training loss" without validation rows.
    let measure: String
    /// The run's score: validation loss (training loss without validation rows) at the kept weights.
    let score: Double
    let trainLoss: Double
    /// Training loss at the initial weights.
    let startLoss: Double
    /// Loss of the best constant prediction on the training rows (variance, or class entropy).
    let baseline: Double
    /// The same constant prediction's loss on the rows the score is measured on.
    let scoreBaseline: Double

    init(input: DiagnosisInput, reported: EpochRecord, trainer: Trainer) {
        self.input = input
        self.reported = reported
        curve = input.history.filter { $0.epoch <= reported.epoch }
        usesValidation = trainer.validationRowCount > 0 && reported.validationLoss != nil
        measure = usesValidation ? "validation loss" : "training loss"
        trainLoss = reported.trainLoss
        score = usesValidation ? (reported.validationLoss ?? .nan) : reported.trainLoss
        startLoss = trainer.evaluate().trainLoss
        let targets = input.dataset.targets
        let train = trainer.trainingRows.map { targets[$0] }
        let scored = usesValidation ? trainer.validationRows.map { targets[$0] } : train
        let task = input.dataset.task
        baseline = task.constantPredictionLoss(fittedOn: train, evaluatedOn: train)
        scoreBaseline = task.constantPredictionLoss(fittedOn: train, evaluatedOn: scored)
    }

    /// The run's score at epoch record `r`.
    func score(_ r: EpochRecord) -> Double { usesValidation ? (r.validationLoss ?? .nan) : r.trainLoss }

    /// True when `candidate` is clearly lower than `reference` (see `Diagnostician.relativeMargin`).
    func clearlyBetter(_ candidate: Double, than reference: Double) -> Bool {
        guard candidate.isFinite else { return false }
        guard reference.isFinite else { return true }
        return candidate < reference - Diagnostician.relativeMargin * abs(reference)
    }

    /// True when the training loss is still within 2% of the loss at the initial weights.
    var hardlyMoved: Bool {
        startLoss.isFinite && trainLoss.isFinite && abs(startLoss - trainLoss) <= 0.02 * abs(startLoss)
    }

    /// Epochs trained up to the reported one (the curve starts at epoch 0, the initial weights).
    var epochsTrained: Int { max(0, (curve.last?.epoch ?? 0) - (curve.first?.epoch ?? 0)) }
    /// True when the training loss is at least 90% of the constant prediction's.
    var nearConstant: Bool { trainLoss >= 0.9 * baseline }

    /// Epochs (after the first) whose training loss rose by more than 1% of the constant prediction's loss.
    var rises: Int {
        guard curve.count > 1 else { return 0 }
        return (1..<curve.count).filter { curve[$0].trainLoss > curve[$0 - 1].trainLoss + 0.01 * baseline }.count
    }

    /// The lowest training loss of the curve.
    var lowestTrainLoss: Double { curve.map(\.trainLoss).filter(\.isFinite).min() ?? trainLoss }

    /// True when the training loss went up and down: rises in at least 10% of the epochs (3 or more),
    /// or a final training loss 10% of the constant prediction's loss above its lowest value.
    var oscillating: Bool {
        let r = rises
        return (r >= 3 && Double(r) >= 0.1 * Double(curve.count)) || trainLoss - lowestTrainLoss > 0.1 * baseline
    }

    /// The drop of the training loss over the last tenth of the epochs, when it is more than 1% of the
    /// final training loss and 0.2% of the constant prediction's loss; nil otherwise.
    var trainingStillFalling: Double? {
        guard curve.count >= 10 else { return nil }
        let tail = max(1, curve.count / 10)
        let earlier = curve[curve.count - 1 - tail].trainLoss
        let drop = earlier - trainLoss
        return drop > 0.01 * trainLoss && drop > 0.002 * baseline ? drop : nil
    }

    /// The drop of the score over the last fifth of the epochs (epochs counted), when it is more than
    /// 2% of the final score and 0.5% of the constant prediction's loss; nil otherwise.
    var scoreStillFalling: (drop: Double, epochs: Int)? {
        guard curve.count >= 10 else { return nil }
        let tail = max(1, curve.count / 5)
        let earlier = score(curve[curve.count - 1 - tail])
        let drop = earlier - score
        return drop > 0.02 * score && drop > 0.005 * scoreBaseline ? (drop, tail) : nil
    }

    /// The curve's overfitting: the mean score of the last tenth of the epochs is at least 10% and 2%
    /// of the constant prediction's loss above the lowest score, reached before that tenth, while
    /// the training loss at the end is at or below its value at that epoch and below the final score.
    var overfittingCurve: (best: EpochRecord, tailMean: Double)? {
        guard usesValidation, curve.count >= 10 else { return nil }
        let tail = max(1, curve.count / 10)
        let head = curve.dropLast(tail).filter { score($0).isFinite }
        let tailScores = curve.suffix(tail).map(score)
        guard let best = head.min(by: { score($0) < score($1) }), tailScores.allSatisfy(\.isFinite) else { return nil }
        let tailMean = tailScores.reduce(0, +) / Double(tail)
        let bestScore = score(best)
        guard tailMean >= 1.1 * bestScore, tailMean - bestScore >= 0.02 * scoreBaseline,
              trainLoss <= best.trainLoss, trainLoss < score else { return nil }
        return (best, tailMean)
    }
}
