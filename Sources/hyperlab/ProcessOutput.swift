import ArgumentParser
import Foundation
import HyperLabApp
import LineEditor
#if canImport(Glibc)
import Glibc
#endif

/// Output and signals of the one-shot subcommands: every write goes through `StandardStreams`, so a
/// closed or full standard output, or a reader that left, ends the program with one line (or
/// quietly with 141 for EPIPE) and a non-zero status instead of a crash report.
enum ProcessOutput {
    /// Writes `text` and a line feed to standard output; a failed write ends the program (`StandardStreams.fail`).
    static func line(_ text: String) {
        StandardStreams.write(text + "\n")
    }

    /// Writes `text` and a line feed to standard error; a failed write ends the program with status 1.
    static func errorLine(_ text: String) {
        StandardStreams.writeError(text + "\n")
    }

    /// Writes `text` and a line feed to standard output and makes sure it arrived: output that a
    /// script reads (`--json`) must never be lost with status 0. A failed write ends the program
    /// with one line on standard error and status 1 (141 for EPIPE).
    static func required(_ text: String) {
        if let error = StandardStreams.tryWrite(text + "\n") ?? StandardStreams.flush() { StandardStreams.fail(error) }
    }

    /// Signals of a one-shot subcommand (`train`, `tune`, `sweep`, `learning-curve`, `lessons list`):
    /// SIGQUIT (Ctrl-\\) ends it at once with status 131 and no crash report
    /// (`TerminationRequest`); Ctrl-C, SIGTERM and SIGHUP keep their default action (the process
    /// ends with 130, 143 or 129 as the shell reports): a one-shot command has nothing to save.
    static func installOneShotSignals() {
        TerminationRequest.install()
        for number in [SIGINT, SIGTERM, SIGHUP] { _ = signal(number, SIG_DFL) }
    }
}
