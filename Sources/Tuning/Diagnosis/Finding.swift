import Vocabulary
import Foundation
import Learning

/// The kinds of finding the diagnosis can make about a run: a fixed set, so that renderers, lesson
/// checks and `--json` consumers can switch over them exhaustively. The raw values are the JSON
/// `kind` strings.
public enum FindingKind: String, Codable, CaseIterable, Sendable {
    /// The trainer stopped the run: the loss became non-finite or exploded.
    case diverged = "diverged"
    /// Steps are too long: the run diverged or oscillated, and a smaller learning rate (or less
    /// momentum) was measured to do clearly better.
    case learningRateTooHigh = "learning-rate-too-high"
    /// Steps are too short: a larger learning rate was measured to do clearly better.
    case learningRateTooSmall = "learning-rate-too-small"
    /// A network stuck near the constant prediction (saturated or vanishing gradients, dead units),
    /// and another activation or optimizer was measured to do clearly better.
    case optimizationStuck = "optimization-stuck"
    /// The model cannot represent the pattern: a more flexible model (or more capacity) was
    /// measured to fit both the training and the validation rows clearly better.
    case modelCannotFit = "model-cannot-fit"
    /// The penalty (l2, l1) holds the fit back: less of it was measured to do clearly better.
    case underfittingByRegularization = "underfitting-by-regularization"
    /// The validation loss rose from its lowest value while the training loss kept falling, or a
    /// regularizing change was measured to close a large gap clearly.
    case overfitting = "overfitting"
    /// Nothing tried did clearly better, and a large share of the loss of a constant prediction
    /// remains: near the best this data allows with what was tried; the rest looks like noise.
    case noiseFloor = "noise-floor"
    /// The validation loss was still falling materially at the end, and more epochs were measured
    /// to do clearly better.
    case stillImproving = "still-improving"
    /// Nothing tried did clearly better, and most of the loss of a constant prediction is gone.
    case goodFit = "good-fit"
}

/// One number a finding rests on: what was measured, its value, and in which run.
public struct Evidence: Codable, Sendable, Equatable {
    /// What was measured, e.g. "validation loss", "training loss at epoch 1",
    /// "epochs in which the training loss rose".
    public let measure: String
    /// The value; nil when it is not a finite number (the measure then says so).
    public let value: Double?
    /// Where it was measured: "this run", or the probe's change, e.g. "probe learning-rate 0.3".
    public let source: String

    /// Evidence from its parts; a non-finite `value` is stored as nil.
    public init(measure: String, value: Double, source: String) {
        self.measure = measure
        self.value = value.isFinite ? value : nil
        self.source = source
    }
}

/// A change that a probe measured to improve the validation loss clearly, as the commands that make
/// it in the lab and the numbers measured.
public struct Advice: Codable, Sendable, Equatable {
    /// The model to switch to (a `ModelKind` raw value), nil to keep the model. A switch starts from
    /// that model's defaults for the dataset (as the lab's `model` command does), then `settings`.
    public let model: String?
    /// The hyperparameters to set, vocabulary names and values as `set NAME VALUE` accepts them,
    /// in catalog order; with `model`, every value that differs from that model's defaults.
    public let settings: [Setting]
    /// The lab commands that reproduce the probe, e.g. ["set learning-rate 0.3"], ["model mlp"],
    /// or ["continue"].
    public let commands: [String]
    /// The loss the probe reached (validation loss, or training loss without validation rows).
    public let measuredLoss: Double
    /// The same loss of the diagnosed run.
    public let runLoss: Double

    private enum CodingKeys: String, CodingKey {
        case model, settings, commands
        case measuredLoss = "measured_loss"
        case runLoss = "run_loss"
    }

    /// One hyperparameter and its value as text.
    public struct Setting: Codable, Sendable, Equatable {
        /// The vocabulary name, e.g. "learning-rate".
        public let name: String
        /// The value as `set` accepts it, e.g. "0.3".
        public let value: String
    }

    /// The model and hyperparameters of the run after following the advice, from the run's `model`
    /// and `hyperparameters` on `dataset` (the same computation the probe was trained with).
    ///
    /// - Returns: nil when a setting is not accepted (it cannot happen for advice the diagnosis made).
    public func applied(to model: ModelKind, _ hyperparameters: Hyperparameters, dataset: String) -> (ModelKind, Hyperparameters)? {
        var target = model
        var h = hyperparameters
        if let name = self.model {
            guard let kind = ModelKind(rawValue: name) else { return nil }
            target = kind
            let seed = h.seed
            h = Hyperparameters.defaults(model: kind, dataset: dataset)
            h.seed = seed
        }
        for setting in settings {
            do { try h.set(setting.name, to: setting.value) } catch { return nil }
        }
        return (target, h)
    }
}

/// One finding about a run: its kind, a plain sentence that is true of the run, the numbers it rests
/// on, and the measured advice (only when a probe measured a change to help clearly).
public struct Finding: Codable, Sendable, Equatable {
    /// What was found.
    public let kind: FindingKind
    /// One or two plain sentences, every number in them taken from `evidence`.
    public let text: String
    /// The numbers of this run (and of the probes) the finding rests on.
    public let evidence: [Evidence]
    /// The change measured to help, nil when none was measured to help.
    public let advice: Advice?
}

extension Finding {
    /// The finding as a JSON object for `--json` (`diagnosis: [...]`), in the style of the run's own
    /// object (snake_case keys, non-finite numbers as null): `kind` (a `FindingKind` raw value),
    /// `text`, `evidence` (a list of `{measure, value, source}`), and `advice` when there is one
    /// (`{model, settings: {name: value}, commands, measured_loss, run_loss}`).
    public var jsonObject: [String: Any] {
        func number(_ value: Double?) -> Any { value.flatMap { $0.isFinite ? $0 : nil } ?? NSNull() }
        var object: [String: Any] = [
            "kind": kind.rawValue,
            "text": text,
            "evidence": evidence.map { ["measure": $0.measure, "value": number($0.value), "source": $0.source] as [String: Any] },
        ]
        if let advice {
            var settings: [String: Any] = [:]
            for s in advice.settings { settings[s.name] = s.value }
            object["advice"] = ["model": advice.model ?? NSNull(), "settings": settings, "commands": advice.commands,
                                "measured_loss": number(advice.measuredLoss), "run_loss": number(advice.runLoss)] as [String: Any]
        }
        return object
    }
}
