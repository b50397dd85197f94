import Vocabulary
import Foundation
@testable import HyperLabApp
import Learning
@testable import Teaching
import Testing

/// The shipped lessons in Lessons/, loaded with the command words of the registry as the app loads
/// them: valid, complete, and covering the whole content brief.
@Suite struct LessonContentTests {
    let book = LessonCheckTests.shippedBook()
    /// The lesson command policy of the app: the registry's words.
    let policy = CommandPolicy(allowedCommands: CommandRegistry.lessonWords, refusedCommands: CommandRegistry.refusedInLessons,
                               datasetNames: DatasetCatalog.allNames)

    @Test func everyLessonFileLoadsWithoutErrors() {
        #expect(book.errors.isEmpty, "\(book.errors.map(\.description).joined(separator: "\n"))")
        #expect(book.lessons.map(\.number) == Array(1...8))
        #expect(book.lessons.map(\.id) == ["parameters", "learning-rate", "batch-size-and-epochs", "capacity",
                                           "regularization", "validation-and-early-stopping", "searching", "trade-off"])
    }

    @Test func everyLessonHasTwoExperimentsAQuestionAndARecap() {
        for lesson in book.lessons {
            #expect(lesson.experiments.count >= 2, "\(lesson.id) has \(lesson.experiments.count) experiments")
            let questions = lesson.steps.filter { if case .question = $0.kind { return true } else { return false } }
            #expect(!questions.isEmpty, "\(lesson.id) has no question")
            #expect(!lesson.recap.isEmpty, "\(lesson.id) has no recap")
            #expect(!lesson.summary.isEmpty && !lesson.covers.isEmpty)
            for item in lesson.experiments {
                // Every training experiment starts from a setup that trains, so `lessons check` can test the starting
                // point too; a search experiment's starting point is no search at all, so its setup may skip the run.
                let setup = lesson.setup(inEffectAt: item.step)
                #expect(setup?.trains == true || item.experiment.isSearch, "\(lesson.id) step \(item.step + 1)")
                #expect(setup?.seed != nil, "\(lesson.id) step \(item.step + 1) has no seed")
                #expect(DatasetName.allNames.contains(setup?.dataset ?? ""), "\(lesson.id): not a shipped dataset")
                #expect(!item.experiment.hints.isEmpty && !item.experiment.explain.isEmpty)
            }
        }
    }

    @Test func togetherTheLessonsCoverAllFiveFactsAndThreeReviewQuestions() {
        #expect(book.covered == Set(ContentItem.allCases))
        // The Bayesian optimization fact and review question are taught where searching is.
        #expect(book.lesson(matching: "searching")?.covers.contains(.fact4) == true)
        #expect(book.lesson(matching: "searching")?.covers.contains(.review2) == true)
    }

    @Test func everyFreeTextModelAnswerPassesItsOwnRubricAndAnUnrelatedAnswerDoesNot() {
        var count = 0
        for lesson in book.lessons {
            for step in lesson.steps {
                guard case .question(let question) = step.kind, case .freeText(let rubric) = question.expected else { continue }
                count += 1
                let model = RubricGrader.grade(question.modelAnswer ?? "", rubric: rubric)
                #expect(model.passed, "\(lesson.id)/\(step.id): the model answer misses \(model.missed)")
                let unrelated = RubricGrader.grade("I like the colour of the charts and the terminal font.", rubric: rubric)
                #expect(!unrelated.passed, "\(lesson.id)/\(step.id)")
            }
        }
        #expect(count >= 3)
    }

    /// The texts that `effects` show, joined by line breaks.
    func said(_ effects: [LessonEffect]) -> String {
        effects.compactMap { if case .say(let text) = $0 { text } else { nil } }.joined(separator: "\n")
    }

    /// A scripted walk through every lesson with the runner: `next` through prose, `skip` on every experiment
    /// (feeding back a run that meets the goal, as the app would after running the solution), the right answer
    /// for every choice and numeric question, `skip` on free text; the walk must end with the recap.
    @Test func aScriptedWalkThroughEveryLessonReachesItsEnd() throws {
        for lesson in book.lessons {
            var runner = LessonRunner(lesson: lesson)
            var effects = runner.start()
            var guardCount = 0
            while effects.last != .finished {
                guardCount += 1
                try #require(guardCount < 200, "\(lesson.id): the walk does not end")
                let step = runner.currentStep
                switch step.kind {
                case .prose:
                    effects = runner.handle(.next)
                case .experiment:
                    if !runner.progress.completed.contains(step.id) {
                        let solution = runner.handle(.skip).flatMap { effect -> [String] in
                            if case .run(let commands) = effect { commands } else { [] }
                        }
                        #expect(!solution.isEmpty, "\(lesson.id)/\(step.id): skip runs the solution")
                        for command in solution {
                            #expect(policy.problem(with: command) == nil, "\(command)")
                        }
                    }
                    effects = runner.handle(.next)
                case .question(let question):
                    switch question.expected {
                    case .choice(let choices, let correct):
                        #expect(said(runner.answer(choices[correct])).hasPrefix("Right."), "\(lesson.id)/\(step.id)")
                    case .trueFalse(let value):
                        #expect(said(runner.answer(value ? "true" : "false")).hasPrefix("Right."), "\(lesson.id)/\(step.id)")
                    case .numeric(let value, _, _):
                        #expect(said(runner.answer(NumberText.format(value))).hasPrefix("Right."), "\(lesson.id)/\(step.id)")
                    case .freeText:
                        #expect(said(runner.answer(question.modelAnswer ?? "")).hasPrefix("Good"), "\(lesson.id)/\(step.id)")
                    case .lab:
                        _ = runner.handle(.skip)
                    }
                    effects = runner.handle(.next)
                }
            }
            #expect(runner.progress.finished, "\(lesson.id)")
            #expect(runner.progress.completed.count == lesson.steps.count, "\(lesson.id)")
            #expect(said(effects).contains("What you saw:"))
        }
    }

    @Test func everyExperimentHasACheckThatStartsFromItsSetup() {
        let checks = book.experimentChecks
        #expect(checks.count == book.lessons.map(\.experiments.count).reduce(0, +))
        for check in checks {
            let search = check.conditions.contains(where: \.isSearch)
            #expect(check.startCommands.last == "train" || (search && check.startCommands.isEmpty), "\(check.file):\(check.line)")
            #expect(check.commands.first == "set auto off" && check.commands.contains("set auto on"))
            #expect(!check.commands.contains("train") || check.commands.last == "train")
            // Every check names a real line of its file holding `experiment:`.
            let lines = (try? String(contentsOfFile: check.file, encoding: .utf8))?.components(separatedBy: "\n") ?? []
            #expect(lines.indices.contains(check.line - 1) && lines[check.line - 1].hasPrefix("experiment:"), "\(check.file):\(check.line)")
        }
    }
}

