import ArgumentParser
import Foundation
import HyperLabApp
import TerminalCharts
import Vocabulary

/// Writes a console's outputs from a subcommand that runs one console command.
enum ConsoleOutput {
    /// Writes `outputs` rendered, unbuffered (so that the order is kept on a pipe), in order; `note:` lines go to standard
    /// error when `notesToStandardError` (machine-readable output keeps standard output to itself).
    /// - Throws: `UsageFailure` (one line on standard error, exit status 2) at the first error output, after what came before it.
    static func write(_ outputs: [Output], renderer: Renderer, notesToStandardError: Bool) throws {
        for output in outputs {
            if case .error = output { throw UsageFailure(message: renderer.render(output).replacingOccurrences(of: "error: ", with: "")) }
            let text = renderer.render(output)
            guard !text.isEmpty else { continue }
            if notesToStandardError, case .text(let raw) = output, raw.hasPrefix("note: ") {
                ProcessOutput.errorLine(text)
            } else {
                ProcessOutput.line(text)
            }
        }
    }
}
