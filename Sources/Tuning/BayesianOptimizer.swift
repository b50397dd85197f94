import Vocabulary
import Foundation
import Learning

/// One evaluated point of a search: settings and the objective value (lower is better).
public struct Observation: Sendable, Equatable {
    /// The settings evaluated.
    public let settings: Settings
    /// The objective value, finite.
    public let value: Double
    /// Creates an observation.
    public init(settings: Settings, value: Double) {
        self.settings = settings
        self.value = value
    }
}

/// Settings of Bayesian optimization. The defaults are the same in debug and release builds.
public struct BayesianOptions: Sendable, Equatable {
    /// Random points evaluated before the first model-based suggestion; nil means max(3, 2 x dimensions + 1),
    /// capped at the budget.
    public var initialPoints: Int?
    /// Random candidates scored by expected improvement at each suggestion.
    public var candidates: Int
    /// Extra candidates scored near the five best observations (numeric coordinates perturbed).
    public var localCandidates: Int
    /// How many of the best candidates are refined by a local search (Nelder-Mead in the unit cube).
    public var refinementStarts: Int
    /// Evaluations of expected improvement per local refinement.
    public var refinementEvaluations: Int
    /// Random restarts of the hyperparameter fit besides the default or warm start (with a warm start,
    /// only on every fourth refit; see `BayesianOptimizer.refitPeriod`).
    public var hyperparameterRestarts: Int
    /// Points of the x grid in an explanation (1-D spaces).
    public var explainGridSize: Int

    /// Creates options; see each property for its meaning.
    public init(initialPoints: Int? = nil, candidates: Int = 1000, localCandidates: Int = 200, refinementStarts: Int = 3,
                refinementEvaluations: Int = 50, hyperparameterRestarts: Int = 1, explainGridSize: Int = 101) {
        self.initialPoints = initialPoints
        self.candidates = candidates
        self.localCandidates = localCandidates
        self.refinementStarts = refinementStarts
        self.refinementEvaluations = refinementEvaluations
        self.hyperparameterRestarts = hyperparameterRestarts
        self.explainGridSize = explainGridSize
    }

    /// The number of initial random points for `space` and `budget`.
    public func initialCount(space: SearchSpace, budget: Int) -> Int {
        let n = initialPoints ?? max(3, 2 * space.dimensions.count + 1)
        return max(1, min(budget, n))
    }
}

/// What one step of Bayesian optimization looked like on a 1-D space, for drawing (`tune bayes ... --explain`).
///
/// All arrays over the grid have the same count; x values are in the dimension's own units
/// (draw them on a log axis when ``dimension`` is `:log`); means, standard deviations and EI are in
/// objective units.
public struct ExplainStep: Sendable, Equatable {
    /// The 1-based number of the trial that evaluates ``nextX``.
    public var trialNumber: Int
    /// The searched dimension.
    public let dimension: Dimension
    /// Grid of x values, increasing.
    public let xs: [Double]
    /// Posterior mean of the objective at each x.
    public let mean: [Double]
    /// Posterior standard deviation of the objective (latent function, no noise) at each x.
    public let standardDeviation: [Double]
    /// Expected improvement at each x.
    public let expectedImprovement: [Double]
    /// The x values observed so far, in trial order.
    public let observedXs: [Double]
    /// The objective values observed so far, parallel to ``observedXs`` (a failed trial appears with the
    /// worst value seen, as the model was given it).
    public let observedValues: [Double]
    /// The x that expected improvement picks next.
    public let nextX: Double
    /// The best (lowest) observed value so far.
    public let bestValue: Double
}

/// The next point Bayesian optimization proposes, with what the model predicted there.
public struct BayesianSuggestion: Sendable {
    /// The settings to evaluate next.
    public let settings: Settings
    /// Expected improvement at ``settings`` (objective units).
    public let expectedImprovement: Double
    /// Posterior mean at ``settings``.
    public let predictedMean: Double
    /// Posterior standard deviation at ``settings``.
    public let predictedStandardDeviation: Double
    /// The fitted Gaussian-process hyperparameters (reuse as a warm start for the next suggestion).
    public let hyperparameters: GaussianProcess.Hyperparameters?
    /// The step drawn for `--explain`, when asked for and the space is one numeric dimension.
    public let explanation: ExplainStep?
}

/// Bayesian optimization over a ``SearchSpace``: a Gaussian-process surrogate of the objective
/// (``GaussianProcess``, Matern 5/2, hyperparameters by maximum marginal likelihood) and the next point
/// chosen by maximizing expected improvement (``ExpectedImprovement``) over dense random candidates (plus
/// some near the best observations), followed by Nelder-Mead refinement of the best few in the unit cube.
///
/// Sources: Jones, Schonlau and Welch (1998) for expected improvement; Snoek, Larochelle and Adams,
/// "Practical Bayesian optimization of machine learning algorithms", NeurIPS 2012, for the Matern 5/2
/// surrogate and the practice of fitting its hyperparameters; Rasmussen and Williams (2006) for the process.
/// Settings are encoded in [0, 1] per range (in ln(value) for `:log` ranges) and one-hot per choice.
public struct BayesianOptimizer: Sendable {
    /// The space searched.
    public let space: SearchSpace
    /// Candidate counts and the like.
    public var options: BayesianOptions

    /// Creates an optimizer for `space`.
    public init(space: SearchSpace, options: BayesianOptions = BayesianOptions()) {
        self.space = space
        self.options = options
    }

    /// Proposes the settings to evaluate next, given the observations so far (deterministic in `seed`).
    /// With no observation, returns random settings.
    /// - Parameters:
    ///   - observations: evaluated settings of this space with finite values, in trial order.
    ///   - seed: seeds the candidate draw and the hyperparameter restarts.
    ///   - warmStart: the hyperparameters of the previous suggestion, to start the fit from.
    ///   - explain: also compute an ``ExplainStep`` (1-D numeric spaces only).
    /// - Throws: ``TuningError`` when an observation has a non-finite value.
    public func suggest(after observations: [Observation], seed: UInt64,
                        warmStart: GaussianProcess.Hyperparameters? = nil,
                        explain: Bool = false) throws(TuningError) -> BayesianSuggestion {
        var rng = SeededGenerator(seed: seed, stream: 1)
        guard !observations.isEmpty else {
            return BayesianSuggestion(settings: space.randomSettings(&rng), expectedImprovement: 0, predictedMean: .nan,
                                      predictedStandardDeviation: .nan, hyperparameters: nil, explanation: nil)
        }
        let inputs = observations.map { space.encode($0.settings) }
        let values = observations.map(\.value)
        let gp: GaussianProcess
        let n = observations.count
        let period = BayesianOptimizer.refitPeriod(observations: n)
        if let warmStart, n % period != 0,
           let kept = try? GaussianProcess(inputs: inputs, targets: values, hyperparameters: warmStart,
                                           coordinateGroups: space.coordinateGroups) {
            // Between refits the previous hyperparameters are kept: one factorization, no fit.
            gp = kept
        } else {
            // A warm start is refined on its own (`warmIterations`: each iteration costs O(n^3)); a random
            // restart is added without one, and on every fourth refit, so that a poor local optimum of the
            // likelihood is not kept for long.
            let restarts = warmStart == nil || (n / period) % 4 == 0 ? options.hyperparameterRestarts : 0
            gp = try GaussianProcess.fitted(inputs: inputs, targets: values, coordinateGroups: space.coordinateGroups,
                                            seed: seed &+ 0x5EED, warmStart: warmStart, restarts: restarts,
                                            maxIterations: warmStart == nil ? 50 : BayesianOptimizer.warmIterations(observations: n))
        }
        let best = values.min() ?? 0
        var scratch = [Double](repeating: 0, count: observations.count)
        // The objectives searched here are deterministic (seeded training and folds), so evaluating a point
        // again, or one the model cannot tell from it, teaches nothing: candidates within a scaled distance
        // r < 0.003 of an observation (kernel correlation above 0.99999) score -infinity unless nothing
        // else is left. Without this, an overconfident model can ask for the same point over and over.
        var allowRepeats = false
        let weights = gp.inverseSquaredScales
        func isObserved(_ x: [Double]) -> Bool {
            for o in inputs {
                var r2 = 0.0
                for i in x.indices { r2 += weights[i] * (x[i] - o[i]) * (x[i] - o[i]) }
                if r2 < 9e-6 { return true }
            }
            return false
        }
        func score(_ s: Settings) -> Double {
            let x = space.encode(s)
            if !allowRepeats && isObserved(x) { return -.infinity }
            let p = gp.predict(x, scratch: &scratch)
            return ExpectedImprovement.logValue(mean: p.mean, standardDeviation: p.variance.squareRoot(), best: best)
        }

        // Dense random candidates.
        var scored: [(settings: Settings, score: Double)] = []
        scored.reserveCapacity(options.candidates)
        for _ in 0..<max(1, options.candidates) {
            let s = space.randomSettings(&rng)
            scored.append((s, score(s)))
        }
        // Candidates near the best observations (their numeric coordinates moved by N(0, 0.03^2) in the
        // unit cube, choices kept), so that the surroundings of good points are scored densely too.
        let numeric = space.dimensions.indices.filter { space.dimensions[$0].isNumeric }
        if !numeric.isEmpty && options.localCandidates > 0 {
            let ranked = observations.indices.sorted { observations[$0].value < observations[$1].value }.prefix(5)
            for k in 0..<options.localCandidates {
                let base = observations[ranked[ranked.startIndex + k % ranked.count]].settings
                var values = base.values
                for i in numeric {
                    let d = space.dimensions[i]
                    values[i] = d.value(atUnit: d.unit(of: values[i].number ?? 0) + 0.03 * rng.normal())
                }
                let s = Settings(names: base.names, values: values)
                scored.append((s, score(s)))
            }
        }
        // Keep the best few distinct candidates (ties broken by draw order: deterministic).
        var order = scored.indices.sorted { a, b in
            scored[a].score != scored[b].score ? scored[a].score > scored[b].score : a < b
        }
        if scored[order[0]].score == -.infinity {
            // Every candidate repeats an observation (a small discrete space, exhausted): allow repeats.
            allowRepeats = true
            scored = scored.map { ($0.settings, score($0.settings)) }
            order = scored.indices.sorted { a, b in
                scored[a].score != scored[b].score ? scored[a].score > scored[b].score : a < b
            }
        }
        var winner = scored[order[0]]
        var starts: [Settings] = []
        for i in order where starts.count < max(0, options.refinementStarts) {
            if !starts.contains(scored[i].settings) { starts.append(scored[i].settings) }
        }
        // Local refinement of the numeric coordinates (choices stay fixed).
        if !numeric.isEmpty {
            for start in starts {
                func settings(from u: [Double]) -> Settings {
                    var values = start.values
                    for (k, i) in numeric.enumerated() { values[i] = space.dimensions[i].value(atUnit: u[k]) }
                    return Settings(names: start.names, values: values)
                }
                let u0 = numeric.map { space.dimensions[$0].unit(of: start.values[$0].number ?? 0) }
                let r = nelderMead(start: u0, step: 0.05, maxEvaluations: options.refinementEvaluations, tolerance: 1e-9) { u in
                    var penalty = 0.0
                    for x in u where x < 0 || x > 1 { penalty += 1 }
                    return penalty > 0 ? .infinity : -score(settings(from: u))
                }
                if -r.value > winner.score {
                    let s = settings(from: r.x)
                    winner = (s, score(s))
                }
            }
        }
        let p = gp.predict(space.encode(winner.settings), scratch: &scratch)
        let sd = p.variance.squareRoot()
        var explanation: ExplainStep?
        if explain, space.dimensions.count == 1, let dim = space.dimensions.first, dim.isNumeric {
            explanation = explainStep(gp: gp, dimension: dim, observations: observations, next: winner.settings, best: best)
        }
        return BayesianSuggestion(settings: winner.settings,
                                  expectedImprovement: ExpectedImprovement.value(mean: p.mean, standardDeviation: sd, best: best),
                                  predictedMean: p.mean, predictedStandardDeviation: sd,
                                  hyperparameters: gp.hyperparameters, explanation: explanation)
    }

    /// How often, in observations, the surrogate's hyperparameters are refitted when a warm start is given:
    /// every suggestion up to 39 observations, then every `n / 40` (every 2nd at 80, 7th at 300, 12th at
    /// 500). Between refits the previous fit's hyperparameters are reused (one Cholesky factorization instead
    /// of a fit); a fit costs tens of likelihood evaluations of O(n^3) each, while a few more observations
    /// hardly move the maximum-likelihood hyperparameters once there are many. Searches with budgets up to
    /// 40 (e.g. the Branin check, budget 30) refit at every suggestion as before.
    public static func refitPeriod(observations n: Int) -> Int { max(1, n / 40) }

    /// The most L-BFGS iterations of a warm-started hyperparameter refit at `n` observations: 20 up to 100,
    /// 10 up to 200, 6 above. Each iteration costs one or more likelihood evaluations of O(n^3) (a Cholesky
    /// factorization, and for an accepted step the inverse for the gradient: about 25 ms at 500 observations
    /// on the benchmark machine), while the start is the fit of a few observations earlier, already close to
    /// the maximum; so the cap keeps a refitting suggestion within its time (at most 100 ms at 300
    /// observations and 300 ms at 500; see bench/README.md). Searches of up to 100 trials (e.g. the Branin check, budget 30)
    /// are not affected.
    public static func warmIterations(observations n: Int) -> Int { n > 200 ? 6 : (n > 100 ? 10 : 20) }

    private func explainStep(gp: GaussianProcess, dimension: Dimension, observations: [Observation],
                             next: Settings, best: Double) -> ExplainStep {
        let g = max(2, options.explainGridSize)
        var xs: [Double] = []
        for i in 0..<g {
            let x = dimension.value(atUnit: Double(i) / Double(g - 1)).number ?? 0
            if xs.last != x { xs.append(x) }
        }
        var means: [Double] = [], sds: [Double] = [], eis: [Double] = []
        for x in xs {
            let p = gp.predict([dimension.unit(of: x)])
            let sd = p.variance.squareRoot()
            means.append(p.mean)
            sds.append(sd)
            eis.append(ExpectedImprovement.value(mean: p.mean, standardDeviation: sd, best: best))
        }
        return ExplainStep(trialNumber: observations.count + 1, dimension: dimension, xs: xs, mean: means,
                           standardDeviation: sds, expectedImprovement: eis,
                           observedXs: observations.map { $0.settings.values[0].number ?? 0 },
                           observedValues: observations.map(\.value),
                           nextX: next.values[0].number ?? 0, bestValue: best)
    }
}
