import Vocabulary
import Foundation
import Learning
import TerminalCharts
import Tuning

/// Turns command outputs into the text the learner sees.
public struct Renderer: Sendable {
    /// Chart size, colour and character set.
    public var options: RenderOptions
    /// Width in cells to wrap prose at word boundaries (a terminal's width); nil leaves lines whole
    /// (piped output, so scripts see one line per fact).
    public var wrapWidth: Int?

    /// A renderer with these chart options, wrapping prose at `wrapWidth` cells when given.
    public init(options: RenderOptions, wrapWidth: Int? = nil) {
        self.options = options
        self.wrapWidth = wrapWidth
    }

    /// The renderer for `environment`'s standard output: its chart options, and prose wrapped at the chart width on a
    /// terminal (whole lines when piped), as the REPL draws.
    public init(environment: AppEnvironment) {
        let options = environment.renderOptions()
        self.init(options: options, wrapWidth: environment.outputIsTerminal ? options.width : nil)
    }

    /// The text for one output, without a trailing newline (empty for `.quit`).
    ///
    /// Text and errors can quote data (CSV column names and values, dataset names taken from paths,
    /// lesson prose): their control characters are shown escaped (`escapingControlCharacters`), and
    /// so are those of chart titles, axis names and legend names, so that no file or dataset can
    /// write the clipboard (OSC 52), set the window title (OSC 0) or move the cursor.
    public func render(_ output: Output) -> String {
        switch output {
        case .text(let text): return wrap(escapingControlCharacters(text))
        case .error(let message): return wrap(escapingControlCharacters("error: " + message))
        case .chart(let chart): return Self.sanitized(chart).render(options)
        case .heatmap(let heatmap): return Self.sanitized(heatmap).render(options)
        case .contour(let contour): return contour.render(options)
        case .animation(let animation): return animation.finalFrame(options: options)
        case .run(let run, let hints): return renderRun(run, hints: hints)
        case .diagnosis(let diagnosis, let run, let detailed):
            return detailed ? renderExplanation(diagnosis, run: run) : diagnosis.hints.map { wrap("hint: " + $0) }.joined(separator: "\n")
        case .pages(let pages, let start):
            if let start, pages.indices.contains(start) { return pages[start].map(render).joined(separator: "\n") }
            return pages.map { $0.map(render).joined(separator: "\n") }.joined(separator: "\n")
        case .quit: return ""
        }
    }

    /// `chart` with the control characters of its title, axis names and series names escaped.
    static func sanitized(_ chart: LineChart) -> LineChart {
        var chart = chart
        chart.title = chart.title.map { escapingControlCharacters($0, keepingLineBreaks: false) }
        chart.xLabel = chart.xLabel.map { escapingControlCharacters($0, keepingLineBreaks: false) }
        chart.yLabel = chart.yLabel.map { escapingControlCharacters($0, keepingLineBreaks: false) }
        for index in chart.series.indices {
            chart.series[index].name = escapingControlCharacters(chart.series[index].name, keepingLineBreaks: false)
        }
        return chart
    }

    /// `heatmap` with the control characters of its title, axis names and class names (class labels
    /// come from a CSV's target column) escaped.
    static func sanitized(_ heatmap: Heatmap) -> Heatmap {
        var heatmap = heatmap
        heatmap.title = heatmap.title.map { escapingControlCharacters($0, keepingLineBreaks: false) }
        heatmap.xLabel = heatmap.xLabel.map { escapingControlCharacters($0, keepingLineBreaks: false) }
        heatmap.yLabel = heatmap.yLabel.map { escapingControlCharacters($0, keepingLineBreaks: false) }
        heatmap.pointClassNames = heatmap.pointClassNames.map { escapingControlCharacters($0, keepingLineBreaks: false) }
        if case .classes(let names) = heatmap.scale {
            heatmap.scale = .classes(names.map { escapingControlCharacters($0, keepingLineBreaks: false) })
        }
        return heatmap
    }

    /// Chart, summary line and hints of a run (hints escaped like text: they can name columns).
    public func renderRun(_ run: Run, hints: [String]) -> String {
        var parts: [String] = []
        if !run.history.isEmpty { parts.append(Self.sanitized(ChartBuilder.lossChart(run)).render(options)) }
        parts.append(wrap(summaryLine(run)))
        parts += hints.map { wrap(escapingControlCharacters("hint: " + $0)) }
        return parts.joined(separator: "\n")
    }

    /// One line: the losses, gap and accuracies of the weights the run kept (the last epoch's, or
    /// after early stopping the restored epoch's, marked `restored epoch N:`), epochs run, time, and
    /// how the run ended.
    public func summaryLine(_ run: Run) -> String {
        let separator = options.charset == .ascii ? " | " : " · "
        var fields: [String] = ["run \(run.id)"]
        let outcome = run.outcome
        if outcome.diverged {
            fields.append("DIVERGED at epoch \(outcome.divergedAt.map(String.init) ?? "?")")
        }
        guard let last = run.final, let final = run.reported else {
            fields.append("no epoch finished")
            return fields.joined(separator: separator)
        }
        // After early stopping the weights kept are the restored epoch's: its losses describe them.
        let restored = final.epoch != last.epoch ? "restored epoch \(final.epoch): " : ""
        fields.append(restored + "train \(NumberFormat.loss(final.trainLoss))")
        if let validation = final.validationLoss {
            fields.append("validation \(NumberFormat.loss(validation))")
            if validation.isFinite && final.trainLoss.isFinite { fields.append("gap \(NumberFormat.loss(validation - final.trainLoss))") }
        }
        if let trainAccuracy = final.trainAccuracy {
            var accuracy = "accuracy \(percent(trainAccuracy))"
            if let validationAccuracy = final.validationAccuracy { accuracy += " / \(percent(validationAccuracy))" }
            fields.append(accuracy)
        }
        fields.append("\(last.epoch) epochs")
        fields.append(formatDuration(outcome.seconds))
        if outcome.stoppedEarly {
            fields.append("stopped early" + (outcome.restoredBestEpoch.map { ", best weights from epoch \($0) restored" } ?? ""))
        }
        if outcome.interrupted { fields.append("stopped by Ctrl-C") }
        return fields.joined(separator: separator)
    }

    /// `why`: every finding of run `run` with the numbers it rests on and the commands that reproduce
    /// its measured advice, then the probes trained, and whether the diagnosis is complete.
    public func renderExplanation(_ diagnosis: RunDiagnosis, run: Int) -> String {
        let probes = diagnosis.probes.count
        var lines = ["Diagnosis of run \(run): \(probes) probe training\(probes == 1 ? "" : "s") on the same data, split and seed"
                     + " (\(formatDuration(diagnosis.seconds)))."]
        if diagnosis.findings.isEmpty {
            lines.append(diagnosis.cancelled ? "No finding: the diagnosis was stopped by Ctrl-C before it could state one."
                         : "No finding: nothing measured supports a statement about this run (a run stopped by Ctrl-C is not diagnosed).")
        }
        for finding in diagnosis.findings {
            lines.append(wrap("\(finding.kind.rawValue): \(finding.text)"))
            for evidence in finding.evidence {
                let value = evidence.value.map { $0 == $0.rounded() && abs($0) < 1e9 ? String(Int($0)) : NumberFormat.loss($0) } ?? "not a finite number"
                lines.append(wrap("    \(evidence.measure): \(value) (\(evidence.source))"))
            }
            if let advice = finding.advice {
                lines.append(wrap("    reproduce: " + advice.commands.map { "`\($0)`" }.joined(separator: ", ")))
            }
        }
        if !diagnosis.probes.isEmpty {
            lines.append("Probes (each changes the run as said and trains again):")
            for probe in diagnosis.probes {
                var parts = ["\(probe.epochs) epochs"]
                if probe.diverged { parts.append("diverged") }
                if let train = probe.trainLoss { parts.append("train \(NumberFormat.loss(train))") }
                if let validation = probe.validationLoss { parts.append("validation \(NumberFormat.loss(validation))") }
                lines.append(wrap("    \(probe.change): " + parts.joined(separator: ", ")))
            }
        }
        if diagnosis.cancelled {
            lines.append("Stopped by Ctrl-C: findings that needed the remaining probes are left out; `why` again runs it in full.")
        } else if !diagnosis.complete {
            lines.append("Some probes did not fit in the budget: findings that needed them are left out.")
        }
        lines.append("The diagnosis knows only what these probes measured on this data; a change it did not try may still help.")
        return lines.joined(separator: "\n")
    }

    /// `text` with every line longer than `wrapWidth` broken at spaces. Continuation lines hang
    /// under the line's text: after its indent, or after a label column (the first run of two or
    /// more spaces, as in the command list) when that leaves room.
    func wrap(_ text: String) -> String {
        guard let width = wrapWidth, width >= 20 else { return text }
        var out: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            guard displayWidth(line) > width else { out.append(line); continue }
            let indent = line.prefix { $0 == " " }.count
            var hang = indent
            if let gap = line.dropFirst(indent).range(of: "  ") {
                let column = line.distance(from: line.startIndex, to: gap.upperBound) + (line[gap.upperBound...].prefix { $0 == " " }.count)
                if column < width / 2 { hang = column }
            }
            var current = String(repeating: " ", count: indent)
            var hasWord = false
            for word in line.dropFirst(indent).split(separator: " ", omittingEmptySubsequences: false) {
                let candidate = hasWord ? current + " " + word : current + word
                if hasWord && displayWidth(candidate) > width && !word.isEmpty {
                    out.append(current)
                    current = String(repeating: " ", count: hang) + word
                } else {
                    current = candidate
                }
                hasWord = true
            }
            out.append(current)
        }
        return out.joined(separator: "\n")
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
