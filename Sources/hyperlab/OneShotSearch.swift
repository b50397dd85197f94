import ArgumentParser
import Foundation
import HyperLabApp

/// Runs one search command line (`tune ...`, `sweep ...`, `learning-curve ...`) on the setup the flags describe,
/// prints what it produced and exits: status 0 on success, 1 when the command failed (its one-line message on
/// standard error), 2 for a bad flag.
enum OneShotSearch {
    static func run(_ command: String, words: [String], common: CommonOptions, setup: SetupOptions) throws {
        ProcessOutput.installOneShotSignals()
        let environment = common.environment
        let session = LabSession(environment: environment)
        try setup.apply(to: session, seed: common.seed)
        let renderer = Renderer(environment: environment)
        var failed = false
        for output in session.execute(words: [command] + words) {
            let text = renderer.render(output)
            if output.isError {
                failed = true
                ProcessOutput.errorLine(text)
            } else if !text.isEmpty {
                ProcessOutput.line(text)
            }
        }
        if failed { throw ExitCode(1) }
    }
}
