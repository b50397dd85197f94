import Vocabulary
import Foundation
import Testing
@testable import Teaching

/// A clock for sessions: each reading returns the time, then moves it on by `step` seconds.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var time: Date
    private let step: TimeInterval

    init(start: Date = Date(timeIntervalSince1970: 1_800_000_000), step: TimeInterval) {
        time = start
        self.step = step
    }

    @Sendable func now() -> Date {
        lock.lock()
        defer { lock.unlock() }
        let current = time
        time += step
        return current
    }
}

/// py-fsrs's numbers, committed with their provenance (see Fixtures/make-fsrs-fixture.py).
struct FSRSFixture: Decodable {
    struct Review: Decodable {
        let day: Int
        let grade: Int
        let stability: Double
        let difficulty: Double
        let interval: Int
    }
    struct Case: Decodable {
        let name: String
        let retention: Double
        let reviews: [Review]
    }
    struct Provenance: Decodable {
        let version: String
        let parameters: [Double]
    }
    let provenance: Provenance
    let cases: [Case]

    static func load() throws -> FSRSFixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/fsrs-reference.json")
        return try JSONDecoder().decode(FSRSFixture.self, from: Data(contentsOf: url))
    }
}

@Suite struct FSRSTests {
    @Test func matchesThePyFSRSReferenceFixture() throws {
        let fixture = try FSRSFixture.load()
        #expect(fixture.provenance.parameters == FSRS.defaultParameters)
        #expect(fixture.cases.count >= 30)
        for reference in fixture.cases {
            let scheduler = FSRS(desiredRetention: reference.retention)
            var memory: MemoryState?
            var lastDay = 0
            for (index, review) in reference.reviews.enumerated() {
                let grade = try #require(ReviewGrade(rawValue: review.grade))
                let (next, interval) = scheduler.review(memory, grade: grade, elapsedDays: memory == nil ? 0 : review.day - lastDay)
                let label = "\(reference.name) r=\(reference.retention) review \(index)"
                #expect(abs(next.stability - review.stability) <= 1e-9 * max(1, review.stability), "\(label): S \(next.stability) vs \(review.stability)")
                #expect(abs(next.difficulty - review.difficulty) <= 1e-9 * max(1, review.difficulty), "\(label): D \(next.difficulty) vs \(review.difficulty)")
                #expect(interval == review.interval, "\(label): interval")
                memory = next
                lastDay = review.day
            }
        }
    }

    @Test func intervalIsTheStabilityAtNinetyPercentAndRetrievabilityIsNinetyPercentThen() {
        let scheduler = FSRS.standard
        for stability in [1.0, 2.5, 10, 123.4] {
            #expect(scheduler.interval(stability: stability) == max(1, Int(stability.rounded(.toNearestOrEven))))
            #expect(abs(scheduler.retrievability(elapsedDays: Int(stability), stability: stability.rounded(.down)) - 0.9) < 1e-12)
        }
        // Lower desired retention, longer intervals; the bound holds.
        #expect(FSRS(desiredRetention: 0.8).interval(stability: 10) > 10)
        #expect(scheduler.interval(stability: 1e9) == FSRS.maximumInterval)
        #expect(FSRS(desiredRetention: .nan).desiredRetention == 0.9 && FSRS(desiredRetention: 5).desiredRetention == 0.99)
    }
}

@Suite struct CardScheduleTests {
    let fsrs = FSRS.standard

    @Test func crammingFiveTimesInOneEveningDoesNotPushACardOut() {
        var card = fsrs.schedule(nil, grade: .good, day: 0)
        let first = card.due
        for _ in 0..<5 { card = fsrs.schedule(card, grade: .good, day: 0) }
        // The short-term formula keeps S where it was for a same-day good: still due on the first interval.
        #expect(card.due == first && first <= 3)
        #expect(card.answered == 6)
    }

    @Test func earlyReviewsEarnLessThanOnTimeAndLateOnesMore() {
        let start = fsrs.schedule(fsrs.schedule(nil, grade: .good, day: 0), grade: .good, day: 2)   // S ≈ 13.8, due day 16
        let early = fsrs.schedule(start, grade: .good, day: 3)
        let onTime = fsrs.schedule(start, grade: .good, day: start.due)
        let late = fsrs.schedule(start, grade: .good, day: start.due + 60)
        #expect(early.stability < onTime.stability && onTime.stability < late.stability)
        #expect(early.due - 3 < onTime.due - start.due)
        #expect(late.due - (start.due + 60) > 100)   // sixty days late and still right: far more than 14 days
    }

    @Test func flagsSetAtThreeMissesAndClearWhenRecalledOnALaterDay() {
        var card = fsrs.schedule(nil, grade: .again, day: 0)
        card = fsrs.schedule(card, grade: .again, day: 0)
        card = fsrs.schedule(card, grade: .good, day: 0)    // same day: not learned again
        #expect(!card.flagged && card.missesSinceLearned == 2)
        card = fsrs.schedule(card, grade: .again, day: 1)
        #expect(card.flagged)
        card = fsrs.schedule(card, grade: .good, day: 1)    // same day again: still flagged
        #expect(card.flagged)
        card = fsrs.schedule(card, grade: .hard, day: 2)    // recalled a day later: learned again
        #expect(!card.flagged && card.misses == 3 && card.correct == 3 && card.answered == 6)
    }

    @Test func leitnerCardsAreConvertedOnRead() throws {
        let json = """
            {"version": 1, "cards": {"a": {"box": 4, "due": 20010, "answered": 5, "correct": 4, "misses": 1, "lastDay": 20003, "lastCorrect": true},
                                     "b": {"box": 1, "due": 20003, "answered": 4, "correct": 1, "misses": 3, "lastDay": 20003, "lastCorrect": false}},
             "results": [{"day": 20003, "topic": "t", "correct": 1, "wrong": 1}]}
            """
        let progress = try JSONDecoder().decode(QuizProgress.self, from: Data(json.utf8))
        #expect(progress.converted == 2 && progress.refused.isEmpty)
        let a = try #require(progress.cards["a"]), b = try #require(progress.cards["b"])
        #expect(a.stability == 7 && a.due == 20010 && a.answered == 5 && !a.flagged)
        #expect(b.stability == FSRS.defaultParameters[0] && b.flagged)
        let good = FSRS.standard.initialDifficulty(.good)
        #expect(abs(a.difficulty - (good + (10 - good) * 0.2)) < 1e-12 && abs(b.difficulty - (good + (10 - good) * 0.75)) < 1e-12)
        // Saved again, it is FSRS data with no box.
        let saved = String(decoding: try JSONEncoder().encode(progress), as: UTF8.self)
        #expect(!saved.contains("box") && saved.contains("stability"))
    }

    @Test func impossibleValuesAreRefusedOneByOneWithoutACrash() throws {
        let json = """
            {"version": 1, "cards": {
               "ok": {"box": 2, "due": 20010, "answered": 1, "correct": 1, "misses": 0, "lastDay": 20009, "lastCorrect": true},
               "negativeBox": {"box": -1, "due": 20010, "answered": 1, "correct": 1, "misses": 0, "lastDay": 20009, "lastCorrect": true},
               "hugeCount": {"box": 2, "due": 20010, "answered": 9223372036854775807, "correct": 9223372036854775807, "misses": 0, "lastDay": 20009, "lastCorrect": true},
               "overflow": {"box": 2, "due": 20010, "answered": 9223372036854775808, "correct": 1, "misses": 0, "lastDay": 20009, "lastCorrect": true},
               "ancient": {"box": 2, "due": -1000000000, "answered": 1, "correct": 1, "misses": 0, "lastDay": -1000000000, "lastCorrect": true},
               "nan": {"stability": -3, "difficulty": 99, "due": 1, "answered": 1, "correct": 1, "misses": 0, "missesSinceLearned": 0, "lastDay": 1, "lastCorrect": true}},
             "results": [{"day": -1000000000, "topic": "t", "correct": 1, "wrong": 0}, {"day": 20009, "topic": "t", "correct": 9223372036854775807, "wrong": 0},
                         {"day": 20009, "topic": "t", "correct": 1, "wrong": 0}]}
            """
        let progress = try JSONDecoder().decode(QuizProgress.self, from: Data(json.utf8))
        #expect(Array(progress.cards.keys) == ["ok"])
        #expect(progress.refused == ["2 daily tallies", "card ancient", "card hugeCount", "card nan", "card negativeBox", "card overflow"])
        #expect(progress.results == [DayResult(day: 20009, topic: "t", correct: 1, wrong: 0)])
        // A stats window is bounded whatever the data said.
        let stats = QuizStats(bank: smallBank(), progress: progress, today: 20_010)
        #expect(stats.days.count == QuizStats.minimumDays)
    }

    @Test func dayNumbersAndText() {
        #expect(QuizDay.text(of: 0) == "1970-01-01")
        #expect(QuizDay.text(of: 20_421) == "2025-11-29")
        #expect(QuizDay.text(of: 11_016) == "2000-02-29")
        let utc = TimeZone(identifier: "UTC")!
        let date = Date(timeIntervalSince1970: 20_422 * 86_400 + 3600 * 23)
        #expect(QuizDay.number(of: date, in: utc) == 20_422)
        // Two hours east of UTC, 23:00 UTC is already the next day.
        #expect(QuizDay.number(of: date, in: TimeZone(secondsFromGMT: 7200)!) == 20_423)
        // Independent check: Foundation's calendar gives the same civil date.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utc
        for day in stride(from: -100_000, through: 800_000, by: 9_973) {   // after 1582: Foundation switches to the Julian calendar before it
            let parts = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(day) * 86_400))
            #expect(QuizDay.text(of: day) == String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0), "\(day)")
        }
    }
}

/// A small bank of true/false questions over two topics for session tests.
func smallBank(count: Int = 6) -> QuestionBank {
    let topics = [QuizTopic(id: "alpha", title: "Alpha"), QuizTopic(id: "beta", title: "Beta")]
    let questions = (0..<count).map { index in
        QuizQuestion(id: "q\(index)", topic: index % 2 == 0 ? "alpha" : "beta", prompt: "Statement \(index)?",
                     expected: .trueFalse(true), modelAnswer: nil, hints: ["first hint", "second hint"],
                     explanation: "Because \(index).", source: SourceLocation(file: "test", line: index))
    }
    return QuestionBank(topics: topics, questions: questions)
}

@Suite struct QuizScheduleOverDaysTests {
    /// Answers every question of a session with `answer(id)`, returning the ids asked in order.
    func run(_ session: inout QuizSession, answer: (String) -> String) -> [String] {
        var asked: [String] = []
        while let question = session.next() {
            asked.append(question.question.id)
            _ = session.handle(answer(question.question.id))
        }
        return asked
    }

    @Test func gradesFollowTheDocumentedMapping() throws {
        let bank = smallBank(count: 1)
        func grade(after commands: [String], answer: String, secondsPerReading: TimeInterval) throws -> ReviewGrade? {
            let clock = TestClock(step: secondsPerReading)
            var session = try QuizSession(bank: bank, progress: QuizProgress(), mode: .practice(topic: nil, count: 1), seed: 1, day: 5,
                                          now: clock.now)
            _ = session.next()
            for command in commands { _ = session.handle(command) }
            _ = session.handle(answer)
            return session.reviews.first?.grade
        }
        #expect(try grade(after: [], answer: "true", secondsPerReading: 2) == .easy)     // quick and right on true/false
        #expect(try grade(after: [], answer: "true", secondsPerReading: 60) == .good)    // right, but slowly
        #expect(try grade(after: ["hint"], answer: "true", secondsPerReading: 2) == .hard)
        #expect(try grade(after: [], answer: "false", secondsPerReading: 2) == .again)
    }

    @Test func fiveQuickRunsInOneEveningDoNotPushQuestionsOut() throws {
        let bank = smallBank(count: 4)
        let quick = TestClock(step: 1)
        var progress = QuizProgress()
        var firstDues: [String: Int] = [:]
        for run in 0..<5 {
            var session = try QuizSession(bank: bank, progress: progress, mode: .practice(topic: nil, count: 4), seed: UInt64(run), day: 100,
                                          now: quick.now)
            _ = self.run(&session) { _ in "true" }
            progress = session.progress
            if run == 0 { firstDues = progress.cards.mapValues(\.due) }
            // Only the first answer of the day can be `easy`.
            #expect(session.reviews.map(\.grade) == Array(repeating: run == 0 ? .easy : .good, count: 4))
        }
        #expect(progress.cards.mapValues(\.due) == firstDues)
        #expect(progress.cards.values.allSatisfy { $0.due - 100 < 30 && $0.answered == 5 })
    }

    @Test func aRetryAfterTheAnswerWasShownIsLoggedButDoesNotMoveTheCard() throws {
        let bank = smallBank(count: 1)
        var session = try QuizSession(bank: bank, progress: QuizProgress(), mode: .practice(topic: nil, count: 1), seed: 1, day: 5)
        var answers = ["false", "true", "true"].makeIterator()
        let asked = run(&session) { _ in answers.next() ?? "true" }
        #expect(asked == ["q0", "q0"])
        #expect(session.reviews.map(\.counted) == [true, false])
        let card = try #require(session.progress.cards["q0"])
        #expect(card.answered == 1 && card.misses == 1 && !card.lastCorrect && card.due == 6)
        #expect(session.reviews[1].before == card && session.reviews[1].after == card)
        // The summary says missed questions come back, and when; a clean run says nothing of it.
        #expect(session.summary.lines.contains("Missed questions come back in `quiz review` tomorrow."))
        var clean = try QuizSession(bank: bank, progress: QuizProgress(), mode: .practice(topic: nil, count: 1), seed: 1, day: 5)
        _ = run(&clean) { _ in "true" }
        #expect(!clean.summary.lines.joined().contains("come back"))
    }

    @Test func simulatedDaysFollowFSRS() throws {
        let bank = smallBank(count: 4)
        var progress = QuizProgress()
        let slow = TestClock(step: 60)   // no answer is quick: right is `good`
        // Day 0: everything new, q1 missed (it comes back twice as an uncounted retry), the rest right.
        var session = try QuizSession(bank: bank, progress: progress, mode: .practice(topic: nil, count: 10), seed: 7, day: 0, now: slow.now)
        let dayZero = run(&session) { $0 == "q1" ? "false" : "true" }
        #expect(dayZero.filter { $0 == "q1" }.count == 1 + QuizSession.maximumRetries)
        progress = session.progress
        let goodInterval = FSRS.standard.interval(stability: FSRS.defaultParameters[2])
        #expect(progress.cards["q1"]?.due == 1 && progress.cards["q1"]?.misses == 1)
        #expect(progress.cards["q0"]?.due == goodInterval)
        // Still day 0: nothing is due; the message names the wait and the date.
        session = try QuizSession(bank: bank, progress: progress, mode: .review(count: nil), seed: 7, day: 0, now: slow.now)
        #expect(session.emptyMessage(mode: .review(count: nil)) == "Nothing is due. The next review is in 1 day (1970-01-02); `quiz` practises anyway.")
        let plan = ReviewPlan(bank: bank, progress: progress, today: 0)
        #expect(plan.due.isEmpty && plan.nextDueDay == 1 && plan.nextDueCount == 1 && plan.dueNextWeek == 4)
        #expect(plan.line == "Nothing is due now; next: 1 on 1970-01-02 (tomorrow), 4 in the next 7 days.")
        // Day 1: q1 is due and recalled.
        session = try QuizSession(bank: bank, progress: progress, mode: .review(count: nil), seed: 7, day: 1, now: slow.now)
        #expect(run(&session) { _ in "true" } == ["q1"])
        progress = session.progress
        // The day tallies count counted answers only (the two retries are not there).
        let stats = QuizStats(bank: bank, progress: progress, today: 1, reviews: session.reviews)
        #expect(stats.days.first { $0.day == 0 }.map { [$0.correct, $0.wrong] } == [3, 1])
        #expect(stats.days.first { $0.day == 1 }.map { [$0.correct, $0.wrong, $0.reviews, $0.recalled] } == [1, 0, 1, 1])
    }

    @Test func practicePutsDueQuestionsFirstThenNewOnesAndRespectsCountAndTopic() throws {
        let bank = smallBank(count: 6)
        var progress = QuizProgress()
        progress.record(questionID: "q4", topic: "alpha", correct: false, day: 9)    // due on day 10
        progress.record(questionID: "q2", topic: "alpha", correct: true, day: 10)    // due later
        var session = try QuizSession(bank: bank, progress: progress, mode: .practice(topic: "alpha", count: 2), seed: 1, day: 10)
        #expect(session.plannedCount == 2)
        #expect(session.next()?.question.id == "q4")
        #expect(session.next()?.question.id == "q0")   // the only new alpha question
        // With a larger count, the not-yet-due one comes last.
        session = try QuizSession(bank: bank, progress: progress, mode: .practice(topic: "alp", count: 10), seed: 1, day: 10)
        var ids: [String] = []
        while let question = session.next() { ids.append(question.question.id) }
        #expect(ids == ["q4", "q0", "q2"])
        #expect(throws: TeachingError.unknownTopic("gamma", topics: bank.topics.map(\.id))) {
            try QuizSession(bank: bank, progress: progress, mode: .practice(topic: "gamma", count: 3), seed: 1, day: 10)
        }
        #expect(throws: TeachingError.countTooSmall) {
            try QuizSession(bank: bank, progress: progress, mode: .practice(topic: nil, count: 0), seed: 1, day: 10)
        }
    }

    @Test func aSeededOrderIsAPureFunctionOfTheSeed() throws {
        let bank = smallBank(count: 6)
        func order(_ seed: UInt64, _ progress: QuizProgress, day: Int) throws -> [String] {
            var session = try QuizSession(bank: bank, progress: progress, mode: .practice(topic: nil, count: 4), seed: seed, day: day, seededOrder: true)
            var ids: [String] = []
            while let question = session.next() { ids.append(question.question.id) }
            return ids
        }
        var answered = QuizProgress()
        answered.record(questionID: "q3", topic: "beta", correct: false, day: 0)
        answered.record(questionID: "q5", topic: "beta", correct: true, day: 0)
        // The same seed gives the same questions in the same order whatever the schedule holds and whatever the day.
        #expect(try order(42, QuizProgress(), day: 0) == order(42, answered, day: 30))
        #expect(try Set((0..<8).map { try order(UInt64($0), QuizProgress(), day: 0) }).count > 1)
    }

    @Test func theSameSeedGivesTheSameOrderAndAnotherSeedUsuallyNot() throws {
        let bank = smallBank(count: 6)
        func order(_ seed: UInt64) throws -> [String] {
            var session = try QuizSession(bank: bank, progress: QuizProgress(), mode: .practice(topic: nil, count: 6), seed: seed, day: 0)
            var ids: [String] = []
            while let question = session.next() { ids.append(question.question.id) }
            return ids
        }
        #expect(try order(3) == order(3))
        let orders = try Set((0..<8).map { try order(UInt64($0)) })
        #expect(orders.count > 1)
        #expect(try Set(order(5)) == Set((0..<6).map { "q\($0)" }))
    }
}
