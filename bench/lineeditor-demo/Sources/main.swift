// A tiny REPL over LineEditor, driven by Tests/LineEditorTests under tmux and through pipes.
// Prompt "demo> "; echoes "got: <line>"; Tab completes words from a fixed list (file names after
// "use "); "work" spins for up to 10 s polling InterruptFlag and prints "stopped" on Ctrl-C;
// without a terminal, a Ctrl-C while waiting for a line prints "interrupted".
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

InterruptFlag.install()
let editor = LineEditor(programName: "hyperlab",
                        historyFile: LineEditor.defaultHistoryFile(environment: environment),
                        historyLimit: 50) { lineBeforeCursor in
    if lineBeforeCursor.hasPrefix("use ") { return [LineEditor.fileNameCompletion] }
    return words
}
if let warning = editor.historyWarning { print("warning: \(warning)") }

loop: while true {
    switch editor.readLine(prompt: "\u{1B}[1mdemo>\u{1B}[0m ") {
    case .line(let line):
        editor.addToHistory(line)
        print("got: \(line)")
        if line == "work" {
            InterruptFlag.clear()  // before "working": a Ctrl-C sent after seeing it always counts
            print("working")
            fflush(nil)
            var stopped = false
            for _ in 0..<1000 {
                if InterruptFlag.isRaised { stopped = true; break }
                usleep(10_000)
            }
            InterruptFlag.clear()
            print(stopped ? "stopped" : "done")
        }
    case .interrupted:
        // A terminal already shows "^C" and a fresh prompt; without one, say it for the tests.
        if !editor.isInteractive { print("interrupted") }
    case .endOfInput:
        print("bye")
        break loop
    }
    fflush(nil)  // pipes are block-buffered; tests read the replies as they come
}
