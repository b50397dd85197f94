import Vocabulary
import Foundation
import GRDB

/// A review-log row as read back: the entry and its row id.
public struct LoggedReview: Sendable, Equatable, Codable {
    /// The row id (increasing with time of writing).
    public let id: Int64
    /// The entry.
    public let entry: ReviewEntry
    /// Whether a later override replaced this miss (it then counts as neither right nor wrong).
    public let overridden: Bool
}

extension LearnerStore {
    /// Saves one answer and returns the question's card afterwards.
    ///
    /// The schedule is recomputed inside the transaction from the card as stored now (so an answer given meanwhile by
    /// another process is built upon, not overwritten): a counted entry is scheduled with `scheduler`
    /// (`FSRS.schedule`); an uncounted one (a retry) leaves the card as it is; an override marks the question's last
    /// counted miss as overridden and schedules `hard` from the card before that miss (or from the current card, when
    /// another answer came after the miss). The log row records the card before and after as stored.
    /// - Throws: `TeachingError` when the database cannot be written (nothing is saved then).
    @discardableResult
    public func record(_ entry: ReviewEntry, scheduler: FSRS = .standard) throws(TeachingError) -> CardState? {
        guard !entry.questionID.isEmpty, entry.questionID.utf8.count <= Self.maximumIDLength,
              !entry.topic.isEmpty, entry.topic.utf8.count <= Self.maximumIDLength, QuizDay.validDays.contains(entry.day) else {
            throw .invalidReview
        }
        return try write("your answer") { db in
            let current = try Self.card(db, entry.questionID)
            var before = current
            var after: CardState?
            if entry.isOverride && entry.counted {
                let lastCounted = try Row.fetchOne(db, sql: """
                    SELECT id, grade, overridden, before FROM review
                    WHERE question_id = ? AND counted = 1 ORDER BY id DESC LIMIT 1
                    """, arguments: [entry.questionID])
                if let lastCounted, Field.int(lastCounted, "grade", in: 1...4) == 1, Field.flag(lastCounted, "overridden") == false,
                   case .some(let base) = Field.card(lastCounted, "before") {
                    try db.execute(sql: "UPDATE review SET overridden = 1 WHERE id = ?", arguments: [lastCounted["id"] as Int64])
                    before = base
                    after = scheduler.schedule(base, grade: .hard, day: entry.day)
                } else {
                    after = scheduler.schedule(current, grade: .hard, day: entry.day)
                }
            } else if entry.counted {
                after = scheduler.schedule(current, grade: entry.grade, day: entry.day)
            } else {
                after = current
            }
            if let after, after != current {
                try db.execute(sql: """
                    INSERT INTO card(question_id, topic, stability, difficulty, due_day, last_day, answered, correct, misses,
                                     misses_since_learned, last_correct)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(question_id) DO UPDATE SET topic = excluded.topic, stability = excluded.stability,
                        difficulty = excluded.difficulty, due_day = excluded.due_day, last_day = excluded.last_day,
                        answered = excluded.answered, correct = excluded.correct, misses = excluded.misses,
                        misses_since_learned = excluded.misses_since_learned, last_correct = excluded.last_correct
                    """, arguments: [entry.questionID, entry.topic, after.stability, after.difficulty, after.due, after.lastDay,
                                     after.answered, after.correct, after.misses, after.missesSinceLearned, after.lastCorrect])
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            func json(_ card: CardState?) throws -> String? { try card.map { String(decoding: try encoder.encode($0), as: UTF8.self) } }
            try db.execute(sql: """
                INSERT INTO review(time, day, question_id, topic, grade, counted, is_override, elapsed_days, before, after)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [entry.time.timeIntervalSince1970, entry.day, entry.questionID, entry.topic, entry.grade.rawValue,
                                 entry.counted, entry.isOverride, before.map { max(0, entry.day - $0.lastDay) },
                                 try json(before), try json(after)])
            return after
        }
    }

    /// The card of one question as stored (nil: never answered, or a stored row with impossible values).
    static func card(_ db: Database, _ questionID: String) throws -> CardState? {
        try Row.fetchOne(db, sql: "SELECT * FROM card WHERE question_id = ?", arguments: [questionID]).flatMap(card(from:))
    }

    static func card(from row: Row) -> CardState? {
        let days = QuizDay.validDays, counts = 0...CardState.maximumCount
        guard let stability = Field.double(row, "stability", in: FSRS.minimumStability...10_000_000),
              let difficulty = Field.double(row, "difficulty", in: FSRS.difficultyRange),
              let due = Field.int(row, "due_day", in: days), let lastDay = Field.int(row, "last_day", in: days),
              let answered = Field.int(row, "answered", in: counts), let correct = Field.int(row, "correct", in: counts),
              let misses = Field.int(row, "misses", in: counts), let since = Field.int(row, "misses_since_learned", in: counts),
              let lastCorrect = Field.flag(row, "last_correct") else { return nil }
        let card = CardState(stability: stability, difficulty: difficulty, due: due, answered: answered, correct: correct,
                             misses: misses, missesSinceLearned: since, lastDay: lastDay, lastCorrect: lastCorrect)
        return card.problem == nil ? card : nil
    }

    /// The quiz state as the session and `QuizStats` take it: every valid card, and per day and topic the right and
    /// wrong counted answers (review log, overridden misses left out, plus tallies imported from `quiz.json`).
    /// Rows with impossible values are left out and named in `refused`.
    /// - Throws: `TeachingError` when the database cannot be read.
    public func quizProgress() throws(TeachingError) -> QuizProgress {
        try read("the quiz progress") { db in
            var progress = QuizProgress()
            var refusedCards = 0
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM card LIMIT ?", arguments: [Self.maximumRows])
            while let row = try rows.next() {
                if let id = Field.text(row, "question_id"), let card = Self.card(from: row) {
                    progress.cards[id] = card
                } else {
                    refusedCards += 1
                }
            }
            if refusedCards > 0 { progress.refused.append("\(refusedCards) quiz card\(refusedCards == 1 ? "" : "s") with impossible values") }
            var tallies: [String: DayResult] = [:]
            var refusedTallies = 0
            let sql = """
                SELECT day, topic, SUM(grade > 1) AS correct, SUM(grade = 1) AS wrong FROM review
                WHERE counted = 1 AND overridden = 0 GROUP BY day, topic
                UNION ALL SELECT day, topic, correct, wrong FROM imported_tally LIMIT ?
                """
            let tallyRows = try Row.fetchCursor(db, sql: sql, arguments: [Self.maximumRows])
            while let row = try tallyRows.next() {
                let counts = 0...CardState.maximumCount
                guard let day = Field.int(row, "day", in: QuizDay.validDays), let topic = Field.text(row, "topic"),
                      let correct = Field.int(row, "correct", in: counts), let wrong = Field.int(row, "wrong", in: counts) else {
                    refusedTallies += 1
                    continue
                }
                let key = "\(day) \(topic)"
                var tally = tallies[key] ?? DayResult(day: day, topic: topic, correct: 0, wrong: 0)
                tally.correct = min(tally.correct + correct, CardState.maximumCount)
                tally.wrong = min(tally.wrong + wrong, CardState.maximumCount)
                tallies[key] = tally
            }
            if refusedTallies > 0 { progress.refused.append("\(refusedTallies) daily tall\(refusedTallies == 1 ? "y" : "ies") with impossible values") }
            progress.results = tallies.values.sorted { ($0.day, $0.topic) < ($1.day, $1.topic) }
            return progress
        }
    }

    /// The review log, oldest first, optionally of one question and from `sinceDay` on; at most `limit` entries (the
    /// newest ones). Rows with impossible values are left out.
    /// - Throws: `TeachingError` when the database cannot be read.
    public func reviews(questionID: String? = nil, sinceDay: Int? = nil, limit: Int = 10_000) throws(TeachingError) -> [LoggedReview] {
        try read("the review log") { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let questionID { conditions.append("question_id = ?"); arguments += [questionID] }
            if let sinceDay { conditions.append("day >= ?"); arguments += [sinceDay] }
            arguments += [max(0, min(limit, Self.maximumRows))]
            let sql = "SELECT * FROM review" + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
                + " ORDER BY id DESC LIMIT ?"
            var logged: [LoggedReview] = []
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                guard let id = row["id"] as Int64?, let time = Field.double(row, "time", in: 0...253_402_300_799),
                      let day = Field.int(row, "day", in: QuizDay.validDays),
                      let question = Field.text(row, "question_id"), let topic = Field.text(row, "topic"),
                      let grade = Field.int(row, "grade", in: 1...4).flatMap(ReviewGrade.init(rawValue:)),
                      let counted = Field.flag(row, "counted"), let isOverride = Field.flag(row, "is_override"),
                      let overridden = Field.flag(row, "overridden"),
                      case .some(let before) = Field.card(row, "before"), case .some(let after) = Field.card(row, "after") else { continue }
                let elapsed: DatabaseValue = row["elapsed_days"]
                let entry = ReviewEntry(time: Date(timeIntervalSince1970: time), day: day, questionID: question, topic: topic,
                                        grade: grade, counted: counted, isOverride: isOverride,
                                        elapsedDays: elapsed.isNull ? nil : Field.int(row, "elapsed_days", in: 0...QuizDay.validDays.upperBound),
                                        before: before, after: after)
                logged.append(LoggedReview(id: id, entry: entry, overridden: overridden))
            }
            return logged.reversed()
        }
    }
}
