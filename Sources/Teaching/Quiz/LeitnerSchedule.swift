import Vocabulary
import Foundation

/// Calendar days as whole numbers, so that schedules compare and tests can simulate time.
public enum QuizDay {
    /// Days since 1970-01-01 for `date` in `timeZone` (a new day starts at local midnight).
    public static func number(of date: Date, in timeZone: TimeZone = .current) -> Int {
        let seconds = date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))
        return Int((seconds / 86_400).rounded(.down))
    }

    /// `YYYY-MM-DD` for a day number (proleptic Gregorian calendar; days since 1970-01-01).
    /// Algorithm: H. Hinnant, "chrono-Compatible Low-Level Date Algorithms", civil_from_days.
    public static func text(of day: Int) -> String {
        let z = day + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let dayOfMonth = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return String(format: "%04d-%02d-%02d", year, month, dayOfMonth)
    }
}

/// What the schedule knows about one question.
public struct CardState: Codable, Sendable, Equatable {
    /// Leitner box, 1...`LeitnerSchedule.intervals.count`.
    public var box: Int
    /// Day number (see `QuizDay`) from which the question is due again.
    public var due: Int
    /// Times answered (skips not counted).
    public var answered: Int
    /// Times answered right.
    public var correct: Int
    /// Times answered wrong.
    public var misses: Int
    /// Day of the last answer.
    public var lastDay: Int
    /// Whether the last answer was right.
    public var lastCorrect: Bool

    /// Makes a card state.
    public init(box: Int, due: Int, answered: Int, correct: Int, misses: Int, lastDay: Int, lastCorrect: Bool) {
        self.box = box
        self.due = due
        self.answered = answered
        self.correct = correct
        self.misses = misses
        self.lastDay = lastDay
        self.lastCorrect = lastCorrect
    }

    /// Missed `LeitnerSchedule.flagThreshold` times or more: worth a look at the lesson again.
    public var flagged: Bool { misses >= LeitnerSchedule.flagThreshold }

    /// Whether the question is due on `day`.
    public func isDue(on day: Int) -> Bool { due <= day }
}

/// Leitner-box spaced repetition (S. Leitner, "So lernt man lernen", 1972), with day intervals per box.
///
/// A question starts outside the boxes. A right answer moves it up one box (a first right answer puts it in
/// box 2), a wrong answer puts it back in box 1. It is due again `intervals[box - 1]` days after the answer:
/// box 1 → 0 days (again today, so `quiz review` offers it at once), box 2 → 1, box 3 → 3, box 4 → 7,
/// box 5 → 14, box 6 → 30 days. Box 6 is the last; right answers keep it there.
public enum LeitnerSchedule {
    /// Days until due, by box (index 0 is box 1).
    public static let intervals = [0, 1, 3, 7, 14, 30]
    /// A question missed this many times (in all) is flagged.
    public static let flagThreshold = 3

    /// The card after an answer given on `day` (`card` is nil for a question never answered before).
    public static func record(_ card: CardState?, correct: Bool, day: Int) -> CardState {
        let oldBox = card?.box ?? 1
        let box = correct ? min(oldBox + 1, intervals.count) : 1
        return CardState(box: box, due: day + intervals[box - 1],
                         answered: (card?.answered ?? 0) + 1,
                         correct: (card?.correct ?? 0) + (correct ? 1 : 0),
                         misses: (card?.misses ?? 0) + (correct ? 0 : 1),
                         lastDay: day, lastCorrect: correct)
    }
}

/// Right and wrong answers of one topic on one day.
public struct DayResult: Codable, Sendable, Equatable {
    /// Day number (see `QuizDay`).
    public var day: Int
    /// Topic id.
    public var topic: String
    /// Right answers that day.
    public var correct: Int
    /// Wrong answers that day.
    public var wrong: Int

    /// Makes a tally.
    public init(day: Int, topic: String, correct: Int, wrong: Int) {
        self.day = day
        self.topic = topic
        self.correct = correct
        self.wrong = wrong
    }
}

/// Everything the quiz remembers between runs: one card per answered question and a tally per day and topic.
/// Saved as JSON (`StateFile`, normally `$XDG_DATA_HOME/hyperlab/quiz.json`).
public struct QuizProgress: Codable, Sendable, Equatable {
    /// The file name under the data directory: `StateFile(name: QuizProgress.fileName, environment: ...)`.
    public static let fileName = "quiz.json"

    /// Format version of the saved file.
    public var version: Int
    /// Cards by question id. Cards of questions no longer in the bank are kept and ignored.
    public var cards: [String: CardState]
    /// Tallies sorted by day, then topic.
    public var results: [DayResult]

    /// An empty progress (nothing answered yet).
    public init() {
        version = 1
        cards = [:]
        results = []
    }

    /// Records an answer given on `day` and returns the question's new card.
    @discardableResult
    public mutating func record(questionID: String, topic: String, correct: Bool, day: Int) -> CardState {
        let card = LeitnerSchedule.record(cards[questionID], correct: correct, day: day)
        cards[questionID] = card
        tally(day: day, topic: topic, correct: correct ? 1 : 0, wrong: correct ? 0 : 1)
        return card
    }

    /// Turns the last answer to `questionID`, a miss recorded on `day` over the card `before`, into a right answer
    /// (the learner's override). Returns the new card.
    @discardableResult
    public mutating func overrideMiss(questionID: String, topic: String, before: CardState?, day: Int) -> CardState {
        let card = LeitnerSchedule.record(before, correct: true, day: day)
        cards[questionID] = card
        tally(day: day, topic: topic, correct: 1, wrong: -1)
        return card
    }

    mutating func tally(day: Int, topic: String, correct: Int, wrong: Int) {
        if let index = results.firstIndex(where: { $0.day == day && $0.topic == topic }) {
            results[index].correct = max(0, results[index].correct + correct)
            results[index].wrong = max(0, results[index].wrong + wrong)
        } else {
            results.append(DayResult(day: day, topic: topic, correct: max(0, correct), wrong: max(0, wrong)))
            results.sort { ($0.day, $0.topic) < ($1.day, $1.topic) }
        }
    }
}
