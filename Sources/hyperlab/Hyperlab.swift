import ArgumentParser
import Foundation
import HyperLabApp
import TerminalCharts

@main
struct Hyperlab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hyperlab",
        abstract: "A terminal lab for learning what machine-learning hyperparameters do.",
        discussion: "Without a subcommand, starts the interactive lab (type `help` there).",
        version: Repl.version,
        subcommands: [Interactive.self, RunScript.self, Train.self, Tune.self, Sweep.self, LearningCurve.self, Lessons.self, Quiz.self, Report.self],
        defaultSubcommand: Interactive.self)

    static func main() {
        AppEnvironment.resolve().removeStaleTemporaryFiles()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as UsageFailure {
            ProcessOutput.errorLine("error: \(escapingControlCharacters(failure.message))")
            Foundation.exit(2)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                let message = self.message(for: error).split(separator: "\n").first.map(String.init) ?? "bad arguments"
                ProcessOutput.errorLine("error: \(escapingControlCharacters(message.replacingOccurrences(of: "Error: ", with: ""))) (see hyperlab --help)")
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
