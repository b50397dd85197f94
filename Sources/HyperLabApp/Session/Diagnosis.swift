import Vocabulary
import Learning

/// What the curves of a run show, read by simple documented rules.
///
/// The rules (each is checked by a test on a run that shows it):
/// - **diverged**: the engine stopped the run (non-finite or exploding loss).
/// - **underfitting**: the final training loss is more than 40% of the *baseline* loss, the loss
///   of the best constant prediction (the variance of the targets for mean squared error, the
///   entropy of the class shares for cross-entropy). For regression this is R² < 0.6; see
///   Hastie, Tibshirani & Friedman, *The Elements of Statistical Learning* (2009), §7.2.
///   For classification the training accuracy must also be below 90%: cross-entropy punishes a
///   few over-confident mistakes so hard that a model right 97% of the time can have a high loss.
/// - **hardly moved**: the final training loss is within 2% of the first epoch's and still at
///   least 90% of the baseline (so it is not a quick convergence), so the learning rate is
///   probably too small; this replaces the underfitting hint.
/// - **overfitting** (only when not underfitting, and with validation data): the validation
///   loss over the last tenth of the epochs averages at least 10% and at least 2% of the
///   baseline above its lowest value, reached before that last tenth, while the training loss
///   at the end is at or below its value at that epoch and below the final validation loss.
///   Averaging the tail keeps one noisy epoch from being read as overfitting.
/// - **still learning**: the training loss fell by more than 1% over the last tenth of the epochs.
struct Diagnosis: Sendable {
    /// The share of the baseline loss above which a final training loss counts as underfitting.
    static let underfittingShare = 0.4

    var diverged = false
    var overfitting: (bestEpoch: Int, bestValidation: Double, finalValidation: Double)?
    var underfitting = false
    var hardlyMoved = false
    var stillLearning = false
    var isClassification = false

    /// Reads a run's history. `baselineLoss` is the loss of the best constant prediction on the
    /// targets (see `baselineLoss(targets:task:)`).
    init(history: [EpochRecord], outcome: TrainingOutcome, baselineLoss: Double) {
        diverged = outcome.diverged
        guard !diverged, let last = history.last else { return }
        isClassification = last.trainAccuracy != nil
        if last.trainLoss.isFinite, baselineLoss > 0, last.trainLoss > Self.underfittingShare * baselineLoss,
           (last.trainAccuracy ?? 0) < 0.9 {
            underfitting = true
        }
        if let first = history.first, history.count >= 5, first.trainLoss.isFinite,
           abs(first.trainLoss - last.trainLoss) <= 0.02 * abs(first.trainLoss), last.trainLoss >= 0.9 * baselineLoss {
            hardlyMoved = true
        }
        let tailLength = max(1, history.count / 10)
        let head = history.dropLast(tailLength)
        let tail = history.suffix(tailLength).compactMap(\.validationLoss)
        if !underfitting, let finalValidation = last.validationLoss, finalValidation.isFinite, tail.count == tailLength,
           let best = head.filter({ $0.validationLoss?.isFinite == true }).min(by: { $0.validationLoss! < $1.validationLoss! }),
           let bestValidation = best.validationLoss {
            let tailMean = tail.reduce(0, +) / Double(tail.count)
            if tailMean >= bestValidation * 1.1, tailMean - bestValidation >= 0.02 * baselineLoss,
               last.trainLoss <= best.trainLoss, last.trainLoss < finalValidation {
                overfitting = (best.epoch, bestValidation, finalValidation)
            }
        }
        if history.count >= 10 {
            let earlier = history[history.count - 1 - tailLength].trainLoss
            if earlier.isFinite, last.trainLoss < earlier * 0.99, !outcome.stoppedEarly {
                stillLearning = true
            }
        }
    }

    /// The hints shown under the summary line, plain words with a next step.
    func hints(hyperparameters: Hyperparameters, model: ModelKind, reason: String?) -> [String] {
        var hints: [String] = []
        if diverged {
            let lower = NumberFormat.setting(hyperparameters.learningRate / 10)
            hints.append("Diverged: " + (reason ?? "the loss blew up: the learning rate is probably too high; try `set learning-rate \(lower)`") + ".")
            return hints
        }
        if let over = overfitting {
            hints.append("Overfitting: the validation loss was lowest at epoch \(over.bestEpoch) (\(NumberFormat.loss(over.bestValidation))) and rose to \(NumberFormat.loss(over.finalValidation)) while the training loss kept falling. Try more l2, fewer epochs, `set early-stopping 10`, or a smaller model.")
        }
        if hardlyMoved {
            hints.append("The training loss hardly moved from epoch 1: the learning rate is probably too small. Try `set learning-rate \(NumberFormat.setting(hyperparameters.learningRate * 10))` or more.")
            return hints
        }
        if underfitting {
            var fixes: [String] = []
            if hyperparameters.l2 > 0 || hyperparameters.l1 > 0 { fixes.append("less regularization (l2, l1)") }
            if model == .linear { fixes.append("a higher degree") }
            if model == .mlp { fixes.append("more hidden units") }
            if stillLearning { fixes.append("more epochs or a larger learning rate") }
            if fixes.isEmpty { fixes.append("a model with more capacity (e.g. `model mlp`)") }
            let constant = isClassification ? "always predicting the class shares" : "always predicting the average"
            hints.append("Underfitting: the training loss is still more than 40% of what \(constant) gives. Try " + fixes.joined(separator: ", ") + ".")
        } else if stillLearning && overfitting == nil {
            hints.append("Still learning: the training loss was still falling at the end. Try `continue` or more epochs.")
        }
        return hints
    }

    /// The loss of the best constant prediction on these targets (`LearningTask.constantPredictionLoss`).
    static func baselineLoss(targets: [Double], task: LearningTask) -> Double {
        task.constantPredictionLoss(targets: targets)
    }
}

import Foundation
