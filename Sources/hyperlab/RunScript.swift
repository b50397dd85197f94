import ArgumentParser
import Foundation
import HyperLabApp
import TerminalCharts
import Vocabulary

/// Runs a file of REPL commands.
struct RunScript: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run a file of lab commands, showing each one (for demonstrations).")
    @OptionGroup var common: CommonOptions
    @Argument(help: "A text file with one lab command per line (# starts a comment).")
    var file: String
    @Flag(help: "Wait for Enter before each command.")
    var step = false

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw UsageFailure(message: "cannot read \(file): check the path")
        }
        guard !data.contains(0), let text = String(data: data, encoding: .utf8) else {
            throw UsageFailure(message: "\(file) is not a text file of lab commands (it holds a zero byte or is not UTF-8)")
        }
        let environment = common.environment
        let session = LabSession(environment: environment)
        try SetupOptions.applySeed(common.seed, to: session)
        let repl = Repl(console: LabConsole(lab: session), environment: environment)
        let status = repl.runScript(lines: text.components(separatedBy: .newlines), step: step)
        if status != 0 { throw ExitCode(status) }
    }
}
