/// What a lesson step sets out to show, for checking that the diagnosis of its solution run does not
/// contradict it (`lessons check`): a step whose goal is a good fit must not be called overfitting,
/// one that demonstrates a too-small learning rate must not be told to use an mlp.
public enum StepGoal: String, CaseIterable, Codable, Sendable {
    /// A low validation loss with a small gap (e.g. `final.validation_loss: "< 0.1"`, `gap_below`).
    case goodFit = "good-fit"
    /// The model reaches a given accuracy (enough capacity, trained well); says nothing about the
    /// shape of the loss curves (e.g. `final.validation_accuracy: ">= 0.9"`).
    case canFit = "can-fit"
    /// A change (e.g. a penalty) narrows the gap between the validation and the training loss (`gap_below`)
    /// while the model keeps fitting the pattern. Says nothing about whether it is the best setting: a weaker
    /// penalty (`underfitting-by-regularization`) or a simpler model (`overfitting`, measured against one) may
    /// still do better, and saying so is true of the run.
    case smallGap = "small-gap"
    /// The validation loss turns upward or ends far above the training loss (`validation_rises`, `gap_above`).
    case overfitting = "overfitting"
    /// Both losses stay high because the model is too simple or too constrained.
    case underfitting = "underfitting"
    /// The run diverges (`diverged: true`).
    case divergence = "divergence"
    /// A learning rate so small that the loss falls slowly (`ratio.train_loss`).
    case slowLearning = "slow-learning"
    /// A jagged training curve from small batches (`jaggedness`).
    case noisyTraining = "noisy-training"
    /// Early stopping ends the run (`stopped_early: true`).
    case earlyStop = "early-stop"

    /// The finding kinds that contradict a step with this goal.
    public var contradictingKinds: Set<FindingKind> {
        switch self {
        case .goodFit:
            return [.diverged, .learningRateTooHigh, .learningRateTooSmall, .optimizationStuck, .modelCannotFit,
                    .underfittingByRegularization, .overfitting]
        case .canFit:
            // About capacity: a better learning rate may exist for a run that fits (that advice is still true).
            return [.diverged, .optimizationStuck, .modelCannotFit, .underfittingByRegularization, .noiseFloor]
        case .smallGap:
            return [.diverged, .optimizationStuck, .modelCannotFit]
        case .overfitting:
            return [.goodFit, .noiseFloor, .modelCannotFit, .underfittingByRegularization, .learningRateTooSmall, .stillImproving]
        case .underfitting:
            return [.overfitting, .goodFit, .noiseFloor]
        case .divergence:
            return [.goodFit, .noiseFloor, .stillImproving, .modelCannotFit, .overfitting, .learningRateTooSmall,
                    .underfittingByRegularization, .optimizationStuck]
        case .slowLearning:
            return [.goodFit, .noiseFloor, .modelCannotFit, .overfitting, .learningRateTooHigh, .diverged]
        case .noisyTraining:
            return [.learningRateTooSmall, .diverged]
        case .earlyStop:
            return [.stillImproving, .diverged]
        }
    }

    /// The findings of `diagnosis` that contradict this goal; empty when the diagnosis agrees with it
    /// (or says nothing). `lessons check` should fail a step for each one, quoting its text.
    public func contradictions(in diagnosis: RunDiagnosis) -> [Finding] {
        diagnosis.findings.filter { contradictingKinds.contains($0.kind) }
    }
}
