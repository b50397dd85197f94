import Foundation
@testable import HyperLabApp
import Teaching
import Testing
import Vocabulary

/// The quiz, stats, report and lesson progress as a user of the built binary meets them: the learner database
/// (`LearnerStore`), `--seed`, `quiz review --json`, `stats --json`, `report`, `quiz grade`.
@Suite("Quiz and learner database, through the built binary", .serialized)
struct QuizWiringTests {
    static let quizDirectory = BuiltBinary.packageRoot.appendingPathComponent("Lessons/quiz").path

    static let bank = QuestionBank.load(directory: quizDirectory).bank

    static func shippedBank() -> QuestionBank { bank }

    /// The questions `quiz --seed SEED --count COUNT` asks first, as presented, computed with the session the app uses
    /// (a fresh learner: no cards).
    static func seededQuestions(seed: UInt64, count: Int, topic: String? = nil) throws -> [PresentedQuestion] {
        var session = try QuizSession(bank: shippedBank(), progress: QuizProgress(), mode: .practice(topic: topic, count: count),
                                      seed: seed, day: QuizDay.number(of: Date()), seededOrder: true)
        var presented: [PresentedQuestion] = []
        while let question = session.next() {
            presented.append(question)
            _ = session.handle("skip")
        }
        return presented
    }

    /// The right answer to a presented choice or true/false question, as the learner would type it.
    static func rightAnswer(_ presented: PresentedQuestion) -> String? {
        switch presented.question.expected {
        case .choice(let all, let right):
            guard let index = presented.choices.firstIndex(of: all[right]) else { return nil }
            return String(UnicodeScalar(UInt8(ascii: "a") + UInt8(index)))
        case .trueFalse(let value):
            return value ? "true" : "false"
        default:
            return nil
        }
    }

    /// The smallest seed from 1 whose first seeded question is a choice or true/false question, with its right answer.
    static func seedWithSimpleFirstQuestion() throws -> (seed: UInt64, question: PresentedQuestion, answer: String) {
        for seed in UInt64(1)...200 {
            if let first = try seededQuestions(seed: seed, count: 1).first, let answer = rightAnswer(first) {
                return (seed, first, answer)
            }
        }
        throw CommandError("no seed in 1...200 starts with a choice or true/false question")
    }

    static func store(home: URL) throws -> LearnerStore {
        try LearnerStore.open(directory: home.appendingPathComponent("data/hyperlab").path)
    }

    /// The first line of each question's prompt, in the order a quiz's output shows them.
    static func promptLines(_ output: String) -> [String] {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var prompts: [String] = []
        for (index, line) in lines.enumerated() where line.range(of: #"^\[\d+/\d+\] "#, options: .regularExpression) != nil {
            if index + 1 < lines.count { prompts.append(lines[index + 1]) }
        }
        return prompts
    }

    @Test("hyperlab quiz --seed N asks the same questions in the same order every time: the seeded order")
    func seedFixesTheOrder() throws {
        let home = BuiltBinary.temporaryHome()
        let input = String(repeating: "skip\n", count: 4)
        let first = try BuiltBinary.run(["quiz", "--seed", "3", "--count", "4"], input: input, home: home)
        #expect(first.status == 0, "\(first.stderr)")
        // An answer in between moves the schedule; the seeded order does not follow it.
        let (seed, _, answer) = try Self.seedWithSimpleFirstQuestion()
        let between = try BuiltBinary.run(["quiz", "--seed", "\(seed)", "--count", "1"], input: answer + "\n", home: home)
        #expect(between.status == 0, "\(between.stderr)")
        let second = try BuiltBinary.run(["quiz", "--seed", "3", "--count", "4"], input: input, home: home)
        let expected = try Self.seededQuestions(seed: 3, count: 4).map { $0.lines[1] }
        #expect(expected.count == 4)
        #expect(Self.promptLines(first.stdout) == expected, "\(first.stdout)")
        #expect(Self.promptLines(second.stdout) == expected, "\(second.stdout)")
        let other = try BuiltBinary.run(["quiz", "--seed", "4", "--count", "4"], input: input, home: home)
        #expect(Self.promptLines(other.stdout) != expected)
        // In the lab too.
        let repl = try BuiltBinary.run([], input: "quiz --seed 3 --count 4\n" + input, home: home)
        #expect(Self.promptLines(repl.stdout) == expected, "\(repl.stdout)")
    }

    @Test("an answer is saved in the review log and the card moves; stats, quiz review and report show it")
    func answerReachesTheDatabase() throws {
        let home = BuiltBinary.temporaryHome()
        let (seed, question, answer) = try Self.seedWithSimpleFirstQuestion()
        let run = try BuiltBinary.run(["quiz", "--seed", "\(seed)", "--count", "1"], input: answer + "\n", home: home)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Right."), "\(run.stdout)")
        let store = try Self.store(home: home)
        let reviews = try store.reviews()
        #expect(reviews.map(\.entry.questionID) == [question.question.id])
        #expect(reviews.first?.entry.grade.recalled == true)
        let card = try #require(try store.quizProgress().cards[question.question.id])
        #expect(card.answered == 1 && card.correct == 1)
        #expect(!FileManager.default.fileExists(atPath: home.appendingPathComponent("data/hyperlab/quiz.json").path))

        // stats --json: the topic's row counts the answer.
        let stats = try BuiltBinary.run([], input: "stats --json\n", home: home)
        #expect(stats.status == 0, "\(stats.stderr)")
        let statsObject = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any], "\(stats.stdout)")
        let topics = try #require(statsObject["topics"] as? [[String: Any]])
        let row = try #require(topics.first { $0["topic"] as? String == question.question.topic })
        #expect(row["answered"] as? Int == 1)
        #expect(topics.reduce(0) { $0 + ($1["answered"] as? Int ?? 0) } == 1)
        #expect((statsObject["days"] as? [[String: Any]])?.last?["correct"] as? Int == 1)

        // quiz review --json: the one card is due now or later, never both.
        let plan = try BuiltBinary.run(["quiz", "review", "--json"], home: home)
        #expect(plan.status == 0, "\(plan.stderr)")
        let planObject = try #require(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any], "\(plan.stdout)")
        let due = try #require(planObject["due"] as? [[String: Any]])
        let nextCount = try #require(planObject["nextDueCount"] as? Int)
        #expect(due.count + nextCount == 1, "\(plan.stdout)")
        #expect(planObject["nextDueDay"] as? Int == (due.isEmpty ? card.due : nil))
        // quiz review without --json ends with the same plan in words.
        let review = try BuiltBinary.run(["quiz", "review"], input: "skip\n", home: home)
        #expect(review.status == 0, "\(review.stderr)")
        let expectedLine = ReviewPlan(bank: Self.shippedBank(), progress: try store.quizProgress(), today: QuizDay.number(of: Date())).line
        #expect(review.stdout.contains(expectedLine), "\(review.stdout)")

        // report --json: one question seen in its topic, one day practised.
        let report = try BuiltBinary.run(["report", "--json"], home: home)
        #expect(report.status == 0, "\(report.stderr)")
        let reportObject = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any], "\(report.stdout)")
        #expect(reportObject["daysPractised"] as? Int == 1)
        let reportTopics = try #require(reportObject["topics"] as? [[String: Any]])
        let line = try #require(reportTopics.first { $0["topic"] as? String == question.question.topic })
        #expect(line["questionsSeen"] as? Int == 1 && line["answered"] as? Int == 1)
        #expect(reportObject["lessonsFinished"] as? Int == 0)
        // The same report as the store makes it, in Markdown, from the shell and in the lab.
        let markdown = try BuiltBinary.run(["report"], home: home)
        let book = LessonProgressWiringTests.console(home: home).loadBook()
        let expected = try store.report(book: book, bank: Self.shippedBank(), today: QuizDay.number(of: Date())).markdown
        #expect(markdown.stdout == expected, "\(markdown.stdout)")
        let inLab = try BuiltBinary.run([], input: "report --markdown\n", home: home)
        #expect(inLab.stdout == expected)
        let both = try BuiltBinary.run(["report", "--json", "--markdown"], home: home)
        #expect(both.status == 2 && both.stderr.split(separator: "\n").count == 1, "\(both.stderr)")
    }

    /// The smallest seed from 1 whose first seeded question passes `accept`.
    static func seed(where accept: (PresentedQuestion) -> Bool) throws -> (seed: UInt64, question: PresentedQuestion) {
        for seed in UInt64(1)...500 {
            if let first = try seededQuestions(seed: seed, count: 1).first, accept(first) { return (seed, first) }
        }
        throw CommandError("no seed in 1...500 starts with such a question")
    }

    @Test("a retry after the answer was shown is logged but not counted; i was right replaces the miss in the database")
    func retryAndOverride() throws {
        // A choice missed, then answered right when it comes back: one counted miss, one uncounted retry.
        let home = BuiltBinary.temporaryHome()
        let (choiceSeed, choice) = try Self.seed { if case .choice = $0.question.expected { return true } else { return false } }
        let right = try #require(Self.rightAnswer(choice))
        let wrong = right == "a" ? "b" : "a"
        // The retry shows the choices in a new order, so it is answered with the right choice's text, not its letter.
        guard case .choice(let all, let index) = choice.question.expected else { Issue.record("not a choice question"); return }
        let run = try BuiltBinary.run(["quiz", "--seed", "\(choiceSeed)", "--count", "1"], input: "\(wrong)\n\(all[index])\n", home: home)
        #expect(run.stdout.contains("(again)") && run.stdout.contains("it does not change the schedule"), "\(run.stdout)")
        let store = try Self.store(home: home)
        let log = try store.reviews()
        #expect(log.map(\.entry.counted) == [true, false], "\(log)")
        #expect(log.map(\.entry.grade.recalled) == [false, true])
        let card = try #require(try store.quizProgress().cards[choice.question.id])
        #expect(card.answered == 1 && card.misses == 1 && !card.lastCorrect)

        // A free-text answer graded wrong, then `i was right`: the miss is marked overridden and the card is a recall.
        let other = BuiltBinary.temporaryHome()
        let (freeSeed, free) = try Self.seed { !$0.question.examples.reject.isEmpty }
        let rejected = try #require(free.question.examples.reject.first)
        let overridden = try BuiltBinary.run(["quiz", "--seed", "\(freeSeed)", "--count", "1"], input: "\(rejected)\ni was right\n", home: other)
        #expect(overridden.stdout.contains("Marked as right"), "\(overridden.stdout)")
        let otherStore = try Self.store(home: other)
        let entries = try otherStore.reviews()
        #expect(entries.count == 2)
        #expect(entries.first?.overridden == true && entries.first?.entry.grade == .again)
        #expect(entries.last?.entry.isOverride == true && entries.last?.entry.grade == .hard)
        let freeCard = try #require(try otherStore.quizProgress().cards[free.question.id])
        #expect(freeCard.answered == 1 && freeCard.correct == 1 && freeCard.misses == 0)
    }

    @Test("stats TOPIC takes an unambiguous prefix; an unknown topic is one error")
    func statsTopic() throws {
        let home = BuiltBinary.temporaryHome()
        let bank = Self.shippedBank()
        let topic = try #require(bank.topics.first)
        let prefix = try #require((3...topic.id.count).map { String(topic.id.prefix($0)) }
            .first { candidate in bank.topics.filter { $0.id.hasPrefix(candidate) }.count == 1 })
        let result = try BuiltBinary.run([], input: "stats \(prefix)\nstats no-such-topic\n", home: home)
        let rows = result.stdout.split(separator: "\n").filter { $0.hasPrefix(topic.id + " ") }
        #expect(rows.count == 1, "\(result.stdout)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("no quiz topic"), "\(result.stderr)")
        #expect(!result.stdout.contains("NaN"))
    }

    @Test("two hyperlab quiz processes at once on one data folder: both answers are in the review log")
    func twoProcessesAtOnce() throws {
        let home = BuiltBinary.temporaryHome()
        let (seed, question, answer) = try Self.seedWithSimpleFirstQuestion()
        nonisolated(unsafe) var results: [(status: Int32, stdout: String, stderr: String)?] = [nil, nil]
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let result = try? BuiltBinary.run(["quiz", "--seed", "\(seed)", "--count", "1"], input: answer + "\n", home: home)
            lock.lock()
            results[index] = result
            lock.unlock()
        }
        for result in results {
            let result = try #require(result)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("Right."), "\(result.stdout)")
        }
        let store = try Self.store(home: home)
        let reviews = try store.reviews()
        #expect(reviews.count == 2)
        #expect(reviews.allSatisfy { $0.entry.questionID == question.question.id && $0.entry.counted })
        // The second answer was scheduled from the card the first one left.
        let card = try #require(try store.quizProgress().cards[question.question.id])
        #expect(card.answered == 2 && card.correct == 2)
        #expect(reviews[1].entry.before == reviews[0].entry.after)
    }

    @Test("hyperlab quiz grade: verdict, points and JSON fields; exit 0 right, 1 wrong, 2 refused")
    func gradeFromTheShell() throws {
        let bank = Self.shippedBank()
        let choice = try #require(bank.questions.first { if case .choice = $0.expected { return true } else { return false } })
        guard case .choice(let all, let right) = choice.expected else { return }
        let letter = { (index: Int) in String(UnicodeScalar(UInt8(ascii: "a") + UInt8(index))) }
        let rightRun = try BuiltBinary.run(["quiz", "grade", choice.id, "--json"], input: letter(right) + "\n")
        #expect(rightRun.status == 0, "\(rightRun.stderr)")
        let rightObject = try #require(try JSONSerialization.jsonObject(with: Data(rightRun.stdout.utf8)) as? [String: Any])
        #expect(Set(rightObject.keys) == ["question", "correct", "points"])
        #expect(rightObject["question"] as? String == choice.id)
        #expect(rightObject["correct"] as? Bool == true)
        #expect((rightObject["points"] as? [Any])?.isEmpty == true)
        let wrongRun = try BuiltBinary.run(["quiz", "grade", choice.id], input: letter((right + 1) % all.count))
        #expect(wrongRun.status == 1)
        #expect(wrongRun.stdout == "\(choice.id): wrong\n", "\(wrongRun.stdout)")
        // The option's text is understood too.
        let typed = try BuiltBinary.run(["quiz", "grade", choice.id], input: all[right])
        #expect(typed.status == 0, "\(typed.stdout) \(typed.stderr)")

        let free = try #require(bank.questions.first { !$0.examples.accept.isEmpty && !$0.examples.reject.isEmpty })
        let accepted = try #require(free.examples.accept.first)
        let good = try BuiltBinary.run(["quiz", "grade", free.id, "--json"], input: accepted)
        #expect(good.status == 0, "\(good.stderr)")
        let goodObject = try #require(try JSONSerialization.jsonObject(with: Data(good.stdout.utf8)) as? [String: Any])
        #expect(goodObject["correct"] as? Bool == true)
        let points = try #require(goodObject["points"] as? [[String: Any]])
        #expect(!points.isEmpty)
        for point in points {
            #expect(Set(point.keys) == ["point", "made", "evidence"], "\(point)")
            let made = try #require(point["made"] as? Bool)
            if made {
                let evidence = try #require(point["evidence"] as? String)
                #expect(!evidence.isEmpty)
            } else {
                #expect(point["evidence"] is NSNull)
            }
        }
        // The plain form: the verdict, then one line per point.
        let plain = try BuiltBinary.run(["quiz", "grade", free.id], input: accepted)
        let report = try bank.gradeReport(questionID: free.id, answer: accepted)
        #expect(plain.stdout == report.lines.joined(separator: "\n") + "\n")
        let rejected = try #require(free.examples.reject.first)
        #expect(try BuiltBinary.run(["quiz", "grade", free.id], input: rejected).status == 1)

        // Refused: an unknown id, an empty answer, an answer over 64 KiB; one line on standard error each. (The long
        // answer is only 1000 bytes over, so that the writer never meets a closed pipe when hyperlab stops reading.)
        for (arguments, input, words) in [(["quiz", "grade", "no-such-question"], "a", "no question"),
                                          (["quiz", "grade", free.id], "  \n", "empty"),
                                          (["quiz", "grade", free.id], String(repeating: "x", count: AnswerGrade.maximumAnswerBytes + 1000), "64 KiB")] {
            let refused = try BuiltBinary.run(arguments, input: input)
            #expect(refused.status == 2, "\(arguments)")
            #expect(refused.stdout.isEmpty)
            #expect(refused.stderr.split(separator: "\n").count == 1 && refused.stderr.contains(words), "\(refused.stderr)")
        }
    }
}

/// Lesson progress kept through the learner database by two consoles at once, in one process.
@Suite("Lesson progress in the learner database")
struct LessonProgressWiringTests {
    static func console(home: URL) -> LabConsole {
        let root = BuiltBinary.packageRoot
        let environment = AppEnvironment.resolve(datasets: root.appendingPathComponent("Datasets").path,
                                                 lessons: root.appendingPathComponent("Lessons").path,
                                                 variables: ["HOME": home.path, "XDG_DATA_HOME": home.appendingPathComponent("data").path,
                                                             "XDG_STATE_HOME": home.appendingPathComponent("state").path,
                                                             "HYPERLAB_HOME": root.path])
        return LabConsole(lab: LabSession(environment: environment))
    }

    @Test("two consoles on one data folder walking different lessons keep both; forget clears one")
    func twoConsoles() throws {
        let home = BuiltBinary.temporaryHome()
        let first = Self.console(home: home), second = Self.console(home: home)
        let book = first.loadBook()
        let one = try #require(book.lesson(matching: "1")), two = try #require(book.lesson(matching: "2"))
        // Each console walks the first steps of its lesson, the two in turn.
        let walkOne = LessonCheckTests.walkLines(one).prefix(5), walkTwo = LessonCheckTests.walkLines(two).prefix(5)
        for (lineOne, lineTwo) in zip(walkOne, walkTwo) {
            _ = first.execute(lineOne)
            _ = second.execute(lineTwo)
        }
        _ = first.execute("bye")
        _ = second.execute("bye")
        let store = try LearnerStore.open(directory: home.appendingPathComponent("data/hyperlab").path)
        let lessons = try store.lessonProgress().lessons
        #expect(!(lessons[one.id]?.completed.isEmpty ?? true), "\(lessons)")
        #expect(!(lessons[two.id]?.completed.isEmpty ?? true), "\(lessons)")
        // The list either console shows has both started.
        let listed = first.execute("lessons").compactMap { if case .text(let text) = $0 { return text } else { return nil } }.joined()
        let started = listed.split(separator: "\n").filter { $0.contains(" steps)") }
        #expect(started.count == 2, "\(listed)")
        // forget in the console that did not walk lesson 1 clears it for both.
        _ = second.execute("forget 1")
        #expect(try store.lessonProgress().lessons[one.id] == nil)
        #expect(try store.lessonProgress().lessons[two.id] != nil)
    }
}

/// `stats` reads the review log: retention counts answers a day or more apart, and gets its chart.
@Suite("Stats from the review log")
struct StatsWiringTests {
    @Test("a question answered right on two days 10 days apart: one review, retention 100%, and a retention chart")
    func retentionFromTheLog() throws {
        let home = BuiltBinary.temporaryHome()
        let (seed, question, answer) = try QuizWiringTests.seedWithSimpleFirstQuestion()
        let today = QuizDay.number(of: Date())
        for day in [today - 10, today] {
            let root = BuiltBinary.packageRoot
            let environment = AppEnvironment.resolve(datasets: root.appendingPathComponent("Datasets").path,
                                                     lessons: root.appendingPathComponent("Lessons").path,
                                                     variables: ["HOME": home.path, "XDG_DATA_HOME": home.appendingPathComponent("data").path,
                                                                 "HYPERLAB_HOME": root.path])
            let console = LabConsole(lab: LabSession(environment: environment), today: { day })
            _ = console.execute("quiz --seed \(seed) --count 1")
            let feedback = console.execute(answer).compactMap { if case .text(let text) = $0 { return text } else { return nil } }.joined()
            #expect(feedback.contains("Right."), "\(feedback)")
            if day == today {
                let outputs = console.execute("stats --json")
                let json = try #require(outputs.compactMap { if case .text(let text) = $0 { return text } else { return nil } }.last)
                let stats = try JSONDecoder().decode(QuizStats.self, from: Data(json.utf8))
                let row = try #require(stats.topics.first { $0.topic == question.question.topic })
                #expect(row.answered == 2 && row.reviews == 1 && row.recalled == 1 && row.retention == 1)
                #expect(stats.days.first?.day == today - 10 && stats.days.first?.correct == 1)
                let charts = console.execute("stats").filter { if case .chart = $0 { return true } else { return false } }
                #expect(charts.count == 2)
            }
        }
    }
}
