import Vocabulary
import Foundation
import GRDB

/// A learner's progress to hand in to a teacher (`hyperlab report [--markdown|--json]`): lessons finished, steps done,
/// quiz retention per topic and days practised. A value with a Markdown and a JSON rendering.
///
/// Definitions: a lesson's steps done are the ids of its steps that the learner completed (steps no longer in the
/// lesson file are not counted); `retention` as in `TopicStats` (share of reviews a day or more after the previous
/// answer that were recalled); a day practised is a day with at least one quiz answer or lesson step done.
public struct LearnerReport: Sendable, Equatable, Codable {
    /// One lesson's line.
    public struct LessonLine: Sendable, Equatable, Codable {
        /// Lesson id.
        public let id: String
        /// Its number in the book.
        public let number: Int
        /// Its title.
        public let title: String
        /// Steps done (among the lesson's current steps).
        public let stepsDone: Int
        /// Steps in the lesson.
        public let steps: Int
        /// Of the steps done, those whose answer was shown with `skip`.
        public let skipped: Int
        /// Whether the learner reached the end.
        public let finished: Bool
    }

    /// One quiz topic's line.
    public struct TopicLine: Sendable, Equatable, Codable {
        /// Topic id.
        public let topic: String
        /// Its title.
        public let title: String
        /// Questions in the topic.
        public let questions: Int
        /// Questions answered at least once.
        public let questionsSeen: Int
        /// Counted answers.
        public let answered: Int
        /// Reviews (see `TopicStats`).
        public let reviews: Int
        /// Reviews recalled.
        public let recalled: Int
        /// recalled / reviews; nil (absent from the JSON) before any review.
        public let retention: Double?
    }

    /// The report's day as `YYYY-MM-DD`.
    public let date: String
    /// Lessons finished.
    public let lessonsFinished: Int
    /// Lessons in the book.
    public let lessonsTotal: Int
    /// Steps done over all lessons.
    public let stepsDone: Int
    /// Steps in all lessons.
    public let stepsTotal: Int
    /// One line per lesson, in book order.
    public let lessons: [LessonLine]
    /// One line per quiz topic, in bank order.
    public let topics: [TopicLine]
    /// Days practised.
    public let daysPractised: Int
    /// The first and last day practised (`YYYY-MM-DD`), nil before any practice.
    public let firstDay: String?
    /// See `firstDay`.
    public let lastDay: String?

    /// Builds the report on `today` from the lesson book and the learner's lesson progress, the question bank, the
    /// quiz progress, the review log and the days practised (day numbers, see `QuizDay`; outside
    /// `QuizDay.validDays` or after `today` they are ignored).
    public init(book: LessonBook, progress: ProgressRecord, bank: QuestionBank, quiz: QuizProgress, reviews: [ReviewEntry],
                practiceDays: [Int], today: Int) {
        date = QuizDay.text(of: today)
        lessons = book.lessons.map { lesson in
            let done = progress.lessons[lesson.id] ?? LessonProgress()
            let ids = Set(lesson.steps.map(\.id))
            let completed = Set(done.completed).intersection(ids)
            return LessonLine(id: lesson.id, number: lesson.number, title: lesson.title, stepsDone: completed.count,
                              steps: lesson.steps.count, skipped: Set(done.skipped).intersection(completed).count, finished: done.finished)
        }
        lessonsFinished = lessons.filter(\.finished).count
        lessonsTotal = lessons.count
        stepsDone = lessons.reduce(0) { $0 + $1.stepsDone }
        stepsTotal = lessons.reduce(0) { $0 + $1.steps }
        let stats = QuizStats(bank: bank, progress: quiz, today: today, reviews: reviews)
        topics = stats.topics.map { row in
            TopicLine(topic: row.topic, title: row.title, questions: row.questions, questionsSeen: row.questions - row.unseen,
                      answered: row.answered, reviews: row.reviews, recalled: row.recalled, retention: row.retention)
        }
        let days = Set(practiceDays.filter { QuizDay.validDays.contains($0) && $0 <= today })
        daysPractised = days.count
        firstDay = days.min().map(QuizDay.text(of:))
        lastDay = days.max().map(QuizDay.text(of:))
    }

    /// The report in Markdown: a heading, a summary list, a lesson table and a quiz table.
    public var markdown: String {
        func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
        var lines = ["# hyperlab progress report", "", "Date: \(date)", ""]
        lines.append("- Lessons finished: \(lessonsFinished) of \(lessonsTotal)")
        lines.append("- Steps done: \(stepsDone) of \(stepsTotal)")
        lines.append("- Days practised: \(daysPractised)" + (firstDay.map { first in " (\(first) to \(lastDay ?? first))" } ?? ""))
        lines += ["", "## Lessons", "", "| # | lesson | steps done | skipped | finished |", "|---:|---|---:|---:|---|"]
        for lesson in lessons {
            lines.append("| \(lesson.number) | \(cell(lesson.title)) | \(lesson.stepsDone)/\(lesson.steps) | \(lesson.skipped) | \(lesson.finished ? "yes" : "no") |")
        }
        lines += ["", "## Quiz", "", "| topic | questions seen | answers | reviews | retention |", "|---|---:|---:|---:|---:|"]
        for topic in topics {
            let retention = topic.retention.map { "\(Int(($0 * 100).rounded()))%" } ?? "-"
            lines.append("| \(cell(topic.title)) | \(topic.questionsSeen)/\(topic.questions) | \(topic.answered) | \(topic.reviews) | \(retention) |")
        }
        lines += ["", "Retention: the share of reviews (answers given a day or more after the previous answer to the same question) answered right."]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The report as pretty-printed JSON with sorted keys (a topic's `retention` is absent before any review).
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        // Every field is a string, an integer, a finite double or a Bool: encoding cannot fail.
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

extension LearnerStore {
    /// Day numbers on which the learner answered a quiz question or did a lesson step, ascending (values outside
    /// `QuizDay.validDays` left out).
    /// - Throws: `TeachingError` when the database cannot be read.
    public func practiceDays() throws(TeachingError) -> [Int] {
        try read("the days practised") { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT day FROM review UNION SELECT day FROM imported_tally
                UNION SELECT day FROM lesson_step WHERE day IS NOT NULL ORDER BY day LIMIT 100000
                """)
            return rows.compactMap { Field.int($0, "day", in: QuizDay.validDays) }
        }
    }

    /// The learner's report on `today` for `book` and `bank`, from this database.
    /// - Throws: `TeachingError` when the database cannot be read.
    public func report(book: LessonBook, bank: QuestionBank, today: Int) throws(TeachingError) -> LearnerReport {
        LearnerReport(book: book, progress: try lessonProgress(), bank: bank, quiz: try quizProgress(),
                      reviews: try reviews(limit: Self.maximumRows).map(\.entry), practiceDays: try practiceDays(), today: today)
    }
}
