import Vocabulary
import Foundation
import GRDB
import Testing
@testable import Teaching

/// An answer to save, made the way `QuizSession` makes them.
func entry(_ question: String, topic: String = "alpha", grade: ReviewGrade, day: Int, counted: Bool = true,
           isOverride: Bool = false) -> ReviewEntry {
    ReviewEntry(time: Date(timeIntervalSince1970: Double(day) * 86_400 + 3600), day: day, questionID: question, topic: topic, grade: grade,
                counted: counted, isOverride: isOverride, elapsedDays: nil, before: nil, after: nil)
}

func mode(of path: String) throws -> Int {
    ((try FileManager.default.attributesOfItem(atPath: path))[.posixPermissions] as? NSNumber)?.intValue ?? -1
}

@Suite struct LearnerStoreTests {
    @Test func answersAndLessonsSurviveAReopenInOneWALDatabaseOfMode0600() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = root.appendingPathComponent("data/hyperlab").path
        var store: LearnerStore? = try LearnerStore.open(directory: directory)
        let first = try #require(store)
        #expect(first.notices.isEmpty)
        #expect(try mode(of: first.path) == 0o600 && mode(of: directory) == 0o700)
        #expect(try first.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
        let card = try first.record(entry("q1", grade: .good, day: 100))
        // SQLite gives the WAL companions the database file's mode.
        for suffix in ["-wal", "-shm"] { #expect(try mode(of: first.path + suffix) == 0o600, "\(suffix)") }
        #expect(card == FSRS.standard.schedule(nil, grade: .good, day: 100))
        try first.record(entry("q1", grade: .again, day: 102))
        try first.record(entry("q1", grade: .hard, day: 102, isOverride: true))
        try first.record(entry("q1", grade: .good, day: 102, counted: false))
        var lesson = LessonProgress(step: "b", completed: ["a"])
        lesson = try first.saveLesson("intro", progress: lesson, since: nil, day: 100)
        lesson = try first.saveLesson("intro", progress: LessonProgress(step: "c", completed: ["a", "b"], skipped: ["b"]), since: lesson, day: 101)
        store = nil

        let again = try LearnerStore.open(directory: directory)
        let quiz = try again.quizProgress()
        // The override replaced the miss: the card is `hard` over the card before the miss; the retry moved nothing.
        let expected = FSRS.standard.schedule(FSRS.standard.schedule(nil, grade: .good, day: 100), grade: .hard, day: 102)
        #expect(quiz.cards == ["q1": expected])
        #expect(quiz.results == [DayResult(day: 100, topic: "alpha", correct: 1, wrong: 0), DayResult(day: 102, topic: "alpha", correct: 1, wrong: 0)])
        let log = try again.reviews()
        #expect(log.map(\.entry.grade) == [.good, .again, .hard, .good])
        #expect(log.map(\.overridden) == [false, true, false, false])
        #expect(log.map(\.entry.counted) == [true, true, true, false])
        #expect(log[1].entry.elapsedDays == 2 && log[1].entry.before == card)
        #expect(log[3].entry.before == expected && log[3].entry.after == expected)
        #expect(try again.lessonProgress().lessons == ["intro": LessonProgress(step: "c", completed: ["a", "b"], skipped: ["b"])])
        #expect(try again.practiceDays() == [100, 101, 102])
        #expect(try again.forgetLesson("intro") && again.lessonProgress().lessons.isEmpty)
    }

    @Test func lessonSavesMergeWithAnotherProcessAndARestartClears() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let one = try LearnerStore.open(directory: root.path), two = try LearnerStore.open(directory: root.path)
        let a = try one.saveLesson("l", progress: LessonProgress(step: "s2", completed: ["s1"]), since: nil, day: 5)
        // The second process had read nothing and adds its own step: both are kept.
        let b = try two.saveLesson("l", progress: LessonProgress(step: "s3", completed: ["x"]), since: nil, day: 5)
        #expect(Set(b.completed) == ["s1", "x"] && b.step == "s3")
        _ = try one.saveLesson("l", progress: LessonProgress(step: "s3", completed: ["s1", "s2"], finished: true), since: a, day: 5)
        #expect(Set(try two.lessonProgress().lessons["l"]?.completed ?? []) == ["s1", "s2", "x"])
        // A restart (what this process had, minus everything) removes those steps; `finished` stays.
        let restarted = try one.saveLesson("l", progress: LessonProgress(step: nil, completed: [], finished: true),
                                           since: LessonProgress(step: "s3", completed: ["s1", "s2"], finished: true), day: 6)
        #expect(restarted.completed == ["x"] && restarted.finished && restarted.step == nil)
    }

    @Test func theFirstStartImportsTheJSONFilesOnceAndKeepsThemAsBackups() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let quiz = """
            {"version": 1, "cards": {"q1": {"box": 3, "due": 20010, "answered": 2, "correct": 2, "misses": 0, "lastDay": 20007, "lastCorrect": true},
                                     "bad": {"box": -1, "due": 20010, "answered": 2, "correct": 2, "misses": 0, "lastDay": 20007, "lastCorrect": true}},
             "results": [{"day": 20006, "topic": "alpha", "correct": 1, "wrong": 0}, {"day": 20007, "topic": "alpha", "correct": 1, "wrong": 0}]}
            """
        let progress = """
            {"version": 1, "lessons": {"intro": {"step": "s3", "completed": ["s1", "s2"], "skipped": ["s2"], "finished": false}}}
            """
        try Data(quiz.utf8).write(to: root.appendingPathComponent("quiz.json"))
        try Data(progress.utf8).write(to: root.appendingPathComponent("progress.json"))
        let store = try LearnerStore.open(directory: root.path)
        #expect(store.notices.contains(LeitnerConversion.note(cards: 1)))
        #expect(store.notices.contains("left out of the import (impossible values): card bad"))
        #expect(store.notices.contains { $0.hasPrefix("imported your earlier progress") && $0.contains("quiz.json.backup") })
        #expect(try store.quizProgress().cards["q1"]?.stability == 3)
        #expect(try store.quizProgress().results.map(\.day) == [20006, 20007])
        #expect(try store.lessonProgress().lessons["intro"] == LessonProgress(step: "s3", completed: ["s1", "s2"], skipped: ["s2"]))
        #expect(try store.practiceDays() == [20006, 20007])
        let names = try Set(FileManager.default.contentsOfDirectory(atPath: root.path))
        #expect(names.isSuperset(of: ["quiz.json.backup", "progress.json.backup", LearnerStore.fileName]))
        #expect(!names.contains("quiz.json") && !names.contains("progress.json"))
        // Once only: a quiz.json that appears later is not imported again.
        try Data(quiz.utf8).write(to: root.appendingPathComponent("quiz.json"))
        let reopened = try LearnerStore.open(directory: root.path)
        #expect(reopened.notices.isEmpty && FileManager.default.fileExists(atPath: root.appendingPathComponent("quiz.json").path))
    }

    @Test func aBrokenDatabaseIsMovedAsideWithOneLineAndAFreshOneStarted() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appendingPathComponent(LearnerStore.fileName).path
        let garbage = Data(repeating: 0x41, count: 8192)
        try garbage.write(to: URL(fileURLWithPath: path))
        let now = Date(timeIntervalSince1970: 1_764_444_600)   // 2025-11-29 19:30:00 UTC
        let store = try LearnerStore.open(directory: root.path, now: now)
        let aside = path + ".corrupt-20251129T193000Z"
        #expect(store.notices.count == 1)
        #expect(store.notices.first?.hasPrefix("\(path) could not be used (") == true)
        #expect(store.notices.first?.hasSuffix("; moved it to \(aside) and started a fresh one") == true)
        #expect(FileManager.default.contents(atPath: aside) == garbage)
        try store.record(entry("q", grade: .good, day: 3))
        #expect(try store.quizProgress().cards.count == 1)
    }

    /// A database of 400 answers, closed (its WAL checkpointed into the file).
    func filledDatabase() throws -> (root: URL, path: String) {
        let root = try temporaryDirectory()
        do {
            let store = try LearnerStore.open(directory: root.path)
            for index in 0..<400 { try store.record(entry("question-\(index)", grade: .good, day: 10)) }
        }
        return (root, root.appendingPathComponent(LearnerStore.fileName).path)
    }

    @Test func aDatabaseThatFailsItsIntegrityCheckIsMovedAside() throws {
        // A row changed behind its index's back: SQLite reads the file, `PRAGMA integrity_check` reports it.
        let (root, path) = try filledDatabase()
        defer { try? FileManager.default.removeItem(at: root) }
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let range = try #require(bytes.range(of: Data("question-123".utf8)))
        bytes.replaceSubrange(range, with: Data("question-XYZ".utf8))
        try bytes.write(to: URL(fileURLWithPath: path))
        let store = try LearnerStore.open(directory: root.path)
        #expect(store.notices.count == 1 && store.notices[0].contains("(integrity check: "), "\(store.notices)")
        #expect(try store.quizProgress().cards.isEmpty)
    }

    @Test func aDatabaseWithADamagedPageIsMovedAside() throws {
        let (root, path) = try filledDatabase()
        defer { try? FileManager.default.removeItem(at: root) }
        let pageSize = 4096
        let rootPage = try DatabaseQueue(path: path).read { db in
            try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = 'review_by_question'")
        }
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try handle.seek(toOffset: UInt64((try #require(rootPage) - 1) * pageSize + 8))
        try handle.write(contentsOf: Data(repeating: 0xFF, count: 64))
        try handle.close()
        let store = try LearnerStore.open(directory: root.path)
        #expect(store.notices.count == 1 && store.notices[0].contains("(database disk image is malformed); moved it to"), "\(store.notices)")
        #expect(try store.quizProgress().cards.isEmpty)
    }

    @Test func impossibleStoredValuesAreLeftOutWithoutACrashOrRunawayMemory() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try LearnerStore.open(directory: root.path)
        try store.record(entry("fine", grade: .good, day: 20_000))
        try store.pool.write { db in
            let insert = """
                INSERT INTO card(question_id, topic, stability, difficulty, due_day, last_day, answered, correct, misses,
                                 misses_since_learned, last_correct) VALUES (?, 't', ?, 5, ?, ?, ?, ?, 0, 0, 1)
                """
            try db.execute(sql: insert, arguments: ["negative", 3.0, 20_001, 20_000, -4, -4])
            try db.execute(sql: insert, arguments: ["ancient", 3.0, -1_000_000_000, -1_000_000_000, 1, 1])
            try db.execute(sql: insert, arguments: ["huge", 3.0, 20_001, 20_000, Int64.max, Int64.max])
            try db.execute(sql: insert, arguments: ["real", 3.0, 20_001, 20_000, 9.3e18, 9.3e18])
            try db.execute(sql: insert, arguments: ["text", 3.0, "soon", 20_000, 1, 1])
            try db.execute(sql: insert, arguments: ["nan", Double.infinity, 20_001, 20_000, 1, 1])
            try db.execute(sql: insert, arguments: [String(repeating: "x", count: 5000), 3.0, 20_001, 20_000, 1, 1])
            try db.execute(sql: "INSERT INTO imported_tally(day, topic, correct, wrong) VALUES (-1000000000, 't', 1, 1), (20000, 't', ?, 0)",
                           arguments: [Int64.max])
            try db.execute(sql: "INSERT INTO review(time, day, question_id, topic, grade, counted, is_override) VALUES (1, -1000000000, 'q', 't', 7, 1, 0)")
            try db.execute(sql: "INSERT INTO lesson(lesson_id, step, finished) VALUES ('l', 's', 5), ('ok', NULL, 1)")
        }
        let progress = try store.quizProgress()
        #expect(Array(progress.cards.keys) == ["fine"])
        #expect(progress.refused == ["7 quiz cards with impossible values", "3 daily tallies with impossible values"])
        #expect(try store.reviews().count == 1)
        #expect(try store.lessonProgress().lessons == ["ok": LessonProgress(finished: true)])
        #expect(try store.practiceDays() == [20_000])
        // The stats and the report stay bounded.
        let stats = QuizStats(bank: smallBank(), progress: progress, today: 20_010)
        #expect(stats.days.count <= QuizStats.maximumDays)
        // Saving refuses impossible input instead of storing it.
        #expect(throws: TeachingError.invalidReview) { try store.record(entry("q", grade: .good, day: -1_000_000_000)) }
        #expect(throws: TeachingError.invalidLessonID) { try store.saveLesson(String(repeating: "y", count: 500), progress: LessonProgress(), since: nil, day: 1) }
    }

    @Test func staleTemporaryFilesOfKilledSavesAreRemovedOnTheNextStart() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        // A pid that is not running: a child that has exited and been reaped.
        let child = try Process.run(URL(fileURLWithPath: "/bin/true"), arguments: [])
        child.waitUntilExit()
        let dead = child.processIdentifier
        let stale = root.appendingPathComponent(".quiz.json.tmp-\(dead)-12345").path
        let live = root.appendingPathComponent(".quiz.json.tmp-\(getpid())-777").path
        for path in [stale, live] { try Data("{".utf8).write(to: URL(fileURLWithPath: path)) }
        _ = try LearnerStore.open(directory: root.path)
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(FileManager.default.fileExists(atPath: live))   // its process may still be writing it
    }
}

@Suite struct HostileStateFileTests {
    @Test func oneUnreadableLessonLeavesTheOthersInPlace() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let json = """
            {"version": 1, "lessons": {"good": {"step": "b", "completed": ["a"]}, "bad": {"step": 12, "completed": ["a"]},
                                       "": {"completed": []}, "long": {"completed": ["\(String(repeating: "x", count: 300))"]}}}
            """
        try Data(json.utf8).write(to: root.appendingPathComponent(ProgressStore.fileName))
        let (record, message) = ProgressStore(directory: root.path).load()
        #expect(record.lessons == ["good": LessonProgress(step: "b", completed: ["a"])])
        #expect(message == "left out the progress of 3 lessons that could not be read: , bad, long")
    }

    @Test func aHugeFileOrAFIFOIsMovedAsideUnreadAndNothingBlocks() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = StateFile(path: root.appendingPathComponent("quiz.json").path)
        #expect(FileManager.default.createFile(atPath: file.path, contents: nil))
        try FileHandle(forWritingTo: URL(fileURLWithPath: file.path)).truncate(atOffset: UInt64(StateFile.maximumSize + 1))
        let huge = try file.load(QuizProgress.self)
        #expect(huge.value == nil && huge.notice?.contains("(it is larger than 8 MiB); moved it to") == true)
        #expect(mkfifo(file.path, 0o600) == 0)
        let fifo = try file.load(QuizProgress.self)   // reading a FIFO would block forever
        #expect(fifo.value == nil && fifo.notice?.contains("(it is not a regular file)") == true)
    }
}
