import Vocabulary
import Foundation

/// The hidden run of a lab question as presented: the setup and the seed picked for this showing.
public struct PresentedLab: Sendable, Equatable {
    /// What to train (every run) before showing the question.
    public let setup: LabSetup
    /// The seed to train with (one of `setup.seeds`).
    public let seed: UInt64
    /// The right choice's text for this showing: with two runs shown the other way round (`setup` is then the
    /// question's setup with its runs swapped, `LabSetup.swappingRuns()`), the choice that says the mirrored thing.
    public let answer: String
}

/// A question as shown to the learner: choices in their shuffled order and the text to print.
public struct PresentedQuestion: Sendable, Equatable {
    /// The question.
    public let question: QuizQuestion
    /// 1-based position in this session and the number planned so far (re-asked questions add to it).
    public let position: Int
    /// Number of questions planned in this session, re-asks included.
    public let total: Int
    /// Choices in the order shown (letters a, b, c, ...); empty unless choice or lab.
    public let choices: [String]
    /// The hidden run to train and draw first (lab questions only).
    public let lab: PresentedLab?
    /// Whether this is a question missed earlier in the same session, asked again.
    public let isRetry: Bool
    /// Text to print, one element per line (for a lab question, print it after the chart).
    public let lines: [String]
}

/// What the learner sees after answering.
public struct Feedback: Sendable, Equatable {
    /// The question answered.
    public let questionID: String
    /// Whether the answer counts as right (after an override too).
    public let correct: Bool
    /// The right answer in words (the right choice, the number with its tolerance, the model answer).
    public let correctAnswer: String
    /// Rubric points the answer made (free text only).
    public let matched: [String]
    /// Rubric points it missed (free text only).
    public let missed: [String]
    /// For each point in `matched`, the learner's own words that made it.
    public let evidence: [String]
    /// The model answer, when the question has one.
    public let modelAnswer: String?
    /// Why the answer is what it is.
    public let explanation: String
    /// Lab questions: the hidden setup, revealed.
    public let reveal: [String]
    /// Whether `override` / `i was right` may turn this miss into a right answer (free-text misses).
    public let canOverride: Bool
    /// Whether this answer came from an override.
    public let overridden: Bool
    /// Whether the question is now flagged (missed `CardState.flagThreshold` times since last learned again).
    public let flagged: Bool
    /// Days until the question is due again (0: again today).
    public let dueInDays: Int
    /// Whether it comes back later in this session.
    public let comesBackThisSession: Bool
    /// Whether the answer counted as a review (false for a retry within the session: the schedule did not move).
    public var counted: Bool = true

    /// The feedback as lines of text.
    public var lines: [String] {
        if overridden {
            if !counted { return ["Marked as right, as you said (a retry: the schedule does not change)."] }
            return ["Marked as right, as you said. Next review in \(dueInDays) day\(dueInDays == 1 ? "" : "s")."]
        }
        var lines: [String] = []
        if correct {
            lines.append("Right.")
        } else {
            lines.append("Not quite.")
        }
        if !matched.isEmpty || !missed.isEmpty {
            for (index, point) in matched.enumerated() {
                let quote = index < evidence.count ? ": \"\(evidence[index])\"" : ""
                lines.append("  + \(point)\(quote)")
            }
            for point in missed { lines.append("  - missed: \(point)") }
        }
        if let modelAnswer {
            lines.append("A model answer: \(modelAnswer)")
        } else if !correct {
            lines.append("The answer: \(correctAnswer)")
        } else {
            lines.append("Answer: \(correctAnswer)")
        }
        lines += reveal
        lines.append(explanation)
        if canOverride { lines.append("If your answer does make these points in other words, type `i was right` (or `override`).") }
        if comesBackThisSession { lines.append("This one comes back in a few questions.") }
        if flagged { lines.append("Flagged: missed \(CardState.flagThreshold) times since you last knew it. The lesson on this topic may help.") }
        if !counted {
            lines.append("A retry after the answer was shown: it does not change the schedule.")
        } else if correct {
            lines.append(dueInDays <= 0 ? "Due again today." : "Next review in \(dueInDays) day\(dueInDays == 1 ? "" : "s").")
        }
        return lines
    }
}

/// Counts at the end of a session.
public struct QuizSummary: Sendable, Equatable {
    /// Questions answered (re-asks counted each time).
    public let answered: Int
    /// Of those, right (overrides included).
    public let correct: Int
    /// Questions skipped.
    public let skipped: Int
    /// Ids of questions flagged after this session, among those asked.
    public let flagged: [String]
    /// Whether the learner quit before the end.
    public let quit: Bool
    /// Days from the session's day until the first question whose last counted answer was wrong is due again
    /// (those questions come back in `quiz review` from then); nil when no asked question ended missed.
    public var missedDueInDays: Int? = nil

    /// The summary as lines of text.
    public var lines: [String] {
        var lines = ["\(quit ? "Stopped" : "Done"): \(correct) of \(answered) right" + (skipped > 0 ? ", \(skipped) skipped." : ".")]
        if !flagged.isEmpty { lines.append("Flagged (missed often): \(flagged.joined(separator: ", ")).") }
        if let days = missedDueInDays {
            let when = days <= 0 ? "today" : days == 1 ? "tomorrow" : "in \(days) days"
            lines.append("Missed questions come back in `quiz review` \(when).")
        }
        return lines
    }
}

/// The session's answer to one line of input.
public enum QuizReply: Sendable, Equatable {
    /// The answer was graded.
    case feedback(Feedback)
    /// The previous free-text miss now counts as right; the question on screen stays open. (When the question on
    /// screen is the re-ask of that miss, the override closes it and the reply is `.feedback` with `overridden`
    /// set, so that the caller moves on as after any answer.)
    case overridden(Feedback)
    /// The next hint (`number` of `count`).
    case hint(text: String, number: Int, count: Int)
    /// The question was skipped; its schedule is unchanged.
    case skipped(questionID: String)
    /// The input was not an answer this question understands; the question stays open.
    case notUnderstood(String)
    /// The session ended (`quit`, or nothing left).
    case finished(QuizSummary)

    /// The reply as lines of text.
    public var lines: [String] {
        switch self {
        case .feedback(let feedback), .overridden(let feedback): return feedback.lines
        case .hint(let text, let number, let count): return ["Hint \(number) of \(count): \(text)"]
        case .skipped: return ["Skipped."]
        case .notUnderstood(let message): return [message]
        case .finished(let summary): return summary.lines
        }
    }
}

/// One quiz run: picks questions, presents them, grades answers, updates the schedule.
///
/// Use: `next()` gives a question (nil at the end); pass each input line to `handle(_:)` until it returns
/// `.feedback`, `.skipped` or `.finished`; then `next()` again. Commands at any time: `hint`, `skip`, `quit`;
/// after a free-text miss (also once the next question is shown): `override` or `i was right`.
/// Save `progress` after every reply: it already holds the new schedule; `reviews` holds every answer of the
/// session as review-log entries (`LearnerStore.record(_:)` saves one).
///
/// Scheduling: each answer is graded as `ReviewGrade` documents and scheduled with FSRS (`FSRS.schedule`). A question
/// asked again later in the same session after its answer was shown (a retry) is graded and logged but does not
/// count as a review: its card does not move.
public struct QuizSession: Sendable {
    /// Which questions a session takes.
    public enum Mode: Sendable, Equatable {
        /// Up to `count` questions of `topic` (nil: all topics): the due ones first (most overdue first),
        /// then new ones, then those due soonest (unless the order is seeded, see `init`).
        case practice(topic: String?, count: Int)
        /// Every question due today or earlier, most overdue first, up to `count` (nil: all of them).
        case review(count: Int?)
    }

    /// How many questions `quiz` asks when no `--count` is given.
    public static let defaultCount = 10
    /// A question missed in the session comes back after this many other questions (or at the end).
    public static let retryGap = 3
    /// A question is asked again in one session at most this many times.
    public static let maximumRetries = 2
    /// A right answer to a true/false or choice question given within this many seconds of the question being shown
    /// (and without a hint) is graded `easy`, unless the question was already answered the same day: a quick answer
    /// to a question seen minutes ago shows short-term memory, and FSRS's same-day formula would multiply the
    /// stability of an `easy` by about 1.6 each time (cramming). Such an answer is graded `good`.
    public static let quickAnswerSeconds = 15.0

    /// Every answer of this session, in order, as review-log entries (retries with `counted == false`).
    public private(set) var reviews: [ReviewEntry] = []
    /// The scheduler.
    public let scheduler: FSRS

    /// The schedule and results, updated by every answer. Save it after each reply.
    public private(set) var progress: QuizProgress
    /// The question shown now, nil before the first `next()` and at the end.
    public private(set) var current: PresentedQuestion?

    let bank: QuestionBank
    let seed: UInt64
    let day: Int
    var queue: [(id: String, retry: Bool)]
    var asked = 0
    var answeredCount = 0
    var correctCount = 0
    var skippedCount = 0
    var askedIDs: [String] = []
    var retries: [String: Int] = [:]
    var hintsShown = 0
    var answeredCurrent = false
    var lastMiss: (question: QuizQuestion, before: CardState?, requeued: Bool, counted: Bool)?
    let now: @Sendable () -> Date
    var shownAt = Date(timeIntervalSince1970: 0)
    var ended = false
    var quit = false

    /// Plans a session on `day` (see `QuizDay`) from `bank` and `progress`; `seed` fixes the question order
    /// among equals, the choice order and the lab seeds. With `seededOrder` (the learner gave `--seed`), a practice
    /// session asks its questions in an order that is a pure function of the seed, the bank, the topic and the count:
    /// the seeded shuffle of the topic's questions, whatever the schedule says. `now` is the clock that times answers
    /// (for `easy`) and stamps the review log; `scheduler` schedules the answers.
    /// - Throws: `TeachingError` for an unknown topic or a count below 1.
    public init(bank: QuestionBank, progress: QuizProgress, mode: Mode, seed: UInt64, day: Int, seededOrder: Bool = false,
                scheduler: FSRS = .standard, now: @escaping @Sendable () -> Date = { Date() }) throws(TeachingError) {
        self.bank = bank
        self.progress = progress
        self.seed = seed
        self.day = day
        self.scheduler = scheduler
        self.now = now
        var generator = SeededGenerator(seed: seed)
        switch mode {
        case .practice(let topicText, let count):
            guard count >= 1 else { throw .countTooSmall }
            var pool = bank.questions
            if let topicText {
                guard let topic = bank.topic(matching: topicText) else {
                    throw .unknownTopic(topicText, topics: bank.topics.map(\.id))
                }
                pool = pool.filter { $0.topic == topic.id }
            }
            if seededOrder {
                generator.shuffle(&pool)
                queue = pool.prefix(count).map { ($0.id, false) }
                return
            }
            var due: [QuizQuestion] = [], fresh: [QuizQuestion] = [], later: [QuizQuestion] = []
            for question in pool {
                if let card = progress.cards[question.id] {
                    if card.isDue(on: day) { due.append(question) } else { later.append(question) }
                } else {
                    fresh.append(question)
                }
            }
            generator.shuffle(&due)
            generator.shuffle(&fresh)
            generator.shuffle(&later)
            due = Self.stableSorted(due) { progress.cards[$0.id]?.due ?? 0 }
            later = Self.stableSorted(later) { progress.cards[$0.id]?.due ?? 0 }
            queue = (due + fresh + later).prefix(count).map { ($0.id, false) }
        case .review(let count):
            if let count, count < 1 { throw .countTooSmall }
            var due = bank.questions.filter { progress.cards[$0.id]?.isDue(on: day) == true }
            generator.shuffle(&due)
            due = Self.stableSorted(due) { progress.cards[$0.id]?.due ?? 0 }
            queue = due.prefix(count ?? due.count).map { ($0.id, false) }
        }
    }

    /// Sorts by a key, keeping the (shuffled) order among equal keys.
    static func stableSorted(_ items: [QuizQuestion], by key: (QuizQuestion) -> Int) -> [QuizQuestion] {
        items.enumerated().sorted { left, right in
            let a = key(left.element), b = key(right.element)
            return a != b ? a < b : left.offset < right.offset
        }.map(\.element)
    }

    /// Questions planned for this session, re-asks included (what is left plus what was asked).
    public var plannedCount: Int { asked + queue.count }

    /// Whether the session has ended (no question left, or `quit`).
    public var isFinished: Bool { ended }

    /// A line explaining an empty session, or nil when there is something to ask.
    public func emptyMessage(mode: Mode) -> String? {
        guard asked == 0, queue.isEmpty else { return nil }
        switch mode {
        case .practice: return "There are no questions for this topic."
        case .review:
            let upcoming = bank.questions.compactMap { progress.cards[$0.id]?.due }.filter { $0 > day }.min()
            if let upcoming {
                return "Nothing is due. The next review is in \(upcoming - day) day\(upcoming - day == 1 ? "" : "s") (\(QuizDay.text(of: upcoming))); `quiz` practises anyway."
            }
            return "Nothing is due yet: answer some questions with `quiz` first."
        }
    }

    /// Moves to the next question and returns it; nil when the session is over.
    public mutating func next() -> PresentedQuestion? {
        guard !ended else { return nil }
        while let entry = queue.first {
            queue.removeFirst()
            guard let question = bank.question(id: entry.id) else { continue }
            asked += 1
            hintsShown = 0
            answeredCurrent = false
            shownAt = now()
            if !askedIDs.contains(question.id) { askedIDs.append(question.id) }
            current = present(question, retry: entry.retry)
            return current
        }
        current = nil
        ended = true
        return nil
    }

    func present(_ question: QuizQuestion, retry: Bool) -> PresentedQuestion {
        var generator = SeededGenerator(seed: seed ^ StableHash.fnv1a(question.id) ^ UInt64(retries[question.id] ?? 0) &* 0x9E37_79B9)
        var choices: [String] = []
        var lab: PresentedLab?
        switch question.expected {
        case .choice(let all, _):
            choices = all
            generator.shuffle(&choices)
        case .lab(let setup, let all, let right):
            // Lab choices keep the teacher's order ("too high / too low / about right" reads best in order); a two-run
            // question instead shows its runs either way round (seeded), which moves the right answer to the mirrored
            // choice, so that it is not always the same letter.
            choices = all
            let seed = setup.seeds[generator.below(setup.seeds.count)]
            if let mirrored = setup.mirroredChoice(of: right, among: all), generator.below(2) == 1 {
                lab = PresentedLab(setup: setup.swappingRuns(), seed: seed, answer: all[mirrored])
            } else {
                lab = PresentedLab(setup: setup, seed: seed, answer: all[right])
            }
        default:
            break
        }
        let total = asked + queue.count
        var lines = ["[\(asked)/\(total)] \(bank.topics.first { $0.id == question.topic }?.title ?? question.topic)"
                     + (retry ? " (again)" : "")]
        lines += question.prompt.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (index, choice) in choices.enumerated() { lines.append("  \(ChoiceGrader.letter(index))) \(choice)") }
        let commands = question.hints.isEmpty ? "skip or quit" : "hint, skip or quit"
        switch question.expected {
        case .choice, .lab:
            lines.append(ChoiceGrader.usage(choiceCount: choices.count) + "; or \(commands).")
        case .trueFalse:
            lines.append("Answer true or false, or \(commands).")
        case .numeric(_, _, let unit):
            lines.append("Answer with a number\(unit.map { $0 == "%" ? " (in %)" : " (in \($0))" } ?? ""), or \(commands).")
        case .freeText:
            lines.append("Answer in a sentence or two, or \(commands).")
        }
        return PresentedQuestion(question: question, position: asked, total: total, choices: choices, lab: lab,
                                 isRetry: retry, lines: lines)
    }

    /// Handles one line typed by the learner: a command or an answer to the current question.
    public mutating func handle(_ line: String) -> QuizReply {
        let words = TextMatcher.normalizedWords(line)
        let command = words.joined(separator: " ")
        if command == "quit" || command == "exit" {
            ended = true
            quit = true
            current = nil
            return .finished(summary)
        }
        if command == "override" || command == "i was right" || command == "i m right" || command == "i am right" {
            return override()
        }
        guard let presented = current, !ended else {
            return .notUnderstood("There is no open question. Type `quiz` to start, or `quiz review`.")
        }
        if answeredCurrent {
            return .notUnderstood("This question is answered; go on to the next one.")
        }
        if command == "hint" {
            guard !presented.question.hints.isEmpty else {
                return .notUnderstood("This question has no hints. Answer it, or type skip.")
            }
            guard hintsShown < presented.question.hints.count else {
                return .notUnderstood("No more hints. Answer it, or type skip.")
            }
            hintsShown += 1
            return .hint(text: presented.question.hints[hintsShown - 1], number: hintsShown, count: presented.question.hints.count)
        }
        if command == "skip" {
            answeredCurrent = true
            skippedCount += 1
            return .skipped(questionID: presented.question.id)
        }
        return grade(line, presented: presented)
    }

    mutating func grade(_ line: String, presented: PresentedQuestion) -> QuizReply {
        let question = presented.question
        var correct: Bool
        var matched: [String] = [], missed: [String] = [], evidence: [String] = []
        switch question.expected {
        case .choice(let all, let right), .lab(_, let all, let right):
            let index: Int
            switch ChoiceGrader.read(line, choices: presented.choices) {
            case .choice(let named): index = named
            case .notUnderstood(let message): return .notUnderstood(message)
            }
            correct = presented.choices[index] == (presented.lab?.answer ?? all[right])
        case .trueFalse(let value):
            guard let given = TrueFalseGrader.interpret(line) else {
                return .notUnderstood("Answer true or false (t/f, yes/no also work).")
            }
            correct = given == value
        case .numeric(let value, let tolerance, let unit):
            let given: Double
            switch NumericGrader.read(line, unit: unit) {
            case .number(let number): given = number
            case .notUnderstood(let message): return .notUnderstood(message)
            }
            correct = tolerance.accepts(given, expected: value)
        case .freeText(let rubric):
            guard !TextMatcher.keyWords(line).isEmpty else {
                return .notUnderstood("Type your answer in a sentence or two (or hint, skip, quit).")
            }
            let result = RubricGrader.grade(line, rubric: rubric)
            correct = result.passed
            matched = result.matched
            missed = result.missed
            evidence = result.points.filter(\.made).map { $0.evidence ?? "" }
        }
        let before = progress.cards[question.id]
        let time = now()
        var grade: ReviewGrade = correct ? .good : .again
        if correct && hintsShown > 0 {
            grade = .hard
        } else if correct, question.kind == .trueFalse || question.kind == .choice, before?.lastDay != day,
                  time.timeIntervalSince(shownAt) <= Self.quickAnswerSeconds {
            grade = .easy
        }
        let counted = !presented.isRetry
        let card = counted ? progress.record(questionID: question.id, topic: question.topic, grade: grade, day: day, scheduler: scheduler) : before
        reviews.append(ReviewEntry(time: time, day: day, questionID: question.id, topic: question.topic, grade: grade,
                                   counted: counted, isOverride: false, elapsedDays: before.map { max(0, day - $0.lastDay) },
                                   before: before, after: card))
        answeredCurrent = true
        answeredCount += 1
        if correct { correctCount += 1 }
        var requeued = false
        if !correct && (retries[question.id] ?? 0) < Self.maximumRetries {
            retries[question.id, default: 0] += 1
            queue.insert((question.id, true), at: min(Self.retryGap, queue.count))
            requeued = true
        }
        lastMiss = correct ? nil : (question, before, requeued, counted)
        let feedback = Feedback(
            questionID: question.id, correct: correct, correctAnswer: presented.lab?.answer ?? question.answerText, matched: matched, missed: missed, evidence: evidence,
            modelAnswer: question.modelAnswer, explanation: question.explanation,
            reveal: presented.lab.map { $0.setup.revealText(seed: $0.seed) } ?? [],
            canOverride: !correct && question.kind == .freeText, overridden: false, flagged: card?.flagged ?? false,
            dueInDays: (card?.due ?? day) - day, comesBackThisSession: requeued, counted: counted)
        return .feedback(feedback)
    }

    mutating func override() -> QuizReply {
        guard let miss = lastMiss else {
            return .notUnderstood("There is no missed answer to override.")
        }
        guard miss.question.kind == .freeText else {
            return .notUnderstood("Only a free-text answer can be overridden; the other kinds are graded exactly.")
        }
        lastMiss = nil
        let card = miss.counted
            ? progress.overrideMiss(questionID: miss.question.id, topic: miss.question.topic, before: miss.before, day: day, scheduler: scheduler)
            : miss.before
        reviews.append(ReviewEntry(time: now(), day: day, questionID: miss.question.id, topic: miss.question.topic, grade: .hard,
                                   counted: miss.counted, isOverride: true, elapsedDays: miss.before.map { max(0, day - $0.lastDay) },
                                   before: miss.before, after: card))
        correctCount += 1
        // The re-ask of that miss may already be on screen: the override closes it too.
        let closesCurrent = current?.question.id == miss.question.id && current?.isRetry == true && !answeredCurrent
        if closesCurrent { answeredCurrent = true }
        if miss.requeued, let index = queue.firstIndex(where: { $0.id == miss.question.id && $0.retry }) {
            queue.remove(at: index)
            retries[miss.question.id, default: 1] -= 1
        }
        let feedback = Feedback(
            questionID: miss.question.id, correct: true, correctAnswer: miss.question.answerText, matched: [], missed: [], evidence: [],
            modelAnswer: nil, explanation: "", reveal: [], canOverride: false, overridden: true, flagged: card?.flagged ?? false,
            dueInDays: (card?.due ?? day) - day, comesBackThisSession: false, counted: miss.counted)
        return closesCurrent ? .feedback(feedback) : .overridden(feedback)
    }

    /// Counts so far (final once the session is finished).
    public var summary: QuizSummary {
        let missedDue = askedIDs.compactMap { progress.cards[$0] }.filter { !$0.lastCorrect }.map(\.due).min()
        return QuizSummary(answered: answeredCount, correct: correctCount, skipped: skippedCount,
                           flagged: askedIDs.filter { progress.cards[$0]?.flagged == true }, quit: quit,
                           missedDueInDays: missedDue.map { $0 - day })
    }
}
