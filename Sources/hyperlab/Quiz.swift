import ArgumentParser
import Foundation
import HyperLabApp
import TerminalCharts
import Vocabulary

/// `hyperlab quiz [TOPIC] [--count N]`, `hyperlab quiz review`: the lab with that quiz already open.
struct Quiz: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start the lab with a quiz open: quiz [TOPIC] [--count N], or quiz review for the questions due today.")
    @OptionGroup var common: CommonOptions
    @Argument(help: "A topic (e.g. learning-rate), or review; default: all topics.")
    var topic: String?
    @Option(name: [.customShort("n"), .long], help: "How many questions.")
    var count: Int?

    func validate() throws {
        if let count, count < 1 { throw ValidationError("--count must be at least 1 (got \(count))") }
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
        // Opened here rather than through the loop so that a quiz that cannot start ends the program at once
        // (with piped answers, the answers must not reach the lab as commands).
        let renderer = Renderer(options: environment.renderOptions())
        for output in console.execute(line) {
            if case .error = output { throw UsageFailure(message: renderer.render(output).replacingOccurrences(of: "error: ", with: "")) }
            let text = renderer.render(output)
            // Unbuffered, like the loop's own output, so that the order is kept on a pipe.
            if !text.isEmpty { ProcessOutput.line(text) }
        }
        guard console.prompt.hasPrefix("quiz") else { return }
        let status = repl.run(banner: false)
        if status != 0 { throw ExitCode(status) }
    }
}
