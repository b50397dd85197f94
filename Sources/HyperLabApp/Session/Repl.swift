import Vocabulary
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

    private let console: LabConsole
    private var session: LabSession { console.lab }
    private let editor: LineEditor
    private let environment: AppEnvironment
    private var failures = 0
    private var lineNumber = 0
    private var live = LiveRedraw()
    private var throttle: RedrawThrottle?

    /// A loop over `session`, reading from the terminal or standard input.
    public init(console: LabConsole, environment: AppEnvironment) {
        self.console = console
        self.environment = environment
        let historyFile = environment.stateDirectory + "/history"
        let lessonNames = Completion.lessonNames(directory: environment.lessonsDirectory)
        let quizTopics = Completion.quizTopics(directory: environment.lessonsDirectory + "/quiz")
        self.editor = LineEditor(programName: "hyperlab", historyFile: historyFile, historyLimit: 1000,
                                 completer: { line in Completion.candidates(lineBeforeCursor: line, lessonNames: lessonNames, quizTopics: quizTopics) })
        console.lab.observer = self
    }

    /// Runs until `quit`, Ctrl-D or the end of input. Returns the process exit status.
    public func run(banner: Bool = true) -> Int32 {
        InterruptFlag.install()
        if editor.isInteractive && banner {
            let options = environment.renderOptions()
            let banner = "hyperlab \(Self.version): a lab for machine-learning hyperparameters. Dataset \(session.datasetName), model \(session.model.rawValue).\n"
                + "Try `train`, then `set learning-rate 50`. `help` lists the commands, `lessons` the lessons; Tab completes; Ctrl-D leaves."
            write(Renderer(options: options, wrapWidth: options.width).render(.text(banner)) + "\n")
        }
        while true {
            switch editor.readLine(prompt: console.prompt) {
            case .endOfInput:
                if editor.isInteractive { write("\n") }
                let renderer = Renderer(options: environment.renderOptions())
                for output in console.finish() { write(renderer.render(output) + "\n") }
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
        if echo { write("\(console.prompt)\(line)\n") }
        InterruptFlag.clear()
        let outputs = console.execute(line)
        let options = environment.renderOptions()
        let renderer = Renderer(options: options, wrapWidth: environment.outputIsTerminal ? options.width : nil)
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
                write("\(console.prompt)\(line)  [Enter]")
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
    /// at most every 100 ms (`RedrawThrottle`).
    public func trainingProgress(history: [EpochRecord], task: LearningTask, totalEpochs: Int) {
        guard LiveRedraw.isLive(isTerminal: environment.outputIsTerminal, environment: environment.variables) else { return }
        let now = Date().timeIntervalSinceReferenceDate
        if throttle == nil { throttle = RedrawThrottle(start: now) }
        guard throttle?.isDue(now: now) == true else { return }
        let epochs = history.map { Double($0.epoch) }
        var series = [Series(name: "training", xs: epochs, ys: history.map(\.trainLoss))]
        if history.contains(where: { $0.validationLoss != nil }) {
            series.append(Series(name: "validation", xs: epochs, ys: history.map { $0.validationLoss ?? .nan }))
        }
        let chart = LineChart(series: series, title: "training... epoch \(history.last?.epoch ?? 0) of \(totalEpochs) (Ctrl-C stops)",
                              xLabel: "epoch", yLabel: "loss (\(task.lossName))")
        write(live.frame(chart.render(environment.renderOptions())))
    }

    /// True once Ctrl-C was pressed during the training.
    public func shouldStopTraining() -> Bool { InterruptFlag.isRaised }

    /// Erases the live frame so the final report takes its place.
    public func trainingFinished() {
        if live.previousLineCount > 0 {
            write(LiveRedraw.redraw(previousLineCount: live.previousLineCount, frame: ""))
        }
        live = LiveRedraw()
        throttle = nil
    }
}

extension Repl: SearchObserver {
    /// Shows a search's progress line in place on a terminal, once it has run for a second.
    public func searchProgress(done: Int, planned: Int, elapsedSeconds: Double, status: String) {
        guard elapsedSeconds >= 1, LiveRedraw.isLive(isTerminal: environment.outputIsTerminal, environment: environment.variables) else { return }
        write(live.frame(status))
    }

    /// Erases the progress line so the results take its place.
    public func searchFinished() { trainingFinished() }
}
