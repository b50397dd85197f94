import Vocabulary
import Foundation
import Learning

/// How a search picks the settings to try.
public enum Strategy: String, CaseIterable, Sendable {
    /// Every combination of evenly spaced levels (see ``SearchSpace/gridSettings(budget:)``).
    case grid
    /// Independent random draws: uniform, or log-uniform for `:log` ranges. Source: Bergstra and Bengio,
    /// "Random search for hyper-parameter optimization", JMLR 13, 2012.
    case random
    /// Bayesian optimization (``BayesianOptimizer``): a few random points, then expected improvement
    /// under a Gaussian-process model.
    case bayes

    /// One line for help text.
    public var summary: String {
        switch self {
        case .grid: return "every combination of evenly spaced values (log-spaced for :log)"
        case .random: return "independent random draws (log-uniform for :log)"
        case .bayes: return "a Gaussian-process model of the score; expected improvement picks each next trial"
        }
    }
}

/// Options of one search.
public struct TuningOptions: Sendable {
    /// Grid, random or Bayesian.
    public var strategy: Strategy
    /// Maximum number of trials (objective evaluations), >= 1. A grid may use fewer.
    public var budget: Int
    /// Seeds the random draws and the Bayesian candidates: the same seed gives the same trials.
    public var seed: UInt64
    /// Threads for independent trials (grid and random trials, Bayesian initial points), >= 1.
    /// The results do not depend on it.
    public var workers: Int
    /// Settings of Bayesian optimization.
    public var bayesian: BayesianOptions
    /// Record an ``ExplainStep`` for each Bayesian suggestion (1-D numeric spaces only).
    public var explain: Bool

    /// Creates options; `workers` defaults to the number of active processors.
    public init(strategy: Strategy, budget: Int, seed: UInt64 = 0,
                workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                bayesian: BayesianOptions = BayesianOptions(), explain: Bool = false) {
        self.strategy = strategy
        self.budget = budget
        self.seed = seed
        self.workers = workers
        self.bayesian = bayesian
        self.explain = explain
    }
}

/// One evaluation of a search.
public struct Trial: Sendable, Equatable {
    /// 1-based position in the search.
    public let number: Int
    /// The settings tried.
    public let settings: Settings
    /// The objective value (lower is better), nil when the trial failed.
    public let value: Double?
    /// Why the trial failed, nil when it has a value.
    public let failure: String?
    /// The lowest value among trials 1...number, nil while none succeeded.
    public let bestSoFar: Double?
    /// Wall time of the evaluation, in seconds.
    public let seconds: Double
}

/// What a search is doing, reported after each trial (on the calling thread, in trial order).
public struct TuningProgress: Sendable {
    /// The strategy running.
    public let strategy: Strategy
    /// Trials finished so far.
    public let trialsDone: Int
    /// The planned number of trials.
    public let plannedTrials: Int
    /// The trial just finished.
    public let latest: Trial
    /// The best trial so far (lowest value), nil while none succeeded.
    public let best: Trial?
    /// Seconds since the search started.
    public let elapsedSeconds: Double
    /// Estimated seconds left: elapsed / done x remaining; nil before the first trial.
    public let estimatedSecondsLeft: Double?
}

/// The outcome of a search.
public struct TuningResult: Sendable {
    /// The strategy used.
    public let strategy: Strategy
    /// The space searched.
    public let space: SearchSpace
    /// The seed used.
    public let seed: UInt64
    /// The planned number of trials.
    public let plannedTrials: Int
    /// The trials done, in order (fewer than planned when stopped).
    public let trials: [Trial]
    /// True when `shouldStop` ended the search early; the trials done are kept.
    public let interrupted: Bool
    /// One step per Bayesian suggestion when explanation was asked for (1-D spaces), else empty.
    public let explanation: [ExplainStep]
    /// Wall time of the whole search, in seconds.
    public let seconds: Double

    /// The trial with the lowest value (the earliest among equals), nil when none succeeded.
    public var best: Trial? {
        var b: Trial?
        for t in trials { if let v = t.value, v < (b?.value ?? .infinity) { b = t } }
        return b
    }

    /// Best value so far after each trial (nil before the first success): the curve to chart against evaluations.
    public var bestSoFarCurve: [Double?] { trials.map(\.bestSoFar) }

    /// The trial values laid out on a table for a heatmap, for a space of exactly two dimensions: columns are
    /// the distinct values of the first dimension, rows those of the second (numbers ascending, choices in
    /// their listed order); a cell holds the lowest value of the trials there, nil when none succeeded. Nil
    /// for other spaces.
    public func table() -> TrialTable? {
        guard space.dimensions.count == 2 else { return nil }
        func levels(_ k: Int) -> [ParameterValue] {
            var seen: [ParameterValue] = []
            for t in trials where !seen.contains(t.settings.values[k]) { seen.append(t.settings.values[k]) }
            if case .choice(let values) = space.dimensions[k].kind {
                return values.map { ParameterValue.choice($0) }.filter { seen.contains($0) }
            }
            return seen.sorted { ($0.number ?? 0) < ($1.number ?? 0) }
        }
        let xs = levels(0), ys = levels(1)
        var cells = [[Double?]](repeating: [Double?](repeating: nil, count: xs.count), count: ys.count)
        for t in trials {
            guard let v = t.value, let c = xs.firstIndex(of: t.settings.values[0]),
                  let r = ys.firstIndex(of: t.settings.values[1]) else { continue }
            cells[r][c] = min(cells[r][c] ?? .infinity, v)
        }
        return TrialTable(xDimension: space.dimensions[0], yDimension: space.dimensions[1], xValues: xs, yValues: ys, values: cells)
    }
}

/// Trial values on a two-dimensional table (see ``TuningResult/table()``).
public struct TrialTable: Sendable, Equatable {
    /// The dimension along the columns.
    public let xDimension: Dimension
    /// The dimension along the rows.
    public let yDimension: Dimension
    /// Column values, in order.
    public let xValues: [ParameterValue]
    /// Row values, in order.
    public let yValues: [ParameterValue]
    /// yValues.count rows x xValues.count columns; nil where no trial succeeded.
    public let values: [[Double?]]
}

/// Runs searches: grid, random or Bayesian, over any ``Objective``.
public enum Tuner {
    /// Runs one search.
    ///
    /// Grid and random trials, and the initial random points of Bayesian optimization, are independent and
    /// run on `options.workers` threads; Bayesian suggestions after them run one at a time. Random search
    /// and the initial Bayesian points draw the same settings for the same seed. A failed trial is kept with
    /// its message; for the Gaussian-process model it counts as the worst value seen so far (so the search
    /// moves away from it), and is skipped while no trial has succeeded.
    /// - Parameters:
    ///   - shouldStop: polled on the calling thread between trials (and every 50 ms while trials run);
    ///     returning true stops the search and keeps the trials done.
    ///   - onProgress: called on the calling thread after each trial, in trial order.
    /// - Throws: ``TuningError`` for a budget or worker count below 1.
    public static func run(space: SearchSpace, objective: @escaping Objective, options: TuningOptions,
                           shouldStop: () -> Bool = { false },
                           onProgress: (TuningProgress) -> Void = { _ in }) throws(TuningError) -> TuningResult {
        guard options.budget >= 1 else {
            throw TuningError.search("the budget must be at least 1 trial, e.g. --budget 30")
        }
        guard options.workers >= 1 else {
            throw TuningError.search("the number of workers must be at least 1")
        }
        let start = ContinuousClock.now
        var trials: [Trial] = []
        var best: Trial?
        var explanation: [ExplainStep] = []
        let planned: Int
        var points: [Settings]
        switch options.strategy {
        case .grid:
            points = space.gridSettings(budget: options.budget)
            planned = points.count
        case .random:
            points = randomPoints(space: space, count: options.budget, seed: options.seed)
            planned = options.budget
        case .bayes:
            planned = options.budget
            points = randomPoints(space: space, count: options.bayesian.initialCount(space: space, budget: options.budget),
                                  seed: options.seed)
        }

        func record(_ settings: Settings, _ result: Result<Double, TrialFailure>, _ secs: Double) {
            var value: Double?, failure: String?
            switch result {
            case .success(let v): value = v
            case .failure(let f): failure = f.message
            }
            let previousBest = best?.value
            let bestSoFar = value.map { min($0, previousBest ?? .infinity) } ?? previousBest
            let trial = Trial(number: trials.count + 1, settings: settings, value: value, failure: failure,
                              bestSoFar: bestSoFar, seconds: secs)
            trials.append(trial)
            if let v = value, v < (previousBest ?? .infinity) { best = trial }
            let elapsed = seconds(since: start)
            let left = Double(planned - trials.count) * elapsed / Double(trials.count)
            onProgress(TuningProgress(strategy: options.strategy, trialsDone: trials.count, plannedTrials: planned,
                                      latest: trial, best: best, elapsedSeconds: elapsed, estimatedSecondsLeft: left))
        }

        var interrupted = evaluateInOrder(points, workers: options.workers, objective: objective, shouldStop: shouldStop) { i, r, s in
            record(points[i], r, s)
        }

        if options.strategy == .bayes && !interrupted {
            let optimizer = BayesianOptimizer(space: space, options: options.bayesian)
            var warm: GaussianProcess.Hyperparameters?
            var fallback = SeededGenerator(seed: options.seed, stream: 7)
            while trials.count < planned {
                if shouldStop() { interrupted = true; break }
                let successes = trials.compactMap { t in t.value.map { Observation(settings: t.settings, value: $0) } }
                var next: Settings
                if let worst = successes.map(\.value).max() {
                    let observations = trials.map { Observation(settings: $0.settings, value: $0.value ?? worst) }
                    let stepSeed = options.seed &+ 0x9E37_79B9 &* UInt64(trials.count + 1)
                    if let s = try? optimizer.suggest(after: observations, seed: stepSeed, warmStart: warm, explain: options.explain) {
                        next = s.settings
                        warm = s.hyperparameters
                        if var e = s.explanation {
                            e.trialNumber = trials.count + 1
                            explanation.append(e)
                        }
                    } else {
                        next = space.randomSettings(&fallback)
                    }
                } else {
                    next = space.randomSettings(&fallback)
                }
                let (r, s) = timedCall(objective, next)
                record(next, r, s)
            }
        }
        return TuningResult(strategy: options.strategy, space: space, seed: options.seed, plannedTrials: planned,
                            trials: trials, interrupted: interrupted, explanation: explanation,
                            seconds: seconds(since: start))
    }

    /// Runs grid, random and Bayesian search on the same space, budget and seed (`tune compare`), in that
    /// order; stops at the first interruption and returns the searches done (the last one possibly partial).
    /// - Throws: ``TuningError`` as ``run(space:objective:options:shouldStop:onProgress:)``.
    public static func compare(space: SearchSpace, objective: @escaping Objective, options: TuningOptions,
                               shouldStop: () -> Bool = { false },
                               onProgress: (TuningProgress) -> Void = { _ in }) throws(TuningError) -> [TuningResult] {
        var results: [TuningResult] = []
        for strategy in Strategy.allCases {
            var o = options
            o.strategy = strategy
            let r = try run(space: space, objective: objective, options: o, shouldStop: shouldStop, onProgress: onProgress)
            results.append(r)
            if r.interrupted { break }
        }
        return results
    }

    /// The random-search points for a seed (also the initial Bayesian points).
    static func randomPoints(space: SearchSpace, count: Int, seed: UInt64) -> [Settings] {
        var rng = SeededGenerator(seed: seed, stream: 0)
        return (0..<max(0, count)).map { _ in space.randomSettings(&rng) }
    }
}
