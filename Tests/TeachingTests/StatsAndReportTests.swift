import Vocabulary
import Foundation
import Testing
@testable import Teaching

@Suite struct QuizStatsTests {
    /// Two topics whose ids share a prefix, for prefix lookups.
    func bank() -> QuestionBank {
        let topics = [QuizTopic(id: "learning-rate", title: "Learning rate"), QuizTopic(id: "layers", title: "Layers"),
                      QuizTopic(id: "search", title: "Search")]
        let questions = ["learning-rate", "learning-rate", "layers", "search"].enumerated().map { index, topic in
            QuizQuestion(id: "\(topic)-\(index)", topic: topic, prompt: "?", expected: .trueFalse(true), modelAnswer: nil, hints: [],
                         explanation: "", source: SourceLocation(file: "t", line: index))
        }
        return QuestionBank(topics: topics, questions: questions)
    }

    @Test func aPrefixShowsItsTopicsRowsAndAnAmbiguousOneIsRefused() throws {
        let bank = bank()
        var progress = QuizProgress()
        progress.record(questionID: "learning-rate-0", topic: "learning-rate", correct: true, day: 10)
        let stats = QuizStats(bank: bank, progress: progress, today: 10, topic: "lea")
        #expect(stats.topics.map(\.topic) == ["learning-rate"] && stats.topics[0].answered == 1)
        #expect(try QuizStats.resolveTopic("lea", in: bank).id == "learning-rate")
        do {
            _ = try QuizStats.resolveTopic("l", in: bank)
            Issue.record("`l` is ambiguous")
        } catch {
            #expect(error.message == "`l` could be learning-rate or layers; type more of the name")
        }
        #expect(throws: TeachingError.self) { try QuizStats.resolveTopic("zzz", in: bank) }
    }

    @Test func retentionDueCountsAndFlaggedNamesPerTopic() throws {
        let bank = bank()
        let fsrs = FSRS.standard
        var progress = QuizProgress()
        var log: [ReviewEntry] = []
        func answer(_ id: String, _ topic: String, _ grade: ReviewGrade, day: Int) {
            let before = progress.cards[id]
            let after = progress.record(questionID: id, topic: topic, grade: grade, day: day)
            log.append(ReviewEntry(time: Date(), day: day, questionID: id, topic: topic, grade: grade, counted: true, isOverride: false,
                                   elapsedDays: before.map { day - $0.lastDay }, before: before, after: after))
        }
        answer("learning-rate-0", "learning-rate", .good, day: 0)   // new: not a review
        answer("learning-rate-0", "learning-rate", .good, day: 2)   // review, recalled
        answer("learning-rate-1", "learning-rate", .again, day: 0)
        answer("learning-rate-1", "learning-rate", .again, day: 1)  // review, forgotten
        answer("learning-rate-1", "learning-rate", .again, day: 2)  // review, forgotten: third miss, flagged
        answer("layers-2", "layers", .good, day: 2)
        let stats = QuizStats(bank: bank, progress: progress, today: 3, reviews: log)
        let rate = stats.topics[0]
        #expect(rate.answered == 5 && rate.reviews == 3 && rate.recalled == 1)
        #expect(rate.retention.map { abs($0 - 1.0 / 3) < 1e-12 } == true)
        #expect(rate.flaggedQuestions == ["learning-rate-1"])
        #expect(rate.due == 1)                      // learning-rate-1 due on day 3
        let due0 = try #require(progress.cards["learning-rate-0"]).due
        #expect(rate.dueNextWeek == (due0 <= 10 ? 1 : 0))
        #expect(stats.topics[1].reviews == 0 && stats.topics[1].retention == nil)
        #expect(stats.tableLines.contains("flagged in learning-rate: learning-rate-1"))
        // The day series: every day from the first answer (or a week back), no NaN anywhere, honest ranges.
        #expect(stats.days.map(\.day) == Array(-3...3))
        let retention = stats.retentionSeries
        #expect(retention.xs == [-2, -1] && retention.ys == [0, 0.5] && retention.yRange == 0...1)
        #expect(retention.ys.allSatisfy { $0.isFinite })
        let answers = stats.answersSeries
        #expect(answers.ys == [0, 0, 0, 2, 1, 3, 0] && answers.yRange == 0...3)
        #expect(fsrs.interval(stability: 1) == 1)
        // JSON for tools, with retention null where unknown.
        let json = String(decoding: try JSONEncoder().encode(stats), as: UTF8.self)
        #expect(json.contains("\"retention\":null") && json.contains("\"flaggedQuestions\":[\"learning-rate-1\"]"))
        let decoded = try JSONDecoder().decode(QuizStats.self, from: Data(json.utf8))
        #expect(decoded == stats)
    }

    @Test func anEmptyHistoryGivesAWeekOfZerosAndAnEmptyRetentionSeries() {
        let stats = QuizStats(bank: bank(), progress: QuizProgress(), today: 100)
        #expect(stats.days.count == QuizStats.minimumDays && stats.days.allSatisfy { $0.answered == 0 })
        #expect(stats.retentionSeries.xs.isEmpty && stats.answersSeries.yRange == 0...1)
    }
}

@Suite struct LearnerReportTests {
    func book() -> LessonBook {
        LessonBook.parse([(path: "d/02-sample.md", text: LessonFixtures.sample)], policy: LessonFixtures.policy)
    }

    @Test func theReportCountsLessonsStepsRetentionAndDaysAndRendersMarkdownAndJSON() throws {
        let book = book()
        #expect(book.errors.isEmpty, "\(book.errors)")
        let lesson = try #require(book.lessons.first)
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try LearnerStore.open(directory: root.path)
        let steps = lesson.steps.map(\.id)
        try store.saveLesson(lesson.id, progress: LessonProgress(step: nil, completed: steps + ["gone"], finished: true), since: nil, day: 20_001)
        try store.record(entry("q0", grade: .good, day: 20_000))
        try store.record(entry("q0", grade: .again, day: 20_003))
        let report = try store.report(book: book, bank: smallBank(count: 2), today: 20_005)
        #expect(report.lessonsFinished == 1 && report.lessonsTotal == 1)
        #expect(report.stepsDone == steps.count && report.stepsTotal == steps.count)   // "gone" is no longer a step
        #expect(report.daysPractised == 3 && report.firstDay == "2024-10-04" && report.lastDay == "2024-10-07")
        let alpha = try #require(report.topics.first { $0.topic == "alpha" })
        #expect(alpha.answered == 2 && alpha.reviews == 1 && alpha.retention == 0 && alpha.questionsSeen == 1)
        let markdown = report.markdown
        #expect(markdown.hasPrefix("# hyperlab progress report\n"))
        #expect(markdown.contains("- Lessons finished: 1 of 1\n"))
        #expect(markdown.contains("- Days practised: 3 (2024-10-04 to 2024-10-07)\n"))
        #expect(markdown.contains("| \(lesson.number) | \(lesson.title) | \(steps.count)/\(steps.count) | 0 | yes |"))
        #expect(markdown.contains("| Alpha | 1/1 | 2 | 1 | 0% |"))
        #expect(markdown.contains("| Beta | 0/1 | 0 | 0 | - |"))
        let decoded = try JSONDecoder().decode(LearnerReport.self, from: Data(report.json.utf8))
        #expect(decoded == report)
        #expect(report.json.contains("\"retention\" : 0,") && report.json.components(separatedBy: "\"retention\"").count == 2)   // absent before any review
    }
}

@Suite struct QuizRequestTests {
    @Test func seedAndJSONAreParsedAroundTheCommand() throws {
        #expect(try QuizRequest.parse(["capacity", "--seed", "42", "-n", "3"])
                == QuizRequest(command: .practice(topic: "capacity", count: 3), seed: 42, json: false))
        #expect(try QuizRequest.parse(["review", "--json"]) == QuizRequest(command: .review(count: nil), seed: nil, json: true))
        #expect(try QuizRequest.parse(["--seed=18446744073709551615"]).seed == UInt64.max)
        for bad in [["--seed"], ["--seed", "-1"], ["--seed", "0x10"], ["--seed", "18446744073709551616"], ["--json"], ["--frobnicate"]] {
            #expect(throws: TeachingError.self, "\(bad)") { try QuizRequest.parse(bad) }
        }
    }

    @Test func theReviewPlanIsCodableForQuizReviewJSON() throws {
        var progress = QuizProgress()
        progress.record(questionID: "q0", topic: "alpha", correct: false, day: 9)    // due day 10
        progress.record(questionID: "q1", topic: "beta", correct: true, day: 10)     // due later
        let plan = ReviewPlan(bank: smallBank(count: 2), progress: progress, today: 10)
        #expect(plan.due.map(\.id) == ["q0"] && plan.due[0].overdueDays == 0)
        let next = try #require(progress.cards["q1"]).due
        #expect(plan.nextDueDay == next && plan.line.hasPrefix("1 question is due now; next: 1 on \(QuizDay.text(of: next))"))
        let decoded = try JSONDecoder().decode(ReviewPlan.self, from: JSONEncoder().encode(plan))
        #expect(decoded == plan)
    }
}
