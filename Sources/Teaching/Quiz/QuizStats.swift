import Vocabulary
import Foundation

/// Quiz results of one topic.
///
/// Definitions: `answered` counts counted reviews (retries inside a quiz and skips are not counted); `retention` is
/// the share of *reviews* that were recalled, where a review is a counted answer given at least one day after the
/// question's previous answer (answers to new questions and same-day repeats say little about memory); `due` counts
/// questions due today or earlier, `dueNextWeek` those that fall due in the next 7 days (tomorrow ... today + 7).
public struct TopicStats: Sendable, Equatable, Codable {
    /// The topic id.
    public let topic: String
    /// The topic's title.
    public let title: String
    /// Questions in the bank for this topic.
    public let questions: Int
    /// Counted answers.
    public let answered: Int
    /// Right answers among them (overrides included).
    public let correct: Int
    /// Reviews (counted answers at least a day after the previous one) in the review log.
    public let reviews: Int
    /// Of those, recalled (any grade but again).
    public let recalled: Int
    /// Questions due today or earlier.
    public let due: Int
    /// Questions falling due in the next 7 days (not counting today).
    public let dueNextWeek: Int
    /// Questions never answered.
    public let unseen: Int
    /// Ids of flagged questions (see `CardState` for when a flag is set and cleared), in bank order.
    public let flaggedQuestions: [String]

    /// recalled / reviews, nil before any review.
    public var retention: Double? { reviews > 0 ? Double(recalled) / Double(reviews) : nil }
    /// correct / answered, nil before any answer.
    public var shareCorrect: Double? { answered > 0 ? Double(correct) / Double(answered) : nil }
    /// Number of flagged questions.
    public var flagged: Int { flaggedQuestions.count }

    private enum CodingKeys: String, CodingKey {
        case topic, title, questions, answered, correct, reviews, recalled, retention, due, dueNextWeek, unseen, flaggedQuestions
    }

    /// Makes a row.
    public init(topic: String, title: String, questions: Int, answered: Int, correct: Int, reviews: Int, recalled: Int,
                due: Int, dueNextWeek: Int, unseen: Int, flaggedQuestions: [String]) {
        self.topic = topic
        self.title = title
        self.questions = questions
        self.answered = answered
        self.correct = correct
        self.reviews = reviews
        self.recalled = recalled
        self.due = due
        self.dueNextWeek = dueNextWeek
        self.unseen = unseen
        self.flaggedQuestions = flaggedQuestions
    }

    /// Decodes a row (`retention` is derived and ignored).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(topic: try c.decode(String.self, forKey: .topic), title: try c.decode(String.self, forKey: .title),
                  questions: try c.decode(Int.self, forKey: .questions), answered: try c.decode(Int.self, forKey: .answered),
                  correct: try c.decode(Int.self, forKey: .correct), reviews: try c.decode(Int.self, forKey: .reviews),
                  recalled: try c.decode(Int.self, forKey: .recalled), due: try c.decode(Int.self, forKey: .due),
                  dueNextWeek: try c.decode(Int.self, forKey: .dueNextWeek), unseen: try c.decode(Int.self, forKey: .unseen),
                  flaggedQuestions: try c.decode([String].self, forKey: .flaggedQuestions))
    }

    /// Encodes every field and `retention` (null before any review).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(topic, forKey: .topic)
        try c.encode(title, forKey: .title)
        try c.encode(questions, forKey: .questions)
        try c.encode(answered, forKey: .answered)
        try c.encode(correct, forKey: .correct)
        try c.encode(reviews, forKey: .reviews)
        try c.encode(recalled, forKey: .recalled)
        try c.encode(retention, forKey: .retention)
        try c.encode(due, forKey: .due)
        try c.encode(dueNextWeek, forKey: .dueNextWeek)
        try c.encode(unseen, forKey: .unseen)
        try c.encode(flaggedQuestions, forKey: .flaggedQuestions)
    }
}

/// Quiz results of one day (all topics, or the chosen one).
public struct DayStats: Sendable, Equatable, Codable {
    /// Day number (see `QuizDay`).
    public let day: Int
    /// The day as `YYYY-MM-DD`.
    public let date: String
    /// Right counted answers.
    public let correct: Int
    /// Wrong counted answers.
    public let wrong: Int
    /// Reviews that day (see `TopicStats`).
    public let reviews: Int
    /// Of those, recalled.
    public let recalled: Int

    /// Makes a day's numbers.
    public init(day: Int, correct: Int, wrong: Int, reviews: Int = 0, recalled: Int = 0) {
        self.day = day
        self.date = QuizDay.text(of: day)
        self.correct = correct
        self.wrong = wrong
        self.reviews = reviews
        self.recalled = recalled
    }

    /// correct + wrong.
    public var answered: Int { correct + wrong }
    /// correct / (correct + wrong), nil on a day without answers.
    public var shareCorrect: Double? { correct + wrong > 0 ? Double(correct) / Double(correct + wrong) : nil }
    /// recalled / reviews, nil on a day without reviews.
    public var retention: Double? { reviews > 0 ? Double(recalled) / Double(reviews) : nil }
}

/// Points of a chart series: only days that have a value (never NaN), x in days from today (0 = today, negative =
/// past), with the y range the values honestly need.
public struct StatsSeries: Sendable, Equatable, Codable {
    /// The series' name.
    public let name: String
    /// Days from today, increasing.
    public let xs: [Double]
    /// Values, all finite.
    public let ys: [Double]
    /// The y range to draw: 0...1 for shares (a share's scale; one bad day is not zoomed into a cliff), 0...max for
    /// counts (at least 0...1).
    public let yRange: ClosedRange<Double>
}

/// The numbers behind `stats`: a row per topic and a series per day, for the app to print and chart. Codable for
/// `stats --json`.
public struct QuizStats: Sendable, Equatable, Codable {
    /// Today's day number.
    public let today: Int
    /// One row per topic, in bank order.
    public let topics: [TopicStats]
    /// One entry per day from the first day with answers (at most `maximumDays` back, at least `minimumDays`) to
    /// today, zeros included.
    public let days: [DayStats]

    /// At least this many days are listed in `days`, so a chart of a new learner still has an axis.
    public static let minimumDays = 7
    /// At most this many days are listed (the last year), whatever the stored days say.
    public static let maximumDays = 366

    /// Computes the stats on `today` (a day number), optionally for one topic (an id, a title or an unambiguous id
    /// prefix, as `QuestionBank.topic(matching:)`; an unknown one gives no rows: check with `resolveTopic` first).
    /// `reviews` is the review log (`LearnerStore.reviews`) for retention; without it retention is unknown (nil).
    public init(bank: QuestionBank, progress: QuizProgress, today: Int, topic: String? = nil, reviews: [ReviewEntry] = []) {
        self.today = today
        let wanted = topic.map { bank.topic(matching: $0)?.id }
        let chosen = bank.topics.filter { wanted == nil || $0.id == wanted! }
        let isReview: (ReviewEntry) -> Bool = { $0.counted && ($0.elapsedDays ?? 0) >= 1 && $0.before != nil }
        let effective = Self.effective(reviews)
        topics = chosen.map { topic in
            let questions = bank.questions.filter { $0.topic == topic.id }
            let ids = Set(questions.map(\.id))
            let cards = questions.compactMap { progress.cards[$0.id] }
            let topicReviews = effective.filter { ids.contains($0.questionID) && isReview($0) }
            return TopicStats(topic: topic.id, title: topic.title, questions: questions.count,
                              answered: cards.reduce(0) { $0 + $1.answered },
                              correct: cards.reduce(0) { $0 + $1.correct },
                              reviews: topicReviews.count, recalled: topicReviews.filter(\.grade.recalled).count,
                              due: cards.filter { $0.isDue(on: today) }.count,
                              dueNextWeek: cards.filter { $0.due > today && $0.due <= today + 7 }.count,
                              unseen: questions.count - cards.count,
                              flaggedQuestions: questions.filter { progress.cards[$0.id]?.flagged == true }.map(\.id))
        }
        let topicIDs = Set(chosen.map(\.id))
        let oldest = today - Self.maximumDays + 1
        let results = progress.results.filter { topicIDs.contains($0.topic) && $0.day <= today && $0.day >= oldest }
        let first = min(results.map(\.day).min() ?? today, today - Self.minimumDays + 1)
        var byDay: [Int: (correct: Int, wrong: Int, reviews: Int, recalled: Int)] = [:]
        for result in results {
            byDay[result.day, default: (0, 0, 0, 0)].correct += result.correct
            byDay[result.day, default: (0, 0, 0, 0)].wrong += result.wrong
        }
        let questionTopics = Dictionary(bank.questions.map { ($0.id, $0.topic) }, uniquingKeysWith: { first, _ in first })
        for review in effective where isReview(review) && review.day >= first && review.day <= today
            && topicIDs.contains(questionTopics[review.questionID] ?? review.topic) {
            byDay[review.day, default: (0, 0, 0, 0)].reviews += 1
            if review.grade.recalled { byDay[review.day, default: (0, 0, 0, 0)].recalled += 1 }
        }
        days = (first...today).map { day in
            let numbers = byDay[day] ?? (0, 0, 0, 0)
            return DayStats(day: day, correct: numbers.correct, wrong: numbers.wrong, reviews: numbers.reviews, recalled: numbers.recalled)
        }
    }

    /// The log as it counts: overridden misses replaced by their override.
    static func effective(_ reviews: [ReviewEntry]) -> [ReviewEntry] {
        var result: [ReviewEntry] = []
        for review in reviews {
            if review.isOverride, let index = result.lastIndex(where: { $0.questionID == review.questionID && $0.counted && !$0.isOverride }),
               result[index].grade == .again {
                result[index] = review
            } else if !review.isOverride {
                result.append(review)
            }
        }
        return result
    }

    /// The topic `text` names (an id, a title, or an id prefix that only one topic has).
    /// - Throws: `TeachingError` for an unknown topic (listing them) or an ambiguous prefix (listing the candidates).
    public static func resolveTopic(_ text: String, in bank: QuestionBank) throws(TeachingError) -> QuizTopic {
        if let topic = bank.topic(matching: text) { return topic }
        let wanted = text.lowercased().trimmingCharacters(in: .whitespaces)
        let candidates = bank.topics.filter { $0.id.hasPrefix(wanted) }.map(\.id)
        if candidates.count > 1 {
            throw .ambiguousTopic(text, candidates: candidates)
        }
        throw .unknownTopic(text, topics: bank.topics.map(\.id))
    }

    /// Answers per day, for a chart: every listed day (zeros included), y range 0...max.
    public var answersSeries: StatsSeries {
        let xs = days.map { Double($0.day - today) }
        let ys = days.map { Double($0.answered) }
        return StatsSeries(name: "answers", xs: xs, ys: ys, yRange: 0...max(1, ys.max() ?? 1))
    }

    /// Retention per day (share of that day's reviews recalled), only on days with reviews; y range 0...1.
    public var retentionSeries: StatsSeries {
        let those = days.filter { $0.retention != nil }
        return StatsSeries(name: "retention", xs: those.map { Double($0.day - today) }, ys: those.compactMap(\.retention), yRange: 0...1)
    }

    /// A plain table: topic, questions, answered, retention, due, due in 7 days, new, flagged; then a total row,
    /// then one line per topic with flagged questions naming them.
    public var tableLines: [String] {
        func percent(_ share: Double?) -> String { share.map { "\(Int(($0 * 100).rounded()))%" } ?? "-" }
        let header = ["topic", "questions", "answered", "retention", "due", "7 days", "new", "flagged"]
        var rows: [[String]] = topics.map { stats in
            [stats.topic, "\(stats.questions)", "\(stats.answered)", percent(stats.retention),
             "\(stats.due)", "\(stats.dueNextWeek)", "\(stats.unseen)", "\(stats.flagged)"]
        }
        if topics.count > 1 {
            let reviews = topics.reduce(0) { $0 + $1.reviews }, recalled = topics.reduce(0) { $0 + $1.recalled }
            rows.append(["total", "\(topics.reduce(0) { $0 + $1.questions })", "\(topics.reduce(0) { $0 + $1.answered })",
                         percent(reviews > 0 ? Double(recalled) / Double(reviews) : nil),
                         "\(topics.reduce(0) { $0 + $1.due })", "\(topics.reduce(0) { $0 + $1.dueNextWeek })",
                         "\(topics.reduce(0) { $0 + $1.unseen })", "\(topics.reduce(0) { $0 + $1.flagged })"])
        }
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        var lines = all.map { row in
            row.enumerated().map { column, text in
                column == 0 ? text.padding(toLength: widths[0], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - text.count) + text
            }.joined(separator: "  ")
        }
        for stats in topics where !stats.flaggedQuestions.isEmpty {
            lines.append("flagged in \(stats.topic): \(stats.flaggedQuestions.joined(separator: ", "))")
        }
        lines.append("retention: share of reviews (answers a day or more after the previous one) answered right")
        return lines
    }
}

/// What `quiz review` has to do and when: the questions due now and when the next ones fall due. Codable for
/// `quiz review --json`.
public struct ReviewPlan: Sendable, Equatable, Codable {
    /// One due question.
    public struct DueQuestion: Sendable, Equatable, Codable {
        /// The question id.
        public let id: String
        /// Its topic id.
        public let topic: String
        /// The day it fell due.
        public let dueDay: Int
        /// That day as `YYYY-MM-DD`.
        public let dueDate: String
        /// Days overdue (0: due today).
        public let overdueDays: Int
    }

    /// Today's day number.
    public let today: Int
    /// Questions due today or earlier, most overdue first.
    public let due: [DueQuestion]
    /// The next day after today on which a question falls due; nil when none will.
    public let nextDueDay: Int?
    /// That day as `YYYY-MM-DD`.
    public let nextDueDate: String?
    /// How many fall due on `nextDueDay`.
    public let nextDueCount: Int
    /// How many fall due in the next 7 days (tomorrow ... today + 7).
    public let dueNextWeek: Int

    /// The plan on `today` for the questions of `bank` (cards of questions no longer in the bank are ignored).
    public init(bank: QuestionBank, progress: QuizProgress, today: Int) {
        self.today = today
        var due: [DueQuestion] = []
        var later: [Int] = []
        for question in bank.questions {
            guard let card = progress.cards[question.id] else { continue }
            if card.isDue(on: today) {
                due.append(DueQuestion(id: question.id, topic: question.topic, dueDay: card.due, dueDate: QuizDay.text(of: card.due),
                                       overdueDays: today - card.due))
            } else {
                later.append(card.due)
            }
        }
        self.due = due.enumerated().sorted { ($0.element.dueDay, $0.offset) < ($1.element.dueDay, $1.offset) }.map(\.element)
        let next = later.min()
        nextDueDay = next
        nextDueDate = next.map(QuizDay.text(of:))
        nextDueCount = later.filter { $0 == next }.count
        dueNextWeek = later.filter { $0 <= today + 7 }.count
    }

    /// One line on when reviews are due: "3 questions are due now; next: 2 on 2026-12-03 (in 2 days)." and so on.
    public var line: String {
        var parts: [String] = []
        parts.append(due.isEmpty ? "Nothing is due now" : "\(due.count) question\(due.count == 1 ? " is" : "s are") due now")
        if let nextDueDay, let nextDueDate {
            let days = nextDueDay - today
            parts.append("next: \(nextDueCount) on \(nextDueDate) (\(days == 1 ? "tomorrow" : "in \(days) days")), \(dueNextWeek) in the next 7 days")
        } else if due.isEmpty {
            parts.append("answer some questions with `quiz` first")
        }
        return parts.joined(separator: "; ") + "."
    }
}
