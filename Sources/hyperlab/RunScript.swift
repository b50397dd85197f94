import ArgumentParser
import Foundation
import HyperLabApp
import TerminalCharts
import Vocabulary

/// Runs a file of REPL commands.
struct RunScript: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run a file of lab commands, showing each one (for demonstrations).",
        discussion: """
            Each line of FILE is a lab command, echoed with the prompt and run. `#: TEXT` is a caption shown on \
            screen (a question for the room, a note); other `#` lines are comments. `quiet: COMMAND` runs a \
            set-up line without a pause and without output (errors are still shown). Captions and quiet lines \
            replace several commands on one line, so there is no `;`.

            With --step on a terminal the script pauses before each command: Enter or Space runs it, s skips \
            it, b shows the previous step's screen again (Enter comes forward), : reads any lab command and \
            runs it before the script goes on, q quits (status 0). Keys typed while a step runs are discarded. \
            With --step and piped input, each command waits for one line. With --clear, a step's command runs on \
            a clean screen under its captions. Lessons/demos/ holds ready-made demonstrations.
            """)
    @OptionGroup var common: CommonOptions
    @Argument(help: "A text file with one lab command per line (#: caption, quiet: set-up line, # comment).")
    var file: String
    @Flag(help: "Pause before each command (keys: Enter/Space run, s skip, b back, : command, q quit).")
    var step = false
    @Flag(help: "With --step on a terminal: run each step's command on a clean screen under its captions.")
    var clear = false

    func run() throws {
        let lines: [String]
        do { lines = try ScriptFile.lines(path: file) } catch { throw UsageFailure(message: error.message) }
        let environment = common.environment
        let session = LabSession(environment: environment)
        try SetupOptions.applySeed(common.seed, to: session)
        let repl = Repl(console: LabConsole(lab: session), environment: environment)
        let status = repl.runScript(lines: lines, step: step, clear: clear)
        if status != 0 { throw ExitCode(status) }
    }
}
