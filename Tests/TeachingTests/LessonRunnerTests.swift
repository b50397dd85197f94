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
