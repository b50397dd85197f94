import Foundation
import Testing
import TerminalTestSupport

/// The `lineeditor-demo` executable (bench/lineeditor-demo), built by `swift test` next to the
/// test bundle (.build/<configuration>/).
func demoExecutable() -> String? {
    var candidates: [String] = []
    if let bundle = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
        candidates.append(URL(fileURLWithPath: bundle).deletingLastPathComponent().appendingPathComponent("lineeditor-demo").path)
    }
    candidates.append(Bundle.main.bundleURL.appendingPathComponent("lineeditor-demo").path)
    candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("lineeditor-demo").path)
    // Tests/LineEditorTests/TerminalTests.swift -> package root.
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    candidates.append(root.appendingPathComponent(".build/debug/lineeditor-demo").path)
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// Starts the demo with its standard input and output on pipes, HOME and XDG_STATE_HOME in `home`.
private func startDemoOnPipes(_ demo: String, home: String) throws -> (process: Process, input: Pipe, output: Pipe) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: demo)
    var environment = ProcessInfo.processInfo.environment
    environment["HOME"] = home
    environment["XDG_STATE_HOME"] = home + "/state"
    process.environment = environment
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    return (process, input, output)
}

@Suite struct TerminalTests {
    /// Drives the demo REPL in a real terminal (tmux): typing, completion of words and of file
    /// names, ~/.inputrc with `$if hyperlab`, Ctrl-C while typing and during work, Ctrl-D, then
    /// a second run that recalls the first run's history with Up and Ctrl-R.
    @Test func realTerminalSession() throws {
        guard let tmuxPath = onPath("tmux") else {
            print("TerminalTests.realTerminalSession skipped: tmux is not installed (apt-get install tmux)")
            return
        }
        let demo = try #require(demoExecutable(), "lineeditor-demo was not built next to the test bundle; run `swift build` first")
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let tmux = Tmux(executable: tmuxPath)
        defer { tmux.killServer() }

        let home = temporary.path
        try FileManager.default.createDirectory(atPath: home + "/files", withIntermediateDirectories: false)
        #expect(FileManager.default.createFile(atPath: home + "/files/dataset-one.csv", contents: Data("x\n".utf8)))
        try "set enable-bracketed-paste off\n$if hyperlab\n\"\\C-xh\": \"inputrc-works\"\n$endif\n$if other\n\"\\C-xo\": \"wrong-program\"\n$endif\n"
            .write(toFile: home + "/inputrc", atomically: true, encoding: .utf8)
        let variables = "HOME=\(shellQuoted(home)) XDG_STATE_HOME=\(shellQuoted(home + "/state")) INPUTRC=\(shellQuoted(home + "/inputrc"))"
        let command = "env \(variables) LANG=C.UTF-8 \(shellQuoted(demo)); echo EXIT=$?; sleep 60"
        // The first run has no locale at all: the line editor must still take UTF-8 input.
        let commandWithoutLocale = "env -u LANG -u LC_ALL -u LC_CTYPE \(variables) \(shellQuoted(demo)); echo EXIT=$?; sleep 60"

        // First run.
        try tmux.start("first", command: commandWithoutLocale, directory: home)
        try tmux.waitForLastLine("demo>")
        try tmux.type("hello wörld")
        try tmux.waitForLastLine("demo> hello wörld")
        try tmux.press("Enter")
        try tmux.waitForOutput("got: hello wörld")

        // A unique prefix completes to the word plus a space.
        try tmux.type("bra")
        try tmux.waitForLastLine("demo> bra")
        try tmux.press("Tab")
        try tmux.waitForLastLine("demo> bravo")
        try tmux.press("Enter")
        try tmux.waitForOutput("got: bravo")

        // An ambiguous prefix completes to the common part; more Tabs list the choices.
        try tmux.type("learn")
        try tmux.waitForLastLine("demo> learn")
        try tmux.press("Tab")
        try tmux.waitForLastLine("demo> learning-")
        try tmux.press("Tab")
        try tmux.press("Tab")
        let listed = try tmux.wait { lines in lines.contains { $0.contains("learning-rate") && $0.contains("learning-schedule") } }
        #expect(listed, "no list of choices; pane:\n\(tmux.pane())")
        try tmux.waitForLastLine("demo> learning-")

        // Ctrl-C while typing: the line is dropped, a fresh prompt comes, the program lives on.
        try tmux.press("C-c")
        try tmux.waitForLastLine("demo>")
        #expect(try tmux.lines().contains("demo> learning-^C"))
        try tmux.type("ok")
        try tmux.waitForLastLine("demo> ok")
        try tmux.press("Enter")
        try tmux.waitForOutput("got: ok")
        #expect(try !tmux.lines().contains { $0.hasPrefix("got: learning") })

        // ~/.inputrc: the macro in `$if hyperlab` works, the one for another program does not.
        try tmux.press("C-x", "o")
        try tmux.press("C-x", "h")
        try tmux.waitForLastLine("demo> inputrc-works")
        try tmux.press("Enter")
        try tmux.waitForOutput("got: inputrc-works")

        // File-name completion when the completer asks for it (after "use ").
        try tmux.type("use files/data")
        try tmux.waitForLastLine("demo> use files/data")
        try tmux.press("Tab")
        try tmux.waitForLastLine("demo> use files/dataset-one.csv")
        try tmux.press("Enter")
        try tmux.waitForOutput("got: use files/dataset-one.csv")

        // Ctrl-C during work (outside readline) raises InterruptFlag; the prompt returns.
        try tmux.type("work")
        try tmux.waitForLastLine("demo> work")
        try tmux.press("Enter")
        try tmux.waitForLastLine("working")
        try tmux.press("C-c")
        // The terminal itself echoes "^C" where the cursor is, so "stopped" follows it.
        try tmux.waitForOutput("stopped", suffix: true)
        #expect(try !tmux.lines().contains("done"))

        // Ctrl-D on an empty line ends the program with status 0.
        try tmux.press("C-d")
        let exited = try tmux.wait { $0.contains("EXIT=0") }
        #expect(exited, "no EXIT=0; pane:\n\(tmux.pane())")

        // The history file: entries in order, mode 0600 in a 0700 directory.
        let historyPath = home + "/state/hyperlab/history"
        let firstHistory = ["hello wörld", "bravo ", "ok", "inputrc-works", "use files/dataset-one.csv ", "work"]
        #expect(try String(contentsOfFile: historyPath, encoding: .utf8) == firstHistory.joined(separator: "\n") + "\n")
        #expect(permissions(historyPath) == 0o600)
        #expect(permissions(home + "/state/hyperlab") == 0o700)

        // Second run: Up recalls the first run's lines, newest first; Ctrl-R searches them.
        try tmux.start("second", command: command, directory: home)
        try tmux.waitForLastLine("demo>")
        try tmux.press("Up")
        try tmux.waitForLastLine("demo> work")
        try tmux.press("Up")
        try tmux.waitForLastLine("demo> use files/dataset-one.csv")
        try tmux.press("Up")
        try tmux.waitForLastLine("demo> inputrc-works")
        try tmux.press("Enter")
        try tmux.waitForOutput("got: inputrc-works")
        try tmux.press("C-r")
        try tmux.type("hel")
        let searched = try tmux.wait { $0.last?.contains("hello wörld") == true }
        #expect(searched, "Ctrl-R did not find the entry; pane:\n\(tmux.pane())")
        try tmux.press("Enter")
        try tmux.waitForOutput("got: hello wörld")
        // Completion after multi-byte text (readline's offsets are bytes).
        try tmux.type("é bra")
        try tmux.waitForLastLine("demo> é bra")
        try tmux.press("Tab")
        try tmux.waitForLastLine("demo> é bravo")
        try tmux.press("Enter")
        try tmux.waitForOutput("got: é bravo")
        // A repeated line is stored once.
        for _ in 0..<2 {
            try tmux.type("ok")
            try tmux.waitForLastLine("demo> ok")
            try tmux.press("Enter")
            try tmux.waitForOutput("got: ok")
        }
        try tmux.press("C-d")
        let exitedAgain = try tmux.wait { $0.contains("EXIT=0") }
        #expect(exitedAgain, "no EXIT=0 in the second run; pane:\n\(tmux.pane())")
        let secondHistory = firstHistory + ["inputrc-works", "hello wörld", "é bravo ", "ok"]
        #expect(try String(contentsOfFile: historyPath, encoding: .utf8) == secondHistory.joined(separator: "\n") + "\n")
    }

    /// Lines through a pipe: no prompt, no readline echo, lines in order (CRLF, invalid UTF-8 and a
    /// last line without newline included), exit status 0, no history file.
    @Test func pipedInput() throws {
        let demo = try #require(demoExecutable(), "lineeditor-demo was not built next to the test bundle; run `swift build` first")
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let (process, input, output) = try startDemoOnPipes(demo, home: temporary.path)
        let bytes: [UInt8] = Array("first\r\nsecond wörld\n\n".utf8) + [0x62, 0x61, 0x64, 0xFF, 0x0A] + Array("last".utf8)
        input.fileHandleForWriting.write(Data(bytes))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(text == "got: first\ngot: second wörld\ngot: \ngot: bad\u{FFFD}\ngot: last\nbye\n")
        #expect(!text.contains("demo>"))
        #expect(!FileManager.default.fileExists(atPath: temporary.path + "/state"))
    }

    /// A real SIGINT without a terminal: during "work" it stops the work, while waiting for a line
    /// it makes `readLine` return `.interrupted`; the program goes on and ends normally.
    @Test func interruptsThroughPipes() throws {
        let demo = try #require(demoExecutable(), "lineeditor-demo was not built next to the test bundle; run `swift build` first")
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let (process, input, output) = try startDemoOnPipes(demo, home: temporary.path)
        defer { if process.isRunning { process.terminate() } }
        let reader = OutputReader(descriptor: output.fileHandleForReading.fileDescriptor)

        input.fileHandleForWriting.write(Data("work\n".utf8))
        #expect(reader.wait { $0.contains("working\n") }, "no \"working\"; output: \(reader.text)")
        kill(process.processIdentifier, SIGINT)
        #expect(reader.wait { $0.contains("stopped\n") }, "no \"stopped\"; output: \(reader.text)")

        // Waiting for input now. Repeat the signal until it is seen: one sent before the program
        // is back in readLine is cleared there, by design.
        let deadline = Date().addingTimeInterval(10)
        while !reader.text.contains("interrupted\n") && Date() < deadline {
            kill(process.processIdentifier, SIGINT)
            _ = reader.wait(seconds: 0.2) { $0.contains("interrupted\n") }
        }
        #expect(reader.text.contains("interrupted\n"), "no \"interrupted\"; output: \(reader.text)")

        input.fileHandleForWriting.write(Data("still here\n".utf8))
        try input.fileHandleForWriting.close()
        #expect(reader.wait { $0.hasSuffix("got: still here\nbye\n") }, "output: \(reader.text)")
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(reader.text.hasPrefix("got: work\nworking\nstopped\ninterrupted\n"))
    }
}

/// Collects a child's output from a pipe, waiting with `poll(2)` so that a missing reply fails
/// the test after a bounded time instead of hanging it.
private final class OutputReader {
    private let descriptor: Int32
    private var bytes: [UInt8] = []
    init(descriptor: Int32) { self.descriptor = descriptor }

    /// Everything read so far.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Reads until `condition(text)` holds (true) or `seconds` pass or the pipe ends (false).
    func wait(seconds: Double = 10, until condition: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition(text) {
            let remaining = Int32(max(0, deadline.timeIntervalSinceNow) * 1000)
            if remaining <= 0 { return false }
            var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&request, 1, remaining) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count <= 0 { return condition(text) }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return true
    }
}
