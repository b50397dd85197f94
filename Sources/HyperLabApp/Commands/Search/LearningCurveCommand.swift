import Foundation
import Learning
import Teaching
import TerminalCharts
import Tuning
import Vocabulary

/// `learning-curve [--steps N] [--folds K]`: learning curve: training and validation loss against the number of training rows.
struct LearningCurveCommand: LabCommand {
    static let name = "learning-curve"
    static let usage = "learning-curve [--steps N] [--folds K] [--json]"
    static let summary = "learning curve: training and validation loss against the number of training rows"
    static let details = "Trains the current setup on 10%, 20%, ..., 100% of the training rows (--steps N for N sizes) with 5-fold cross-validation (--folds K; 0 for one hold-out split). A validation loss still falling at the right end says more data would help; a large gap between the curves says the model overfits."

    static func completions(words: [String], partial: String, context: CompletionContext) -> [String] {
        ["--steps", "--folds", "--json"]
    }

    static func run(_ arguments: [String], in context: CommandContext) throws(CommandError) -> [Output] {
        SearchCommandSupport.execute(name, arguments, lab: context.lab) { args, lab throws(CommandError) in try SearchCommandSupport.learningCurve(args, lab: lab) }
    }
}

extension SearchCommandSupport {
    static func learningCurve(_ arguments: [String], lab: LabSession) throws(CommandError) -> [Output] {
        let parsed = try ParsedArguments(arguments, valued: ["--steps", "--folds"], flags: ["--json"], command: "learning-curve")
        guard parsed.positional.isEmpty else {
            throw CommandError("learning-curve takes no values, only options; usage: learning-curve [--steps N] [--folds K] [--json]")
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
            throw .tuning(error)
        }
        if parsed.flags.contains("--json") { return [.text(CurveReport.json(curve))] }
        let scored = curve.points.filter { $0.score != nil && $0.x != nil }
        guard !scored.isEmpty else {
            if curve.interrupted { return [.text("stopped before the first size was scored")] }
            throw CommandError("no training size could be scored: " + (curve.points.compactMap(\.failure).first ?? "unknown failure"))
        }
        let xs = scored.map { $0.x ?? 0 }
        let chart = LineChart(series: [Series(name: "training", xs: xs, ys: scored.map { $0.score?.trainLoss ?? .nan }, style: .line, marksEveryPoint: true),
                                       Series(name: "validation", xs: xs, ys: scored.map { $0.score?.validationLoss ?? .nan }, style: .line, marksEveryPoint: true)],
                              title: "learning curve: loss against training rows (\(evaluator.describe))",
                              xLabel: "training rows", yLabel: "loss").withScalePolicy()
        var lines: [String] = []
        for p in curve.points where p.failure != nil { lines.append("share \(p.label) failed: \(p.failure ?? "")") }
        if let last = scored.last?.score {
            let gap = last.validationLoss - last.trainLoss
            var line = "with \(Int(last.trainingRows.rounded())) training rows: training loss \(NumberFormat.loss(last.trainLoss)), "
                + "validation loss \(NumberFormat.loss(last.validationLoss)), gap \(NumberFormat.loss(gap))"
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
}
