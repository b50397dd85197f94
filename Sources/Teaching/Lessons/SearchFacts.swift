import Vocabulary
import Foundation

/// What the lesson runner knows about one finished search (`tune`, `tune compare`, `sweep`): the app builds it after
/// the command, and an experiment whose conditions start with `search.` is checked against it (see
/// `OutcomeCondition`). The runner never sees the engine itself.
///
/// Values are what the search minimized: mean validation loss over the folds (or of the hold-out split) for a model,
/// the function's value for a built-in test function.
public struct SearchFacts: Sendable, Equatable {
    /// One strategy's search (`grid`, `random`, `bayes`; `sweep` for a validation curve).
    public struct Strategy: Sendable, Equatable {
        /// The lowest value found, nil when no trial succeeded.
        public var best: Double?
        /// Its sample standard deviation over the folds (0 without cross-validation), nil when no trial succeeded.
        public var bestDeviation: Double?
        /// Trials (or swept values) done.
        public var trials: Int
        /// Per dimension name: how many distinct values the search tried.
        public var distinct: [String: Int]
        /// Best value minus the known global minimum of a built-in test function (0 when the best is at or below the
        /// minimum as the function states it, to its printed precision), nil for a model.
        public var regret: Double?

        /// Makes the facts of one strategy's search.
        public init(best: Double?, bestDeviation: Double?, trials: Int, distinct: [String: Int], regret: Double? = nil) {
            self.best = best
            self.bestDeviation = bestDeviation
            self.trials = trials
            self.distinct = distinct
            self.regret = regret
        }
    }

    /// The searches, by strategy name (one, or three for `tune compare`).
    public var strategies: [String: Strategy]
    /// The share of rows held out as a test set, nil when none was.
    public var testFraction: Double?
    /// The best setting's data loss on the test set, nil without one (or when its training failed).
    public var testLoss: Double?
    /// The best setting's accuracy on the test set (classification), else nil.
    public var testAccuracy: Double?

    /// Makes the facts of a search.
    public init(strategies: [String: Strategy], testFraction: Double? = nil, testLoss: Double? = nil, testAccuracy: Double? = nil) {
        self.strategies = strategies
        self.testFraction = testFraction
        self.testLoss = testLoss
        self.testAccuracy = testAccuracy
    }

    /// Strategy names a metric may name.
    public static let strategyNames = ["grid", "random", "bayes", "sweep"]

    /// Metrics of the whole search (`search.` + name): `spread` is the highest minus the lowest best value of the
    /// strategies (0 for one strategy; nil when one found nothing), `best` and `best_sd` those of the best strategy.
    static let topMetrics = ["test_fraction", "test_loss", "test_accuracy", "best", "best_sd", "spread"]
    /// Metrics of one strategy (`search.STRATEGY.` + name, or `distinct.NAME`).
    static let strategyMetrics = ["best", "best_sd", "trials", "regret"]

    /// Whether `metric` is a well-formed search metric: `search.test_loss`, `search.best`, `search.random.best`,
    /// `search.grid.distinct.learning-rate`, ...
    public static func isMetric(_ metric: String) -> Bool {
        guard metric.hasPrefix("search.") else { return false }
        let parts = metric.dropFirst("search.".count).split(separator: ".", maxSplits: 2).map(String.init)
        if parts.count == 1 { return topMetrics.contains(parts[0]) }
        guard strategyNames.contains(parts[0]) else { return false }
        if parts.count == 2 { return strategyMetrics.contains(parts[1]) }
        return parts[1] == "distinct" && !parts[2].isEmpty
    }

    /// The metric's value, nil when this search does not have it (e.g. no test set, or another strategy).
    public func number(_ metric: String) -> Double? {
        guard Self.isMetric(metric) else { return nil }
        let parts = metric.dropFirst("search.".count).split(separator: ".", maxSplits: 2).map(String.init)
        if parts.count == 1 {
            switch parts[0] {
            case "test_fraction": return testFraction
            case "test_loss": return testLoss
            case "test_accuracy": return testAccuracy
            case "best": return overallBest?.best
            case "best_sd": return overallBest?.bestDeviation
            case "spread":
                let bests = strategies.values.compactMap(\.best)
                guard bests.count == strategies.count, let high = bests.max(), let low = bests.min() else { return nil }
                return high - low
            default: return nil
            }
        }
        guard let s = strategies[parts[0]] else { return nil }
        if parts.count == 3 { return s.distinct[parts[2]].map(Double.init) }
        switch parts[1] {
        case "best": return s.best
        case "best_sd": return s.bestDeviation
        case "trials": return Double(s.trials)
        case "regret": return s.regret
        default: return nil
        }
    }

    /// The strategy with the lowest best value.
    var overallBest: Strategy? {
        strategies.values.filter { $0.best != nil }.min { ($0.best ?? .infinity) < ($1.best ?? .infinity) }
    }

    /// Words for a metric in feedback ("random search's best value", "the test loss").
    static func label(_ metric: String) -> String {
        let parts = metric.dropFirst("search.".count).split(separator: ".", maxSplits: 2).map(String.init)
        if parts.count == 1 {
            switch parts.first ?? "" {
            case "test_fraction": return "the share held out as a test set"
            case "test_loss": return "the test loss of the best setting"
            case "test_accuracy": return "the test accuracy of the best setting"
            case "best": return "the best value found"
            case "spread": return "the difference between the strategies' best values"
            default: return "the standard deviation of the best value over the folds"
            }
        }
        let who = ["sweep": "the sweep", "bayes": "Bayesian optimization"][parts[0]] ?? "\(parts[0]) search"
        if parts.count == 3 { return "the number of distinct \(parts[2]) values \(who) tried" }
        switch parts[1] {
        case "best": return "\(who)'s best value"
        case "best_sd": return "the standard deviation of \(who)'s best value over the folds"
        case "trials": return "the number of trials of \(who)"
        default: return "the distance from \(who)'s best value down to the global minimum"
        }
    }
}
