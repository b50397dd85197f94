import Vocabulary
import Foundation

/// Quiz results of one topic.
public struct TopicStats: Sendable, Equatable {
    /// The topic.
    public let topic: QuizTopic
    /// Questions in the bank for this topic.
    public let questions: Int
    /// Answers given (every attempt counts).
    public let answered: Int
    /// Right answers among them.
    public let correct: Int
    /// Questions due today or earlier (answered before and scheduled again).
    public let due: Int
    /// Questions never answered.
    public let unseen: Int
    /// Questions flagged (missed `LeitnerSchedule.flagThreshold` times or more).
    public let flagged: Int

    /// correct / answered, nil before any answer.
    public var shareCorrect: Double? { answered > 0 ? Double(correct) / Double(answered) : nil }
}

/// Quiz results of one day (all topics, or the chosen one).
public struct DayStats: Sendable, Equatable {
    /// Day number (see `QuizDay`).
    public let day: Int
    /// Right answers.
    public let correct: Int
    /// Wrong answers.
    public let wrong: Int

    /// correct / (correct + wrong), nil on a day without answers.
    public var shareCorrect: Double? { correct + wrong > 0 ? Double(correct) / Double(correct + wrong) : nil }
}

/// The numbers behind `stats`: a row per topic and a series per day, for the app to print and chart.
public struct QuizStats: Sendable, Equatable {
    /// One row per topic, in bank order.
    public let topics: [TopicStats]
    /// One entry per day from the first day with answers (or `today − minimumDays + 1`) to today, zeros included.
    public let days: [DayStats]

    /// At least this many days are listed in `days`, so a chart of a new learner still has an axis.
    public static let minimumDays = 7

    /// Computes the stats on `today` (a day number), optionally for one topic id.
    public init(bank: QuestionBank, progress: QuizProgress, today: Int, topic: String? = nil) {
        let chosen = bank.topics.filter { topic == nil || $0.id == topic }
        topics = chosen.map { topic in
            let questions = bank.questions.filter { $0.topic == topic.id }
            let cards = questions.compactMap { progress.cards[$0.id] }
            return TopicStats(topic: topic, questions: questions.count,
                              answered: cards.reduce(0) { $0 + $1.answered },
                              correct: cards.reduce(0) { $0 + $1.correct },
                              due: cards.filter { $0.isDue(on: today) }.count,
                              unseen: questions.count - cards.count,
                              flagged: cards.filter(\.flagged).count)
        }
        let ids = Set(chosen.map(\.id))
        let results = progress.results.filter { ids.contains($0.topic) && $0.day <= today }
        let first = min(results.map(\.day).min() ?? today, today - Self.minimumDays + 1)
        days = (first...today).map { day in
            let those = results.filter { $0.day == day }
            return DayStats(day: day, correct: those.reduce(0) { $0 + $1.correct }, wrong: those.reduce(0) { $0 + $1.wrong })
        }
    }

    /// A plain table: topic, questions, answered, share right, due, new, flagged; then a total row.
    public var tableLines: [String] {
        let header = ["topic", "questions", "answered", "right", "due", "new", "flagged"]
        var rows: [[String]] = topics.map { stats in
            [stats.topic.id, "\(stats.questions)", "\(stats.answered)",
             stats.shareCorrect.map { "\(Int(($0 * 100).rounded()))%" } ?? "-",
             "\(stats.due)", "\(stats.unseen)", "\(stats.flagged)"]
        }
        let answered = topics.reduce(0) { $0 + $1.answered }, correct = topics.reduce(0) { $0 + $1.correct }
        rows.append(["total", "\(topics.reduce(0) { $0 + $1.questions })", "\(answered)",
                     answered > 0 ? "\(Int((Double(correct) / Double(answered) * 100).rounded()))%" : "-",
                     "\(topics.reduce(0) { $0 + $1.due })", "\(topics.reduce(0) { $0 + $1.unseen })",
                     "\(topics.reduce(0) { $0 + $1.flagged })"])
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, text in
                column == 0 ? text.padding(toLength: widths[0], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - text.count) + text
            }.joined(separator: "  ")
        }
    }
}
