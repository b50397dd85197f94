import Vocabulary
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
                var text = message.replacingOccurrences(of: "Error: ", with: "")
                let hint = hyperparameterFlagHint(text)
                // A hyperparameter typed as a flag: the pointer to --set replaces the parser's guess at a flag.
                if hint != nil, let guess = text.range(of: ". Did you mean") { text = String(text[..<guess.lowerBound]) }
                ProcessOutput.errorLine("error: \(escapingControlCharacters(text))" + (hint ?? " (see hyperlab --help)"))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// For "Unknown option '--batch-size'" when batch-size is a hyperparameter: how to give it
/// (hyperparameters are set with `--set NAME=VALUE`, one name everywhere); nil otherwise.
func hyperparameterFlagHint(_ message: String) -> String? {
    guard let start = message.range(of: "'--"), let end = message[start.upperBound...].firstIndex(of: "'") else { return nil }
    let flag = String(message[start.upperBound..<end])
    let name = flag.split(separator: "=").first.map(String.init) ?? flag
    guard let id = HyperparameterName(lookup: name) else { return nil }
    return "; hyperparameters are set with --set, e.g. --set \(id.rawValue)=\(id.spec.defaultText)"
}
