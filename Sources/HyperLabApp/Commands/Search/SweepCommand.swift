import Foundation
import Learning
import Teaching
import TerminalCharts
import Tuning
import Vocabulary

/// `sweep NAME V1,V2,...|LOW..HIGH [--steps N] [--log] [--folds K]`: validation curve: training and validation loss against one hyperparameter.
struct SweepCommand: LabCommand {
    static let name = "sweep"
    static let usage = "sweep NAME V1,V2,...|LOW..HIGH [--steps N] [--log] [--folds K] [--test-fraction F] [--json]"
    static let summary = "validation curve: training and validation loss against one hyperparameter"
    static let details = "`sweep learning-rate 0.001..1 --log` trains the current model at 7 learning rates spaced evenly on a log scale (--steps changes the count) and draws the mean training and validation loss of 5-fold cross-validation (--folds K; --folds 0 uses one hold-out split) against it, then names the best value with its mean ± standard deviation over the folds. --test-fraction 0.2 holds out 20% of the rows (seeded, stratified by class) before the sweep: it never sees them, and the best value, trained on the other rows, is scored on them once at the end. `sweep l2 0,0.01,0.1` tries listed values. Rates and penalties are drawn on a log axis. Ctrl-C stops and keeps the values done."

    static func completions(words: [String], partial: String, context: CompletionContext) -> [String] {
        words.count == 1 ? HyperparameterCatalog.all.map(\.name) : (words.count == 2 ? [] : ["--steps", "--log", "--folds", "--test-fraction", "--json"])
    }

    static func run(_ arguments: [String], in context: CommandContext) throws(CommandError) -> [Output] {
        SearchCommandSupport.execute(name, arguments, lab: context.lab) { args, lab throws(CommandError) in try SearchCommandSupport.sweep(args, lab: lab) }
    }
}

extension SearchCommandSupport {
    static func sweep(_ arguments: [String], lab: LabSession) throws(CommandError) -> [Output] {
        let usage = "usage: sweep NAME V1,V2,... or sweep NAME LOW..HIGH [--steps N] [--log] [--folds K] [--test-fraction F] [--json], e.g. sweep learning-rate 0.001..1 --log"
        let parsed = try ParsedArguments(arguments, valued: ["--steps", "--folds", "--test-fraction"], flags: ["--log", "--json"], command: "sweep")
        guard parsed.positional.count == 2 else {
            throw CommandError(parsed.positional.count < 2 ? "sweep needs a hyperparameter and its values; " + usage
                                                                   : "sweep takes one hyperparameter and one list or range; " + usage)
        }
        let name = parsed.positional[0]
        let steps = try parsed.integer("--steps", in: 2...1000)
        let log = parsed.flags.contains("--log")
        let base = try hyperparameters(lab)
        let values: [String]
        do { values = try Curves.values(for: name, parsed.positional[1], steps: steps, log: log, base: base) } catch {
            throw .tuning(error)
        }
        let holdOut = try testHoldOut(parsed, lab: lab, seed: base.seed)
        let evaluator = try makeEvaluator(lab, folds: parsed.folds(), holdOut: holdOut)
        let curve: ValidationCurve
        do {
            curve = try Curves.validationCurve(evaluator: evaluator, base: base, name: name, values: values, log: log,
                                               shouldStop: stopCheck(lab), onProgress: curveProgress(lab, "sweep \(name)"))
        } catch {
            throw .tuning(error)
        }
        let scored = curve.points.filter { $0.score != nil }
        let bestPoint = scored.min { ($0.score?.validationLoss ?? .infinity) < ($1.score?.validationLoss ?? .infinity) }
        var tested: TestOutcome?
        if let holdOut, let bestPoint {
            var h = base
            let outcome: Result<TestScore, TrialFailure>
            do throws(VocabularyError) {
                try h.set(curve.name, to: bestPoint.label)
                outcome = holdOut.score(model: lab.model, hyperparameters: h)
            } catch {
                outcome = .failure(TrialFailure(error.message))
            }
            tested = TestOutcome(fraction: holdOut.fraction, settings: [(curve.name, bestPoint.label)], result: outcome)
        }
        let distinctValues = Set(curve.points.map(\.label)).count
        lab.recordSearch(SearchFacts(strategies: ["sweep": SearchFacts.Strategy(best: bestPoint?.score?.validationLoss,
                                                                               bestDeviation: bestPoint?.score?.validationLossDeviation,
                                                                               trials: curve.points.count, distinct: [curve.name: distinctValues])],
                                     testFraction: tested?.fraction, testLoss: tested?.score?.loss, testAccuracy: tested?.score?.accuracy))
        if parsed.flags.contains("--json") { return [.text(CurveReport.json(curve, test: tested))] }
        guard !scored.isEmpty else {
            if curve.interrupted { return [.text("stopped before the first value was scored")] }
            let reasons = curve.points.compactMap { p in p.failure.map { "\(curve.name) \(p.label): \($0)" } }
            throw CommandError("no value could be scored: " + (reasons.first ?? "unknown failure"))
        }
        // A list like `16,8|32,16` (hidden layers) has no single number per value: number the values instead.
        let numeric = scored.allSatisfy { $0.x != nil && Double($0.label) != nil }
        let xs = scored.enumerated().map { i, p in numeric ? (p.x ?? 0) : Double(i + 1) }
        var outputs: [Output] = [.chart(ChartBuilder.sweep(xs: xs, train: scored.map { $0.score?.trainLoss ?? .nan },
                                                           validation: scored.map { $0.score?.validationLoss ?? .nan },
                                                           title: "validation curve: loss against \(curve.name) (\(evaluator.describe))",
                                                           xLabel: numeric ? curve.name : "\(curve.name) (value number)",
                                                           logX: numeric && curve.logScale))]
        if !numeric {
            outputs.append(.text(scored.enumerated().map { "\($0 + 1) = \($1.label)" }.joined(separator: ", ")))
        }
        var lines: [String] = []
        for p in curve.points where p.failure != nil {
            lines.append("\(curve.name) \(p.label) failed: \(p.failure ?? "")")
        }
        if let best = bestPoint, let score = best.score {
            let spread = evaluator.runsPerScore > 1 ? " ± \(NumberFormat.loss(score.validationLossDeviation)) (mean ± sd over \(evaluator.runsPerScore) folds)" : ""
            let runs = evaluator.runsPerScore == 1 ? "1 training" : "\(evaluator.runsPerScore) trainings"
            lines.append("best \(curve.name): \(best.label) (validation loss \(NumberFormat.loss(score.validationLoss))\(spread), "
                         + "training loss \(NumberFormat.loss(score.trainLoss)); \(curve.points.count) values x \(runs) "
                         + "in \(formatSeconds(curve.seconds)))")
        }
        if let tested { lines.append(testLine(tested, score: bestPoint?.score)) }
        if curve.interrupted { lines.append("stopped after \(curve.points.count) of \(values.count) values") }
        outputs.append(.text(lines.joined(separator: "\n")))
        return outputs
    }
}
