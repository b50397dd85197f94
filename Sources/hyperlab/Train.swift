import ArgumentParser
import Foundation
import HyperLabApp
import TerminalCharts
import Vocabulary

/// One training from the shell.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Train once and print the curves and a summary, or JSON.")
    @OptionGroup var common: CommonOptions
    @OptionGroup var setup: SetupOptions
    @Flag(help: "Print one JSON object (see README, \"Machine-readable output\").")
    var json = false

    func run() throws {
        ProcessOutput.installOneShotSignals()
        let environment = common.environment
        let session = LabSession(environment: environment)
        try setup.apply(to: session, seed: common.seed)
        let result: (run: Run, hints: [String])
        do { result = try session.trainOnce() } catch { throw UsageFailure(message: error.message) }
        if json {
            ProcessOutput.required(session.json(of: result.run))
        } else {
            ProcessOutput.required(Renderer(environment: environment).renderRun(result.run, hints: result.hints))
        }
    }
}
