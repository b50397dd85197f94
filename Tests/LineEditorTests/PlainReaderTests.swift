import Foundation
import Testing
@testable import LineEditor

/// Feeds `bytes` through a real pipe and reads events until end of input.
func events(from bytes: [UInt8], history: String? = nil) -> (events: [LineEvent], editor: LineEditor) {
    var fds: [Int32] = [0, 0]
    let made = pipe(&fds)
    precondition(made == 0, "pipe failed")
    // Small enough for the pipe buffer (64 KiB on Linux), so writing before reading cannot block.
    _ = bytes.withUnsafeBytes { write(fds[1], $0.baseAddress, $0.count) }
    close(fds[1])
    defer { close(fds[0]) }
    let editor = LineEditor(programName: "hyperlab", historyFile: history, historyLimit: 10,
                            completer: { _ in [] }, inputDescriptor: fds[0], interactive: false)
    var result: [LineEvent] = []
    while true {
        let event = editor.readLine(prompt: "demo> ")
        result.append(event)
        if event == .endOfInput || result.count > 100 { break }
    }
    return (result, editor)
}

@Suite(.serialized) struct PlainReaderTests {
    @Test func linesComeInOrderWithCRLFAndALastLineWithoutNewline() {
        let (events, editor) = events(from: Array("use iris\r\n\nset lr 0.1\nlast".utf8))
        #expect(!editor.isInteractive)
        #expect(events == [.line("use iris"), .line(""), .line("set lr 0.1"), .line("last"), .endOfInput])
    }

    @Test func invalidUTF8IsReplacedNotFatal() {
        let bytes: [UInt8] = [0x61, 0xC3, 0x0A, 0xFF, 0xFE, 0x0A] + Array("é\n".utf8)
        #expect(events(from: bytes).events == [.line("a\u{FFFD}"), .line("\u{FFFD}\u{FFFD}"), .line("é"), .endOfInput])
    }

    @Test func emptyInputEndsAtOnceAndEndRepeats() {
        let (events, editor) = events(from: [])
        #expect(events == [.endOfInput])
        #expect(editor.readLine(prompt: "> ") == .endOfInput)
    }

    @Test func longLinesUpToTheLimitSpanningTwoReadsStayWhole() {
        let long = String(repeating: "0123456789", count: 409)  // 4090 bytes: after "a\n", two read(2) calls
        let result = events(from: Array(("a\n" + long + "\nx\n").utf8)).events
        #expect(result == [.line("a"), .line(long), .line("x"), .endOfInput], "\(result.count) events")
    }

    @Test func historyIsNotWrittenWithoutATerminal() throws {
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let path = temporary.path + "/history"
        let (_, editor) = events(from: Array("a\n".utf8), history: path)
        editor.addToHistory("a")
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(editor.historyWarning == nil)
    }

    @Test func raisedFlagWhileWaitingGivesInterrupted() {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        let reader = PlainLineReader(descriptor: fds[0])
        InterruptFlag.raise()
        #expect(reader.next() == .interrupted)
        #expect(!InterruptFlag.isRaised)
        _ = Array("ok\n".utf8).withUnsafeBytes { write(fds[1], $0.baseAddress, $0.count) }
        #expect(reader.next() == .line("ok"))
    }

    @Test func scriptedSourceReplaysAndRecords() {
        let source = ScriptedLineSource(events: [.line("a"), .interrupted, .line("b")])
        #expect(source.readLine(prompt: "p1") == .line("a"))
        #expect(source.readLine(prompt: "p2") == .interrupted)
        #expect(source.readLine(prompt: "p3") == .line("b"))
        #expect(source.readLine(prompt: "p4") == .endOfInput)
        source.addToHistory("a")
        #expect(source.prompts == ["p1", "p2", "p3", "p4"])
        #expect(source.history == ["a"])
    }
}
