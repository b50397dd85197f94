import Foundation
import Testing
@testable import LineEditor

@Suite struct HistoryFileTests {
    @Test func defaultPathFollowsXDGStateHomeThenHome() {
        #expect(LineEditor.defaultHistoryFile(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]) == "/s/hyperlab/history")
        #expect(LineEditor.defaultHistoryFile(environment: ["XDG_STATE_HOME": "/s/", "HOME": "/h"]) == "/s/hyperlab/history")
        #expect(LineEditor.defaultHistoryFile(environment: ["HOME": "/home/ada"]) == "/home/ada/.local/state/hyperlab/history")
        // The XDG specification says relative and empty values are ignored.
        #expect(LineEditor.defaultHistoryFile(environment: ["XDG_STATE_HOME": "state", "HOME": "/h"]) == "/h/.local/state/hyperlab/history")
        #expect(LineEditor.defaultHistoryFile(environment: ["XDG_STATE_HOME": "", "HOME": "/h"]) == "/h/.local/state/hyperlab/history")
        #expect(LineEditor.defaultHistoryFile(environment: [:]) == nil)
        #expect(LineEditor.defaultHistoryFile(environment: ["HOME": ""]) == nil)
    }

    @Test func appendingSkipsBlanksAndConsecutiveDuplicatesAndCaps() {
        var entries: [String] = []
        for line in ["a", "a", "", "   ", "b", "a", "c\nd", "e", "f"] {
            entries = HistoryFile.appending(line, to: entries, limit: 4)
        }
        // Without the cap: a, b, a, "c d", e, f; the last 4 remain.
        #expect(entries == ["a", "c d", "e", "f"])
        #expect(HistoryFile.appending("x", to: ["y"], limit: 0) == [])
    }

    @Test func parseHandlesCRLFBlankLinesInvalidUTF8AndALastLineWithoutNewline() {
        let bytes: [UInt8] = Array("one\r\n\ntwo\n".utf8) + [0x66, 0xFF, 0x67, 0x0A] + Array("last".utf8)
        #expect(HistoryFile.parse(bytes, limit: 10) == ["one", "two", "f\u{FFFD}g", "last"])
        #expect(HistoryFile.parse(bytes, limit: 2) == ["f\u{FFFD}g", "last"])
        #expect(HistoryFile.parse([], limit: 2) == [])
    }

    @Test func saveCreatesDirectoriesAndAFileReadableOnlyByTheOwner() throws {
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let path = temporary.path + "/state/hyperlab/history"
        let entries = (1...30).map { "set epochs \($0)" } + ["café ✓"]
        try HistoryFile.save(entries, path: path, limit: 20)

        #expect(permissions(path) == 0o600)
        #expect(permissions(temporary.path + "/state") == 0o700)
        #expect(permissions(temporary.path + "/state/hyperlab") == 0o700)
        // Read back with Foundation, independently of HistoryFile.load.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == entries.suffix(20).joined(separator: "\n") + "\n")
        #expect(try HistoryFile.load(path: path, limit: 20) == Array(entries.suffix(20)))
        #expect(try HistoryFile.load(path: path, limit: 5) == Array(entries.suffix(5)))
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path + "/state/hyperlab") == ["history"])
    }

    @Test func saveTightensTheModeOfAnExistingFile() throws {
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let path = temporary.path + "/history"
        #expect(FileManager.default.createFile(atPath: path, contents: Data("old\n".utf8), attributes: [.posixPermissions: 0o644]))
        #expect(permissions(path) == 0o644)
        try HistoryFile.save(["old", "new"], path: path, limit: 10)
        #expect(permissions(path) == 0o600)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old\nnew\n")
    }

    @Test func missingFileIsEmptyAndUnusablePlacesGivePlainErrors() throws {
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        #expect(try HistoryFile.load(path: temporary.path + "/none", limit: 10) == [])

        // A regular file where a directory should be.
        let blocker = temporary.path + "/blocker"
        #expect(FileManager.default.createFile(atPath: blocker, contents: Data()))
        #expect(throws: LineEditorError.self) { try HistoryFile.save(["a"], path: blocker + "/sub/history", limit: 10) }
        do {
            try HistoryFile.save(["a"], path: blocker + "/sub/history", limit: 10)
        } catch {
            #expect(error.message.contains(blocker))
        }
        // A directory where the file should be.
        #expect(throws: LineEditorError.self) { try HistoryFile.load(path: temporary.path, limit: 10) }
    }

    @Test func parentDirectory() {
        #expect(HistoryFile.parentDirectory(of: "/a/b/c") == "/a/b")
        #expect(HistoryFile.parentDirectory(of: "/a/b/") == "/a")
        #expect(HistoryFile.parentDirectory(of: "/c") == "/")
        #expect(HistoryFile.parentDirectory(of: "c") == ".")
    }
}

@Suite struct HistoryStoreTests {
    @Test func sessionsShareTheFileAndSkipRepeats() throws {
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let path = temporary.path + "/state/hyperlab/history"
        let first = HistoryStore(path: path, limit: 5)
        #expect(first.load() == [])
        let second = HistoryStore(path: path, limit: 5)
        #expect(second.load() == [])

        #expect(first.add("use iris") == "use iris")
        #expect(first.add("use iris") == nil)           // a repeat: not in memory, not in the file
        #expect(first.add("  ") == nil)
        #expect(second.add("set lr 0.1") == "set lr 0.1")
        #expect(first.add("train") == "train")
        // Both sessions' lines are in the file, in the order they were typed.
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "use iris\nset lr 0.1\ntrain\n")
        #expect(permissions(path) == 0o600)
        // A third session starts with them.
        #expect(HistoryStore(path: path, limit: 5).load() == ["use iris", "set lr 0.1", "train"])
        #expect(first.warning == nil && second.warning == nil)
    }

    @Test func theFileIsCappedAtTheLimit() throws {
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let path = temporary.path + "/history"
        let store = HistoryStore(path: path, limit: 3)
        for index in 1...10 { _ = store.add("set epochs \(index)") }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "set epochs 8\nset epochs 9\nset epochs 10\n")
        #expect(HistoryStore(path: path, limit: 2).load() == ["set epochs 9", "set epochs 10"])
    }

    @Test func anUnusableFileGivesOneWarningAndTheSessionGoesOn() throws {
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let blocker = temporary.path + "/blocker"
        #expect(FileManager.default.createFile(atPath: blocker, contents: Data()))
        let store = HistoryStore(path: blocker + "/history", limit: 10)
        #expect(store.load() == [])
        #expect(store.add("a") == "a")                   // still in memory
        let warning = try #require(store.warning)
        #expect(warning.description.contains(blocker))
        #expect(store.add("b") == "b")
        #expect(store.warning == warning)                // the first problem only
    }

    @Test func limitZeroKeepsNothing() throws {
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let store = HistoryStore(path: temporary.path + "/history", limit: 0)
        #expect(store.add("a") == nil)
        #expect(!FileManager.default.fileExists(atPath: temporary.path + "/history"))
    }
}
