import Vocabulary

/// The JSON of a validation curve (`sweep --json`) and of a learning curve (`learning-curve --json`),
/// with a fixed key order (RFC 8259 text; non-finite numbers as `null`).
///
/// Shape: `{"kind": "validation-curve" | "learning-curve", "hyperparameter": NAME (validation curves only),
/// "log_scale": BOOL (validation curves only), "points": [{"value": TEXT, "x": NUMBER|null,
/// "training_rows": NUMBER|null, "folds": N|null, "train_loss": NUMBER|null, "validation_loss": NUMBER|null,
/// "train_loss_std": NUMBER|null, "validation_loss_std": NUMBER|null, with cross-validation also "mean" and "sd"
/// (the validation loss's mean and sample standard deviation over the folds, as in `tune --json`),
/// "failure": TEXT (when it failed)}], "best": TEXT|null (lowest validation loss), "test": null or the best value's
/// score on a held-out test set (validation curves only; see ``TuningReport``), "interrupted": BOOL, "seconds": NUMBER}`.
public enum CurveReport {
    /// The JSON text of a validation curve.
    /// `test`: the best value's score on the test set held out before the sweep, nil when none was.
    public static func json(_ curve: ValidationCurve, test: TestOutcome? = nil) -> String {
        write(kind: "validation-curve", name: curve.name, logScale: curve.logScale, points: curve.points,
              interrupted: curve.interrupted, seconds: curve.seconds, test: .some(test))
    }

    /// The JSON text of a learning curve (each point's `value` is the share of the training rows).
    public static func json(_ curve: LearningCurve) -> String {
        write(kind: "learning-curve", name: nil, logScale: nil, points: curve.points,
              interrupted: curve.interrupted, seconds: curve.seconds, test: nil)
    }

    private static func write(kind: String, name: String?, logScale: Bool?, points: [CurvePoint],
                              interrupted: Bool, seconds: Double, test: TestOutcome??) -> String {
        var w = JSONWriter(pretty: false)
        func optional(_ x: Double?, _ w: inout JSONWriter) { if let x { w.number(x) } else { w.raw("null") } }
        w.object { w in
            w.key("kind"); w.string(kind)
            if let name { w.key("hyperparameter"); w.string(name) }
            if let logScale { w.key("log_scale"); w.raw(logScale ? "true" : "false") }
            w.key("points")
            w.array { w in
                for p in points {
                    w.element { w in
                        w.object { w in
                            w.key("value"); w.string(p.label)
                            w.key("x"); optional(p.x, &w)
                            w.key("training_rows"); optional(p.score?.trainingRows, &w)
                            w.key("folds"); if let f = p.score?.folds { w.raw(String(f)) } else { w.raw("null") }
                            w.key("train_loss"); optional(p.score?.trainLoss, &w)
                            w.key("validation_loss"); optional(p.score?.validationLoss, &w)
                            w.key("train_loss_std"); optional(p.score?.trainLossDeviation, &w)
                            w.key("validation_loss_std"); optional(p.score?.validationLossDeviation, &w)
                            if let score = p.score, score.folds > 1 {
                                w.key("mean"); w.number(score.validationLoss)
                                w.key("sd"); w.number(score.validationLossDeviation)
                            }
                            if let failure = p.failure { w.key("failure"); w.string(failure) }
                        }
                    }
                }
            }
            let best = points.filter { $0.score?.validationLoss.isFinite == true }
                .min { ($0.score?.validationLoss ?? .infinity) < ($1.score?.validationLoss ?? .infinity) }
            w.key("best"); if let best { w.string(best.label) } else { w.raw("null") }
            if case .some(let outcome) = test {
                w.key("test"); if let outcome { outcome.write(&w) } else { w.raw("null") }
            }
            w.key("interrupted"); w.raw(interrupted ? "true" : "false")
            w.key("seconds"); w.number(seconds)
        }
        return w.text
    }
}
