import Vocabulary
import Foundation
import Testing
@testable import Teaching

/// The work a child process does for `StoreProcessTests`, chosen by `HYPERLAB_STORE_WORKER`
/// (`answers DIR NAME COUNT` or `loop DIR NAME`); the test binary runs it as a test of its own.
enum StoreWorker {
    static var role: [String]? {
        ProcessInfo.processInfo.environment["HYPERLAB_STORE_WORKER"].map { $0.split(separator: " ").map(String.init) }
    }

    /// Starts this test binary as a worker with `role`.
    static func start(_ role: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["--testing-library", "swift-testing", "--filter", "StoreWorkerSuite"]
        var environment = ProcessInfo.processInfo.environment
        environment["HYPERLAB_STORE_WORKER"] = role
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Answers `count` quiz questions and walks `count` lesson steps, as a learner in one terminal would: each answer
    /// and each step saved at once. Questions and the lesson are shared with the other worker.
    static func answers(directory: String, name: String, count: Int) throws {
        let store = try LearnerStore.open(directory: directory)
        // Both start together (the test creates `go` once both are running), and pause between answers as a learner
        // does, so that neither holds the write lock all the time.
        let go = (directory as NSString).appendingPathComponent("go")
        while !FileManager.default.fileExists(atPath: go) { usleep(5_000) }
        var lesson: LessonProgress?
        for index in 0..<count {
            usleep(2_000)
            try store.record(entry("shared-\(index % 5)", grade: index % 4 == 0 ? .again : .good, day: 20_000 + index / 10))
            try store.record(entry("\(name)-\(index)", grade: .good, day: 20_000))
            var next = lesson ?? LessonProgress()
            next.completed.append("\(name)-step-\(index)")
            next.step = "\(name)-step-\(index + 1)"
            lesson = try store.saveLesson("shared-lesson", progress: next, since: lesson, day: 20_000)
        }
    }

    /// Saves answers forever (until killed), appending the number of each committed one to `DIR/NAME.committed` after
    /// its transaction returned; also saves a JSON state file each time, as earlier versions did.
    static func loop(directory: String, name: String) throws {
        let store = try LearnerStore.open(directory: directory)
        let committed = open((directory as NSString).appendingPathComponent("\(name).committed"), O_WRONLY | O_CREAT | O_APPEND, 0o600)
        let json = StateFile(path: (directory as NSString).appendingPathComponent("quiz.json"))
        var index = 0
        while true {
            try store.record(entry("\(name)-\(index)", grade: .good, day: 20_000))
            let line = "\(index)\n"
            _ = line.withCString { write(committed, $0, strlen($0)) }
            var progress = QuizProgress()
            progress.record(questionID: "\(name)-\(index)", topic: "t", correct: true, day: 20_000)
            try json.save(progress)
            index += 1
        }
    }
}

@Suite struct StoreWorkerSuite {
    @Test(.enabled(if: StoreWorker.role != nil, "runs only inside a child process of StoreProcessTests"))
    func work() throws {
        let role = try #require(StoreWorker.role)
        switch role.first {
        case "answers": try StoreWorker.answers(directory: role[1], name: role[2], count: Int(role[3]) ?? 0)
        case "loop": try StoreWorker.loop(directory: role[1], name: role[2])
        default: Issue.record("unknown worker role \(role)")
        }
    }
}

@Suite(.serialized) struct StoreProcessTests {
    @Test func twoProcessesAnsweringAndWalkingALessonAtOnceLoseNothing() throws {
        guard StoreWorker.role == nil else { return }
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let count = 60
        let workers = try ["one", "two"].map { try StoreWorker.start("answers \(root.path) \($0) \(count)") }
        usleep(300_000)
        #expect(FileManager.default.createFile(atPath: root.appendingPathComponent("go").path, contents: Data()))
        for worker in workers { worker.waitUntilExit() }
        #expect(workers.map(\.terminationStatus) == [0, 0])
        let store = try LearnerStore.open(directory: root.path)
        let log = try store.reviews(limit: 10_000)
        #expect(log.count == 4 * count)
        let cards = try store.quizProgress().cards
        for name in ["one", "two"] {
            #expect((0..<count).allSatisfy { cards["\(name)-\($0)"]?.answered == 1 }, "\(name)")
        }
        // The two processes did write at the same time: their answers interleave in the log.
        let writers = log.map(\.entry.questionID).filter { !$0.hasPrefix("shared-") }.map { $0.hasPrefix("one-") }
        let switches = zip(writers, writers.dropFirst()).filter { $0 != $1 }.count
        #expect(switches >= 2, "the workers ran one after the other")
        // The shared questions hold every answer of both processes.
        #expect((0..<5).map { cards["shared-\($0)"]?.answered ?? 0 }.reduce(0, +) == 2 * count)
        // Each answer was scheduled on the card as stored by either process: the log chains before -> after.
        var last: [String: CardState] = [:]
        for logged in log where logged.entry.questionID.hasPrefix("shared-") {
            #expect(logged.entry.before == last[logged.entry.questionID])
            last[logged.entry.questionID] = logged.entry.after
        }
        let steps = try #require(try store.lessonProgress().lessons["shared-lesson"]).completed
        #expect(steps.count == 2 * count && Set(steps).count == 2 * count)
    }

    @Test func killedInALoopItLosesNothingCommittedAndLeavesNoTemporaryFile() throws {
        guard StoreWorker.role == nil else { return }
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        var generator = SystemRandomNumberGenerator()
        for round in 0..<12 {
            let worker = try StoreWorker.start("loop \(root.path) w\(round)")
            usleep(UInt32.random(in: 300_000...900_000, using: &generator))
            kill(worker.processIdentifier, SIGKILL)
            worker.waitUntilExit()
        }
        let store = try LearnerStore.open(directory: root.path)
        #expect(try store.pool.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") } == ["ok"])
        let cards = try store.quizProgress().cards
        var committedTotal = 0
        for round in 0..<12 {
            let text = (try? String(contentsOfFile: root.appendingPathComponent("w\(round).committed").path, encoding: .utf8)) ?? ""
            let committed = text.split(separator: "\n").compactMap { Int($0) }
            committedTotal += committed.count
            #expect(committed.allSatisfy { cards["w\(round)-\($0)"] != nil }, "round \(round): a committed answer is missing")
        }
        #expect(committedTotal > 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: root.path)
        let allowed: Set<String> = [LearnerStore.fileName, LearnerStore.fileName + "-wal", LearnerStore.fileName + "-shm", "quiz.json"]
        let unexpected = names.filter { !allowed.contains($0) && !$0.hasSuffix(".committed") }
        #expect(unexpected.isEmpty, "left behind: \(unexpected)")
    }
}
