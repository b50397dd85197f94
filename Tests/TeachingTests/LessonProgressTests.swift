import Vocabulary
import Foundation
import Testing
@testable import Teaching
#if canImport(Glibc)
import Glibc
#endif

@Suite struct LessonProgressTests {
    @Test func progressIsSavedAtomicallyAndResumedAfterAReload() throws {
        let directory = try LessonFixtures.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let dataDirectory = directory + "/data/hyperlab"
        let store = ProgressStore(directory: dataDirectory)
        let empty = store.load()
        #expect(empty.record == ProgressRecord() && empty.message == nil)

        // Walk part of the sample lesson, saving on every `.saveProgress` effect as the app does.
        let lesson = try #require(LessonFixtures.parse(LessonFixtures.sample).lessons.first)
        var record = empty.record
        var runner = LessonRunner(lesson: lesson, progress: record.lessons[lesson.id] ?? LessonProgress())
        func apply(_ effects: [LessonEffect]) throws {
            for case .saveProgress(let id, let progress) in effects {
                record.lessons[id] = progress
                try store.save(record)
            }
        }
        try apply(runner.start())
        try apply(runner.handle(.next))
        try apply(runner.observe(run: LessonFixtures.facts(train: [1])))  // the setup's run
        try apply(runner.observe(run: LessonFixtures.facts(train: [1, 9, 99], diverged: true, divergedAt: 3)))
        try apply(runner.handle(.next))
        try apply(runner.handle(.bye))

        let attributes = try FileManager.default.attributesOfItem(atPath: store.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dataDirectory) == ["progress.json"])

        // A new process: a new store reads what was saved, and the runner resumes at the question.
        let reloaded = ProgressStore(directory: dataDirectory).load()
        #expect(reloaded.message == nil)
        #expect(reloaded.record.lessons["sample"] == LessonProgress(step: "pick-one", completed: ["introduction", "blow-it-up"]))
        var resumed = LessonRunner(lesson: lesson, progress: reloaded.record.lessons["sample"] ?? LessonProgress())
        _ = resumed.start()
        #expect(resumed.currentStep.id == "pick-one")
        #expect(resumed.isAwaitingAnswer)

        // `forget` clears one lesson only.
        var forgetting = reloaded.record
        forgetting.lessons["other"] = LessonProgress(step: "x")
        let first = forgetting.forget("sample")
        let second = forgetting.forget("sample")
        #expect(first && !second)
        #expect(Array(forgetting.lessons.keys) == ["other"])
    }

    @Test func aCorruptProgressFileIsMovedAsideAndReportedNeverOverwritten() throws {
        let directory = try LessonFixtures.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = ProgressStore(directory: directory)
        let garbage = Data("{\"version\": 1, \"lessons\": {\"sample\": tru".utf8)
        try garbage.write(to: URL(fileURLWithPath: store.path))

        // Saving over it is refused while it is there.
        #expect(throws: TeachingError.notLessonProgress(path: store.path)) { try store.save(ProgressRecord()) }
        #expect(FileManager.default.contents(atPath: store.path) == garbage)

        let loaded = store.load(now: Date(timeIntervalSince1970: 1_700_000_000))
        #expect(loaded.record == ProgressRecord())
        let message = try #require(loaded.message)
        let moved = store.path + ".corrupt-20231114T221320Z"
        #expect(message == "\(store.path) could not be read (it is not valid progress.json data); moved it to \(moved) and started afresh")
        #expect(!message.contains("\n"))
        #expect(FileManager.default.contents(atPath: moved) == garbage)
        #expect(!FileManager.default.fileExists(atPath: store.path))

        // Now a save starts a fresh file, and the moved one is untouched.
        try store.save(ProgressRecord(lessons: ["sample": LessonProgress(step: "count")]))
        #expect(store.load().record.lessons["sample"]?.step == "count")
        #expect(FileManager.default.contents(atPath: moved) == garbage)

        // An entry written without the later fields still reads.
        try Data("{\"version\": 1, \"lessons\": {\"sample\": {\"step\": \"count\"}}}".utf8).write(to: URL(fileURLWithPath: store.path))
        let older = store.load()
        #expect(older.message == nil && older.record.lessons["sample"] == LessonProgress(step: "count"))

        // A progress file from a newer hyperlab is moved aside too, not misread.
        try Data("{\"version\": 9, \"lessons\": {}}".utf8).write(to: URL(fileURLWithPath: store.path))
        let newer = store.load(now: Date(timeIntervalSince1970: 1_700_000_100))
        #expect(newer.record == ProgressRecord())
        #expect(newer.message?.contains("format version 9") == true)
        #expect(!FileManager.default.fileExists(atPath: store.path))
    }

    /// A child process saves ever-changing progress in a loop and is killed with SIGKILL at a random moment,
    /// several times. After each kill the file must load without a message and be one whole saved version
    /// (every lesson entry carries the same save counter).
    @Test func progressSurvivesTheProcessBeingKilledInTheMiddleOfASave() throws {
        let directory = try LessonFixtures.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = ProgressStore(directory: directory)
        func record(_ counter: Int) -> ProgressRecord {
            var record = ProgressRecord()
            for lesson in 0..<2000 {
                record.lessons["lesson-\(lesson)"] = LessonProgress(step: "step-\(counter)", completed: ["a", "b", "c"])
            }
            return record
        }
        try store.save(record(0))
        var generator = SystemRandomNumberGenerator()
        var killedMidWrite = 0
        for round in 1...5 {
            let child = fork()
            try #require(child >= 0)
            if child == 0 {
                // The child: save forever until killed.
                var counter = round * 1000
                while true {
                    try? store.save(record(counter))
                    counter += 1
                }
            }
            usleep(UInt32.random(in: 20_000...120_000, using: &generator))
            kill(child, SIGKILL)
            var status: Int32 = 0
            waitpid(child, &status, 0)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0 != "progress.json" }
            if !leftovers.isEmpty { killedMidWrite += 1 }
            let loaded = store.load()
            #expect(loaded.message == nil, "round \(round): \(loaded.message ?? "")")
            let steps = Set(loaded.record.lessons.values.compactMap(\.step))
            #expect(loaded.record.lessons.count == 2000 && steps.count == 1, "round \(round): a mixed or partial file")
            for name in leftovers { try? FileManager.default.removeItem(atPath: directory + "/" + name) }
        }
        // Not asserted (timing decides), but recorded: how often the kill left a half-written temporary file.
        print("progress kill test: \(killedMidWrite) of 5 kills landed during a write")
    }
}
