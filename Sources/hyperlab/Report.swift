import ArgumentParser
import Foundation
import HyperLabApp
import TerminalCharts
import Vocabulary

/// `hyperlab report [--markdown|--json]`: the learner's progress, to hand in to a teacher.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print your progress to hand in: lessons finished, steps done, quiz retention per topic, days practised.",
        discussion: "Markdown by default; --json for tools. Notes (e.g. a database moved aside) go to standard error; exit status 1 when your progress cannot be read.")
    @OptionGroup var common: CommonOptions
    @Flag(help: "Markdown (the default).")
    var markdown = false
    @Flag(help: "JSON instead of Markdown.")
    var json = false

    func validate() throws {
        if markdown && json { throw ValidationError("give --markdown or --json, not both") }
    }

    func run() throws {
        let environment = common.environment
        let console = LabConsole(lab: LabSession(environment: environment))
        let outputs = console.execute(json ? "report --json" : "report --markdown")
        do {
            try ConsoleOutput.write(outputs, renderer: Renderer(environment: environment), notesToStandardError: true)
        } catch let failure as UsageFailure {
            // The database could not be read: not a usage error.
            ProcessOutput.errorLine("error: \(failure.message)")
            throw ExitCode(1)
        }
    }
}
