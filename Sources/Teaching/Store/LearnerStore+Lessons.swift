import Vocabulary
import Foundation
import GRDB

extension LearnerStore {
    /// Every lesson's progress as stored. Rows with impossible values (an empty or over-long id, a position out of
    /// range, a flag other than 0 or 1) are left out.
    /// - Throws: `TeachingError` when the database cannot be read.
    public func lessonProgress() throws(TeachingError) -> ProgressRecord {
        try read("lesson progress") { db in
            var record = ProgressRecord()
            let lessons = try Row.fetchCursor(db, sql: "SELECT * FROM lesson LIMIT ?", arguments: [Self.maximumRows])
            while let row = try lessons.next() {
                guard let id = Field.text(row, "lesson_id"), let finished = Field.flag(row, "finished") else { continue }
                let step: DatabaseValue = row["step"]
                record.lessons[id] = LessonProgress(step: step.isNull ? nil : Field.text(row, "step"), finished: finished)
            }
            let steps = try Row.fetchCursor(db, sql: "SELECT * FROM lesson_step ORDER BY lesson_id, position LIMIT ?",
                                            arguments: [Self.maximumRows])
            while let row = try steps.next() {
                guard let lesson = Field.text(row, "lesson_id"), let step = Field.text(row, "step_id"),
                      Field.int(row, "position", in: 0...Self.maximumRows) != nil, let skipped = Field.flag(row, "skipped") else { continue }
                var progress = record.lessons[lesson] ?? LessonProgress()
                progress.completed.append(step)
                if skipped { progress.skipped.append(step) }
                record.lessons[lesson] = progress
            }
            return record
        }
    }

    /// Saves one lesson's progress as a change from `previous`, merged with what other processes saved meanwhile.
    /// `previous` is the value `progress` was derived from in this process: the `LessonProgress` passed to the
    /// previous `saveLesson` call for this lesson, or, for the first save, the one the `LessonRunner` was started
    /// with (nil when it had none). Pass this process's own values, not the merged result: steps done since `previous` are
    /// added, steps that `previous` had and `progress` lacks (a `restart`) are removed, the current step is set, and
    /// `finished` is set when either says so. `day` (see `QuizDay`) is kept with each new step for `LearnerReport`'s
    /// days practised. Returns the lesson's progress as stored afterwards.
    /// - Throws: `TeachingError` when the database cannot be written, or for an impossible id.
    @discardableResult
    public func saveLesson(_ lessonID: String, progress: LessonProgress, since previous: LessonProgress?,
                           day: Int) throws(TeachingError) -> LessonProgress {
        let ids = [lessonID] + progress.completed + (progress.step.map { [$0] } ?? [])
        guard ids.allSatisfy({ !$0.isEmpty && $0.utf8.count <= Self.maximumIDLength }), QuizDay.validDays.contains(day) else {
            throw .invalidLessonID
        }
        return try write("lesson progress") { db in
            let removed = Set(previous?.completed ?? []).subtracting(progress.completed)
            for step in removed {
                try db.execute(sql: "DELETE FROM lesson_step WHERE lesson_id = ? AND step_id = ?", arguments: [lessonID, step])
            }
            let known = Set(previous?.completed ?? [])
            var position = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(position), -1) FROM lesson_step WHERE lesson_id = ?",
                                            arguments: [lessonID]) ?? -1
            for step in progress.completed where !known.contains(step) {
                position = min(position + 1, Self.maximumRows)
                try db.execute(sql: "INSERT OR IGNORE INTO lesson_step(lesson_id, step_id, position, skipped, day) VALUES (?, ?, ?, 0, ?)",
                               arguments: [lessonID, step, position, day])
            }
            for step in progress.skipped where progress.completed.contains(step) {
                try db.execute(sql: "UPDATE lesson_step SET skipped = 1 WHERE lesson_id = ? AND step_id = ?", arguments: [lessonID, step])
            }
            if let previous, previous.completed.count > progress.completed.count, progress.skipped.isEmpty {
                // A restart clears the skips too.
                try db.execute(sql: "UPDATE lesson_step SET skipped = 0 WHERE lesson_id = ?", arguments: [lessonID])
            }
            try db.execute(sql: """
                INSERT INTO lesson(lesson_id, step, finished) VALUES (?, ?, ?)
                ON CONFLICT(lesson_id) DO UPDATE SET step = excluded.step, finished = MAX(finished, excluded.finished)
                """, arguments: [lessonID, progress.step, progress.finished])
            return try Self.lesson(db, lessonID)
        }
    }

    static func lesson(_ db: Database, _ lessonID: String) throws -> LessonProgress {
        var progress = LessonProgress()
        if let row = try Row.fetchOne(db, sql: "SELECT * FROM lesson WHERE lesson_id = ?", arguments: [lessonID]) {
            let step: DatabaseValue = row["step"]
            progress.step = step.isNull ? nil : Field.text(row, "step")
            progress.finished = Field.flag(row, "finished") ?? false
        }
        let rows = try Row.fetchAll(db, sql: "SELECT step_id, skipped FROM lesson_step WHERE lesson_id = ? ORDER BY position LIMIT 100000",
                                    arguments: [lessonID])
        for row in rows {
            guard let step = Field.text(row, "step_id") else { continue }
            progress.completed.append(step)
            if Field.flag(row, "skipped") == true { progress.skipped.append(step) }
        }
        return progress
    }

    /// Clears one lesson (`forget LESSON`); returns whether there was anything to clear.
    /// - Throws: `TeachingError` when the database cannot be written.
    @discardableResult
    public func forgetLesson(_ lessonID: String) throws(TeachingError) -> Bool {
        try write("lesson progress") { db in
            try db.execute(sql: "DELETE FROM lesson_step WHERE lesson_id = ?", arguments: [lessonID])
            let steps = db.changesCount
            try db.execute(sql: "DELETE FROM lesson WHERE lesson_id = ?", arguments: [lessonID])
            return steps + db.changesCount > 0
        }
    }
}

/// The one-time import of `progress.json` and `quiz.json` written by earlier versions.
enum LegacyImport {
    static let doneKey = "imported-json"

    /// Imports the JSON files of `directory` when not done before, in one transaction with the mark that it was done,
    /// then renames each imported file to `NAME.backup`. Returns the notes to show.
    static func run(pool: DatabasePool, directory: String) throws -> [String] {
        let done = try pool.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [doneKey]) }
        guard done == nil else { return [] }
        var notes: [String] = []
        let progressStore = ProgressStore(directory: directory)
        let quizFile = StateFile(path: (directory as NSString).appendingPathComponent(QuizProgress.fileName))
        let hadProgress = FileManager.default.fileExists(atPath: progressStore.path)
        let hadQuiz = FileManager.default.fileExists(atPath: quizFile.path)
        let (record, progressMessage) = progressStore.load()
        if let progressMessage { notes.append(progressMessage) }
        var quiz = QuizProgress()
        do {
            let loaded = try quizFile.load(QuizProgress.self)
            if let notice = loaded.notice { notes.append(notice) }
            quiz = loaded.value ?? QuizProgress()
        } catch {
            notes.append(error.message)
        }
        try pool.write { db in
            for (lesson, progress) in record.lessons where lesson.utf8.count <= LearnerStore.maximumIDLength && !lesson.isEmpty {
                try db.execute(sql: "INSERT OR REPLACE INTO lesson(lesson_id, step, finished) VALUES (?, ?, ?)",
                               arguments: [lesson, progress.step, progress.finished])
                for (position, step) in progress.completed.enumerated() where !step.isEmpty && step.utf8.count <= LearnerStore.maximumIDLength {
                    try db.execute(sql: "INSERT OR IGNORE INTO lesson_step(lesson_id, step_id, position, skipped) VALUES (?, ?, ?, ?)",
                                   arguments: [lesson, step, position, progress.skipped.contains(step)])
                }
            }
            // quiz.json kept no topic per card: the topic is filled in by the card's next answer (stats take it from the bank).
            for (id, card) in quiz.cards where !id.isEmpty && id.utf8.count <= LearnerStore.maximumIDLength {
                try db.execute(sql: """
                    INSERT OR IGNORE INTO card(question_id, topic, stability, difficulty, due_day, last_day, answered, correct, misses,
                                               misses_since_learned, last_correct)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [id, "", card.stability, card.difficulty, card.due, card.lastDay, card.answered,
                                     card.correct, card.misses, card.missesSinceLearned, card.lastCorrect])
            }
            for tally in quiz.results where !tally.topic.isEmpty && tally.topic.utf8.count <= LearnerStore.maximumIDLength {
                try db.execute(sql: "INSERT OR REPLACE INTO imported_tally(day, topic, correct, wrong) VALUES (?, ?, ?, ?)",
                               arguments: [tally.day, tally.topic, tally.correct, tally.wrong])
            }
            try db.execute(sql: "INSERT INTO meta(key, value) VALUES (?, ?)", arguments: [doneKey, ISO8601DateFormatter().string(from: Date())])
        }
        var backups: [String] = []
        for (had, path) in [(hadProgress, progressStore.path), (hadQuiz, quizFile.path)] where had && FileManager.default.fileExists(atPath: path) {
            if rename(path, path + ".backup") == 0 { backups.append((path as NSString).lastPathComponent + ".backup") }
        }
        if quiz.converted > 0 { notes.append(LeitnerConversion.note(cards: quiz.converted)) }
        if !quiz.refused.isEmpty { notes.append("left out of the import (impossible values): " + quiz.refused.joined(separator: ", ")) }
        if !backups.isEmpty {
            notes.append("imported your earlier progress into \(LearnerStore.fileName); the old files are kept as \(backups.joined(separator: " and "))")
        }
        return notes
    }
}
