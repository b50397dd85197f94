import Foundation
import Learning
import Teaching
import TerminalCharts
import Tuning
import Vocabulary

/// `sweep NAME V1,V2,...|LOW..HIGH [--steps N] [--log] [--folds K]`: validation curve: training and validation loss against one hyperparameter.
struct SweepCommand: LabCommand {
    static let name = "sweep"
    static let usage = "sweep NAME V1,V2,...|LOW..HIGH [--steps N] [--log] [--folds K] [--json]"
    static let summary = "validation curve: training and validation loss against one hyperparameter"
    static let details = "`sweep learning-rate 0.001..1 --log` trains the current model at 7 learning rates spaced evenly on a log scale (--steps changes the count) and draws the mean training and validation loss of 5-fold cross-validation (--folds K; --folds 0 uses one hold-out split) against it, then names the best value. `sweep l2 0,0.01,0.1` tries listed values. Rates and penalties are drawn on a log axis. Ctrl-C stops and keeps the values done."

    static func completions(words: [String], partial: String, context: CompletionContext) -> [String] {
        words.count == 1 ? HyperparameterCatalog.all.map(\.name) : (words.count == 2 ? [] : ["--steps", "--log", "--folds", "--json"])
    }

    static func run(_ arguments: [String], in context: CommandContext) throws(CommandError) -> [Output] {
        SearchCommandSupport.execute(name, arguments, lab: context.lab) { args, lab throws(CommandError) in try SearchCommandSupport.sweep(args, lab: lab) }
    }
}

extension SearchCommandSupport {
    static func sweep(_ arguments: [String], lab: LabSession) throws(CommandError) -> [Output] {
        let usage = "usage: sweep NAME V1,V2,... or sweep NAME LOW..HIGH [--steps N] [--log] [--folds K] [--json], e.g. sweep learning-rate 0.001..1 --log"
        let parsed = try ParsedArguments(arguments, valued: ["--steps", "--folds"], flags: ["--log", "--json"], command: "sweep")
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
        let evaluator = try makeEvaluator(lab, folds: parsed.folds())
        let curve: ValidationCurve
        do {
            curve = try Curves.validationCurve(evaluator: evaluator, base: base, name: name, values: values, log: log,
                                               shouldStop: stopCheck(lab), onProgress: curveProgress(lab, "sweep \(name)"))
        } catch {
            throw .tuning(error)
        }
        if parsed.flags.contains("--json") { return [.text(CurveReport.json(curve))] }
        let scored = curve.points.filter { $0.score != nil }
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
        if let best = scored.min(by: { ($0.score?.validationLoss ?? .infinity) < ($1.score?.validationLoss ?? .infinity) }),
           let score = best.score {
            let spread = evaluator.runsPerScore > 1 ? " ± \(NumberFormat.loss(score.validationLossDeviation)) over the folds" : ""
            let runs = evaluator.runsPerScore == 1 ? "1 training" : "\(evaluator.runsPerScore) trainings"
            lines.append("best \(curve.name): \(best.label) (validation loss \(NumberFormat.loss(score.validationLoss))\(spread), "
                         + "training loss \(NumberFormat.loss(score.trainLoss)); \(curve.points.count) values x \(runs) "
                         + "in \(formatSeconds(curve.seconds)))")
        }
        if curve.interrupted { lines.append("stopped after \(curve.points.count) of \(values.count) values") }
        outputs.append(.text(lines.joined(separator: "\n")))
        return outputs
    }
}
