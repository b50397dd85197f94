import Foundation
import Learning
import TerminalCharts
import Tuning

/// Receives the progress of a search command (`sweep`, `learning-curve`, `tune`) while it runs, to show a
/// status line on a terminal. The lab's `observer` is asked for it with `as?`; Ctrl-C goes through
/// `TrainingObserver.shouldStopTraining()` as for a training.
public protocol SearchObserver: AnyObject {
    /// Called on the calling thread after each trial (or each point of a curve), in order.
    /// - Parameters:
    ///   - done: trials (points) finished so far, 1 or more.
    ///   - planned: trials (points) planned.
    ///   - elapsedSeconds: wall-clock seconds since the search started.
    ///   - status: one line, e.g. `random 7/20  best 0.0718  about 12 s left`; a terminal may draw it only
    ///     once the search has run for a second.
    func searchProgress(done: Int, planned: Int, elapsedSeconds: Double, status: String)
    /// Called once when the search ends (finished, stopped or failed), before its outputs are rendered.
    func searchFinished()
}

/// The search commands: `sweep`, `learning-curve` and `tune`.
///
/// Each runs on the lab's dataset, model and settings (or on a built-in test function with
/// `tune --objective`), and returns charts, tables and a summary line; every mistake in the
/// command line is one `.error` line saying how to fix it. Ctrl-C (the lab observer's
/// `shouldStopTraining`) stops a search between trainings and keeps what was done.
enum TuningCommands {
    /// Largest `--budget` accepted (trials of one search).
    static let maximumBudget = 500
    /// Default `--budget` when none is given.
    static let defaultBudget = 20
    /// Default fold count of `--folds` (0 means the trainer's own hold-out split).
    static let defaultFolds = 5
    /// At most this many steps of `tune bayes --explain` are drawn.
    static let maximumExplainCharts = 8

    /// Runs one search command on the lab's dataset, model and settings.
    static func execute(_ word: String, _ arguments: [String], lab: LabSession) -> [Output] {
        defer { (lab.observer as? SearchObserver)?.searchFinished() }
        do throws(SearchCommandError) {
            switch word.lowercased() {
            case "sweep": return try sweep(arguments, lab: lab)
            case "learning-curve": return try learningCurve(arguments, lab: lab)
            case "tune": return try tune(arguments, lab: lab)
            default: return [.error("`\(word)` is not a search command; use sweep, learning-curve or tune")]
            }
        } catch {
            return [.error(error.message)]
        }
    }

    // MARK: - sweep

    private static func sweep(_ arguments: [String], lab: LabSession) throws(SearchCommandError) -> [Output] {
        let usage = "usage: sweep NAME V1,V2,... or sweep NAME LOW..HIGH [--steps N] [--log] [--folds K], e.g. sweep learning-rate 0.001..1 --log"
        let parsed = try ParsedArguments(arguments, valued: ["--steps", "--folds"], flags: ["--log"], command: "sweep")
        guard parsed.positional.count == 2 else {
            throw SearchCommandError(parsed.positional.count < 2 ? "sweep needs a hyperparameter and its values; " + usage
                                                                   : "sweep takes one hyperparameter and one list or range; " + usage)
        }
        let name = parsed.positional[0]
        let steps = try parsed.integer("--steps", in: 2...1000)
        let log = parsed.flags.contains("--log")
        let base = try hyperparameters(lab)
        let values: [String]
        do { values = try Curves.values(for: name, parsed.positional[1], steps: steps, log: log, base: base) } catch {
            throw SearchCommandError(error.message)
        }
        let evaluator = try makeEvaluator(lab, folds: parsed.folds())
        let curve: ValidationCurve
        do {
            curve = try Curves.validationCurve(evaluator: evaluator, base: base, name: name, values: values, log: log,
                                               shouldStop: stopCheck(lab), onProgress: curveProgress(lab, "sweep \(name)"))
        } catch {
            throw SearchCommandError(error.message)
        }
        let scored = curve.points.filter { $0.score != nil }
        guard !scored.isEmpty else {
            if curve.interrupted { return [.text("stopped before the first value was scored")] }
            let reasons = curve.points.compactMap { p in p.failure.map { "\(curve.name) \(p.label): \($0)" } }
            throw SearchCommandError("no value could be scored: " + (reasons.first ?? "unknown failure"))
        }
        // A list like `16,8|32,16` (hidden layers) has no single number per value: number the values instead.
        let numeric = scored.allSatisfy { $0.x != nil && Double($0.label) != nil }
        let xs = scored.enumerated().map { i, p in numeric ? (p.x ?? 0) : Double(i + 1) }
        let train = Series(name: "training", xs: xs, ys: scored.map { $0.score?.trainLoss ?? .nan })
        let validation = Series(name: "validation", xs: xs, ys: scored.map { $0.score?.validationLoss ?? .nan })
        var outputs: [Output] = [.chart(LineChart(series: [train, validation],
                                                  title: "validation curve: loss against \(curve.name) (\(evaluator.describe))",
                                                  xLabel: numeric ? curve.name : "\(curve.name) (value number)", yLabel: "loss",
                                                  xScale: numeric && curve.logScale ? .log : .linear))]
        if !numeric {
            outputs.append(.text(scored.enumerated().map { "\($0 + 1) = \($1.label)" }.joined(separator: ", ")))
        }
        var lines: [String] = []
        for p in curve.points where p.failure != nil {
            lines.append("\(curve.name) \(p.label) failed: \(p.failure ?? "")")
        }
        if let best = scored.min(by: { ($0.score?.validationLoss ?? .infinity) < ($1.score?.validationLoss ?? .infinity) }),
           let score = best.score {
            let spread = evaluator.runsPerScore > 1 ? " ± \(formatLoss(score.validationLossDeviation)) over the folds" : ""
            let runs = evaluator.runsPerScore == 1 ? "1 training" : "\(evaluator.runsPerScore) trainings"
            lines.append("best \(curve.name): \(best.label) (validation loss \(formatLoss(score.validationLoss))\(spread), "
                         + "training loss \(formatLoss(score.trainLoss)); \(curve.points.count) values x \(runs) "
                         + "in \(formatSeconds(curve.seconds)))")
        }
        if curve.interrupted { lines.append("stopped after \(curve.points.count) of \(values.count) values") }
        outputs.append(.text(lines.joined(separator: "\n")))
        return outputs
    }

    // MARK: - learning-curve

    private static func learningCurve(_ arguments: [String], lab: LabSession) throws(SearchCommandError) -> [Output] {
        let parsed = try ParsedArguments(arguments, valued: ["--steps", "--folds"], flags: [], command: "learning-curve")
        guard parsed.positional.isEmpty else {
            throw SearchCommandError("learning-curve takes no values, only options; usage: learning-curve [--steps N] [--folds K]")
        }
        let steps = try parsed.integer("--steps", in: 2...100) ?? Curves.defaultFractions.count
        let fractions = (1...steps).map { Double($0) / Double(steps) }
        let base = try hyperparameters(lab)
        let evaluator = try makeEvaluator(lab, folds: parsed.folds())
        let curve: LearningCurve
        do {
            curve = try Curves.learningCurve(evaluator: evaluator, base: base, fractions: fractions, shouldStop: stopCheck(lab),
                                             onProgress: curveProgress(lab, "learning-curve"))
        } catch {
            throw SearchCommandError(error.message)
        }
        let scored = curve.points.filter { $0.score != nil && $0.x != nil }
        guard !scored.isEmpty else {
            if curve.interrupted { return [.text("stopped before the first size was scored")] }
            throw SearchCommandError("no training size could be scored: " + (curve.points.compactMap(\.failure).first ?? "unknown failure"))
        }
        let xs = scored.map { $0.x ?? 0 }
        let chart = LineChart(series: [Series(name: "training", xs: xs, ys: scored.map { $0.score?.trainLoss ?? .nan }),
                                       Series(name: "validation", xs: xs, ys: scored.map { $0.score?.validationLoss ?? .nan })],
                              title: "learning curve: loss against training rows (\(evaluator.describe))",
                              xLabel: "training rows", yLabel: "loss")
        var lines: [String] = []
        for p in curve.points where p.failure != nil { lines.append("share \(p.label) failed: \(p.failure ?? "")") }
        if let last = scored.last?.score {
            let gap = last.validationLoss - last.trainLoss
            var line = "with \(Int(last.trainingRows.rounded())) training rows: training loss \(formatLoss(last.trainLoss)), "
                + "validation loss \(formatLoss(last.validationLoss)), gap \(formatLoss(gap))"
            if scored.count >= 2, let previous = scored[scored.count - 2].score {
                line += previous.validationLoss - last.validationLoss > 0.02 * max(abs(last.validationLoss), 1e-12)
                    ? "; validation loss still falling: more data would likely help"
                    : "; validation loss has levelled off: more data alone would help little"
            }
            lines.append(line)
        }
        if curve.interrupted { lines.append("stopped after \(curve.points.count) of \(fractions.count) sizes") }
        return [.chart(chart), .text(lines.joined(separator: "\n"))]
    }

    // MARK: - tune

    private static func tune(_ arguments: [String], lab: LabSession) throws(SearchCommandError) -> [Output] {
        let usage = "usage: tune grid|random|bayes|compare SPACE --budget N [--folds K] [--seed S] [--objective branin|gramacy-lee] [--json] [--explain], or tune export optuna|ray SPACE"
        guard let mode = arguments.first?.lowercased(), !mode.hasPrefix("--") else {
            throw SearchCommandError("tune needs a strategy; " + usage)
        }
        let parsed = try ParsedArguments(Array(arguments.dropFirst()), valued: ["--budget", "--folds", "--seed", "--objective"],
                                         flags: ["--json", "--explain"], command: "tune")
        if mode == "export" { return try export(parsed) }
        let strategy: Strategy?
        if mode == "compare" {
            strategy = nil
        } else if let s = Strategy(rawValue: mode) {
            strategy = s
        } else {
            throw SearchCommandError("unknown strategy '\(mode)': use grid, random, bayes, compare or export; " + usage)
        }
        let budget = try parsed.integer("--budget", in: 1...maximumBudget) ?? defaultBudget
        let explain = parsed.flags.contains("--explain")
        let json = parsed.flags.contains("--json")
        if explain && strategy != .bayes { throw SearchCommandError("--explain shows the steps of tune bayes; write tune bayes SPACE --explain") }
        if explain && json { throw SearchCommandError("--explain draws charts and --json prints data; give one of them") }

        var space: SearchSpace
        let objective: Objective
        var builtIn: BuiltInObjective?
        var describe: String
        var seed: UInt64
        if let name = parsed.values["--objective"] {
            guard let f = BuiltInObjective.named(name) else {
                throw SearchCommandError("unknown objective '\(name)': use " + BuiltInObjective.allCases.map(\.rawValue).joined(separator: " or "))
            }
            if parsed.values["--folds"] != nil { throw SearchCommandError("--folds applies to the model objective, not to --objective \(f.rawValue)") }
            builtIn = f
            space = f.space
            if !parsed.positional.isEmpty {
                space = try parseSpace(parsed.positional)
                if let missing = f.space.names.first(where: { !space.names.contains($0) }) {
                    throw SearchCommandError("the \(f.rawValue) objective needs '\(missing)' in the space; leave the space out to use \(f.space.text)")
                }
            }
            objective = f.objective
            describe = "objective \(f.rawValue)"
            seed = 0
        } else {
            guard !parsed.positional.isEmpty else {
                throw SearchCommandError("tune \(mode) needs a search space, e.g. tune \(mode) learning-rate=1e-4..1:log l2=1e-6..1:log --budget 20")
            }
            space = try parseSpace(parsed.positional)
            let base = try hyperparameters(lab)
            let evaluator = try makeEvaluator(lab, folds: parsed.folds())
            do { objective = try ModelObjective(evaluator: evaluator, base: base, space: space).objective } catch {
                throw SearchCommandError(error.message)
            }
            describe = "validation loss, \(evaluator.describe)"
            seed = base.seed
        }
        if let s = try parsed.unsigned("--seed") { seed = s }
        if explain {
            guard space.dimensions.count == 1, space.dimensions[0].isNumeric else {
                throw SearchCommandError("--explain draws one hyperparameter at a time: give a space with one range, e.g. learning-rate=1e-4..1:log")
            }
        }
        let options = TuningOptions(strategy: strategy ?? .grid, budget: budget, seed: seed, explain: explain)
        let stop = stopCheck(lab)
        if strategy == nil {
            let results: [TuningResult]
            do {
                results = try Tuner.compare(space: space, objective: objective, options: options, shouldStop: stop,
                                            onProgress: tuningProgress(lab))
            } catch {
                throw SearchCommandError(error.message)
            }
            return compareOutputs(results, builtIn: builtIn, describe: describe, json: json)
        }
        let result: TuningResult
        do {
            result = try Tuner.run(space: space, objective: objective, options: options, shouldStop: stop, onProgress: tuningProgress(lab))
        } catch {
            throw SearchCommandError(error.message)
        }
        if json { return [.text(TuningReport(result).jsonText(pretty: false))] }
        if result.trials.isEmpty { return [.text("stopped before the first trial")] }
        return runOutputs(result, builtIn: builtIn, describe: describe)
    }

    private static func export(_ parsed: ParsedArguments) throws(SearchCommandError) -> [Output] {
        let usage = "write tune export optuna|ray SPACE [--budget N] [--seed S], e.g. tune export optuna learning-rate=1e-4..1:log"
        guard let first = parsed.positional.first else { throw SearchCommandError("tune export needs a format and a space; " + usage) }
        guard let format = ExportFormat(rawValue: first.lowercased()) else {
            throw SearchCommandError("unknown export format '\(first)': use optuna or ray; " + usage)
        }
        guard parsed.positional.count >= 2 else { throw SearchCommandError("tune export \(format.rawValue) needs a search space; " + usage) }
        for option in ["--folds", "--objective", "--json", "--explain"] where parsed.values[option] != nil || parsed.flags.contains(option) {
            throw SearchCommandError("\(option) does not apply to tune export; " + usage)
        }
        let space = try parseSpace(Array(parsed.positional.dropFirst()))
        for d in space.dimensions where HyperparameterCatalog.spec(named: d.name) == nil {
            throw SearchCommandError("\(d.text): '\(d.name)' is not a hyperparameter; use one of "
                                     + HyperparameterCatalog.all.map(\.name).joined(separator: ", "))
        }
        let budget = try parsed.integer("--budget", in: 1...maximumBudget) ?? defaultBudget
        let seed = try parsed.unsigned("--seed") ?? 0
        let text = SearchExport.python(space, format: format, strategy: .bayes, budget: budget, seed: seed)
        return [.text(text.hasSuffix("\n") ? String(text.dropLast()) : text)]
    }

    // MARK: - Outputs

    private static func runOutputs(_ result: TuningResult, builtIn: BuiltInObjective?, describe: String) -> [Output] {
        var outputs: [Output] = [.text(trialTable(result))]
        outputs.append(.chart(bestSoFarChart([result], builtIn: builtIn, describe: describe)))
        if result.strategy == .grid, let heatmap = gridHeatmap(result) { outputs.append(.heatmap(heatmap)) }
        let shown = Array(result.explanation.prefix(maximumExplainCharts))
        for step in shown { outputs.append(.chart(explainChart(step))) }
        if result.explanation.count > shown.count {
            outputs.append(.text("(\(result.explanation.count - shown.count) later steps not drawn)"))
        }
        outputs.append(.text(summary(result)))
        return outputs
    }

    private static func compareOutputs(_ results: [TuningResult], builtIn: BuiltInObjective?, describe: String, json: Bool) -> [Output] {
        if json { return [.text("[" + results.map { TuningReport($0).jsonText(pretty: false) }.joined(separator: ",") + "]")] }
        var lines = results.map { r in
            let best = r.best.flatMap(\.value).map(formatLoss) ?? "none"
            return "\(r.strategy.rawValue): best \(best) after \(r.trials.count) trials"
                + (r.best.map { " (trial \($0.number): \(settingsText($0.settings)))" } ?? "")
        }
        if let last = results.last, last.interrupted {
            lines.append("stopped after \(results.reduce(0) { $0 + $1.trials.count }) trials")
        }
        return [.chart(bestSoFarChart(results, builtIn: builtIn, describe: describe)), .text(lines.joined(separator: "\n"))]
    }

    private static func trialTable(_ result: TuningResult) -> String {
        let header = ["trial", "value", "best so far", "settings"]
        var rows: [[String]] = result.trials.map { t in
            [String(t.number), t.value.map(formatLoss) ?? "failed", t.bestSoFar.map(formatLoss) ?? "-",
             settingsText(t.settings) + (t.failure.map { "  (\($0))" } ?? "")]
        }
        rows.insert(header, at: 0)
        let widths = (0..<3).map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            (0..<3).map { c in String(repeating: " ", count: widths[c] - row[c].count) + row[c] }.joined(separator: "  ") + "  " + row[3]
        }.joined(separator: "\n")
    }

    private static func bestSoFarChart(_ results: [TuningResult], builtIn: BuiltInObjective?, describe: String) -> LineChart {
        let series = results.map { r in
            let points = r.trials.compactMap { t in t.bestSoFar.map { (Double(t.number), $0) } }
            return Series(name: r.strategy.rawValue, xs: points.map(\.0), ys: points.map(\.1))
        }
        let title = results.count == 1 ? "\(results[0].strategy.rawValue) search: best so far (\(describe))"
                                       : "grid, random and bayes on the same budget: best so far (\(describe))"
        return LineChart(series: series, title: title, xLabel: "evaluations", yLabel: "best value",
                         reference: builtIn.map { ReferenceLine(y: $0.minimum, label: "global minimum \(formatLoss($0.minimum))") })
    }

    /// The grid of a 2-D grid search as a heatmap, the best cell marked; nil for other spaces.
    static func gridHeatmap(_ result: TuningResult) -> Heatmap? {
        guard let table = result.table(), !table.xValues.isEmpty, !table.yValues.isEmpty else { return nil }
        func axis(_ values: [ParameterValue]) -> HeatmapAxis {
            let numbers = values.compactMap(\.number)
            return numbers.count == values.count ? .values(numbers) : .labels(values.map(\.text))
        }
        let values = table.values.map { row in row.map { $0 ?? .nan } }
        var best: (row: Int, column: Int)?
        var bestValue = Double.infinity
        for (r, row) in table.values.enumerated() {
            for (c, v) in row.enumerated() { if let v, v < bestValue { bestValue = v; best = (r, c) } }
        }
        return Heatmap(values: values, x: axis(table.xValues), y: axis(table.yValues),
                       title: "grid search: value per setting (lower is better; best in brackets)",
                       xLabel: table.xDimension.name, yLabel: table.yDimension.name, showValues: true, highlight: best)
    }

    /// One step of Bayesian optimization: the surrogate's mean, mean ± 2 sd, the points seen, the next pick.
    static func explainChart(_ step: ExplainStep) -> LineChart {
        let upper = zip(step.mean, step.standardDeviation).map { $0 + 2 * $1 }
        let lower = zip(step.mean, step.standardDeviation).map { $0 - 2 * $1 }
        let nearest = step.xs.indices.min { abs(step.xs[$0] - step.nextX) < abs(step.xs[$1] - step.nextX) }
        let markerY = nearest.map { step.mean[$0] } ?? step.bestValue
        let mean = Series(name: "surrogate mean", xs: step.xs, ys: step.mean, style: .line,
                          markers: [PointMarker(x: step.nextX, y: markerY, glyph: "^", label: "next: largest expected improvement")])
        let observed = Series(name: "observed", xs: step.observedXs, ys: step.observedValues, style: .points)
        return LineChart(series: [mean, Series(name: "mean + 2 sd", xs: step.xs, ys: upper),
                                  Series(name: "mean - 2 sd", xs: step.xs, ys: lower), observed],
                         title: "trial \(step.trialNumber): \(step.observedXs.count) seen, next \(step.dimension.name) = \(display(.real(step.nextX)))",
                         xLabel: step.dimension.name, yLabel: "value",
                         xScale: step.dimension.isLog ? .log : .linear)
    }

    private static func summary(_ result: TuningResult) -> String {
        var lines: [String] = []
        let failures = result.trials.filter { $0.failure != nil }.count
        if let best = result.best, let value = best.value {
            lines.append("best \(formatLoss(value)) at \(settingsText(best.settings)) (trial \(best.number) of \(result.trials.count), "
                         + "\(formatSeconds(result.seconds)))")
            let assignments = zip(best.settings.names, best.settings.values).map { "\($0) \(display($1))" }.joined(separator: " ")
            if result.space.dimensions.allSatisfy({ HyperparameterCatalog.spec(named: $0.name) != nil }) {
                lines.append("to use it: set \(assignments)")
            }
        } else {
            lines.append("no trial succeeded")
        }
        if failures > 0 { lines.append("\(failures) trial\(failures == 1 ? "" : "s") failed (see the table)") }
        if result.interrupted { lines.append("stopped after \(result.trials.count) trials") }
        return lines.joined(separator: "\n")
    }

    // MARK: - Helpers

    private static func settingsText(_ settings: Settings) -> String {
        zip(settings.names, settings.values).map { "\($0)=\(display($1))" }.joined(separator: " ")
    }

    private static func display(_ value: ParameterValue) -> String {
        if case .real(let x) = value { return formatSetting(Double(String(format: "%.3g", x)) ?? x) }
        return value.text
    }

    private static func formatSeconds(_ seconds: Double) -> String {
        seconds < 10 ? String(format: "%.1f s", seconds) : String(format: "%.0f s", seconds)
    }

    private static func parseSpace(_ items: [String]) throws(SearchCommandError) -> SearchSpace {
        do { return try SearchSpace.parse(items: items) } catch { throw SearchCommandError(error.message) }
    }

    private static func hyperparameters(_ lab: LabSession) throws(SearchCommandError) -> Hyperparameters {
        do { return try lab.currentHyperparameters() } catch { throw SearchCommandError(error.message) }
    }

    private static func makeEvaluator(_ lab: LabSession, folds: Int) throws(SearchCommandError) -> ModelEvaluator {
        guard folds == 0 || folds >= 2 else {
            throw SearchCommandError("--folds must be 0 (one hold-out split) or at least 2; got \(folds)")
        }
        let data: Dataset
        do { data = try lab.dataset() } catch { throw SearchCommandError(error.message) }
        do { return try ModelEvaluator(dataset: data, model: lab.model, folds: folds == 0 ? nil : folds) } catch {
            throw SearchCommandError(error.message)
        }
    }

    private static func curveProgress(_ lab: LabSession, _ label: String) -> (CurveProgress) -> Void {
        { [weak lab] p in
            guard let observer = lab?.observer as? SearchObserver else { return }
            let score = p.latest.score.map { "validation loss \(formatLoss($0.validationLoss))" } ?? "failed"
            observer.searchProgress(done: p.pointsDone, planned: p.plannedPoints, elapsedSeconds: p.elapsedSeconds,
                                    status: "\(label) \(p.pointsDone)/\(p.plannedPoints)  \(p.latest.label): \(score)  "
                                        + "about \(formatSeconds(p.estimatedSecondsLeft)) left  (Ctrl-C stops)")
        }
    }

    private static func tuningProgress(_ lab: LabSession) -> (TuningProgress) -> Void {
        { [weak lab] p in
            guard let observer = lab?.observer as? SearchObserver else { return }
            let best = p.best?.value.map { "best \(formatLoss($0))" } ?? "no success yet"
            let left = p.estimatedSecondsLeft.map { "  about \(formatSeconds($0)) left" } ?? ""
            observer.searchProgress(done: p.trialsDone, planned: p.plannedTrials, elapsedSeconds: p.elapsedSeconds,
                                    status: "\(p.strategy.rawValue) \(p.trialsDone)/\(p.plannedTrials)  \(best)\(left)  (Ctrl-C stops)")
        }
    }

    private static func stopCheck(_ lab: LabSession) -> () -> Bool {
        { [weak lab] in lab?.observer?.shouldStopTraining() ?? false }
    }
}

/// A mistake in a search command line; its message says how to fix it.
struct SearchCommandError: Error, Sendable {
    let message: String
    init(_ message: String) { self.message = message }
}

/// A search command's words split into positional words, `--option VALUE` pairs and `--flag`s.
struct ParsedArguments {
    var positional: [String] = []
    var values: [String: String] = [:]
    var flags: Set<String> = []

    /// Splits `arguments`; `valued` options take the next word (or `--option=VALUE`), `flags` take none.
    /// - Throws: ``SearchCommandError`` for an unknown option, a missing value or an option given twice.
    init(_ arguments: [String], valued: Set<String>, flags allowed: Set<String>, command: String) throws(SearchCommandError) {
        var i = 0
        while i < arguments.count {
            let word = arguments[i]
            i += 1
            guard word.hasPrefix("--") else { positional.append(word); continue }
            var name = word.lowercased()
            var inline: String?
            if let eq = word.firstIndex(of: "=") {
                name = String(word[..<eq]).lowercased()
                inline = String(word[word.index(after: eq)...])
            }
            if allowed.contains(name) {
                guard inline == nil else { throw SearchCommandError("\(name) takes no value") }
                flags.insert(name)
            } else if valued.contains(name) {
                guard values[name] == nil else { throw SearchCommandError("\(name) is given twice; give it once") }
                if let inline {
                    values[name] = inline
                } else {
                    guard i < arguments.count, !arguments[i].hasPrefix("--") else {
                        throw SearchCommandError("\(name) needs a value, e.g. \(name) \(Self.example(name))")
                    }
                    values[name] = arguments[i]
                    i += 1
                }
            } else {
                let known = (valued.union(allowed)).sorted().joined(separator: ", ")
                throw SearchCommandError("unknown option '\(word)' for \(command); its options are \(known)")
            }
        }
    }

    /// The whole-number value of `name` in `range`, nil when not given.
    func integer(_ name: String, in range: ClosedRange<Int>) throws(SearchCommandError) -> Int? {
        guard let text = values[name] else { return nil }
        guard let n = Int(text) else { throw SearchCommandError("\(name) takes a whole number, e.g. \(name) \(Self.example(name)); got '\(text)'") }
        guard range.contains(n) else {
            throw SearchCommandError("\(name) must be from \(range.lowerBound) to \(range.upperBound); got \(n)")
        }
        return n
    }

    /// The `--folds` value: 0 (hold-out split) or at least 2; ``TuningCommands/defaultFolds`` when not given.
    func folds() throws(SearchCommandError) -> Int {
        guard let text = values["--folds"] else { return TuningCommands.defaultFolds }
        guard let k = Int(text), k == 0 || k >= 2 else {
            throw SearchCommandError("--folds must be 0 (one hold-out split) or a whole number of at least 2, e.g. --folds 5; got '\(text)'")
        }
        return k
    }

    /// The non-negative whole-number value of `name`, nil when not given.
    func unsigned(_ name: String) throws(SearchCommandError) -> UInt64? {
        guard let text = values[name] else { return nil }
        guard let n = UInt64(text) else { throw SearchCommandError("\(name) takes a whole number >= 0, e.g. \(name) 1; got '\(text)'") }
        return n
    }

    private static func example(_ name: String) -> String {
        switch name {
        case "--budget": return "20"
        case "--folds": return "5"
        case "--steps": return "7"
        case "--objective": return "branin"
        default: return "1"
        }
    }
}

extension ModelEvaluator {
    /// "5-fold CV" or "hold-out split", for titles.
    var describe: String { folds.map { "\($0)-fold CV" } ?? "hold-out split" }
}
