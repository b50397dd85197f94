import Vocabulary
import Foundation
import Testing
@testable import Teaching

@Suite struct LeitnerScheduleTests {
    @Test func rightAnswersClimbTheBoxesWithTheDocumentedIntervals() {
        var card: CardState?
        var day = 100
        var dues: [Int] = []
        for _ in 0..<7 {
            let next = LeitnerSchedule.record(card, correct: true, day: day)
            dues.append(next.due - day)
            card = next
            day = next.due
        }
        // First right answer: box 2 (1 day), then 3, 7, 14, 30, and box 6 stays at 30.
        #expect(dues == [1, 3, 7, 14, 30, 30, 30])
        #expect(card?.box == 6 && card?.answered == 7 && card?.correct == 7 && card?.misses == 0)
    }

    @Test func aMissGoesBackToBoxOneAndIsDueTheSameDay() {
        var card = LeitnerSchedule.record(nil, correct: true, day: 0)
        card = LeitnerSchedule.record(card, correct: true, day: 1)
        #expect(card.box == 3)
        card = LeitnerSchedule.record(card, correct: false, day: 4)
        #expect(card.box == 1 && card.due == 4 && card.isDue(on: 4) && card.misses == 1)
        #expect(!card.flagged)
    }

    @Test func threeMissesFlag() {
        var card: CardState?
        for (index, correct) in [false, true, false, true, false].enumerated() {
            card = LeitnerSchedule.record(card, correct: correct, day: index)
            #expect(card?.flagged == (index == 4))
        }
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

    @Test func simulatedDaysFollowTheBoxes() throws {
        let bank = smallBank(count: 4)
        var progress = QuizProgress()
        // Day 0: everything new, q1 missed (and missed again when it comes back), the rest right.
        var session = try QuizSession(bank: bank, progress: progress, mode: .practice(topic: nil, count: 10), seed: 7, day: 0)
        let dayZero = run(&session) { $0 == "q1" ? "false" : "true" }
        #expect(dayZero.filter { $0 == "q1" }.count == 1 + QuizSession.maximumRetries)
        #expect(Set(dayZero) == ["q0", "q1", "q2", "q3"])
        progress = session.progress
        #expect(progress.cards["q1"]?.box == 1 && progress.cards["q1"]?.due == 0)
        #expect(progress.cards["q0"]?.box == 2 && progress.cards["q0"]?.due == 1)

        // Still day 0: review offers exactly the missed one.
        session = try QuizSession(bank: bank, progress: progress, mode: .review(count: nil), seed: 7, day: 0)
        #expect(run(&session) { _ in "true" } == ["q1"])
        progress = session.progress
        #expect(progress.cards["q1"]?.flagged == true)   // three misses on day 0
        #expect(progress.cards["q1"]?.due == 1)

        // Day 1: all four due (box 2, one day).
        session = try QuizSession(bank: bank, progress: progress, mode: .review(count: nil), seed: 7, day: 1)
        #expect(Set(run(&session) { _ in "true" }) == ["q0", "q1", "q2", "q3"])
        progress = session.progress
        #expect(progress.cards.values.allSatisfy { $0.box == 3 && $0.due == 4 })

        // Days 2 and 3: nothing due; the message names the wait.
        for day in [2, 3] {
            session = try QuizSession(bank: bank, progress: progress, mode: .review(count: nil), seed: 7, day: day)
            #expect(session.emptyMessage(mode: .review(count: nil)) == "Nothing is due. The next review is in \(4 - day) day\(4 - day == 1 ? "" : "s"); `quiz` practises anyway.")
            #expect(session.next() == nil)
        }
        // Day 4: due again; miss q2 -> box 1, due the same day; the others go to box 4 (7 days).
        session = try QuizSession(bank: bank, progress: progress, mode: .review(count: nil), seed: 7, day: 4)
        var missedOnce = false
        _ = run(&session) { id in
            if id == "q2" && !missedOnce {
                missedOnce = true
                return "no"
            }
            return "yes"
        }
        progress = session.progress
        #expect(progress.cards["q2"]?.box == 2 && progress.cards["q2"]?.due == 5)   // missed, then right when re-asked
        #expect(progress.cards["q0"]?.due == 11)
        // Stats per day.
        let stats = QuizStats(bank: bank, progress: progress, today: 4)
        #expect(stats.days.map(\.day) == Array(-2...4))
        #expect(stats.days.first { $0.day == 0 }.map { [$0.correct, $0.wrong] } == [4, 3])
        #expect(stats.days.first { $0.day == 1 }.map { [$0.correct, $0.wrong] } == [4, 0])
        #expect(stats.days.first { $0.day == 4 }.map { [$0.correct, $0.wrong] } == [4, 1])
        #expect(stats.days.first { $0.day == 2 }.map { [$0.correct, $0.wrong] } == [0, 0])
    }

    @Test func practicePutsDueQuestionsFirstThenNewOnesAndRespectsCountAndTopic() throws {
        let bank = smallBank(count: 6)
        var progress = QuizProgress()
        progress.record(questionID: "q4", topic: "alpha", correct: false, day: 10)   // due (box 1)
        progress.record(questionID: "q2", topic: "alpha", correct: true, day: 10)    // not due until 11
        var session = try QuizSession(bank: bank, progress: progress, mode: .practice(topic: "alpha", count: 2), seed: 1, day: 10)
        #expect(session.plannedCount == 2)
        #expect(session.next()?.question.id == "q4")
        #expect(session.next()?.question.id == "q0")   // the only new alpha question
        // With a larger count, the not-yet-due one comes last.
        session = try QuizSession(bank: bank, progress: progress, mode: .practice(topic: "alp", count: 10), seed: 1, day: 10)
        var ids: [String] = []
        while let question = session.next() { ids.append(question.question.id) }
        #expect(ids == ["q4", "q0", "q2"])
        #expect(throws: QuizSessionError.self) {
            try QuizSession(bank: bank, progress: progress, mode: .practice(topic: "gamma", count: 3), seed: 1, day: 10)
        }
        #expect(throws: QuizSessionError.self) {
            try QuizSession(bank: bank, progress: progress, mode: .practice(topic: nil, count: 0), seed: 1, day: 10)
        }
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
