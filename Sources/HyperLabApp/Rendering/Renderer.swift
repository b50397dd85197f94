import Foundation
import Learning
import TerminalCharts

/// Turns command outputs into the text the learner sees.
public struct Renderer: Sendable {
    /// Chart size, colour and character set.
    public var options: RenderOptions

    /// A renderer with these chart options.
    public init(options: RenderOptions) { self.options = options }

    /// The text for one output, without a trailing newline (empty for `.quit`).
    public func render(_ output: Output) -> String {
        switch output {
        case .text(let text): return text
        case .error(let message): return "error: " + message
        case .chart(let chart): return chart.render(options)
        case .heatmap(let heatmap): return heatmap.render(options)
        case .run(let run, let hints): return renderRun(run, hints: hints)
        case .quit: return ""
        }
    }

    /// Chart, summary line and hints of a run.
    public func renderRun(_ run: Run, hints: [String]) -> String {
        var parts: [String] = []
        if !run.history.isEmpty { parts.append(ChartBuilder.lossChart(run).render(options)) }
        parts.append(summaryLine(run))
        parts += hints.map { "hint: " + $0 }
        return parts.joined(separator: "\n")
    }

    /// One line: final losses, gap, accuracies, epochs, time, and how the run ended.
    public func summaryLine(_ run: Run) -> String {
        let separator = options.charset == .ascii ? " | " : " · "
        var fields: [String] = ["run \(run.id)"]
        let outcome = run.outcome
        if outcome.diverged {
            fields.append("DIVERGED at epoch \(outcome.divergedAt.map(String.init) ?? "?")")
        }
        guard let final = run.final else {
            fields.append("no epoch finished")
            return fields.joined(separator: separator)
        }
        fields.append("train \(formatLoss(final.trainLoss))")
        if let validation = final.validationLoss {
            fields.append("validation \(formatLoss(validation))")
            if validation.isFinite && final.trainLoss.isFinite { fields.append("gap \(formatLoss(validation - final.trainLoss))") }
        }
        if let trainAccuracy = final.trainAccuracy {
            var accuracy = "accuracy \(percent(trainAccuracy))"
            if let validationAccuracy = final.validationAccuracy { accuracy += " / \(percent(validationAccuracy))" }
            fields.append(accuracy)
        }
        fields.append("\(final.epoch) epochs")
        fields.append(formatDuration(outcome.seconds))
        if outcome.stoppedEarly {
            fields.append("stopped early" + (outcome.restoredBestEpoch.map { ", best weights from epoch \($0) restored" } ?? ""))
        }
        if outcome.interrupted { fields.append("stopped by Ctrl-C") }
        return fields.joined(separator: separator)
    }

    private func percent(_ share: Double) -> String {
        share.isFinite ? String(format: "%.1f%%", share * 100) : "n/a"
    }

    private func formatDuration(_ seconds: Double) -> String {
        if seconds * 1000 < 1 { return "<1 ms" }
        if seconds < 1 { return String(format: "%.0f ms", seconds * 1000) }
        return String(format: "%.1f s", seconds)
    }
}
