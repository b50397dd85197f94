import Vocabulary
import Foundation
import Testing
import TerminalTestSupport
@testable import LineEditor

/// Reads events from `bytes` (under the 64 KiB pipe buffer) until end of input, with the count
/// of refused lines.
private func plainEvents(_ bytes: [UInt8]) -> (events: [LineEvent], refused: Int) {
    let (events, editor) = events(from: bytes)
    return (events, editor.refusedLineCount)
}

/// Runs `script` with /bin/sh, its standard output and error captured together.
private func shell(_ script: String) throws -> String {
    try runProgram("/bin/sh", ["-c", "{ " + script + "\n} 2>&1"], environment: ["PATH=/usr/bin:/bin"], capture: true).output
}

@Suite struct LongLineTests {
    @Test func aLineAtTheLimitPassesOneByteMoreIsRefusedAndTheNextLinesStillCome() {
        let atLimit = String(repeating: "a", count: InputLimits.maximumLineBytes)
        let over = String(repeating: "b", count: InputLimits.maximumLineBytes + 1)
        let result = plainEvents(Array("first\n\(atLimit)\r\n\(over)\nlast\n\(over)".utf8))
        #expect(result.events == [.line("first"), .line(atLimit), .interrupted, .line("last"), .interrupted, .endOfInput])
        #expect(result.refused == 2)
    }

    /// A 10 MB line through a pipe: one short message on standard error, the line never echoed,
    /// the next line still read, status 0.
    @Test func aTenMegabyteLineGivesOneShortMessage() throws {
        let demo = try #require(demoExecutable())
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let input = temporary.path + "/input"
        var bytes = [UInt8](repeating: UInt8(ascii: "x"), count: 10_000_000)
        bytes += Array("\nafter\n".utf8)
        #expect(FileManager.default.createFile(atPath: input, contents: Data(bytes)))
        let output = try shell("HOME=\(shellQuoted(temporary.path)) \(shellQuoted(demo)) < \(shellQuoted(input)); echo status=$?")
        #expect(output.utf8.count < 300, "output: \(output.prefix(300))")
        #expect(output.contains("hyperlab: line refused: longer than 4096 bytes"))
        #expect(output.contains("got: after\nbye\nstatus=0"))
        #expect(!output.contains("xxxx"))
    }
}

@Suite struct HistoryBoundsTests {
    @Test func aFIFOInPlaceOfTheHistoryFileIsIgnoredWithOneWarningAndLeftAlone() throws {
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let path = temporary.path + "/history"
        #expect(mkfifo(path, 0o600) == 0)
        // Opening a FIFO for reading without O_NONBLOCK would block here forever.
        let store = HistoryStore(path: path, limit: 10)
        #expect(store.load() == [])
        let warning = try #require(store.warning)
        #expect(warning.description.contains("is not a regular file"))
        #expect(store.add("one") == "one")
        #expect(store.add("two") == "two")
        #expect(store.warning == warning)
        var info = stat()
        #expect(lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO)
    }

    @Test func aDirectoryInPlaceOfTheHistoryFileIsIgnored() throws {
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let path = temporary.path + "/history"
        #expect(mkdir(path, 0o700) == 0)
        let store = HistoryStore(path: path, limit: 10)
        #expect(store.load() == [])
        #expect(store.warning?.description.contains("is not a regular file") == true)
        #expect(store.add("one") == "one")
        #expect(HistoryFile.isDirectory(path))
    }

    /// A 100 MB line (a sparse file, so the test costs no disk) then two short entries: only the
    /// last MiB is read, the partial line dropped, the short entries kept.
    @Test func aHundredMegabyteHistoryLineIsNeverLoaded() throws {
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let path = temporary.path + "/history"
        let fd = open(path, O_WRONLY | O_CREAT, 0o600)
        #expect(fd >= 0)
        #expect(ftruncate(fd, 100_000_000) == 0)
        _ = lseek(fd, 0, SEEK_END)
        let tail = Array("\nuse iris\ntrain\n".utf8)
        _ = tail.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        #expect(try HistoryFile.load(path: path, limit: 1000) == ["use iris", "train"])
    }

    @Test func entriesAreBoundedInBytesAndOverlongEntriesSkipped() throws {
        let entry = String(repeating: "e", count: 4000)
        let entries = (0..<1000).map { "\($0) " + entry }
        let kept = HistoryFile.capped(entries, limit: 1000)
        #expect(kept.count == InputLimits.maximumHistoryFileBytes / 4005)
        #expect(kept.last == entries.last)
        #expect(HistoryFile.serialize(kept).count <= InputLimits.maximumHistoryFileBytes)
        let overlong = String(repeating: "x", count: InputLimits.maximumLineBytes + 1)
        #expect(HistoryFile.appending(overlong, to: ["a"], limit: 10) == ["a"])
        #expect(HistoryFile.parse(Array("a\n\(overlong)\nb\n".utf8), limit: 10) == ["a", "b"])
    }
}

@Suite struct TemporaryFilesTests {
    @Test func onlyStaleRegularTemporaryFilesOfThisUserAreRemoved() throws {
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let folder = temporary.path
        // A process id that surely ended: a child that was waited for.
        let ended = try runProgram("/bin/sh", ["-c", "echo $$"], environment: [], capture: true).output
        let deadPID = try #require(Int32(ended.trimmingCharacters(in: .whitespacesAndNewlines)))
        let names = ["history.tmp-\(deadPID)", "history.tmp-\(getpid())", "cards.json.tmp", "fresh.tmp", "notes.txt", "tmpfile",
                     ".progress.json.tmp-\(deadPID)-123456"]
        for name in names { #expect(FileManager.default.createFile(atPath: folder + "/" + name, contents: Data("x".utf8))) }
        // cards.json.tmp was last changed two minutes ago; fresh.tmp just now.
        var times = [timeval(tv_sec: time(nil) - 120, tv_usec: 0), timeval(tv_sec: time(nil) - 120, tv_usec: 0)]
        #expect(utimes(folder + "/cards.json.tmp", &times) == 0)
        #expect(symlink("/etc/hostname", folder + "/link.tmp") == 0)
        #expect(mkfifo(folder + "/pipe.tmp-\(deadPID)", 0o600) == 0)

        let removed = TemporaryFiles.removeStale(in: folder)
        #expect(removed == [".progress.json.tmp-\(deadPID)-123456", "cards.json.tmp", "history.tmp-\(deadPID)"])
        let left = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(left == ["fresh.tmp", "history.tmp-\(getpid())", "link.tmp", "notes.txt", "pipe.tmp-\(deadPID)", "tmpfile"])
        #expect(TemporaryFiles.removeStale(in: folder + "/missing") == [])
    }

    @Test func temporaryNames() {
        #expect(TemporaryFiles.isTemporaryName("history.tmp-42"))
        #expect(TemporaryFiles.isTemporaryName("state.json.tmp"))
        #expect(TemporaryFiles.isTemporaryName("state.json.tmp.Ab3"))
        #expect(!TemporaryFiles.isTemporaryName("notes.tmpl"))
        #expect(!TemporaryFiles.isTemporaryName("tmp"))
        #expect(TemporaryFiles.processID(in: "history.tmp-42") == 42)
        #expect(TemporaryFiles.processID(in: "history.tmp-4x") == nil)
        #expect(TemporaryFiles.processID(in: ".cards.json.tmp-4242-918273") == 4242)
    }
}

@Suite struct StandardStreamsTests {
    @Test func failedWritesAreReportedAsValues() throws {
        let full = open("/dev/full", O_WRONLY)
        #expect(full >= 0)
        defer { close(full) }
        let error = try #require(StandardStreams.tryWrite("hello\n", to: full))
        #expect(error == .streamWrite(descriptor: full, errno: ENOSPC))
        #expect(error.exitStatus == 1)

        signal(SIGPIPE, SIG_IGN)
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        close(fds[0])
        defer { close(fds[1]) }
        let broken = try #require(StandardStreams.tryWrite("hello\n", to: fds[1]))
        #expect(broken == .streamWrite(descriptor: fds[1], errno: EPIPE))
        #expect(broken.exitStatus == 141)
        #expect(StandardStreamsTests.describe(.streamWrite(descriptor: 1, errno: ENOSPC)) == "cannot write to standard output: No space left on device")
        #expect(StandardStreams.tryWrite("", to: full) == nil)
    }

    static func describe(_ error: LineEditorError) -> String { error.description }

    /// The demo writes through StandardStreams: a full disk, a closed standard output, both streams
    /// failing, and a reader that left with SIGPIPE ignored all end quietly, non-zero, no crash report.
    @Test func theProgramEndsQuietlyWhenItsOutputFails() throws {
        let demo = try #require(demoExecutable())
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let run = "HOME=\(shellQuoted(temporary.path)) \(shellQuoted(demo))"
        let full = try shell("echo hello | \(run) > /dev/full; echo status=$?")
        #expect(full == "demo: cannot write to standard output: No space left on device\nstatus=1\n")
        let closed = try shell("echo hello | \(run) >&-; echo status=$?")
        #expect(closed == "demo: cannot write to standard output: Bad file descriptor\nstatus=1\n")
        let both = try shell("echo hello | \(run) >/dev/full 2>/dev/full; echo status=$?")
        #expect(both == "status=1\n")
        guard let bash = onPath("bash") ?? (FileManager.default.isExecutableFile(atPath: "/bin/bash") ? "/bin/bash" : nil) else { return }
        let piped = try runProgram(bash, ["-c", "trap '' PIPE; printf 'flood 100000\\n' | \(run) 2>&1 | head -n 2; echo status=${PIPESTATUS[1]}"],
                                   environment: ["PATH=/usr/bin:/bin"], capture: true).output
        #expect(piped == "got: flood 100000\nline 0\nstatus=141\n")
    }
}

@Suite struct SignalTests {
    /// Starts the demo on a pipe fed by `input`, waits until its output shows `ready`, sends
    /// `signal`, and returns everything it wrote plus "status=N".
    private func signalled(_ signal: String, input: String, ready: String) throws -> String {
        let demo = try #require(demoExecutable())
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let out = shellQuoted(temporary.path + "/out")
        let script = """
            : > \(out)
            (printf '\(input)'; sleep 20) | HOME=\(shellQuoted(temporary.path)) \(shellQuoted(demo)) > \(out) 2>&1 &
            pid=$!
            n=0; until grep -q '\(ready)' \(out) 2>/dev/null || [ $n -gt 400 ]; do sleep 0.05; n=$((n+1)); done
            kill -\(signal) $pid; wait $pid; status=$?
            cat \(out); echo status=$status
            """
        return try shell(script)
    }

    @Test func sigquitDuringWorkEndsAtOnceWithStatus131AndNoCrashReport() throws {
        let output = try signalled("QUIT", input: "work\\n", ready: "working")
        #expect(output == "got: work\nworking\nstatus=131\n")
    }

    @Test func sigtermDuringWorkStopsItAndEndsCleanlyWithStatus143() throws {
        let output = try signalled("TERM", input: "work\\n", ready: "working")
        #expect(output == "got: work\nworking\nstopped\nbye\nterminated by signal 15\nstatus=143\n")
    }

    @Test func sighupWhileWaitingForALineEndsCleanlyWithStatus129() throws {
        let output = try signalled("HUP", input: "alpha\\n", ready: "got: alpha")
        #expect(output == "got: alpha\nbye\nterminated by signal 1\nstatus=129\n")
    }
}

/// Starts `demo` in session `session` of a new private tmux server, with HOME in `home` and
/// readline's init file `inputrc`, standard error on the pane; waits for the prompt.
private func startDemo(_ demo: String, tmux path: String, session: String, home: String, inputrc: String) throws -> Tmux {
    let tmux = Tmux(executable: path)
    let command = "env HOME=\(shellQuoted(home)) XDG_STATE_HOME=\(shellQuoted(home + "/state")) INPUTRC=\(shellQuoted(inputrc)) LANG=C.UTF-8 \(shellQuoted(demo)) 2>&1; echo EXIT=$?; sleep 60"
    try tmux.start(session, command: command, directory: home)
    try tmux.waitForLastLine("demo>")
    return tmux
}

@Suite struct HostileTerminalTests {
    /// Under tmux with readline's defaults (bracketed paste on): a three-line paste runs as three
    /// lines in order; a 2 MB one-line paste is refused with one message and never shown in full;
    /// Ctrl-\ during work ends the program at once with status 131 and no crash report.
    @Test func pastesAreBoundedAndSplitAndCtrlBackslashQuits() throws {
        guard let tmuxPath = onPath("tmux") else {
            print("HostileTerminalTests skipped: tmux is not installed (apt-get install tmux)")
            return
        }
        let demo = try #require(demoExecutable())
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let home = temporary.path
        let tmux = try startDemo(demo, tmux: tmuxPath, session: "paste", home: home, inputrc: "/dev/null")
        defer { tmux.killServer() }

        try "alpha\nbeta two\ngamma\n".write(toFile: home + "/three", atomically: true, encoding: .utf8)
        try tmux.run(["load-buffer", "-b", "three", home + "/three"])
        try tmux.run(["paste-buffer", "-p", "-b", "three", "-t", "paste"])
        try tmux.press("Enter")
        try tmux.waitForOutput("got: gamma")
        let lines = try tmux.lines()
        #expect(lines.filter { $0.hasPrefix("got: ") } == ["got: alpha", "got: beta two", "got: gamma"], "pane:\n\(tmux.pane())")

        let big = String(repeating: "x", count: 2_000_000)
        try big.write(toFile: home + "/big", atomically: true, encoding: .utf8)
        try tmux.run(["load-buffer", "-b", "big", home + "/big"])
        try tmux.run(["paste-buffer", "-p", "-b", "big", "-t", "paste"])
        let refused = try tmux.wait { $0.contains { $0.hasPrefix("hyperlab: line refused: longer than 4096 bytes") } && $0.last == "demo>" }
        #expect(refused, "no refusal; pane:\n\(tmux.pane())")
        try tmux.type("ok")
        try tmux.press("Enter")
        try tmux.waitForOutput("got: ok")
        let pane = try tmux.lines()
        #expect(pane.filter { $0.contains("line refused") }.count == 1)
        // At most the limit was ever shown (100 columns a row): far from 2 MB.
        #expect(pane.joined().utf8.count < 10_000)

        try tmux.type("work")
        try tmux.press("Enter")
        try tmux.waitForLastLine("working")
        try tmux.press("C-\\")
        let quit = try tmux.wait { $0.contains("EXIT=131") }
        #expect(quit, "no EXIT=131; pane:\n\(tmux.pane())")
        #expect(try !tmux.lines().contains { $0.contains("crash") || $0.contains("Backtrace") })
    }

    /// With bracketed paste off (old terminals, `TERM=dumb`, an inputrc), readline takes a paste
    /// as typed keys and gathers them into the line in one call: the same bound holds, the pasted
    /// lines still run one by one, and the 2 MB line is refused with one message.
    @Test func pastesWithoutBracketedPasteAreBoundedToo() throws {
        guard let tmuxPath = onPath("tmux") else { return }
        let demo = try #require(demoExecutable())
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let home = temporary.path
        try "set enable-bracketed-paste off\n".write(toFile: home + "/inputrc", atomically: true, encoding: .utf8)
        let tmux = try startDemo(demo, tmux: tmuxPath, session: "plain", home: home, inputrc: home + "/inputrc")
        defer { tmux.killServer() }
        try (String(repeating: "z", count: 2_000_000) + "\nafter\n").write(toFile: home + "/big", atomically: true, encoding: .utf8)
        try tmux.run(["load-buffer", "-b", "big", home + "/big"])
        try tmux.run(["paste-buffer", "-b", "big", "-t", "plain"])
        let refused = try tmux.wait { $0.contains { $0.hasPrefix("hyperlab: line refused: longer than 4096 bytes") } && $0.last == "demo>" }
        #expect(refused, "no refusal; pane:\n\(tmux.pane())")
        try "one\ntwo\n".write(toFile: home + "/two", atomically: true, encoding: .utf8)
        try tmux.run(["load-buffer", "-b", "two", home + "/two"])
        try tmux.run(["paste-buffer", "-b", "two", "-t", "plain"])
        try tmux.waitForOutput("got: two")
        let pane = try tmux.lines()
        #expect(pane.filter { $0.contains("line refused") }.count == 1)
        #expect(pane.filter { $0.hasPrefix("got: ") } == ["got: one", "got: two"], "pane:\n\(tmux.pane())")
        #expect(pane.joined().utf8.count < 10_000)
    }
}
