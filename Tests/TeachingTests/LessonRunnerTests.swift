import Vocabulary
import Foundation
import Testing
@testable import Teaching

@Suite struct LessonRunnerTests {
    func sampleLesson() throws -> Lesson {
        try #require(LessonFixtures.parse(LessonFixtures.sample).lessons.first)
    }

    let setupCommands = ["set auto off", "unset all", "set seed 7", "use plane", "model linear",
                         "set batch-size full learning-rate 0.5", "set auto on", "train"]
    let blowUp = LessonFixtures.facts(train: [3, 40, 900], diverged: true, divergedAt: 3,
                                      hyperparameters: ["learning-rate": "2", "batch-size": "full"])
    let calm = LessonFixtures.facts(train: [3, 1.2, 1.1])

    @Test func aWalkWithNextHintsAnExperimentAndQuestionsReachesTheRecap() throws {
        var runner = LessonRunner(lesson: try sampleLesson())
        let start = runner.start()
        #expect(start.text.contains("Sample lesson") && start.text.contains("Some words of introduction."))
        #expect(start.commands.isEmpty)  // the introduction has no setup
        #expect(start.savedProgress?.step == "introduction")

        // Step 2: the setup runs; its own training is not graded.
        let second = runner.handle(.next)
        #expect(runner.index == 1)
        #expect(second.commands == setupCommands)
        #expect(second.text.contains("Goal: Make it diverge.") && second.text.contains("plot loss"))
        #expect(second.savedProgress == LessonProgress(step: "blow-it-up", completed: ["introduction"]))
        #expect(runner.observe(run: calm).isEmpty)

        // `next` is refused until the goal is reached; hints come one at a time.
        #expect(runner.handle(.next).text.contains("Reach the goal first"))
        #expect(runner.index == 1)
        #expect(runner.handle(.hint).text == "Hint 1 of 2: first hint")
        #expect(runner.handle(.hint).text == "Hint 2 of 2: second hint")
        #expect(runner.handle(.hint).text.contains("No more hints"))

        // A run that misses the goal says why; one that meets it says which numbers showed it.
        let miss = runner.observe(run: calm)
        #expect(miss.text == "Not yet: the run did not diverge: training loss went from 3 after epoch 1 to 1.1 after epoch 3.\nGoal: Make it diverge.")
        #expect(miss.savedProgress == nil)
        let hit = runner.observe(run: blowUp)
        #expect(hit.text.hasPrefix("Goal reached: the loss blew up at epoch 3 (after epoch 1 it was 3).\nIt blew up at epoch 3 with rate 2."))
        #expect(hit.savedProgress?.completed == ["introduction", "blow-it-up"])
        #expect(runner.observe(run: blowUp).isEmpty)  // silent once reached

        // Step 3: a choice question. The setup in effect is the same, so it is not run again.
        let third = runner.handle(.next)
        #expect(third.commands.isEmpty)
        #expect(third.text.contains("a) the weights") && third.text.contains("b) the learning rate"))
        #expect(runner.isAwaitingAnswer)
        #expect(runner.answer("c").text.contains("Answer with a letter"))
        #expect(runner.answer("b").text.hasPrefix("Not quite"))
        #expect(runner.handle(.next).text.contains("Answer the question first"))
        let right = runner.answer("the weights")
        #expect(right.text.hasPrefix("Right.") && right.text.contains("Weights are parameters."))
        #expect(!runner.isAwaitingAnswer)

        // Step 4: numeric with tolerance 0.5.
        _ = runner.handle(.next)
        #expect(runner.answer("4").text.contains("too high"))
        #expect(runner.answer("about 3.4").text.hasPrefix("Right."))

        // Step 5 is the last: `next` finishes with the recap.
        _ = runner.handle(.next)
        let end = runner.handle(.next)
        #expect(end.last == .finished)
        #expect(end.text.contains("- a point to remember"))
        #expect(end.text.contains("You reached 3 of 3 goals yourself."))
        #expect(end.savedProgress?.finished == true)
    }

    @Test func skipRunsTheSolutionFromTheSetupAndThenExplainsTheRun() throws {
        var runner = LessonRunner(lesson: try sampleLesson(), progress: LessonProgress(step: "blow-it-up", completed: ["introduction"]))
        let resumed = runner.start()
        #expect(resumed.text.contains("welcome back, resuming at step 2 of 5"))
        #expect(resumed.commands == setupCommands)
        #expect(runner.observe(run: calm).isEmpty)  // the setup's own training

        let skipped = runner.handle(.skip)
        // The setup without its training, then the solution: the run that follows is the solution's.
        #expect(skipped.commands == Array(setupCommands.dropLast()) + ["set learning-rate 2"])
        #expect(skipped.text.contains("set learning-rate 2"))
        #expect(skipped.savedProgress == LessonProgress(step: "blow-it-up", completed: ["introduction", "blow-it-up"], skipped: ["blow-it-up"]))
        let explained = runner.observe(run: blowUp)
        #expect(explained.text.hasPrefix("That run shows it: the loss blew up at epoch 3"))
        #expect(runner.observe(run: blowUp).isEmpty)  // only once
        #expect(runner.handle(.skip).text.contains("already reached"))

        // Skipping a question shows the answer and never runs anything.
        _ = runner.handle(.next)
        let question = runner.handle(.skip)
        #expect(question.commands.isEmpty)
        #expect(question.text.contains("The answer: a) the weights"))
        _ = runner.handle(.next)
        _ = runner.handle(.skip)
        _ = runner.handle(.next)
        let end = runner.handle(.next)
        #expect(end.text.contains("You reached 0 of 3 goals yourself (3 shown with `skip`"))
    }

    @Test func backRestartAndByeKeepTheStateConsistent() throws {
        var runner = LessonRunner(lesson: try sampleLesson())
        _ = runner.start()
        #expect(runner.handle(.back).text.contains("This is the first step"))
        _ = runner.handle(.next)
        _ = runner.observe(run: calm)
        _ = runner.observe(run: blowUp)
        _ = runner.handle(.next)
        // Back to the experiment: it keeps its setup, which is run again, and it is shown as done.
        let back = runner.handle(.back)
        #expect(runner.index == 1)
        #expect(back.commands == setupCommands)
        #expect(back.text.contains("already reached"))
        // Going back to the introduction from a step with a setup: nothing to rebuild (no setup in effect).
        #expect(runner.handle(.back).commands.isEmpty)

        let bye = runner.handle(.bye)
        #expect(bye.last == .left)
        #expect(bye.savedProgress == LessonProgress(step: "introduction", completed: ["introduction", "blow-it-up"]))
        #expect(bye.text.contains("`lesson sample` resumes here"))

        let restart = runner.handle(.restart)
        #expect(runner.index == 0)
        #expect(restart.savedProgress == LessonProgress(step: "introduction"))
    }

    @Test func aFinishedLessonStartsAgainAndAnUnknownStepStartsAtTheTop() throws {
        var finished = LessonRunner(lesson: try sampleLesson(), progress: LessonProgress(step: "the-end", completed: ["introduction"], finished: true))
        #expect(finished.start().text.contains("You finished it before"))
        #expect(finished.index == 0)
        var renamed = LessonRunner(lesson: try sampleLesson(), progress: LessonProgress(step: "a-heading-that-was-renamed"))
        _ = renamed.start()
        #expect(renamed.index == 0)
        // Resuming on a question step with the setup of an earlier step rebuilds that setup.
        var onQuestion = LessonRunner(lesson: try sampleLesson(), progress: LessonProgress(step: "pick-one"))
        #expect(onQuestion.start().commands == setupCommands)
    }

    @Test func linesAreClassifiedAsLessonCommandsReplCommandsOrAnswers() throws {
        var runner = LessonRunner(lesson: try sampleLesson())
        _ = runner.start()
        let words = LessonFixtures.fixtureWords
        #expect(runner.classify("next", replWords: words) == .command(.next))
        #expect(runner.classify("  HINT ", replWords: words) == .command(.hint))
        #expect(runner.classify("plot loss", replWords: words) == .repl)
        #expect(runner.classify("the weights", replWords: words) == .repl)  // no question open
        _ = runner.handle(.next)
        _ = runner.observe(run: calm)
        _ = runner.observe(run: blowUp)
        _ = runner.handle(.next)
        #expect(runner.isAwaitingAnswer)
        #expect(runner.classify("skip", replWords: words) == .command(.skip))
        #expect(runner.classify("bye", replWords: words) == .command(.bye))
        #expect(runner.classify("a", replWords: words) == .answer)
        #expect(runner.classify("the weights", replWords: words) == .answer)
        #expect(runner.classify("plot loss", replWords: words) == .repl)
        #expect(runner.classify("show", replWords: words) == .repl)
        #expect(runner.answer("next page").text.contains("Answer with a letter"))
    }

    @Test func freeTextAnswersAreGradedByTheRubric() throws {
        let text = """
        # Free

        ```yaml
        lesson:
          summary: s
          covers: [review-3]
        ```

        ## Why

        ```yaml
        question:
          type: free-text
          prompt: What goes wrong?
          model-answer: It overfits and generalizes poorly.
          rubric:
            pass: 2
            points:
              - point: overfitting
                phrases: [overfit, overfitting]
              - point: poor generalization
                phrases: [generalizes poorly, new data]
          explanation: Both points matter.
        ```
        """
        let lesson = try #require(LessonFixtures.parse(text).lessons.first)
        var runner = LessonRunner(lesson: lesson)
        _ = runner.start()
        _ = runner.handle(.next)
        let partial = runner.answer("it overfits")
        #expect(partial.text.hasPrefix("Your answer makes these points: overfitting. It needs 2 of the 2 key points"))
        #expect(runner.answer("no idea").text.hasPrefix("Your answer makes none of the key points yet."))
        #expect(runner.isAwaitingAnswer)
        let full = runner.answer("It overfits, so it does badly on new data.")
        #expect(full.text.contains("Good: you made these points: overfitting; poor generalization."))
        #expect(full.text.contains("A model answer: It overfits and generalizes poorly."))
        #expect(!runner.isAwaitingAnswer)
    }
}

/// Templates in a setup's `note:`, the learner's seed for a lesson session, and the `bounce.train_loss` metric.
@Suite struct LessonTemplateAndSeedTests {
    static let text = """
    # Notes

    ```yaml
    lesson:
      summary: s
      covers: [fact-1]
    ```

    ## Start

    ```yaml
    setup:
      dataset: plane
      model: linear
      seed: 3
      hyperparameters: {learning-rate: 0.5}
      note: Loss {final.train_loss} after {epochs} epochs at rate {hyperparameter.lr}.
    ```

    ```yaml
    experiment:
      goal: Make it diverge.
      expect: {diverged: true}
      solution: [set learning-rate 2]
      explain: Blew up at epoch {diverged_at}.
    ```

    ## Pinned

    ```yaml
    setup:
      dataset: plane
      seed: 1
      pin-seed: the edge needs this sample
    ```
    """

    func lesson() throws -> Lesson {
        let book = LessonFixtures.parse(Self.text)
        #expect(book.errors.isEmpty, "\(book.errors)")
        return try #require(book.lessons.first)
    }

    @Test func theNoteIsFilledFromTheSetupRunAndShownOnce() throws {
        var runner = LessonRunner(lesson: try lesson())
        _ = runner.start()
        let shown = runner.observe(run: LessonFixtures.facts(train: [3, 1.23456, 1.04]))
        #expect(shown.text == "Loss 1.04 after 3 epochs at rate 0.5.")
        // The learner's own runs are graded, never answered with the note again.
        let next = runner.observe(run: LessonFixtures.facts(train: [3, 2, 1]))
        #expect(next.text.hasPrefix("Not yet"))
    }

    @Test func theLearnersSeedReplacesTheSetupsSeedExceptAPinnedOne() throws {
        var runner = LessonRunner(lesson: try lesson(), seed: 42)
        let start = runner.start()
        #expect(start.commands.contains("set seed 42") && !start.commands.contains("set seed 3"))
        #expect(start.summaries == ["Set up: plane, linear, seed 42, learning-rate 0.5"])
        _ = runner.observe(run: LessonFixtures.facts(train: [3, 2, 1]))  // the set-up's own run
        let hit = runner.observe(run: LessonFixtures.facts(train: [3, 40, 900], diverged: true, divergedAt: 3))
        #expect(hit.text.hasPrefix("Goal reached"))
        let pinned = runner.handle(.next)
        #expect(pinned.commands.contains("set seed 1") && !pinned.commands.contains("set seed 42"))
        #expect(pinned.summaries == ["Set up: plane, seed 1 (this step needs it)"])
        // Without a learner's seed the file's seeds are used and nothing is added.
        var plain = LessonRunner(lesson: try lesson())
        let plainStart = plain.start()
        #expect(plainStart.commands.contains("set seed 3"))
        #expect(plainStart.summaries == ["Set up: plane, linear, seed 3, learning-rate 0.5"])
    }

    @Test func aLongSetUpLineIsCutToEightyColumnsAndSaysHowManyMore() {
        let long = LessonSetup(dataset: "breast-cancer", model: "logistic", seed: 1,
                               hyperparameters: [("batch-size", "full"), ("epochs", "5"), ("learning-rate", "0.01"), ("l2", "0.1")])
        let line = LessonRunner.summary(of: long)
        #expect(line == "Set up: breast-cancer, logistic, seed 1, batch-size full, epochs 5, +2 more")
        #expect(line.count <= LessonRunner.summaryWidth)
        let short = LessonSetup(dataset: "plane", model: "linear", seed: 1, hyperparameters: [("learning-rate", "0.5")])
        #expect(LessonRunner.summary(of: short) == "Set up: plane, linear, seed 1, learning-rate 0.5")
    }

    @Test func bounceMeasuresTheLastTenthOfTheEpochs() throws {
        // 20 epochs: the last 2 are 1.0 and 1.5, so (1.5 - 1.0) / 1.25 = 0.4; earlier epochs do not count.
        let bouncing = LessonFixtures.facts(train: [9, 1, 8, 1, 7, 1, 6, 1, 5, 1, 4, 1, 3, 1, 2, 1, 2, 1, 1.0, 1.5])
        let value = try #require(bouncing.number("bounce.train_loss"))
        #expect(abs(value - 0.4) < 1e-12)
        // A curve that has settled: its last tenth is flat.
        let settled = LessonFixtures.facts(train: [5, 3, 2, 1.5, 1.2, 1.1, 1.05, 1.02, 1.0, 1.0])
        #expect(settled.number("bounce.train_loss") == 0)
        #expect(LessonFixtures.facts(train: [1]).number("bounce.train_loss") == nil)
        let condition = try OutcomeCondition.parse(key: "bounce.train_loss", value: "< 0.05").get()
        #expect(!condition.evaluate(bouncing).passed && condition.evaluate(settled).passed)
    }
}

extension Array where Element == LessonEffect {
    /// The one-line summaries of the `.setUp` effects, in order.
    var summaries: [String] {
        compactMap { if case .setUp(let summary, _) = $0 { return summary } else { return nil } }
    }
}
