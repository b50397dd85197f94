import Vocabulary
import Foundation
import Testing
@testable import Teaching

/// A fresh temporary directory, removed by the caller.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("hyperlab-teaching-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite struct StateFileTests {
    @Test func dataDirectoryFollowsXDG() throws {
        #expect(try StateFile.dataDirectory(environment: ["XDG_DATA_HOME": "/x/data", "HOME": "/home/u"]) == "/x/data/hyperlab")
        // A relative XDG_DATA_HOME is invalid by the specification and ignored.
        #expect(try StateFile.dataDirectory(environment: ["XDG_DATA_HOME": "rel", "HOME": "/home/u"]) == "/home/u/.local/share/hyperlab")
        #expect(try StateFile.dataDirectory(environment: ["HOME": "/home/u"]) == "/home/u/.local/share/hyperlab")
        #expect(throws: TeachingError.noDataFolder) { try StateFile.dataDirectory(environment: [:]) }
        #expect(try StateFile(name: "quiz.json", environment: ["XDG_DATA_HOME": "/d"]).path == "/d/hyperlab/quiz.json")
    }

    @Test func progressSurvivesARestartWithMode0600() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let environment = ["XDG_DATA_HOME": root.path, "HOME": "/nonexistent"]
        let bank = smallBank(count: 4)

        // First run: nothing saved yet.
        let file = try StateFile(name: "quiz.json", environment: environment)
        let empty = try file.load(QuizProgress.self)
        #expect(empty.value == nil && empty.notice == nil)
        var session = try QuizSession(bank: bank, progress: QuizProgress(), mode: .practice(topic: nil, count: 2), seed: 4, day: 30)
        while session.next() != nil {
            _ = session.handle("true")
            try file.save(session.progress)
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let directoryAttributes = try FileManager.default.attributesOfItem(atPath: root.appendingPathComponent("hyperlab").path)
        #expect((directoryAttributes[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("hyperlab").path) == ["quiz.json"])

        // "Restart": a new StateFile value reads what the first one wrote.
        let reopened = try StateFile(name: "quiz.json", environment: environment).load(QuizProgress.self)
        let progress = try #require(reopened.value)
        #expect(reopened.notice == nil)
        #expect(progress == session.progress)
        // Right at once on true/false: `easy`, first stability w3, due after interval(w3) days.
        let due = 30 + FSRS.standard.interval(stability: FSRS.defaultParameters[3])
        #expect(progress.cards.count == 2 && progress.cards.values.allSatisfy { $0.lastCorrect && $0.due == due })
        // On the due day those two are due for review.
        var review = try QuizSession(bank: bank, progress: progress, mode: .review(count: nil), seed: 4, day: due)
        var count = 0
        while review.next() != nil {
            count += 1
            _ = review.handle("t")
        }
        #expect(count == 2)
    }

    @Test func aCorruptFileIsMovedAsideAndReportedNeverOverwritten() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = StateFile(path: root.appendingPathComponent("quiz.json").path)
        let garbage = Data("{\"version\": 1, \"cards\": [oops".utf8)
        try garbage.write(to: URL(fileURLWithPath: file.path))
        let now = Date(timeIntervalSince1970: 1_764_444_600)   // 2025-11-29 19:30:00 UTC
        let load = try file.load(QuizProgress.self, now: now)
        #expect(load.value == nil)
        let aside = file.path + ".corrupt-20251129T193000Z"
        #expect(load.notice == "\(file.path) could not be read (it is not valid quiz.json data); moved it to \(aside) and started afresh")
        #expect(FileManager.default.contents(atPath: aside) == garbage)
        #expect(!FileManager.default.fileExists(atPath: file.path))
        // A second corrupt file in the same second gets another name; the first stays.
        try garbage.write(to: URL(fileURLWithPath: file.path))
        let second = try file.load(QuizProgress.self, now: now)
        #expect(second.notice?.contains(aside + "-2") == true)
        #expect(FileManager.default.contents(atPath: aside) == garbage)
        // Valid JSON of the wrong shape is also unreadable progress.
        try Data("[1, 2, 3]".utf8).write(to: URL(fileURLWithPath: file.path))
        #expect(try file.load(QuizProgress.self, now: now.addingTimeInterval(1)).notice != nil)
    }

    @Test func whenTheFileCannotBeMovedAsideLoadingFails() throws {
        guard getuid() != 0 else { return }   // root ignores directory permissions
        let root = try temporaryDirectory()
        defer {
            chmod(root.path, 0o700)
            try? FileManager.default.removeItem(at: root)
        }
        let file = StateFile(path: root.appendingPathComponent("quiz.json").path)
        try Data("not json".utf8).write(to: URL(fileURLWithPath: file.path))
        chmod(root.path, 0o500)
        #expect(throws: TeachingError.self) { try file.load(QuizProgress.self) }
    }

    @Test func aFailedWriteLeavesTheOldFileAndSaysWhy() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        // The directory path is taken by a regular file, so nothing can be written under it.
        let blocker = root.appendingPathComponent("blocked")
        try Data("x".utf8).write(to: blocker)
        let file = StateFile(path: blocker.appendingPathComponent("quiz.json").path)
        do {
            try file.save(QuizProgress())
            Issue.record("saving under a regular file should fail")
        } catch {
            #expect(error.message.contains("blocked"))
        }
        // Overwriting an existing file replaces it whole.
        let good = StateFile(path: root.appendingPathComponent("p.json").path)
        var progress = QuizProgress()
        progress.record(questionID: "a", topic: "t", correct: true, day: 1)
        try good.save(QuizProgress())
        try good.save(progress)
        #expect(try good.load(QuizProgress.self).value == progress)
    }
}
