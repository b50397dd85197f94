import Vocabulary
import Foundation
import Testing
@testable import Teaching

/// A bank with one question of each kind.
func mixedBank() -> QuestionBank {
    let text = """
    topic: mix
    title: Mixed
    questions:
      - id: choice-lr
        type: choice
        prompt: What does the learning rate set?
        choices: [the step size, the batch size, the number of epochs, the number of layers]
        answer: the step size
        explanation: It scales every update of the weights.
      - id: tf-params
        type: true-false
        prompt: Weights are learned.
        answer: true
        hints: [Think of training.]
        explanation: Weights are parameters, found by training.
      - id: num-grid
        type: numeric
        prompt: A grid of 3 learning rates and 4 batch sizes has how many points?
        answer: 12
        tolerance: 0
        unit: evaluations
        explanation: 3 x 4 = 12 combinations.
      - id: free-overfit
        type: free-text
        prompt: What is overfitting?
        rubric:
          pass: 2
          points:
            - point: fits the training data too closely
              phrases: [memorizes training data, fits noise, fits training data too closely]
            - point: does worse on new data
              phrases: [worse on new data, validation loss rises, poor generalization, fails on unseen data]
        model-answer: The model memorizes the training data, noise included, and does worse on new data.
        explanation: Overfitting is a gap between training and validation results.
      - id: lab-rate
        type: lab
        prompt: Too high, too low or about right?
        lab:
          dataset: breast-cancer
          model: logistic
          seeds: [4, 5]
          hyperparameters: {learning-rate: "50"}
          shows: diverges
        choices: [too high, too low, about right]
        answer: too high
        explanation: The loss blows up.
    """
    let (bank, errors) = QuestionBank.parse([("mix.yaml", text)])
    #expect(errors.isEmpty, "\(errors)")
    return bank
}

/// Opens a session and moves to the question with `id` by asking only that topic's questions in a fixed order.
func openSession(at id: String, bank: QuestionBank = mixedBank(), seed: UInt64 = 11, progress: QuizProgress = QuizProgress()) throws -> QuizSession {
    let only = QuestionBank(topics: bank.topics, questions: bank.questions.filter { $0.id == id })
    var session = try QuizSession(bank: only, progress: progress, mode: .practice(topic: nil, count: 5), seed: seed, day: 50)
    _ = session.next()
    return session
}

func feedback(_ reply: QuizReply) -> Feedback? {
    if case .feedback(let feedback) = reply { return feedback }
    return nil
}

@Suite struct QuizSessionTests {
    @Test func choicesAreShuffledBySeedAndGradedByLetterNumberOrText() throws {
        var orders = Set<[String]>()
        for seed in 0..<10 {
            let session = try openSession(at: "choice-lr", seed: UInt64(seed))
            let presented = try #require(session.current)
            orders.insert(presented.choices)
            #expect(Set(presented.choices) == ["the step size", "the batch size", "the number of epochs", "the number of layers"])
            let right = try #require(presented.choices.firstIndex(of: "the step size"))
            let wrong = (right + 1) % 4
            // The same seed shows the same order.
            #expect(try openSession(at: "choice-lr", seed: UInt64(seed)).current?.choices == presented.choices)
            for input in [ChoiceGrader.letter(right), ChoiceGrader.letter(right).uppercased(), "\(right + 1)", "The STEP size.",
                          "(\(ChoiceGrader.letter(right)))", "\(ChoiceGrader.letter(right))) the step size"] {
                var copy = session
                #expect(feedback(copy.handle(input))?.correct == true, "\(input)")
            }
            for input in [ChoiceGrader.letter(wrong), "\(wrong + 1)", presented.choices[wrong]] {
                var copy = session
                #expect(feedback(copy.handle(input))?.correct == false, "\(input)")
            }
            // Words in another order are not the choice; a letter with another choice's text is refused.
            for input in ["size step", "\(ChoiceGrader.letter(wrong))) the step size"] {
                var copy = session
                guard case .notUnderstood = copy.handle(input) else { Issue.record("\(input) should not be understood"); continue }
            }
            var copy = session
            guard case .notUnderstood = copy.handle("z") else { Issue.record("z should not be understood"); continue }
            #expect(copy.progress.cards.isEmpty)   // an unreadable answer is not graded
        }
        #expect(orders.count > 1)
    }

    @Test func trueFalseAndNumeric() throws {
        var tf = try openSession(at: "tf-params")
        #expect(feedback(tf.handle("Yes!"))?.correct == true)
        tf = try openSession(at: "tf-params")
        #expect(feedback(tf.handle("f"))?.correct == false)
        for (input, right) in [("12", true), ("12 evaluations", true), ("1.2e1", true), ("13", false), ("11.5", false)] {
            var numeric = try openSession(at: "num-grid")
            #expect(feedback(numeric.handle(input))?.correct == right, "\(input)")
        }
        var numeric = try openSession(at: "num-grid")
        guard case .notUnderstood = numeric.handle("a dozen or so") else { Issue.record("words are not a number"); return }
    }

    @Test func freeTextShowsMatchedAndMissedPointsAndCanBeOverridden() throws {
        var right = try openSession(at: "free-overfit")
        let goodReply = right.handle("It FITS the noise; on data it never saw, it's worse: poor generalisation? no -- it fails on unseen data.")
        let good = try #require(feedback(goodReply))
        #expect(good.correct && good.missed.isEmpty && good.matched.count == 2)
        // A list of terms makes no claim, in any order.
        var listed = try openSession(at: "free-overfit")
        #expect(feedback(listed.handle("data training memorizing; new data worse"))?.correct == false)
        var evidence = try openSession(at: "free-overfit")
        let quoted = try #require(feedback(evidence.handle("It memorizes the training data. So it does worse on new data.")))
        #expect(quoted.correct && quoted.evidence == ["It memorizes the training data", "So it does worse on new data"])
        #expect(quoted.lines.contains("  + fits the training data too closely: \"It memorizes the training data\""))

        var wrong = try openSession(at: "free-overfit")
        let missReply = wrong.handle("The model memorizes its training data.")
        let miss = try #require(feedback(missReply))
        #expect(!miss.correct && miss.canOverride)
        #expect(miss.matched == ["fits the training data too closely"] && miss.missed == ["does worse on new data"])
        #expect(miss.modelAnswer != nil && miss.comesBackThisSession)
        #expect(miss.lines.contains("  - missed: does worse on new data"))
        #expect(wrong.progress.cards["free-overfit"]?.lastCorrect == false && wrong.progress.cards["free-overfit"]?.misses == 1)
        #expect(wrong.plannedCount == 2)
        guard case .overridden(let overridden) = wrong.handle("I was right!") else { Issue.record("override refused"); return }
        #expect(overridden.correct && overridden.overridden)
        // The override turns the miss into a `hard` recall over the card as it was before the miss.
        #expect(wrong.progress.cards["free-overfit"] == FSRS.standard.schedule(nil, grade: .hard, day: 50))
        #expect(wrong.reviews.map(\.grade) == [.again, .hard] && wrong.reviews.last?.isOverride == true)
        #expect(wrong.progress.results == [DayResult(day: 50, topic: "mix", correct: 1, wrong: 0)])
        #expect(wrong.plannedCount == 1)   // the re-ask is withdrawn
        #expect(wrong.summary.correct == 1 && wrong.summary.answered == 1)
        guard case .notUnderstood = wrong.handle("override") else { Issue.record("a second override must be refused"); return }

        // Other kinds cannot be overridden.
        var choice = try openSession(at: "tf-params")
        _ = choice.handle("false")
        guard case .notUnderstood = choice.handle("override") else { Issue.record("true-false override must be refused"); return }
    }

    @Test func overrideStillWorksOnceTheNextQuestionIsShown() throws {
        let bank = mixedBank()
        let two = QuestionBank(topics: bank.topics, questions: bank.questions.filter { $0.id == "free-overfit" || $0.id == "tf-params" })
        var session = try QuizSession(bank: two, progress: QuizProgress(), mode: .practice(topic: nil, count: 5), seed: 2, day: 9)
        var first = session.next()
        if first?.question.id != "free-overfit" {
            _ = session.handle("true")
            first = session.next()
        }
        #expect(first?.question.id == "free-overfit")
        _ = session.handle("no idea, something about data")
        _ = session.next()
        guard case .overridden = session.handle("override") else { Issue.record("override after next() refused"); return }
        #expect(session.progress.cards["free-overfit"]?.lastCorrect == true)
    }

    @Test func hintsSkipAndQuit() throws {
        var session = try openSession(at: "tf-params")
        #expect(session.handle("hint") == .hint(text: "Think of training.", number: 1, count: 1))
        guard case .notUnderstood = session.handle("hint") else { Issue.record("no second hint"); return }
        #expect(session.handle("skip") == .skipped(questionID: "tf-params"))
        #expect(session.progress.cards.isEmpty)   // skipping leaves the schedule alone
        #expect(session.next() == nil && session.isFinished)
        #expect(session.summary.skipped == 1)

        var quitting = try QuizSession(bank: mixedBank(), progress: QuizProgress(), mode: .practice(topic: nil, count: 5), seed: 1, day: 0)
        _ = quitting.next()
        guard case .finished(let summary) = quitting.handle("quit") else { Issue.record("quit did not finish"); return }
        #expect(summary.quit && summary.answered == 0)
        #expect(quitting.next() == nil)
    }

    @Test func labQuestionsExposeTheHiddenSetupAndRevealItAfterwards() throws {
        var seeds = Set<UInt64>()
        for sessionSeed in 0..<12 {
            var session = try openSession(at: "lab-rate", seed: UInt64(sessionSeed))
            let presented = try #require(session.current)
            let lab = try #require(presented.lab)
            #expect(lab.setup.dataset == "breast-cancer" && lab.setup.runs.first?.value(of: "learning-rate") == "50")
            #expect([4, 5].contains(lab.seed))
            seeds.insert(lab.seed)
            // The hidden settings are not in the text shown before the answer.
            #expect(!presented.lines.joined().contains("50"))
            #expect(presented.choices == ["too high", "too low", "about right"])
            let answerReply = session.handle("too HIGH")
        let reply = try #require(feedback(answerReply))
            #expect(reply.correct)
            #expect(reply.reveal == ["The hidden setup was: breast-cancer, logistic, seed \(lab.seed): learning-rate 50."])
        }
        #expect(seeds == [4, 5])
    }

    @Test func aMissedQuestionComesBackAFewQuestionsLater() throws {
        let bank = smallBank(count: 6)
        var session = try QuizSession(bank: bank, progress: QuizProgress(), mode: .practice(topic: nil, count: 6), seed: 3, day: 0)
        let opened = session.next()
        let first = try #require(opened)
        _ = session.handle("false")   // all statements are true
        var order: [String] = []
        while let question = session.next() {
            order.append(question.question.id + (question.isRetry ? "*" : ""))
            _ = session.handle("true")
        }
        #expect(order.count == 6)
        #expect(order[QuizSession.retryGap] == first.question.id + "*")
        #expect(session.summary.answered == 7 && session.summary.correct == 6)
    }
}

@Suite struct QuizCommandTests {
    @Test func forms() throws {
        #expect(try QuizCommand.parse([]) == .practice(topic: nil, count: QuizSession.defaultCount))
        #expect(try QuizCommand.parse(["learning-rate"]) == .practice(topic: "learning-rate", count: QuizSession.defaultCount))
        #expect(try QuizCommand.parse(["capacity", "--count", "5"]) == .practice(topic: "capacity", count: 5))
        #expect(try QuizCommand.parse(["--count=3", "search"]) == .practice(topic: "search", count: 3))
        #expect(try QuizCommand.parse(["-n", "2"]) == .practice(topic: nil, count: 2))
        #expect(try QuizCommand.parse(["review"]) == .review(count: nil))
        #expect(try QuizCommand.parse(["review", "--count", "4"]).mode == .review(count: 4))
    }

    @Test func mistakesSayHowToFixThem() {
        for arguments in [["--count"], ["--count", "0"], ["--count", "many"], ["a", "b"], ["review", "capacity"], ["--verbose"]] {
            #expect(throws: TeachingError.self, "\(arguments)") { try QuizCommand.parse(arguments) }
        }
        do {
            _ = try QuizCommand.parse(["--count", "x"])
        } catch {
            #expect(error.message == "--count needs a whole number of at least 1, e.g. --count 5 (got 'x')")
        }
    }
}
