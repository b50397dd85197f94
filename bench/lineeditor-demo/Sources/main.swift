// A tiny REPL over LineEditor, driven by Tests/LineEditorTests under tmux and through pipes.
// Prompt "demo> "; echoes "got: <line>"; Tab completes words from a fixed list (file names after
// "use "); "work" spins for up to 10 s polling InterruptFlag and prints "stopped" on Ctrl-C (or on
// SIGTERM/SIGHUP); "flood N" writes N numbered lines; without a terminal, a Ctrl-C while waiting
// for a line prints "interrupted". All output goes through StandardStreams (a failed write ends
// the program with status 1, or 141 for EPIPE). At the end it prints "bye" and exits with 0, or
// with TerminationRequest.exitStatus after SIGTERM/SIGHUP ("terminated by signal N" first).
// History goes to LineEditor.defaultHistoryFile(environment:).
#if canImport(Glibc)
import Vocabulary
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import LineEditor

let words = ["alpha", "beta", "bravo", "learning-rate", "learning-schedule", "use", "work"]
let environment = ProcessInfo.processInfo.environment
StandardStreams.programName = "demo"

InterruptFlag.install()
let editor = LineEditor(programName: "hyperlab",
                        historyFile: LineEditor.defaultHistoryFile(environment: environment),
                        historyLimit: 50) { lineBeforeCursor in
    if lineBeforeCursor.hasPrefix("use ") { return [LineEditor.fileNameCompletion] }
    return words
}
if let warning = editor.historyWarning { StandardStreams.write("warning: \(warning)\n") }

loop: while true {
    switch editor.readLine(prompt: "\u{1B}[1mdemo>\u{1B}[0m ") {
    case .line(let line):
        editor.addToHistory(line)
        StandardStreams.write("got: \(line)\n")
        if line == "work" {
            InterruptFlag.clear()  // before "working": a Ctrl-C sent after seeing it always counts
            StandardStreams.write("working\n")
            var stopped = false
            for _ in 0..<1000 {
                if InterruptFlag.isRaised { stopped = true; break }
                usleep(10_000)
            }
            InterruptFlag.clear()
            StandardStreams.write(stopped ? "stopped\n" : "done\n")
        } else if line.hasPrefix("flood "), let count = Int(line.dropFirst(6)) {
            for index in 0..<count { StandardStreams.write("line \(index)\n") }
        }
    case .interrupted:
        // A terminal already shows "^C" and a fresh prompt; without one, say it for the tests.
        if !editor.isInteractive { StandardStreams.write("interrupted\n") }
    case .endOfInput:
        StandardStreams.write("bye\n")
        break loop
    }
}
if let status = TerminationRequest.exitStatus {
    StandardStreams.write("terminated by signal \(status - 128)\n")
    exit(status)
}
