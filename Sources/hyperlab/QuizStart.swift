import ArgumentParser
import Foundation
import HyperLabApp
import TerminalCharts
import Vocabulary

/// `hyperlab quiz [TOPIC] [--count N] [--seed N]`, `hyperlab quiz review [--json]`: the lab with that quiz already open
/// (`quiz start`, the default of `quiz`).
struct QuizStart: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start the lab with a quiz open: quiz [TOPIC] [--count N] [--seed N], or quiz review for the questions due today.",
        discussion: "--seed N fixes the order of the questions and choices (the same N, the same quiz). quiz review --json prints what is due as JSON and exits.")
    @OptionGroup var common: CommonOptions
    @Argument(help: "A topic (e.g. learning-rate), or review; default: all topics.")
    var topic: String?
    @Option(name: [.customShort("n"), .long], help: "How many questions.")
    var count: Int?
    @Flag(help: "With review: print the questions due and when the next ones fall due, as JSON, instead of asking them.")
    var json = false

    func validate() throws {
        if let count, count < 1 { throw ValidationError("--count must be at least 1 (got \(count))") }
        if json && topic != "review" { throw ValidationError("--json works with quiz review (it prints what is due); a practice quiz is interactive") }
    }

    func run() throws {
        let environment = common.environment
        let session = LabSession(environment: environment)
        try SetupOptions.applySeed(common.seed, to: session)
        let console = LabConsole(lab: session)
        let repl = Repl(console: console, environment: environment)
        var line = "quiz"
        if let topic { line += " \(topic)" }
        if let count { line += " --count \(count)" }
        if let seed = common.seed { line += " --seed \(seed)" }
        if json { line += " --json" }
        // Opened here rather than through the loop so that a quiz that cannot start ends the program at once
        // (with piped answers, the answers must not reach the lab as commands).
        try ConsoleOutput.write(console.execute(line), renderer: Renderer(environment: environment), notesToStandardError: json)
        guard console.prompt.hasPrefix("quiz") else { return }
        let status = repl.run(banner: false)
        if status != 0 { throw ExitCode(status) }
    }
}
