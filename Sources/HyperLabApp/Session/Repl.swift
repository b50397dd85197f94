import Foundation
import Learning
import LineEditor
import TerminalCharts

/// The read-eval-print loop: reads command lines (GNU readline on a terminal, plain lines from a
/// pipe), runs them in a `LabSession`, and writes the rendered outputs.
///
/// On a terminal, a training that takes longer than 100 ms is drawn live, in place, and Ctrl-C
/// stops it (the partial curve is kept). When standard input is not a terminal there is no
/// prompt and no echo, errors go to standard error with their line number, and `run()` returns
/// 1 if any command failed.
public final class Repl: TrainingObserver {
    /// The version printed by `--version` and the banner.
    public static let version = "0.1.0"

    private let session: LabSession
    private let editor: LineEditor
    private let environment: AppEnvironment
    private var failures = 0
    private var lineNumber = 0
    private var trainingStarted: Date?
    private var lastFrame: Date?
    private var liveLines = 0

    /// A loop over `session`, reading from the terminal or standard input.
    public init(session: LabSession, environment: AppEnvironment) {
        self.session = session
        self.environment = environment
        let historyFile = environment.stateDirectory + "/history"
        self.editor = LineEditor(programName: "hyperlab", historyFile: historyFile, historyLimit: 1000,
                                 completer: { line in Completion.candidates(lineBeforeCursor: line) })
        session.observer = self
    }

    /// Runs until `quit`, Ctrl-D or the end of input. Returns the process exit status.
    public func run(banner: Bool = true) -> Int32 {
        InterruptFlag.install()
        if editor.isInteractive && banner {
            write("hyperlab \(Self.version): a lab for machine-learning hyperparameters. Dataset \(session.datasetName), model \(session.model.rawValue).\n"
                  + "Try `train`, then `set learning-rate 2`. `help` lists the commands; Tab completes; Ctrl-D leaves.\n")
        }
        while true {
            switch editor.readLine(prompt: "hyperlab> ") {
            case .endOfInput:
                if editor.isInteractive { write("\n") }
                return failures > 0 && !editor.isInteractive ? 1 : 0
            case .interrupted:
                continue
            case .line(let line):
                lineNumber += 1
                if editor.isInteractive && !line.trimmingCharacters(in: .whitespaces).isEmpty { editor.addToHistory(line) }
                if perform(line) == .quit { return failures > 0 && !editor.isInteractive ? 1 : 0 }
            }
        }
    }

    /// What one command line asked of the loop.
    public enum Step: Sendable { case goOn, quit }

    /// Runs one line and writes its outputs; counts failures. With `echo`, writes the prompt and
    /// the line first (scripts shown to an audience).
    @discardableResult
    public func perform(_ line: String, echo: Bool = false) -> Step {
        if echo { write("hyperlab> \(line)\n") }
        InterruptFlag.clear()
        let outputs = session.execute(line)
        let renderer = Renderer(options: environment.renderOptions())
        for output in outputs {
            switch output {
            case .quit: return .quit
            case .error:
                failures += 1
                let text = renderer.render(output)
                if editor.isInteractive || echo {
                    write(text + "\n")
                } else {
                    FileHandle.standardError.write(Data("line \(lineNumber): \(text)\n".utf8))
                }
            default:
                let text = renderer.render(output)
                if !text.isEmpty { write(text + "\n") }
            }
        }
        return .goOn
    }

    /// Runs a script of REPL commands, echoing each with the prompt; with `step`, waits for
    /// Enter before each command (for demonstrations). Returns 1 if a command failed.
    public func runScript(lines: [String], step: Bool) -> Int32 {
        InterruptFlag.install()
        for (index, line) in lines.enumerated() {
            lineNumber = index + 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if step {
                write("hyperlab> \(line)  [Enter]")
                guard Swift.readLine() != nil else { write("\n"); return failures > 0 ? 1 : 0 }
                if perform(line) == .quit { break }
            } else if perform(line, echo: true) == .quit {
                break
            }
        }
        return failures > 0 ? 1 : 0
    }

    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    // MARK: - TrainingObserver

    /// Draws the partial curves in place, on a terminal only, for trainings longer than 100 ms,
    /// at most every 50 ms.
    public func trainingProgress(history: [EpochRecord], task: Task, totalEpochs: Int) {
        guard environment.outputIsTerminal else { return }
        let now = Date()
        if trainingStarted == nil { trainingStarted = now }
        guard let started = trainingStarted, now.timeIntervalSince(started) > 0.1 else { return }
        if let lastFrame, now.timeIntervalSince(lastFrame) < 0.05 { return }
        lastFrame = now
        let epochs = history.map { Double($0.epoch) }
        var series = [Series(name: "training", xs: epochs, ys: history.map(\.trainLoss))]
        if history.contains(where: { $0.validationLoss != nil }) {
            series.append(Series(name: "validation", xs: epochs, ys: history.map { $0.validationLoss ?? .nan }))
        }
        let chart = LineChart(series: series, title: "training... epoch \(history.last?.epoch ?? 0) of \(totalEpochs) (Ctrl-C stops)",
                              xLabel: "epoch", yLabel: "loss (\(task.lossName))")
        let frame = chart.render(environment.renderOptions())
        write(LiveFrame.redraw(frame, previousLineCount: liveLines))
        liveLines = frame.split(separator: "\n", omittingEmptySubsequences: false).count
    }

    /// True once Ctrl-C was pressed during the training.
    public func shouldStopTraining() -> Bool { InterruptFlag.isRaised }

    /// Clears the live frame so the final report takes its place.
    public func trainingFinished() {
        if liveLines > 0 { write(LiveFrame.clear(previousLineCount: liveLines)) }
        liveLines = 0
        trainingStarted = nil
        lastFrame = nil
    }
}

/// The escape sequences for drawing a frame in place: cursor up over the previous frame, each
/// line rewritten and cleared to its end (ESC[K), so nothing flickers.
enum LiveFrame {
    /// Bytes that replace the previous frame (of `previousLineCount` lines, cursor below it) with `frame`.
    static func redraw(_ frame: String, previousLineCount: Int) -> String {
        var out = "\u{1B}[?25l"
        if previousLineCount > 0 { out += "\u{1B}[\(previousLineCount)F" }
        for line in frame.split(separator: "\n", omittingEmptySubsequences: false) {
            out += line + "\u{1B}[K\n"
        }
        out += "\u{1B}[J\u{1B}[?25h"
        return out
    }

    /// Bytes that erase the previous frame and leave the cursor where it began.
    static func clear(previousLineCount: Int) -> String {
        "\u{1B}[\(previousLineCount)F\u{1B}[J"
    }
}
