import Vocabulary
import Foundation
import Learning

/// One point of a validation or learning curve.
public struct CurvePoint: Sendable, Equatable {
    /// The value as set (`0.01`, `16,8`), or the training-set share for a learning curve (`0.3`).
    public let label: String
    /// The x coordinate to plot: the value when it is a number (the first layer's units for `16,8`), or the
    /// mean number of training rows for a learning curve; nil when the value is not a number (`full`, `adam`).
    public let x: Double?
    /// The scores, nil when training failed.
    public let score: ModelScore?
    /// Why training failed (e.g. diverged), nil when it has scores.
    public let failure: String?
}

/// Training and validation scores against the values of one hyperparameter (`sweep`).
public struct ValidationCurve: Sendable {
    /// The hyperparameter's vocabulary name (aliases resolved).
    public let name: String
    /// One point per value, in the order given.
    public let points: [CurvePoint]
    /// True when the x axis should be logarithmic: asked for with `--log`, or a rate or penalty
    /// (``Curves/prefersLogScale(_:)``) whose values are all positive.
    public let logScale: Bool
    /// True when stopped early; the points done are kept.
    public let interrupted: Bool
    /// Wall time in seconds.
    public let seconds: Double
}

/// Training and validation scores against the number of training rows (`learning-curve`).
public struct LearningCurve: Sendable {
    /// One point per training-set share, ascending; `x` is the mean number of training rows.
    public let points: [CurvePoint]
    /// True when stopped early; the points done are kept.
    public let interrupted: Bool
    /// Wall time in seconds.
    public let seconds: Double
}

/// Progress of a curve, reported on the calling thread after each point.
public struct CurveProgress: Sendable {
    /// Points finished.
    public let pointsDone: Int
    /// Points planned.
    public let plannedPoints: Int
    /// The point just finished.
    public let latest: CurvePoint
    /// Seconds since the start.
    public let elapsedSeconds: Double
    /// Estimated seconds left (elapsed per training run x runs left).
    public let estimatedSecondsLeft: Double
}

/// Validation curves and learning curves (Hastie, Tibshirani and Friedman 2009, sections 7.2 and 7.10),
/// scored by ``ModelEvaluator`` (k-fold cross-validation or a hold-out split). Independent training runs
/// (values x folds) run on `workers` threads; the results do not depend on the thread count.
public enum Curves {
    /// Steps of `LOW..HIGH` when `--steps` is not given.
    public static let defaultSteps = 7

    /// Training-set shares of a learning curve when none are given: 0.1, 0.2, ..., 1.
    public static let defaultFractions: [Double] = (1...10).map { Double($0) / 10 }

    /// Hyperparameters that are whole numbers, so a `LOW..HIGH` sweep rounds them.
    static var wholeNumbered: Set<String> {
        Set(HyperparameterCatalog.all.filter { spec in
            switch spec.domain {
            case .integer, .batchSize, .layers, .seed: return true
            case .real, .choices: return false
            }
        }.map(\.name))
    }

    /// True for rates and penalties (the specs that prefer a log scale), whose curves read best on a log x axis.
    public static func prefersLogScale(_ name: String) -> Bool {
        HyperparameterCatalog.spec(named: name)?.prefersLogScale ?? false
    }

    /// The values to sweep, as text the hyperparameter accepts.
    ///
    /// `text` is either a list `V1,V2,...` (separated by `|` instead when a value itself holds commas, as
    /// `16,8|32,16` for hidden layers), or a range `LOW..HIGH` split into `steps` values (default
    /// ``defaultSteps``), evenly spaced, or evenly in ln(value) with `log`; whole-numbered hyperparameters
    /// are rounded and repeats dropped.
    /// - Throws: ``TuningError`` for an unknown name, a bad range or step count, or a value the hyperparameter
    ///   rejects (with its own message, e.g. the allowed range).
    public static func values(for name: String, _ text: String, steps: Int? = nil, log: Bool = false,
                              base: Hyperparameters) throws(TuningError) -> [String] {
        guard let spec = HyperparameterCatalog.spec(named: name) else {
            throw TuningError.search("unknown hyperparameter '\(name)': use one of " + HyperparameterCatalog.all.map(\.name).joined(separator: ", "))
        }
        var values: [String]
        if text.contains("..") {
            let parts = text.components(separatedBy: "..")
            guard parts.count == 2, let lo = Double(parts[0]), let hi = Double(parts[1]), lo.isFinite, hi.isFinite else {
                throw TuningError.search("'\(text)': write the range as LOW..HIGH with two numbers, e.g. sweep \(spec.name) 0.001..1 --log")
            }
            guard lo < hi else { throw TuningError.search("'\(text)': LOW must be below HIGH") }
            let n = steps ?? defaultSteps
            guard n >= 2, n <= 1000 else { throw TuningError.search("--steps must be from 2 to 1000; got \(n)") }
            if log && lo <= 0 { throw TuningError.search("'\(text)': --log needs LOW > 0, e.g. \(spec.name) 0.0001..\(formatNumber(hi)) --log") }
            values = []
            for i in 0..<n {
                let u = Double(i) / Double(n - 1)
                var v = log ? Foundation.exp(Foundation.log(lo) + u * (Foundation.log(hi) - Foundation.log(lo))) : lo + u * (hi - lo)
                if i == 0 { v = lo }
                if i == n - 1 { v = hi }
                let t = wholeNumbered.contains(spec.name) ? String(Int(v.rounded())) : formatNumber(Double(String(format: "%.12g", v)) ?? v)
                if !values.contains(t) { values.append(t) }
            }
        } else {
            if steps != nil || log { throw TuningError.search("--steps and --log go with a range LOW..HIGH, not a list of values") }
            let separator: Character = text.contains("|") ? "|" : ","
            values = text.split(separator: separator, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard !values.contains(where: \.isEmpty) else {
                throw TuningError.search("'\(text)': empty value in the list; write e.g. sweep \(spec.name) 0.001,0.01,0.1")
            }
        }
        for v in values {
            var h = base
            do { try h.set(spec.name, to: v) } catch { throw TuningError.search("sweep \(spec.name) \(v): \(error.message)") }
        }
        return values
    }

    /// Scores the model with `name` set to each value in turn (a validation curve).
    /// - Parameters:
    ///   - values: texts the hyperparameter accepts (see ``values(for:_:steps:log:base:)``), at least one.
    ///   - log: `--log` was given.
    ///   - shouldStop: polled on the calling thread; stops before the next training run, keeping finished points.
    ///   - onProgress: called on the calling thread after each point, in order.
    /// - Throws: ``TuningError`` for an unknown name, no values, or a value the hyperparameter rejects.
    public static func validationCurve(evaluator: ModelEvaluator, base: Hyperparameters, name: String, values: [String],
                                       log: Bool = false,
                                       workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                                       shouldStop: () -> Bool = { false },
                                       onProgress: (CurveProgress) -> Void = { _ in }) throws(TuningError) -> ValidationCurve {
        guard let spec = HyperparameterCatalog.spec(named: name) else {
            throw TuningError.search("unknown hyperparameter '\(name)': use one of " + HyperparameterCatalog.all.map(\.name).joined(separator: ", "))
        }
        guard !values.isEmpty else { throw TuningError.search("sweep \(spec.name) needs at least one value") }
        var settings: [Hyperparameters] = []
        for v in values {
            var h = base
            do { try h.set(spec.name, to: v) } catch { throw TuningError.search("sweep \(spec.name) \(v): \(error.message)") }
            settings.append(h)
        }
        let xs: [Double?] = values.map { v in Double(v) ?? v.split(separator: ",").first.flatMap { Double($0) } }
        let run = runPoints(evaluator: evaluator, settings: settings, fractions: nil, workers: workers, shouldStop: shouldStop) { i, score in
            point(label: values[i], x: xs[i], score)
        } onProgress: { onProgress($0) }
        let positive = xs.allSatisfy { ($0 ?? 0) > 0 }
        return ValidationCurve(name: spec.name, points: run.points, logScale: positive && (log || prefersLogScale(spec.name)),
                               interrupted: run.interrupted, seconds: run.seconds)
    }

    /// Scores the model trained on growing shares of its training rows (a learning curve). Within each fold
    /// (or the hold-out split), the share is a seeded, class-stratified subset of the training rows, nested
    /// across shares; validation rows stay the same.
    /// - Parameters:
    ///   - fractions: shares in (0, 1], ascending (default ``defaultFractions``).
    /// - Throws: ``TuningError`` for no shares or a share outside (0, 1].
    public static func learningCurve(evaluator: ModelEvaluator, base: Hyperparameters, fractions: [Double] = defaultFractions,
                                     workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                                     shouldStop: () -> Bool = { false },
                                     onProgress: (CurveProgress) -> Void = { _ in }) throws(TuningError) -> LearningCurve {
        guard !fractions.isEmpty, fractions.allSatisfy({ $0 > 0 && $0 <= 1 }) else {
            throw TuningError.search("learning-curve shares must lie in (0, 1], e.g. 0.1,0.2,0.5,1")
        }
        let sorted = fractions.sorted()
        let run = runPoints(evaluator: evaluator, settings: sorted.map { _ in base }, fractions: sorted, workers: workers,
                            shouldStop: shouldStop) { i, score in
            point(label: formatNumber(sorted[i]), x: (try? score.get())?.trainingRows, score)
        } onProgress: { onProgress($0) }
        return LearningCurve(points: run.points, interrupted: run.interrupted, seconds: run.seconds)
    }

    private static func point(label: String, x: Double?, _ score: Result<ModelScore, TrialFailure>) -> CurvePoint {
        switch score {
        case .success(let s): return CurvePoint(label: label, x: x, score: s, failure: nil)
        case .failure(let f): return CurvePoint(label: label, x: x, score: nil, failure: f.message)
        }
    }

    /// Runs settings x folds as independent jobs in order and assembles a point per setting.
    private static func runPoints(evaluator: ModelEvaluator, settings: [Hyperparameters], fractions: [Double]?, workers: Int,
                                  shouldStop: () -> Bool,
                                  makePoint: (Int, Result<ModelScore, TrialFailure>) -> CurvePoint,
                                  onProgress: (CurveProgress) -> Void) -> (points: [CurvePoint], interrupted: Bool, seconds: Double) {
        let start = ContinuousClock.now
        let runs = evaluator.runsPerScore
        let total = settings.count * runs
        var pending: [Result<FoldOutcome, TrialFailure>] = []
        var points: [CurvePoint] = []
        let interrupted = runInOrder(count: total, workers: workers, shouldStop: shouldStop, job: { j in
            evaluator.runFold(j % runs, hyperparameters: settings[j / runs], trainingFraction: fractions?[j / runs] ?? 1)
        }, deliver: { j, outcome in
            pending.append(outcome)
            guard pending.count == runs else { return }
            let p = makePoint(j / runs, ModelEvaluator.combine(pending))
            pending.removeAll()
            points.append(p)
            let elapsed = seconds(since: start)
            onProgress(CurveProgress(pointsDone: points.count, plannedPoints: settings.count, latest: p, elapsedSeconds: elapsed,
                                     estimatedSecondsLeft: elapsed / Double(j + 1) * Double(total - j - 1)))
        })
        return (points, interrupted || points.count < settings.count, seconds(since: start))
    }
}
