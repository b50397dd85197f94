import Vocabulary
/// Python libraries a search space can be exported to (`tune export optuna|ray`).
public enum ExportFormat: String, CaseIterable, Sendable {
    /// Optuna (define-by-run `trial.suggest_*`; samplers GridSampler, RandomSampler, GPSampler).
    case optuna
    /// Ray Tune (`tune.uniform`, `tune.loguniform`, `tune.randint`, `tune.choice`, `tune.grid_search`).
    case ray
}

/// Writes a search space as a runnable Python script skeleton for Optuna or Ray Tune.
///
/// Mapping: a real range becomes `suggest_float(name, low, high, log=...)` / `tune.uniform` or
/// `tune.loguniform`; an integer range `suggest_int(name, low, high, log=...)` / `tune.randint(low, high + 1)`
/// or `tune.lograndint(low, high + 1)` (Ray's upper bound is exclusive); a choice `suggest_categorical` /
/// `tune.choice` (values that read as numbers are written as numbers). The grid strategy writes the same
/// grid levels hyperlab would use for the budget; the Bayesian strategy uses Optuna's GPSampler (a Gaussian
/// process with a Matern 5/2 kernel), through OptunaSearch for Ray.
public enum SearchExport {
    /// The Python text (ends with a newline). The training function is left for the reader to fill in.
    /// - Parameters:
    ///   - space: the search space.
    ///   - format: Optuna or Ray Tune.
    ///   - strategy: grid, random or bayes: picks the sampler / search algorithm.
    ///   - budget: number of trials (for grid: the budget the grid levels are computed for).
    ///   - seed: the seed written into the sampler.
    public static func python(_ space: SearchSpace, format: ExportFormat, strategy: Strategy = .bayes,
                              budget: Int = 30, seed: UInt64 = 0) -> String {
        switch format {
        case .optuna: return optuna(space, strategy: strategy, budget: budget, seed: seed)
        case .ray: return ray(space, strategy: strategy, budget: budget, seed: seed)
        }
    }

    private static func header(_ space: SearchSpace, _ strategy: Strategy, _ budget: Int, _ seed: UInt64, _ needs: String) -> [String] {
        ["# Search space from hyperlab: \(space.text)",
         "# Strategy \(strategy.rawValue), budget \(budget), seed \(seed). Lower loss is better.",
         "# Needs: \(needs)"]
    }

    private static func gridValues(_ space: SearchSpace, budget: Int) -> [String] {
        let counts = space.gridLevelCounts(budget: budget)
        return space.dimensions.indices.map { i in
            "[" + space.gridLevels(ofDimension: i, count: counts[i]).map(pythonLiteral).joined(separator: ", ") + "]"
        }
    }

    private static func optuna(_ space: SearchSpace, strategy: Strategy, budget: Int, seed: UInt64) -> String {
        var lines = header(space, strategy, budget, seed,
                           strategy == .bayes ? "pip install optuna scipy torch (GPSampler needs scipy and torch)" : "pip install optuna")
        lines += ["import optuna", "", "",
                  "def train_and_validate(params):",
                  "    \"\"\"Train with `params` and return the validation loss.\"\"\"",
                  "    raise NotImplementedError(\"put the training code here\")", "", "",
                  "def objective(trial):",
                  "    params = {"]
        for d in space.dimensions {
            let n = pythonString(d.name)
            switch d.kind {
            case let .real(lo, hi, log):
                lines.append("        \(n): trial.suggest_float(\(n), \(pythonFloat(lo)), \(pythonFloat(hi))\(log ? ", log=True" : "")),")
            case let .integer(lo, hi, log):
                lines.append("        \(n): trial.suggest_int(\(n), \(lo), \(hi)\(log ? ", log=True" : "")),")
            case let .choice(values):
                lines.append("        \(n): trial.suggest_categorical(\(n), [\(values.map { pythonLiteral(.choice($0)) }.joined(separator: ", "))]),")
            }
        }
        lines += ["    }", "    return train_and_validate(params)", "", ""]
        var trials = budget
        switch strategy {
        case .grid:
            let values = gridValues(space, budget: budget)
            trials = space.gridSettings(budget: budget).count
            lines.append("search_space = {")
            for (d, v) in zip(space.dimensions, values) { lines.append("    \(pythonString(d.name)): \(v),") }
            lines += ["}", "sampler = optuna.samplers.GridSampler(search_space, seed=\(seed))"]
        case .random:
            lines.append("sampler = optuna.samplers.RandomSampler(seed=\(seed))")
        case .bayes:
            lines.append("sampler = optuna.samplers.GPSampler(seed=\(seed))")
        }
        lines += ["study = optuna.create_study(direction=\"minimize\", sampler=sampler)",
                  "study.optimize(objective, n_trials=\(trials))",
                  "print(study.best_params, study.best_value)"]
        return lines.joined(separator: "\n") + "\n"
    }

    private static func ray(_ space: SearchSpace, strategy: Strategy, budget: Int, seed: UInt64) -> String {
        let needs: String
        switch strategy {
        case .bayes: needs = "pip install \"ray[tune]\" optuna scipy torch"
        default: needs = "pip install \"ray[tune]\""
        }
        var lines = header(space, strategy, budget, seed, needs)
        lines += ["from ray import tune"]
        switch strategy {
        case .random: lines.append("from ray.tune.search.basic_variant import BasicVariantGenerator")
        case .bayes: lines += ["from ray.tune.search.optuna import OptunaSearch", "import optuna"]
        case .grid: break
        }
        lines += ["", "",
                  "def objective(config):",
                  "    \"\"\"Train with `config` and return the validation loss.\"\"\"",
                  "    loss = ...  # put the training code here",
                  "    return {\"loss\": loss}", "", "",
                  "param_space = {"]
        let grid = strategy == .grid ? gridValues(space, budget: budget) : []
        for (i, d) in space.dimensions.enumerated() {
            let n = pythonString(d.name)
            if strategy == .grid {
                lines.append("    \(n): tune.grid_search(\(grid[i])),")
                continue
            }
            switch d.kind {
            case let .real(lo, hi, log):
                lines.append("    \(n): tune.\(log ? "loguniform" : "uniform")(\(pythonFloat(lo)), \(pythonFloat(hi))),")
            case let .integer(lo, hi, log):
                lines.append("    \(n): tune.\(log ? "lograndint" : "randint")(\(lo), \(hi + 1)),  # upper bound exclusive")
            case let .choice(values):
                lines.append("    \(n): tune.choice([\(values.map { pythonLiteral(.choice($0)) }.joined(separator: ", "))]),")
            }
        }
        lines += ["}", ""]
        let config: String
        switch strategy {
        case .grid:
            config = "tune.TuneConfig(metric=\"loss\", mode=\"min\", num_samples=1)"
        case .random:
            config = "tune.TuneConfig(metric=\"loss\", mode=\"min\", num_samples=\(budget),\n                               search_alg=BasicVariantGenerator(random_state=\(seed)))"
        case .bayes:
            config = "tune.TuneConfig(metric=\"loss\", mode=\"min\", num_samples=\(budget),\n                               search_alg=OptunaSearch(sampler=optuna.samplers.GPSampler(seed=\(seed))))"
        }
        lines += ["tuner = tune.Tuner(objective, param_space=param_space,",
                  "                   tune_config=\(config))",
                  "results = tuner.fit()",
                  "best = results.get_best_result()",
                  "print(best.config, best.metrics[\"loss\"])"]
        return lines.joined(separator: "\n") + "\n"
    }
}

/// A Python float literal: always with a decimal point or exponent (`1.0`, `0.0001`, `1e-06`).
func pythonFloat(_ x: Double) -> String {
    let s = x.description
    return s.contains(".") || s.contains("e") ? s : s + ".0"
}

/// A Python literal for a value: numbers as numbers, other text as a quoted string.
func pythonLiteral(_ v: ParameterValue) -> String {
    switch v {
    case .real(let x): return pythonFloat(x)
    case .integer(let n): return String(n)
    case .choice(let s):
        if let n = Int(s) { return String(n) }
        if let x = Double(s), x.isFinite, s.first.map({ $0.isNumber || $0 == "-" || $0 == "." }) == true { return pythonFloat(x) }
        return pythonString(s)
    }
}

/// A double-quoted Python string literal with backslashes, quotes and control characters escaped.
func pythonString(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
        switch u {
        case "\\": out += "\\\\"
        case "\"": out += "\\\""
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        default:
            if u.value < 0x20 { out += "\\x" + String(u.value, radix: 16).leftPadded(2) } else { out.unicodeScalars.append(u) }
        }
    }
    return out + "\""
}

extension String {
    fileprivate func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
