import Vocabulary
import Foundation

/// Calendar days as whole numbers, so that schedules compare and tests can simulate time.
public enum QuizDay {
    /// The days a stored value may name: 1970-01-01 (day 0) to 9999-12-31 (day 2,932,896). A day outside is
    /// impossible for a learner's answer and is refused when state is read.
    public static let validDays: ClosedRange<Int> = 0...2_932_896

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

/// What the schedule knows about one question: its FSRS memory state, when it is due, and its counts.
///
/// Flags: a card is flagged once it has been missed `flagThreshold` times since it was last *learned again*,
/// where learned again means recalled (any grade but `again`) on a counted review at least one day after the
/// previous answer. So a flag clears the first time the learner recalls the question on a later day; right
/// answers the same day (practice, a retry) do not clear it.
public struct CardState: Codable, Sendable, Equatable {
    /// FSRS stability `S` in days (see `FSRS`).
    public var stability: Double
    /// FSRS difficulty `D`, 1...10.
    public var difficulty: Double
    /// Day number (see `QuizDay`) from which the question is due again.
    public var due: Int
    /// Counted reviews (retries inside a quiz and skips not counted).
    public var answered: Int
    /// Counted reviews answered right (overrides included).
    public var correct: Int
    /// Counted reviews answered wrong.
    public var misses: Int
    /// Misses since the card was last learned again (see the type's description); it is flagged at `flagThreshold`.
    public var missesSinceLearned: Int
    /// Day of the last counted review.
    public var lastDay: Int
    /// Whether the last counted review was right.
    public var lastCorrect: Bool

    /// A card missed this many times since it was last learned again is flagged.
    public static let flagThreshold = 3
    /// The largest count accepted when reading a card (a larger one is impossible for a learner and is refused).
    public static let maximumCount = 10_000_000

    /// Makes a card state.
    public init(stability: Double, difficulty: Double, due: Int, answered: Int, correct: Int, misses: Int,
                missesSinceLearned: Int, lastDay: Int, lastCorrect: Bool) {
        self.stability = stability
        self.difficulty = difficulty
        self.due = due
        self.answered = answered
        self.correct = correct
        self.misses = misses
        self.missesSinceLearned = missesSinceLearned
        self.lastDay = lastDay
        self.lastCorrect = lastCorrect
    }

    /// The FSRS memory state.
    public var memory: MemoryState { MemoryState(stability: stability, difficulty: difficulty) }

    /// Missed `flagThreshold` times since last learned again: worth a look at the lesson again.
    public var flagged: Bool { missesSinceLearned >= Self.flagThreshold }

    /// Whether the question is due on `day`.
    public func isDue(on day: Int) -> Bool { due <= day }

    /// Why this card is impossible, or nil when every value is in range: stability finite in
    /// 0.001...10⁷ days, difficulty in 1...10, days within `QuizDay.validDays`, counts in 0...`maximumCount`,
    /// `correct + misses == answered`, `missesSinceLearned ≤ misses`.
    public var problem: String? {
        guard stability.isFinite, stability >= FSRS.minimumStability, stability <= 10_000_000 else { return "stability \(stability) is out of range" }
        guard difficulty.isFinite, FSRS.difficultyRange.contains(difficulty) else { return "difficulty \(difficulty) is out of 1...10" }
        guard QuizDay.validDays.contains(due), QuizDay.validDays.contains(lastDay) else { return "a day is outside 1970...9999" }
        let counts = [answered, correct, misses, missesSinceLearned]
        guard counts.allSatisfy({ (0...Self.maximumCount).contains($0) }) else { return "a count is out of 0...\(Self.maximumCount)" }
        guard correct + misses == answered, missesSinceLearned <= misses else { return "its counts do not add up" }
        return nil
    }

    private enum CodingKeys: String, CodingKey {
        case stability, difficulty, due, answered, correct, misses, missesSinceLearned, lastDay, lastCorrect, box
    }

    /// Decodes a card; a card saved by the Leitner schedule of earlier versions (with `box` and no `stability`) is
    /// converted with `LeitnerConversion.card(box:...)`.
    /// - Throws: `DecodingError.dataCorrupted` for a card with impossible values (see `problem`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let due = try container.decode(Int.self, forKey: .due)
        let answered = try container.decode(Int.self, forKey: .answered)
        let correct = try container.decode(Int.self, forKey: .correct)
        let misses = try container.decode(Int.self, forKey: .misses)
        let lastDay = try container.decode(Int.self, forKey: .lastDay)
        let lastCorrect = try container.decode(Bool.self, forKey: .lastCorrect)
        if let stability = try container.decodeIfPresent(Double.self, forKey: .stability) {
            self.init(stability: stability, difficulty: try container.decode(Double.self, forKey: .difficulty), due: due,
                      answered: answered, correct: correct, misses: misses,
                      missesSinceLearned: try container.decode(Int.self, forKey: .missesSinceLearned),
                      lastDay: lastDay, lastCorrect: lastCorrect)
        } else {
            let box = try container.decode(Int.self, forKey: .box)
            guard (1...LeitnerConversion.intervals.count).contains(box) else {
                throw DecodingError.dataCorruptedError(forKey: .box, in: container, debugDescription: "box \(box) is out of 1...6")
            }
            self = LeitnerConversion.card(box: box, due: due, answered: answered, correct: correct, misses: misses,
                                          lastDay: lastDay, lastCorrect: lastCorrect)
        }
        if let problem {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: decoder.codingPath, debugDescription: problem))
        }
    }

    /// Encodes the FSRS fields (never `box`).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(stability, forKey: .stability)
        try container.encode(difficulty, forKey: .difficulty)
        try container.encode(due, forKey: .due)
        try container.encode(answered, forKey: .answered)
        try container.encode(correct, forKey: .correct)
        try container.encode(misses, forKey: .misses)
        try container.encode(missesSinceLearned, forKey: .missesSinceLearned)
        try container.encode(lastDay, forKey: .lastDay)
        try container.encode(lastCorrect, forKey: .lastCorrect)
    }
}

extension FSRS {
    /// The card after a counted review graded `grade` on `day` (`card` nil: a question never answered before).
    ///
    /// Elapsed days are `day − card.lastDay` (0 for a review on the same day, which takes FSRS's short-term
    /// formula; negative when the clock went back, read as 0). The card is due `interval(stability:)` days later.
    /// Counts and the flag follow `CardState`'s rules.
    public func schedule(_ card: CardState?, grade: ReviewGrade, day: Int) -> CardState {
        let elapsed = card.map { max(0, day - $0.lastDay) } ?? 0
        let (memory, interval) = review(card?.memory, grade: grade, elapsedDays: elapsed)
        var missesSinceLearned = card?.missesSinceLearned ?? 0
        if grade == .again {
            missesSinceLearned += 1
        } else if card != nil && elapsed >= 1 {
            missesSinceLearned = 0
        }
        return CardState(stability: memory.stability, difficulty: memory.difficulty,
                         due: min(day + interval, QuizDay.validDays.upperBound),
                         answered: min((card?.answered ?? 0) + 1, CardState.maximumCount),
                         correct: min((card?.correct ?? 0) + (grade.recalled ? 1 : 0), CardState.maximumCount),
                         misses: min((card?.misses ?? 0) + (grade.recalled ? 0 : 1), CardState.maximumCount),
                         missesSinceLearned: min(missesSinceLearned, CardState.maximumCount),
                         lastDay: day, lastCorrect: grade.recalled)
    }
}

/// The conversion of cards kept by the Leitner boxes of earlier hyperlab versions into FSRS states (done once,
/// when `quiz.json` is read or imported).
///
/// Box `b` had an interval of `intervals[b − 1]` days. At the default desired retention of 0.9 an FSRS interval
/// equals the stability, so a card in box 2...6 gets `S = intervals[b − 1]`; box 1 (just missed) gets `S = w0`, the
/// stability after a first `again`. Difficulty starts at `D0(good)` and moves towards 10 in proportion to the share
/// of misses: `D = D0(good) + (10 − D0(good))·misses/answered`. This is a heuristic (the boxes keep no history to
/// fit it to); the due day and the counts are kept as they were, and misses count towards the flag.
public enum LeitnerConversion {
    /// The Leitner intervals in days, by box (index 0 is box 1), as earlier versions used them.
    public static let intervals = [0, 1, 3, 7, 14, 30]

    /// A note shown once after the conversion.
    public static func note(cards: Int) -> String {
        "converted \(cards) quiz card\(cards == 1 ? "" : "s") from Leitner boxes to FSRS (stability from the box interval, difficulty from the share of misses); due days kept"
    }

    /// The FSRS card for a Leitner card in `box` (1...6, clamped) with its counts.
    public static func card(box: Int, due: Int, answered: Int, correct: Int, misses: Int, lastDay: Int, lastCorrect: Bool) -> CardState {
        let scheduler = FSRS.standard
        let box = min(max(box, 1), intervals.count)
        let stability = box == 1 ? scheduler.initialStability(.again) : Double(intervals[box - 1])
        let start = scheduler.initialDifficulty(.good)
        let share = answered > 0 ? Double(min(max(misses, 0), answered)) / Double(answered) : 0
        return CardState(stability: stability, difficulty: FSRS.clampDifficulty(start + (10 - start) * share), due: due,
                         answered: answered, correct: correct, misses: misses,
                         missesSinceLearned: min(max(misses, 0), CardState.flagThreshold), lastDay: lastDay, lastCorrect: lastCorrect)
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

    private enum CodingKeys: String, CodingKey { case day, topic, correct, wrong }

    /// Decodes a tally.
    /// - Throws: `DecodingError.dataCorrupted` for a day outside `QuizDay.validDays` or a count out of
    ///   0...`CardState.maximumCount`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(day: try container.decode(Int.self, forKey: .day), topic: try container.decode(String.self, forKey: .topic),
                  correct: try container.decode(Int.self, forKey: .correct), wrong: try container.decode(Int.self, forKey: .wrong))
        let counts = 0...CardState.maximumCount
        guard QuizDay.validDays.contains(day), counts.contains(correct), counts.contains(wrong) else {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "impossible tally"))
        }
    }
}

/// One answer in the review log: when, which question, the grade, and the scheduler state before and after.
public struct ReviewEntry: Codable, Sendable, Equatable {
    /// When the answer was given.
    public var time: Date
    /// Its day number (see `QuizDay`).
    public var day: Int
    /// The question's id.
    public var questionID: String
    /// The question's topic id.
    public var topic: String
    /// The grade (see `ReviewGrade` for the mapping from verdicts).
    public var grade: ReviewGrade
    /// Whether the review moved the schedule: false for a retry within the same quiz after the answer was shown
    /// (then `after == before`).
    public var counted: Bool
    /// Whether this entry is the learner's override of the previous miss (`i was right`): it replaces that miss,
    /// which stays in the log marked as overridden.
    public var isOverride: Bool
    /// Days since the previous counted review of the question; nil for its first review.
    public var elapsedDays: Int?
    /// The card before the answer; nil for a question never answered before.
    public var before: CardState?
    /// The card after the answer (equal to `before` when not counted; nil only for an uncounted first answer).
    public var after: CardState?

    /// Makes an entry.
    public init(time: Date, day: Int, questionID: String, topic: String, grade: ReviewGrade, counted: Bool, isOverride: Bool,
                elapsedDays: Int?, before: CardState?, after: CardState?) {
        self.time = time
        self.day = day
        self.questionID = questionID
        self.topic = topic
        self.grade = grade
        self.counted = counted
        self.isOverride = isOverride
        self.elapsedDays = elapsedDays
        self.before = before
        self.after = after
    }
}

/// Everything the quiz remembers between runs: one card per answered question and a tally per day and topic.
/// `LearnerStore` keeps it in the learner's database; earlier versions saved it as JSON (`quiz.json`), which is
/// still read (Leitner cards converted, see `LeitnerConversion`).
public struct QuizProgress: Codable, Sendable, Equatable {
    /// The file name of the JSON form under the data directory (imported once by `LearnerStore`).
    public static let fileName = "quiz.json"

    /// Format version of the saved file.
    public var version: Int
    /// Cards by question id. Cards of questions no longer in the bank are kept and ignored.
    public var cards: [String: CardState]
    /// Tallies sorted by day, then topic.
    public var results: [DayResult]
    /// Ids of cards and tallies that were refused when read (impossible values), for a note; never saved.
    public var refused: [String] = []
    /// How many cards were converted from Leitner boxes when read; never saved.
    public var converted: Int = 0

    /// An empty progress (nothing answered yet).
    public init() {
        version = 2
        cards = [:]
        results = []
    }

    private enum CodingKeys: String, CodingKey { case version, cards, results }

    /// Decodes leniently: a card or tally with impossible values is left out and named in `refused`, the others are
    /// kept; Leitner cards are converted (counted in `converted`).
    /// - Throws: `DecodingError` when the top level is not an object with `cards` and `results`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = 2
        let raw = try container.decode([String: Lenient<CardState>].self, forKey: .cards)
        let legacy = try container.decode([String: Lenient<LegacyBox>].self, forKey: .cards)
        cards = [:]
        for (id, entry) in raw {
            if let card = entry.value { cards[id] = card } else { refused.append("card \(id)") }
        }
        let accepted = cards
        converted = legacy.filter { $0.value.value?.box != nil && accepted[$0.key] != nil }.count
        let tallies = try container.decode([Lenient<DayResult>].self, forKey: .results)
        results = tallies.compactMap(\.value)
        if tallies.count > results.count { refused.append("\(tallies.count - results.count) daily tallies") }
        refused.sort()
        results.sort { ($0.day, $0.topic) < ($1.day, $1.topic) }
    }

    /// Encodes version, cards and results.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(version, forKey: .version)
        try container.encode(cards, forKey: .cards)
        try container.encode(results, forKey: .results)
    }

    /// Records a counted review graded `grade` on `day` and returns the question's new card.
    @discardableResult
    public mutating func record(questionID: String, topic: String, grade: ReviewGrade, day: Int, scheduler: FSRS = .standard) -> CardState {
        let card = scheduler.schedule(cards[questionID], grade: grade, day: day)
        cards[questionID] = card
        tally(day: day, topic: topic, correct: grade.recalled ? 1 : 0, wrong: grade.recalled ? 0 : 1)
        return card
    }

    /// Records a counted review on `day`: right is `good`, wrong is `again`. Returns the new card.
    @discardableResult
    public mutating func record(questionID: String, topic: String, correct: Bool, day: Int) -> CardState {
        record(questionID: questionID, topic: topic, grade: correct ? .good : .again, day: day)
    }

    /// Turns the last answer to `questionID`, a counted miss recorded on `day` over the card `before`, into a `hard`
    /// recall (the learner's override). Returns the new card.
    @discardableResult
    public mutating func overrideMiss(questionID: String, topic: String, before: CardState?, day: Int, scheduler: FSRS = .standard) -> CardState {
        let card = scheduler.schedule(before, grade: .hard, day: day)
        cards[questionID] = card
        tally(day: day, topic: topic, correct: 1, wrong: -1)
        return card
    }

    mutating func tally(day: Int, topic: String, correct: Int, wrong: Int) {
        if let index = results.firstIndex(where: { $0.day == day && $0.topic == topic }) {
            results[index].correct = min(max(0, results[index].correct + correct), CardState.maximumCount)
            results[index].wrong = min(max(0, results[index].wrong + wrong), CardState.maximumCount)
        } else {
            results.append(DayResult(day: day, topic: topic, correct: max(0, correct), wrong: max(0, wrong)))
            results.sort { ($0.day, $0.topic) < ($1.day, $1.topic) }
        }
    }
}

/// A value that decodes to nil instead of failing, so one bad element does not spoil its collection.
struct Lenient<Value: Decodable>: Decodable {
    let value: Value?
    init(from decoder: any Decoder) throws { value = try? Value(from: decoder) }
}

/// Only the `box` key of a card, to count Leitner cards while reading.
private struct LegacyBox: Decodable {
    let box: Int?
}
