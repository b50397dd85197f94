import Vocabulary
import Foundation
import Testing
@testable import Teaching

/// Lesson experiments about a search (`search.` conditions), and the two-run quiz labs drawn either way round.
@Suite("search goals and two-run labs")
struct SearchGoalTests {
    static func facts(_ search: SearchFacts?) -> RunFacts {
        var facts = RunFacts(dataset: "breast-cancer", model: "logistic", hyperparameters: [:], trainLoss: [0.5, 0.4],
                             validationLoss: [0.6, 0.5], diverged: false)
        facts.search = search
        return facts
    }

    static let compare = SearchFacts(strategies: [
        "grid": .init(best: 0.19, bestDeviation: 0.1, trials: 9, distinct: ["learning-rate": 3, "l2": 3]),
        "random": .init(best: 0.09, bestDeviation: 0.03, trials: 9, distinct: ["learning-rate": 9, "l2": 9]),
        "bayes": .init(best: 0.085, bestDeviation: 0.02, trials: 9, distinct: ["learning-rate": 9, "l2": 9]),
    ], testFraction: 0.2, testLoss: 0.11, testAccuracy: 0.96)

    static func condition(_ key: String, _ value: String) throws -> OutcomeCondition {
        try OutcomeCondition.parse(key: key, value: value).get()
    }

    @Test("search metrics read the search: per strategy, distinct values, spread, test")
    func metrics() {
        let s = Self.compare
        #expect(s.number("search.grid.distinct.learning-rate") == 3)
        #expect(s.number("search.random.best") == 0.09)
        #expect(s.number("search.best") == 0.085)
        #expect(s.number("search.best_sd") == 0.02)
        #expect(abs((s.number("search.spread") ?? 0) - 0.105) < 1e-12)
        #expect(s.number("search.test_loss") == 0.11)
        #expect(s.number("search.sweep.best") == nil)
        #expect(s.number("search.grid.regret") == nil)
        #expect(!SearchFacts.isMetric("search.nothing"))
        #expect(!SearchFacts.isMetric("search.grid.distinct."))
    }

    @Test("a condition compares a search metric with a number or with another metric, and says why it failed")
    func conditions() throws {
        let more = try Self.condition("search.random.distinct.learning-rate", "> search.grid.distinct.learning-rate")
        #expect(more.isSearch)
        #expect(more.evaluate(Self.facts(Self.compare)).passed)
        let fewer = try Self.condition("search.grid.distinct.learning-rate", "> search.random.distinct.learning-rate")
        let failed = fewer.evaluate(Self.facts(Self.compare))
        #expect(!failed.passed)
        #expect(failed.evidence.contains("3") && failed.evidence.contains("9"))
        let test = try Self.condition("search.test_loss", "< 0.2")
        #expect(test.evaluate(Self.facts(Self.compare)).passed)
        let noTest = SearchFacts(strategies: ["random": .init(best: 0.1, bestDeviation: 0, trials: 3, distinct: [:])])
        #expect(test.evaluate(Self.facts(noTest)).evidence.contains("--test-fraction"))
        #expect(test.evaluate(Self.facts(nil)).evidence.contains("tune"))
        #expect(try Self.condition("final.train_loss", "< 1").isSearch == false)
        if case .success = OutcomeCondition.parse(key: "search.grid.speed", value: "< 1") { Issue.record("unknown metric accepted") }
        if case .success = OutcomeCondition.parse(key: "search.best", value: "< final.train_loss") { Issue.record("non-search metric accepted") }
    }

    static let searchLesson = """
    # Searching

    ```yaml
    lesson:
      summary: a search lesson
      covers: [fact-4]
    ```

    ## Search

    ```yaml
    setup:
      dataset: breast-cancer
      model: logistic
      seed: 1
    ```

    ```yaml
    experiment:
      goal: Hold out a test set.
      expect:
        search.test_fraction: ">= 0.1"
      solution:
        - tune random learning-rate=0.01..1:log --budget 3 --test-fraction 0.2
      hints: [Add --test-fraction.]
      explain: Test loss {search.test_loss} after {search.random.trials} trials.
    ```
    """

    @Test("a search experiment is met by a search, not by a training, and fills search placeholders")
    func runnerObservesSearches() throws {
        let book = LessonFixtures.parse(Self.searchLesson, name: "07-search.md")
        #expect(book.errors.isEmpty, "\(book.errors)")
        let lesson = try #require(book.lessons.first)
        var runner = LessonRunner(lesson: lesson)
        _ = runner.start()
        while case .prose = runner.currentStep.kind { _ = runner.handle(.next) }
        #expect(runner.observe(run: Self.facts(nil)).isEmpty)           // the setup's own training
        #expect(runner.observe(run: Self.facts(nil)).isEmpty)           // a training says nothing to a search goal
        let effects = runner.observe(run: Self.facts(SearchFacts(strategies: ["random": .init(best: 0.1, bestDeviation: 0.01, trials: 3, distinct: [:])],
                                                                 testFraction: 0.2, testLoss: 0.125)))
        let said = effects.compactMap { effect -> String? in if case .say(let text) = effect { return text } else { return nil } }.joined()
        #expect(said.contains("Goal reached"))
        #expect(said.contains("Test loss 0.125 after 3 trials"))
    }

    @Test("a search experiment may not mix in training conditions, and its solution must search")
    func parserRules() {
        let mixed = Self.searchLesson.replacingOccurrences(of: "    search.test_fraction: \">= 0.1\"",
                                                           with: "    search.test_fraction: \">= 0.1\"\n    final.train_loss: \"< 1\"")
        #expect(LessonFixtures.parse(mixed, name: "07-search.md").errors.contains { $0.description.contains("mixes") })
        let noSearch = Self.searchLesson.replacingOccurrences(of: "tune random learning-rate=0.01..1:log --budget 3 --test-fraction 0.2",
                                                              with: "train")
        #expect(LessonFixtures.parse(noSearch, name: "07-search.md").errors.contains { $0.description.contains("runs no search") })
    }

    // MARK: - Two-run labs

    static let twoRunBank = """
    topic: learning-rate
    title: Learning rate
    questions:
      - id: lab-two
        type: lab
        prompt: One run used 0.001, the other 0.5. Which is which?
        lab:
          dataset: breast-cancer
          model: logistic
          seeds: [1, 2, 3]
          hyperparameters: {epochs: "60", batch-size: full}
          runs:
            - label: A
              hyperparameters: {learning-rate: "0.001"}
              shows: slow
            - label: B
              hyperparameters: {learning-rate: "0.5"}
              shows: converges
        choices:
          - A used 0.001 and B used 0.5
          - A used 0.5 and B used 0.001
        answer: A used 0.001 and B used 0.5
        explanation: The slow curve took tiny steps.
    """

    @Test("mirrored exchanges the two labels as whole words only")
    func mirroring() throws {
        let (bank, errors) = QuestionBank.parse([(path: "quiz/lr.yaml", text: Self.twoRunBank)])
        #expect(errors.isEmpty, "\(errors)")
        guard case .lab(let setup, _, _) = try #require(bank.questions.first).expected else { Issue.record("not a lab"); return }
        #expect(setup.mirrored("A used 0.001 and B used 0.5") == "B used 0.001 and A used 0.5")
        #expect(setup.mirrored("Also, B (and A).") == "Also, A (and B).")
        let swapped = setup.swappingRuns()
        #expect(swapped.runs.map(\.label) == ["A", "B"])
        #expect(swapped.runs[0].value(of: "learning-rate") == "0.5" && swapped.runs[1].value(of: "learning-rate") == "0.001")
        #expect(swapped.runs[0].shows == .converges)
        #expect(setup.mirroredChoice(of: 0, among: ["A used 0.001 and B used 0.5", "A used 0.5 and B used 0.001"]) == 1)
        #expect(setup.mirroredChoice(of: 1, among: ["A used 0.001 and B used 0.5", "A used 0.5 and B used 0.001"]) == 0)
        #expect(setup.mirroredChoice(of: 0, among: ["A used 0.001 and B used 0.5", "neither"]) == nil)
    }

    @Test("across quiz seeds both orders are shown, and grading follows what is drawn")
    func bothOrdersAndGrading() throws {
        let (bank, _) = QuestionBank.parse([(path: "quiz/lr.yaml", text: Self.twoRunBank)])
        var answers: Set<String> = []
        for seed in UInt64(1)...40 {
            var session = try QuizSession(bank: bank, progress: QuizProgress(), mode: .practice(topic: nil, count: 1), seed: seed, day: 5)
            let next = session.next()
            let presented = try #require(next)
            let lab = try #require(presented.lab)
            // The run drawn as A is the one whose settings the right answer gives A.
            let aRate = try #require(lab.setup.runs.first?.value(of: "learning-rate"))
            #expect(lab.answer == "A used \(aRate == "0.001" ? "0.001 and B used 0.5" : "0.5 and B used 0.001")")
            #expect(lab.setup.revealText(seed: lab.seed).joined().contains("A: epochs 60, batch-size full, learning-rate \(aRate)"))
            answers.insert(lab.answer)
            let right = try #require(presented.choices.firstIndex(of: lab.answer))
            var wrongSession = session
            guard case .feedback(let good) = session.handle(ChoiceGrader.letter(right)) else { Issue.record("no feedback"); return }
            #expect(good.correct && good.correctAnswer == lab.answer)
            guard case .feedback(let bad) = wrongSession.handle(ChoiceGrader.letter(1 - right)) else { Issue.record("no feedback"); return }
            #expect(!bad.correct && bad.correctAnswer == lab.answer)
        }
        #expect(answers.count == 2)
    }

    @Test("a two-run lab whose choices lack the mirrored answer is refused when loading")
    func mirrorRequired() {
        let broken = Self.twoRunBank.replacingOccurrences(of: "      - A used 0.5 and B used 0.001\n", with: "      - neither\n")
        let (bank, errors) = QuestionBank.parse([(path: "quiz/lr.yaml", text: broken)])
        #expect(bank.questions.isEmpty)
        #expect(errors.contains { $0.description.contains("exchanged") })
    }
}
