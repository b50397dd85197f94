import Foundation
import Learning
import Teaching
import TerminalCharts
import Tuning
import Vocabulary

/// `tune grid|random|bayes|compare|export SPACE [OPTIONS]`: search for good settings: grid, random or Bayesian search, compared by trainings spent.
struct TuneCommand: LabCommand {
    static let name = "tune"
    static let usage = "tune grid|random|bayes|compare|export SPACE [OPTIONS]"
    static let summary = "search for good settings: grid, random or Bayesian search, compared by trainings spent"
    static let details = "Options: --budget N, --folds K, --test-fraction F, --seed S, --objective branin|gramacy-lee, --json, --explain, --frame N. SPACE lists hyperparameters and their ranges: `learning-rate=1e-4..1:log l2=1e-6..1:log hidden-layers=8|16|32` (:log searches on a log scale, :int keeps whole numbers, A|B|C lists choices). `tune random SPACE --budget 20` scores 20 settings (default 20, at most 500) by the mean 5-fold cross-validated validation loss (--folds K), shown as mean ± standard deviation over the folds, and prints a table of trials, a chart of the best value so far and, for a 2-D grid, a heatmap. `tune compare SPACE --budget 20` runs the three strategies on the same budget and seed and overlays their curves. `tune bayes x=0.5..2.5 --objective gramacy-lee --explain` draws each step of Bayesian optimization: the surrogate's mean, its ±2 sd band, the points seen, the true function (built-in objectives), the next pick and, beneath, the expected improvement; on a terminal the steps are paged (Enter next, b back, q stop) and --frame N opens step N (elsewhere it prints only step N). --test-fraction 0.2 holds out 20% of the rows (seeded by the lab's seed, stratified by class) before the search starts: the search never sees them, and the best setting, trained on the other rows, is scored on them once at the end (its test loss), an honest estimate where the search's own best score is optimistic. --objective branin|gramacy-lee searches a test function instead of the model (the space may be left out). --seed S draws other random trials (default: the lab's seed, `set seed`). --json prints the trials and the best one as JSON. `tune export optuna SPACE` prints the same search as Python code for Optuna (or `ray` for Ray Tune). Ctrl-C stops and keeps the trials done."

    static func completions(words: [String], partial: String, context: CompletionContext) -> [String] {
        if words.count == 1 { return ["grid", "random", "bayes", "compare", "export"] }
        if words.count == 2 && words[1] == "export" { return ["optuna", "ray"] }
        if partial.hasPrefix("-") { return ["--budget", "--folds", "--test-fraction", "--seed", "--objective", "--json", "--explain", "--frame"] }
        if words.last == "--objective" { return ["branin", "gramacy-lee"] }
        return HyperparameterCatalog.all.map { $0.name + "=" }
    }

    static func run(_ arguments: [String], in context: CommandContext) throws(CommandError) -> [Output] {
        SearchCommandSupport.execute(name, arguments, lab: context.lab) { args, lab throws(CommandError) in try SearchCommandSupport.tune(args, lab: lab) }
    }
}

extension SearchCommandSupport {
    static func tune(_ arguments: [String], lab: LabSession) throws(CommandError) -> [Output] {
        let usage = "usage: tune grid|random|bayes|compare SPACE --budget N [--folds K] [--test-fraction F] [--seed S] [--objective branin|gramacy-lee] [--json] [--explain [--frame N]], or tune export optuna|ray SPACE"
        guard let mode = arguments.first?.lowercased(), !mode.hasPrefix("--") else {
            throw CommandError("tune needs a strategy; " + usage)
        }
        let parsed = try ParsedArguments(Array(arguments.dropFirst()), valued: ["--budget", "--folds", "--test-fraction", "--seed", "--objective", "--frame"],
                                         flags: ["--json", "--explain"], command: "tune")
        if mode == "export" { return try export(parsed) }
        let strategy: Strategy?
        if mode == "compare" {
            strategy = nil
        } else if let s = Strategy(rawValue: mode) {
            strategy = s
        } else {
            throw CommandError("unknown strategy '\(mode)': use grid, random, bayes, compare or export; " + usage)
        }
        let budget = try parsed.integer("--budget", in: 1...maximumBudget) ?? defaultBudget
        let explain = parsed.flags.contains("--explain")
        let json = parsed.flags.contains("--json")
        if explain && strategy != .bayes { throw CommandError("--explain shows the steps of tune bayes; write tune bayes SPACE --explain") }
        if explain && json { throw CommandError("--explain draws charts and --json prints data; give one of them") }
        let frame = try parsed.integer("--frame", in: 1...maximumBudget)
        if frame != nil && !explain { throw CommandError("--frame N picks a step of --explain: write tune bayes SPACE --explain --frame N") }

        var space: SearchSpace
        let objective: Objective
        var builtIn: BuiltInObjective?
        var describe: String
        var seed: UInt64
        var model: ModelObjective?
        var holdOut: TestHoldOut?
        if let name = parsed.values["--objective"] {
            guard let f = BuiltInObjective.named(name) else {
                throw CommandError("unknown objective '\(name)': use " + BuiltInObjective.allCases.map(\.rawValue).joined(separator: " or "))
            }
            for option in ["--folds", "--test-fraction"] where parsed.values[option] != nil {
                throw CommandError("\(option) applies to the model objective, not to --objective \(f.rawValue)")
            }
            builtIn = f
            space = f.space
            if !parsed.positional.isEmpty {
                space = try parseSpace(parsed.positional)
                if let missing = f.space.names.first(where: { !space.names.contains($0) }) {
                    throw CommandError("the \(f.rawValue) objective needs '\(missing)' in the space; leave the space out to use \(f.space.text)")
                }
            }
            objective = f.objective
            describe = "objective \(f.rawValue)"
            seed = (try? lab.currentHyperparameters().seed) ?? 0
        } else {
            guard !parsed.positional.isEmpty else {
                throw CommandError("tune \(mode) needs a search space, e.g. tune \(mode) learning-rate=1e-4..1:log l2=1e-6..1:log --budget 20")
            }
            space = try parseSpace(parsed.positional)
            let base = try hyperparameters(lab)
            holdOut = try testHoldOut(parsed, lab: lab, seed: base.seed)
            let evaluator = try makeEvaluator(lab, folds: parsed.folds(), holdOut: holdOut)
            do {
                let m = try ModelObjective(evaluator: evaluator, base: base, space: space)
                model = m
                objective = m.objective
            } catch {
                throw .tuning(error)
            }
            describe = "validation loss, \(evaluator.describe)" + (holdOut.map { ", \(percent($0.fraction)) held out" } ?? "")
            seed = base.seed
        }
        if let s = try parsed.unsigned("--seed") { seed = s }
        if explain {
            guard space.dimensions.count == 1, space.dimensions[0].isNumeric else {
                throw CommandError("--explain draws one hyperparameter at a time: give a space with one range, e.g. learning-rate=1e-4..1:log")
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
                throw .tuning(error)
            }
            let scores = { (settings: Settings) in model?.score(of: settings) }
            let tests = results.map { r in test(r, model: model, holdOut: holdOut, lab: lab) }
            lab.recordSearch(searchFacts(results, scores: scores, builtIn: builtIn, test: overallBest(results, tests)))
            return compareOutputs(results, builtIn: builtIn, describe: describe, json: json, scores: scores, tests: tests)
        }
        let result: TuningResult
        do {
            result = try Tuner.run(space: space, objective: objective, options: options, shouldStop: stop, onProgress: tuningProgress(lab))
        } catch {
            throw .tuning(error)
        }
        let scores = { (settings: Settings) in model?.score(of: settings) }
        let tested = test(result, model: model, holdOut: holdOut, lab: lab)
        lab.recordSearch(searchFacts([result], scores: scores, builtIn: builtIn, test: tested))
        if json { return [.text(TuningReport(result, scores: scores, test: tested).jsonText(pretty: false))] }
        if result.trials.isEmpty { return [.text("stopped before the first trial")] }
        if let frame, frame > result.explanation.count {
            throw CommandError("--frame \(frame): this search has \(result.explanation.count) explained steps; give --frame 1 to \(result.explanation.count)")
        }
        return runOutputs(result, builtIn: builtIn, describe: describe, frame: frame, scores: scores, test: tested)
    }
    static func export(_ parsed: ParsedArguments) throws(CommandError) -> [Output] {
        let usage = "write tune export optuna|ray SPACE [--budget N] [--seed S], e.g. tune export optuna learning-rate=1e-4..1:log"
        guard let first = parsed.positional.first else { throw CommandError("tune export needs a format and a space; " + usage) }
        guard let format = ExportFormat(rawValue: first.lowercased()) else {
            throw CommandError("unknown export format '\(first)': use optuna or ray; " + usage)
        }
        guard parsed.positional.count >= 2 else { throw CommandError("tune export \(format.rawValue) needs a search space; " + usage) }
        for option in ["--folds", "--test-fraction", "--objective", "--json", "--explain"] where parsed.values[option] != nil || parsed.flags.contains(option) {
            throw CommandError("\(option) does not apply to tune export; " + usage)
        }
        let space = try parseSpace(Array(parsed.positional.dropFirst()))
        for d in space.dimensions where HyperparameterCatalog.spec(named: d.name) == nil {
            throw CommandError("\(d.text): '\(d.name)' is not a hyperparameter; use one of "
                                     + HyperparameterCatalog.all.map(\.name).joined(separator: ", "))
        }
        let budget = try parsed.integer("--budget", in: 1...maximumBudget) ?? defaultBudget
        let seed = try parsed.unsigned("--seed") ?? 0
        let text = SearchExport.python(space, format: format, strategy: .bayes, budget: budget, seed: seed)
        return [.text(text.hasSuffix("\n") ? String(text.dropLast()) : text)]
    }
    static func runOutputs(_ result: TuningResult, builtIn: BuiltInObjective?, describe: String, frame: Int? = nil,
                           scores: (Settings) -> ModelScore? = { _ in nil }, test: TestOutcome? = nil) -> [Output] {
        var outputs: [Output] = [.text(trialTable(result, scores: scores))]
        outputs.append(.chart(bestSoFarChart([result], builtIn: builtIn, describe: describe)))
        if result.strategy == .grid, let heatmap = gridHeatmap(result) { outputs.append(.heatmap(heatmap)) }
        outputs.append(.text(summary(result, scores: scores) + (test.map { "\n" + testLine($0, score: result.best.flatMap { scores($0.settings) }) } ?? "")))
        if !result.explanation.isEmpty {
            let count = result.explanation.count
            let frames = result.explanation.enumerated().map { index, step in
                explainFrame(step, builtIn: builtIn, number: index + 1, of: count)
            }
            outputs.append(.pages(frames, start: frame.map { $0 - 1 }))
        }
        return outputs
    }
    static func compareOutputs(_ results: [TuningResult], builtIn: BuiltInObjective?, describe: String, json: Bool,
                               scores: (Settings) -> ModelScore? = { _ in nil }, tests: [TestOutcome?] = []) -> [Output] {
        if json {
            return [.text("[" + results.enumerated().map { i, r in
                TuningReport(r, scores: scores, test: i < tests.count ? tests[i] : nil).jsonText(pretty: false)
            }.joined(separator: ",") + "]")]
        }
        var lines = results.map { r in
            let best = r.best.map { valueText($0, scores: scores) } ?? "none"
            return "\(r.strategy.rawValue): best \(best) after \(r.trials.count) trials"
                + (r.best.map { " (trial \($0.number): \(settingsText($0.settings)))" } ?? "")
        }
        if let last = results.last, last.interrupted {
            lines.append("stopped after \(results.reduce(0) { $0 + $1.trials.count }) trials")
        }
        if let (index, outcome) = overallBestIndex(results, tests) {
            lines.append(testLine(outcome, score: results[index].best.flatMap { scores($0.settings) }, strategy: results[index].strategy.rawValue))
        }
        return [.chart(bestSoFarChart(results, builtIn: builtIn, describe: describe)), .text(lines.joined(separator: "\n"))]
    }
    static func trialTable(_ result: TuningResult, scores: (Settings) -> ModelScore? = { _ in nil }) -> String {
        let crossValidated = result.trials.contains { (scores($0.settings)?.folds ?? 1) > 1 }
        let header = ["trial", crossValidated ? "mean ± sd" : "value", "best so far", "settings"]
        var rows: [[String]] = result.trials.map { t in
            [String(t.number), t.value == nil ? "failed" : valueText(t, scores: scores), t.bestSoFar.map(NumberFormat.loss) ?? "-",
             settingsText(t.settings) + (t.failure.map { "  (\($0))" } ?? "")]
        }
        rows.insert(header, at: 0)
        let widths = (0..<3).map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            (0..<3).map { c in String(repeating: " ", count: widths[c] - row[c].count) + row[c] }.joined(separator: "  ") + "  " + row[3]
        }.joined(separator: "\n")
    }
    static func bestSoFarChart(_ results: [TuningResult], builtIn: BuiltInObjective?, describe: String) -> LineChart {
        let title = results.count == 1 ? "\(results[0].strategy.rawValue) search: best so far (\(describe))"
                                       : "grid, random and bayes on the same budget: best so far (\(describe))"
        return ChartBuilder.bestSoFar(results.map { r in
            (r.strategy.rawValue, r.trials.compactMap { t in t.bestSoFar.map { (Double(t.number), $0) } })
        }, optimum: builtIn?.minimum, title: title)
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
    /// One step of Bayesian optimization as two charts: above, the surrogate's mean, mean ± 2 sd, the
    /// points seen, the true function for a built-in objective (drawn first, beneath the rest) and a
    /// vertical line at the next x; beneath, the expected improvement with its maximum marked and the
    /// same vertical line.
    static func explainFrame(_ step: ExplainStep, builtIn: BuiltInObjective?, number: Int, of count: Int) -> [Output] {
        [.chart(explainChart(step, builtIn: builtIn, number: number, of: count)), .chart(expectedImprovementChart(step))]
    }

    /// The surrogate chart of one step (see `explainFrame`); series in drawing order: the true function
    /// (built-in objectives only), mean + 2 sd, mean - 2 sd, the mean, the observed points, the next x.
    static func explainChart(_ step: ExplainStep, builtIn: BuiltInObjective? = nil, number: Int = 1, of count: Int = 1) -> LineChart {
        let upper = zip(step.mean, step.standardDeviation).map { $0 + 2 * $1 }
        let lower = zip(step.mean, step.standardDeviation).map { $0 - 2 * $1 }
        var series: [Series] = []
        // The y range follows the mean, the points and the truth (half their span again above and below),
        // so that a wide early band does not flatten them; the band is clipped at the edges.
        var values = step.mean + step.observedValues
        if let builtIn {
            let truth = step.xs.map { builtIn([$0]) }
            values += truth
            series.append(Series(name: "true \(builtIn.rawValue) (unknown to the search)", xs: step.xs, ys: truth))
        }
        series.append(Series(name: "mean + 2 sd", xs: step.xs, ys: upper))
        series.append(Series(name: "mean - 2 sd", xs: step.xs, ys: lower))
        series.append(Series(name: "surrogate mean", xs: step.xs, ys: step.mean))
        series.append(Series(name: "observed", xs: step.observedXs, ys: step.observedValues, style: .points))
        let finite = values.filter(\.isFinite)
        var low = finite.min() ?? 0, high = finite.max() ?? 1
        let pad = high > low ? (high - low) / 2 : 1
        low -= pad
        high += pad
        series.append(Series(name: "next \(step.dimension.name) = \(display(.real(step.nextX)))", xs: [step.nextX, step.nextX], ys: [low, high]))
        var chart = LineChart(series: series,
                              title: "step \(number) of \(count) · trial \(step.trialNumber): \(step.observedXs.count) seen, best \(NumberFormat.loss(step.bestValue))",
                              xLabel: step.dimension.name, yLabel: "value",
                              xScale: step.dimension.isLog ? .log : .linear)
        chart.yRange = low...high
        return chart
    }

    /// Expected improvement (objective units) against x for one step, its maximum marked, with the vertical
    /// line at the next x (the maximum over the whole space, which a grid point may only approach).
    static func expectedImprovementChart(_ step: ExplainStep) -> LineChart {
        let best = step.expectedImprovement.indices.max { step.expectedImprovement[$0] < step.expectedImprovement[$1] }
        let markers = best.map { [PointMarker(x: step.xs[$0], y: step.expectedImprovement[$0], glyph: "^", label: "largest expected improvement on the grid")] } ?? []
        let high = step.expectedImprovement.filter(\.isFinite).max() ?? 0
        return LineChart(series: [Series(name: "expected improvement", xs: step.xs, ys: step.expectedImprovement, style: .line, markers: markers),
                                  Series(name: "next", xs: [step.nextX, step.nextX], ys: [0, high > 0 ? high : 1])],
                         title: "expected improvement: where a lower value than \(NumberFormat.loss(step.bestValue)) is most likely to pay",
                         xLabel: step.dimension.name, yLabel: "EI",
                         xScale: step.dimension.isLog ? .log : .linear)
    }
    static func summary(_ result: TuningResult, scores: (Settings) -> ModelScore? = { _ in nil }) -> String {
        var lines: [String] = []
        let failures = result.trials.filter { $0.failure != nil }.count
        if let best = result.best, best.value != nil {
            let folds = scores(best.settings).map { $0.folds > 1 ? " (mean ± sd over \($0.folds) folds)" : "" } ?? ""
            lines.append("best \(valueText(best, scores: scores))\(folds) at \(settingsText(best.settings)) (trial \(best.number) of \(result.trials.count), "
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
}
