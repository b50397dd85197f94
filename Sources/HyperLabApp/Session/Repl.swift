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
    /// What the current demonstration step wrote (nil outside a stepped script), for `b`.
    private var transcript: String?
    /// Lines already on screen that the next command's output must leave visible (a demonstration's captions).
    private var reservedLines = 0
    /// Whether the history file's problem (`LineEditor.historyWarning`) was shown; it is shown once.
    private var historyWarningShown = false

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
        // On a terminal the chart comes first and the diagnosis follows; from a pipe it is made at
        // once with a cost bound only, so that the output does not depend on the machine's speed.
        if editor.isInteractive { console.lab.diagnosisTiming = .background }
    }

    /// Runs until `quit`, Ctrl-D, the end of input, SIGTERM or SIGHUP (the line editor then reports the end
    /// of input, and `console.finish()` saves as at Ctrl-D). Returns the process exit status: 143 or 129
    /// after SIGTERM or SIGHUP, 1 when a piped command failed, else 0.
    public func run(banner: Bool = true) -> Int32 {
        InterruptFlag.install()
        if editor.isInteractive && banner {
            let options = environment.renderOptions()
            let banner = "hyperlab \(Self.version): a lab for machine-learning hyperparameters. Dataset \(session.datasetName), model \(session.model.rawValue).\n"
                + "Try `train`, then `set learning-rate 50`. `help` lists the commands, `lessons` the lessons; Tab completes; Ctrl-D leaves."
            write(Renderer(options: options, wrapWidth: options.width).render(.text(banner)) + "\n")
        }
        while true {
            let read = editor.readLine(prompt: prompt)
            showHistoryWarning()
            switch read {
            case .endOfInput:
                if editor.isInteractive { write("\n") }
                let renderer = Renderer(options: environment.renderOptions())
                for output in console.finish() { write(renderer.render(output) + "\n") }
                return exitStatus()
            case .interrupted:
                continue
            case .line(let line):
                lineNumber += 1
                if editor.isInteractive && !line.trimmingCharacters(in: .whitespaces).isEmpty {
                    editor.addToHistory(line)
                    showHistoryWarning()
                }
                if perform(line) == .quit { return exitStatus() }
            }
        }
    }

    /// Writes the history file's first problem to standard error, once a session (history then goes on in memory).
    private func showHistoryWarning() {
        guard !historyWarningShown, let warning = editor.historyWarning else { return }
        historyWarningShown = true
        StandardStreams.writeError("warning: \(warning.description)\n")
    }

    /// The status the loop ends with: 128 + the signal after SIGTERM or SIGHUP
    /// (`TerminationRequest.exitStatus`: 143, 129), else 1 when a piped command failed, else 0.
    private func exitStatus() -> Int32 {
        if let status = TerminationRequest.exitStatus { return status }
        return failures > 0 && !editor.isInteractive ? 1 : 0
    }

    /// The console's prompt with its control characters escaped (it can name a lesson, whose id comes
    /// from a file name).
    private var prompt: String { escapingControlCharacters(console.prompt, keepingLineBreaks: false) }

    /// What one command line asked of the loop.
    public enum Step: Sendable { case goOn, quit }

    /// Runs one line and writes its outputs; counts failures. With `echo`, writes the prompt and
    /// the line first (scripts shown to an audience).
    @discardableResult
    public func perform(_ line: String, echo: Bool = false) -> Step {
        if echo { emit(prompt + escapingControlCharacters(line, keepingLineBreaks: false) + "\n") }
        InterruptFlag.clear()
        let outputs = console.execute(line)
        var options = environment.renderOptions()
        if environment.outputIsTerminal, environment.height == nil,
           let rows = TerminalSize.current(fileDescriptor: 1, environment: environment.variables)?.rows {
            // Hints that follow in the background need room too.
            let trains = outputs.contains { if case .run = $0 { return true } else { return false } }
            let laterHints = trains && session.hintsEnabled && session.diagnosisTiming == .background
                ? Self.laterHintLines(width: options.width) : 0
            options.height = Self.fittedChartHeight(outputs, options: options, rows: rows - reservedLines - (echo ? 1 : 0) - laterHints)
        }
        let renderer = Renderer(options: options, wrapWidth: environment.outputIsTerminal ? options.width : nil)
        for output in outputs {
            switch output {
            case .quit: return .quit
            case .error:
                failures += 1
                let text = renderer.render(output)
                if editor.isInteractive || echo {
                    emit(text + "\n")
                } else {
                    StandardStreams.writeError("line \(lineNumber): \(text)\n")
                }
            case .animation(let animation):
                if editor.isInteractive && LiveRedraw.isLive(isTerminal: environment.outputIsTerminal, environment: environment.variables),
                   let keys = KeyReader() {
                    let shown = AnimationPlayer(animation: animation, environment: environment).play(keys: keys)
                    transcript? += shown + "\n"
                } else {
                    let text = renderer.render(output)
                    if !text.isEmpty { emit(text + "\n") }
                }
            case .pages(let pages, let start):
                if editor.isInteractive && LiveRedraw.isLive(isTerminal: environment.outputIsTerminal, environment: environment.variables),
                   let keys = KeyReader() {
                    page(pages, from: start ?? 0, keys: keys, options: environment.renderOptions())
                } else {
                    let text = renderer.render(output)
                    if !text.isEmpty { emit(text + "\n") }
                }
            default:
                let text = renderer.render(output)
                if !text.isEmpty { emit(text + "\n") }
            }
        }
        showDiagnosis(renderer: renderer)
        return .goOn
    }

    /// Lines kept free under a chart for the hints that the background diagnosis writes after it: a
    /// hint is one sentence of about 120 to 250 characters, so 4 lines below 100 columns, 3 below
    /// 140 and 2 from there on.
    static func laterHintLines(width: Int) -> Int {
        width < 100 ? 4 : (width < 140 ? 3 : 2)
    }

    /// Waits for the background diagnosis of the run just shown, if any, and writes its hints under
    /// it. After 0.3 s a "diagnosing" line says so (on a live terminal); Ctrl-C stops the probes.
    private func showDiagnosis(renderer: Renderer) {
        guard session.hasPendingDiagnosis else { return }
        let isLive = LiveRedraw.isLive(isTerminal: environment.outputIsTerminal, environment: environment.variables)
        var status = LiveRedraw()
        let output = session.awaitDiagnosis(shouldStop: { InterruptFlag.isRaised }, waiting: {
            if isLive { write(status.frame(dim("diagnosing: short probe trainings on the same data (Ctrl-C stops)"))) }
        })
        if status.previousLineCount > 0 { write(LiveRedraw.redraw(previousLineCount: status.previousLineCount, frame: "")) }
        if let output {
            let text = renderer.render(output)
            if !text.isEmpty { emit(text + "\n") }
        }
    }

    /// Shows `pages` one at a time in place, from page `start`: Enter, Space or Right next, `b` or Left
    /// back, `q` (or Enter on the last page) stops and leaves the page on screen. Each page is fitted
    /// to the terminal's height so that it can be redrawn in place.
    private func page(_ pages: [[Output]], from start: Int, keys: KeyReader, options: RenderOptions) {
        guard !pages.isEmpty else { return }
        let rows = TerminalSize.current(fileDescriptor: 1, environment: environment.variables)?.rows ?? 24
        var live = LiveRedraw()
        var index = min(max(0, start), pages.count - 1)
        func text(_ number: Int) -> String {
            var fitted = options
            if environment.height == nil { fitted.height = Self.fittedChartHeight(pages[number], options: options, rows: rows - 1) }
            let renderer = Renderer(options: fitted, wrapWidth: fitted.width)
            return pages[number].map(renderer.render).joined(separator: "\n")
        }
        keys.discardTypeAhead()
        while true {
            let current = text(index)
            let last = index == pages.count - 1
            let hint = "frame \(index + 1) of \(pages.count) · " + (last ? "Enter or q: done" : "Enter: next · q: stop") + (index > 0 ? " · b: back" : "")
            write(live.frame(current + "\n" + dim(hint)))
            switch keys.readKey() {
            case .next, .skip:
                if last { write(live.frame(current) + live.finish()); transcript? += current + "\n"; return }
                index += 1
            case .back:
                index = max(0, index - 1)
            case .quit:
                write(live.frame(current) + live.finish())
                transcript? += current + "\n"
                return
            case .command, .other:
                continue
            }
        }
    }

    /// The chart height (lines) at which `outputs` fit on a screen of `rows` lines together with their
    /// text and the next prompt: `options.height` when they already fit, else the charts share the lines
    /// left by the text, each at least 10 lines (a smaller chart says less than scrolling does).
    static func fittedChartHeight(_ outputs: [Output], options: RenderOptions, rows: Int) -> Int {
        let renderer = Renderer(options: options, wrapWidth: options.width)
        var textLines = 1
        var charts = 0
        func lineCount(_ text: String) -> Int { text.isEmpty ? 0 : text.split(separator: "\n", omittingEmptySubsequences: false).count }
        for output in outputs {
            switch output {
            case .chart, .heatmap, .contour, .animation: charts += 1
            case .pages: continue
            case .run(let run, let hints):
                if !run.history.isEmpty { charts += 1 }
                textLines += lineCount(renderer.wrap(renderer.summaryLine(run))) + hints.reduce(0) { $0 + lineCount(renderer.wrap("hint: " + $1)) }
            default: textLines += lineCount(renderer.render(output))
            }
        }
        guard charts > 0, textLines + charts * options.height > rows else { return options.height }
        var height = min(options.height, max(10, (rows - textLines) / charts))
        // A chart with a long legend needs more lines than 10: grow until every chart draws (a chart that scrolls
        // beats a "too small" note), never past the height asked for.
        while height < options.height, outputs.contains(where: { Self.isTooSmall($0, height: height, options: options) }) {
            height += 1
        }
        return height
    }

    /// True when `output` is a chart that does not fit `height` lines at `options`' width.
    private static func isTooSmall(_ output: Output, height: Int, options: RenderOptions) -> Bool {
        guard case .chart = output else { return false }
        var fitted = options
        fitted.height = height
        return Renderer(options: fitted, wrapWidth: fitted.width).render(output).hasPrefix("Chart too small to draw")
    }

    /// Runs a script of lab commands (`DemoScript`): captions (`#: TEXT`) are shown, quiet lines
    /// (`quiet: COMMAND`) run without output, every other command is echoed with the prompt and run.
    ///
    /// With `step` on a terminal, the script pauses before each command and reads single keys
    /// (`KeyReader`): Enter or Space runs it, `b` shows the previous step's screen again, `s` skips the
    /// command, `:` reads a lab command and runs it, `q` stops (status 0 unless a command failed).
    /// Keys typed while a step runs are discarded. With `step` but no terminal, each command waits for
    /// one line of input (Enter), as before. With `clear` on a terminal, each step's command runs on a clean
    /// screen under its captions (the previous output stays up until then).
    /// Returns 1 if a command failed; after SIGTERM or SIGHUP the script stops before its next step and
    /// returns `TerminationRequest.exitStatus` (143, 129).
    public func runScript(lines: [String], step: Bool, clear: Bool = false) -> Int32 {
        InterruptFlag.install()
        let script = DemoScript(lines: lines)
        let clearsScreen = clear && environment.outputIsTerminal
        if step, let keys = KeyReader() {
            presentScript(script, keys: keys, clear: clearsScreen)
            return TerminationRequest.exitStatus ?? (failures > 0 ? 1 : 0)
        }
        for scriptStep in script.steps {
            if TerminationRequest.isRequested { break }
            if runPreamble(of: scriptStep) == .quit { break }
            guard let command = scriptStep.command else { continue }
            lineNumber = scriptStep.lineNumber
            if step {
                write(prompt + escapingControlCharacters(command, keepingLineBreaks: false) + "  [Enter]")
                guard Swift.readLine() != nil else { write("\n"); return TerminationRequest.exitStatus ?? (failures > 0 ? 1 : 0) }
                if perform(command) == .quit { break }
            } else if perform(command, echo: true) == .quit {
                break
            }
        }
        return TerminationRequest.exitStatus ?? (failures > 0 ? 1 : 0)
    }

    /// The keys of a demonstration pause, as shown under the command.
    static let pauseKeys = "Enter: run · s: skip · b: back · : type a command · q: quit"
    /// Moves the cursor home and clears the screen (ECMA-48 CUP and ED).
    static let clearScreen = "\u{1B}[H\u{1B}[2J"

    /// What a pause decided.
    private enum PauseAction { case run, skip, quit }

    /// Steps through `script` on a terminal, one key per pause (see `runScript`).
    private func presentScript(_ script: DemoScript, keys: KeyReader, clear: Bool) {
        var screens: [String] = []
        let total = script.steps.count
        for (index, scriptStep) in script.steps.enumerated() {
            if TerminationRequest.isRequested { return }
            transcript = ""
            if runPreamble(of: scriptStep) == .quit { return }
            if let command = scriptStep.command { emit(prompt + escapingControlCharacters(command, keepingLineBreaks: false) + "\n") }
            keys.discardTypeAhead()
            reservedLines = (transcript ?? "").split(separator: "\n", omittingEmptySubsequences: true).count
            let action = pause(keys: keys, screens: screens, hint: scriptStep.command == nil ? "step \(index + 1) of \(total) · Enter: go on · b: back · : type a command · q: quit"
                                                                                             : "step \(index + 1) of \(total) · " + Self.pauseKeys, clear: clear)
            switch action {
            case .quit: return
            case .skip: emit("(skipped)\n")
            case .run:
                if let command = scriptStep.command {
                    // The previous step's output stays up until the command runs; then its screen starts clean.
                    if clear { write(Self.clearScreen + (transcript ?? "")) }
                    lineNumber = scriptStep.lineNumber
                    if perform(command) == .quit { return }
                }
            }
            keys.discardTypeAhead()
            reservedLines = 0
            screens.append(transcript ?? "")
        }
        transcript = ""
        emit("(end of the script)\n")
        _ = pause(keys: keys, screens: screens, hint: "Enter or q: leave · b: back · : type a command", clear: clear)
        transcript = nil
    }

    /// Waits at a pause: `b` pages back through `screens` (Enter pages forward again, back to the
    /// current screen), `:` runs a typed command, Enter runs, `s` skips, `q` quits.
    private func pause(keys: KeyReader, screens: [String], hint: String, clear: Bool) -> PauseAction {
        var view = screens.count
        while true {
            let reviewing = view < screens.count
            write(dim(reviewing ? "step \(view + 1) shown again · Enter: forward · b: back · q: quit" : hint))
            let key = keys.readKey()
            write("\r\u{1B}[2K")
            switch key {
            case .quit:
                return .quit
            case .next:
                guard reviewing else { return .run }
                view += 1
                show(view < screens.count ? screens[view] : (transcript ?? ""), clear: clear,
                     label: view < screens.count ? "step \(view + 1), shown again" : "back at step \(view + 1)")
            case .back:
                if view == 0 {
                    write(dim("(this is the first step)") + "\n")
                } else {
                    view -= 1
                    show(screens[view], clear: clear, label: "step \(view + 1), shown again")
                }
            case .skip:
                if !reviewing { return .skip }
            case .command:
                if reviewing {
                    view = screens.count
                    show(transcript ?? "", clear: clear, label: "back at step \(view + 1)")
                }
                switch editor.readLine(prompt: ": " + prompt) {
                case .line(let line):
                    let trimmed = line.trimmingCharacters(in: .whitespaces)
                    if !trimmed.isEmpty {
                        editor.addToHistory(line)
                        transcript? += ": " + prompt + escapingControlCharacters(line, keepingLineBreaks: false) + "\n"
                        if perform(line) == .quit { return .quit }
                        keys.discardTypeAhead()
                    }
                case .interrupted, .endOfInput:
                    write("\n")
                }
            case .other:
                continue
            }
        }
    }

    /// Writes a screen kept from an earlier step: on a clean screen with `clear`, else under a rule.
    private func show(_ screen: String, clear: Bool, label: String) {
        if clear { write(Self.clearScreen) } else { write(dim("── \(label) ──") + "\n") }
        write(screen)
    }

    /// Shows the captions and runs the quiet lines before a step's command. Errors of quiet lines are
    /// reported with their line number.
    private func runPreamble(of scriptStep: DemoScript.Step) -> Step {
        let options = environment.renderOptions()
        let renderer = Renderer(options: options, wrapWidth: environment.outputIsTerminal ? options.width : nil)
        for (entry, number) in zip(scriptStep.before, scriptStep.beforeLineNumbers) {
            lineNumber = number
            switch entry {
            case .caption(let text):
                let wrapped = renderer.wrap(escapingControlCharacters(text, keepingLineBreaks: false))
                emit((options.color ? "\u{1B}[1m\(wrapped)\u{1B}[0m" : wrapped) + "\n")
            case .quiet(let command):
                if runQuietly(command, renderer: renderer) == .quit { return .quit }
            }
        }
        return .goOn
    }

    /// Runs a set-up line without drawing: no live chart, no output; an error is written with its line number.
    private func runQuietly(_ command: String, renderer: Renderer) -> Step {
        let observer = session.observer
        session.observer = nil
        defer { session.observer = observer }
        InterruptFlag.clear()
        for output in console.execute(command) {
            switch output {
            case .quit: return .quit
            case .error:
                failures += 1
                emit("line \(lineNumber) (quiet: \(command)): \(renderer.render(output))\n")
            default: continue
            }
        }
        return .goOn
    }

    /// Writes `text` and keeps it in the current step's screen (for `b`).
    private func emit(_ text: String) {
        transcript? += text
        write(text)
    }

    /// `text` dimmed (SGR 2) when colour is on.
    private func dim(_ text: String) -> String {
        environment.renderOptions().color ? "\u{1B}[2m\(text)\u{1B}[0m" : text
    }

    /// Writes `text` to standard output; a failed write (closed, full, reader gone) ends the program
    /// with one line and status 1, or quietly with 141 for a reader that left (`StandardStreams`).
    private func write(_ text: String) {
        StandardStreams.write(text)
    }

    // MARK: - TrainingObserver

    /// Draws the partial curves in place, on a terminal only, for trainings longer than 100 ms,
    /// at most every 100 ms (`RedrawThrottle`).
    public func trainingProgress(history: [EpochRecord], task: LearningTask, totalEpochs: Int) {
        guard LiveRedraw.isLive(isTerminal: environment.outputIsTerminal, environment: environment.variables) else { return }
        let now = Date().timeIntervalSinceReferenceDate
        if throttle == nil { throttle = RedrawThrottle(start: now) }
        guard throttle?.isDue(now: now) == true else { return }
        let chart = ChartBuilder.curves(history: history, task: task, accuracy: false, outcome: nil,
                                        title: "training... epoch \(history.last?.epoch ?? 0) of \(totalEpochs) (Ctrl-C stops)")
        write(live.frame(chart.render(environment.renderOptions())))
    }

    /// True once Ctrl-C was pressed during the training (or search), or SIGTERM or SIGHUP arrived.
    public func shouldStopTraining() -> Bool { InterruptFlag.isRaised || TerminationRequest.isRequested }

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
