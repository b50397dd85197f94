import Vocabulary
import Foundation

/// The words that drive a lesson. They work anywhere inside a lesson, also at a question's prompt.
public enum LessonCommand: String, Sendable, CaseIterable {
    /// Go to the next step (once the current step's goal is reached).
    case next
    /// Go to the previous step.
    case back
    /// Show the next hint of the current experiment or question.
    case hint
    /// Show the answer; for an experiment, run its reference solution.
    case skip
    /// Start the lesson again from its first step, clearing its progress.
    case restart
    /// Leave the lesson; progress is kept.
    case bye
}

/// What the app must do after the runner handled an input, in order.
public enum LessonEffect: Sendable, Equatable {
    /// Show this text.
    case say(String)
    /// Run these REPL commands in order, showing their output as usual (each training is then passed to `observe`).
    case run([String])
    /// Show `summary` (one line, e.g. "Set up: plane, linear, seed 1, learning-rate 0.5"), then run these REPL
    /// commands without showing their output: only errors, and the run of a training (the step's starting
    /// point), are shown. Each training is passed to `observe` as for `.run`.
    case setUp(summary: String, commands: [String])
    /// Save this lesson's progress now (`ProgressRecord.lessons[lessonID] = progress`, then `ProgressStore.save`).
    case saveProgress(lessonID: String, progress: LessonProgress)
    /// The learner left the lesson with `bye`: back to the plain REPL.
    case left
    /// The lesson is finished (the recap was shown): back to the plain REPL.
    case finished
}

/// How the app should treat a line typed while a lesson is open.
public enum LessonInput: Sendable, Equatable {
    /// A lesson command: pass it to `handle(_:)`.
    case command(LessonCommand)
    /// A hyperlab command: run it, then pass any training to `observe(run:)`.
    case repl
    /// An answer to the open question: pass it to `answer(_:)`.
    case answer
}

/// A lesson in progress, as a value: every input returns the effects the app must carry out. No I/O.
public struct LessonRunner: Sendable {
    /// The lesson being taken.
    public let lesson: Lesson
    /// The learner's progress in it (saved by the app on `.saveProgress`).
    public private(set) var progress: LessonProgress
    /// Index of the current step.
    public private(set) var index: Int
    /// How many hints of the current step were shown.
    public private(set) var hintsShown = 0
    /// After `skip` on an experiment: the next run that meets the goal is explained once.
    var explainNextRun = false
    /// Trainings still to come from a setup the runner asked for; they show the starting point, so they are not graded.
    public private(set) var setupRunsPending = 0
    /// The `note:` of the setup whose training is pending, shown filled from that training.
    var pendingNote: String?
    /// The learner's seed for this lesson session (`hyperlab lessons LESSON --seed N`): every setup sets it in place of
    /// its own `seed:`, except a setup that pins its seed (`pin-seed:`). Nil keeps each setup's seed.
    public let seed: UInt64?

    /// A runner for `lesson` with the saved `progress` (empty for a new lesson) and, when given, the learner's `seed`
    /// for its setups. Call `start()` next.
    public init(lesson: Lesson, progress: LessonProgress = LessonProgress(), seed: UInt64? = nil) {
        self.lesson = lesson
        self.progress = progress
        self.index = 0
        self.seed = seed
    }

    /// The current step.
    public var currentStep: LessonStep { lesson.steps[index] }

    /// Whether the current step is a question not answered yet (its prompt takes answers).
    public var isAwaitingAnswer: Bool {
        if case .question = currentStep.kind { return !progress.completed.contains(currentStep.id) }
        return false
    }

    var isCurrentDone: Bool { progress.completed.contains(currentStep.id) }

    /// Decides what a typed line is. Lesson commands win everywhere; at a question's prompt every other line is an
    /// answer, except a line starting with a hyperlab command word (`replWords`) that is not a valid answer to a choice,
    /// true/false or numeric question.
    public func classify(_ line: String, replWords: [String]) -> LessonInput {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        let words = trimmed.split(separator: " ")
        if words.count == 1, let command = LessonCommand(rawValue: trimmed.lowercased()) { return .command(command) }
        guard isAwaitingAnswer, case .question(let question) = currentStep.kind else { return .repl }
        guard let first = words.first, replWords.contains(first.lowercased()) else { return .answer }
        switch question.expected {
        case .choice(let choices, _), .lab(_, let choices, _):
            return ChoiceGrader.interpret(trimmed, choices: choices) == nil ? .repl : .answer
        case .trueFalse:
            return TrueFalseGrader.interpret(trimmed) == nil ? .repl : .answer
        case .numeric(_, _, let unit):
            return NumericGrader.interpret(trimmed, unit: unit) == nil ? .repl : .answer
        case .freeText:
            return .answer
        }
    }

    // MARK: - Starting

    /// Starts or resumes: a finished lesson starts again from the top (it stays marked done); otherwise the learner
    /// returns to the saved step, with the setup in effect there rebuilt.
    public mutating func start() -> [LessonEffect] {
        var effects: [LessonEffect] = []
        guard !lesson.steps.isEmpty else { return [.say("This lesson has no steps."), .left] }
        if let id = progress.step, let saved = lesson.stepIndex(id: id), !progress.finished {
            index = saved
            effects.append(.say("Lesson \(lesson.number): \(lesson.title): welcome back, resuming at step \(index + 1) of \(lesson.steps.count). (`back`, `next`, `restart`, `bye`)"))
            effects += present(previousSetup: nil)
        } else {
            index = 0
            let again = progress.finished ? " You finished it before; here it is again from the top." : ""
            effects.append(.say("Lesson \(lesson.number): \(lesson.title), \(lesson.steps.count) steps.\(again) Type `next` to move on, `back` to go back, `hint` for help, `bye` to leave (your progress is kept)."))
            effects += present(previousSetup: nil)
        }
        return effects
    }

    // MARK: - Commands

    /// Handles a lesson command.
    public mutating func handle(_ command: LessonCommand) -> [LessonEffect] {
        switch command {
        case .next: return next()
        case .back: return back()
        case .hint: return hint()
        case .skip: return skip()
        case .restart:
            progress = LessonProgress(step: nil, completed: [], skipped: [], finished: progress.finished)
            index = 0
            return [.say("Starting lesson \(lesson.number) again from the first step.")] + present(previousSetup: nil)
        case .bye:
            progress.step = currentStep.id
            return [.saveProgress(lessonID: lesson.id, progress: progress),
                    .say("Left lesson \(lesson.number) at step \(index + 1) of \(lesson.steps.count); `lesson \(lesson.id)` resumes here."),
                    .left]
        }
    }

    mutating func next() -> [LessonEffect] {
        let step = currentStep
        if step.isInteractive && !isCurrentDone {
            let what: String
            if case .question = step.kind { what = "Answer the question first" } else { what = "Reach the goal first (any settings that do it count)" }
            return [.say("\(what), or type `hint` for help or `skip` to see the answer.")]
        }
        progress.complete(step.id)
        if index == lesson.steps.count - 1 { return finish() }
        let previous = lesson.setup(inEffectAt: index)
        index += 1
        return present(previousSetup: previous)
    }

    mutating func back() -> [LessonEffect] {
        guard index > 0 else { return [.say("This is the first step; `next` goes on.")] }
        let previous = lesson.setup(inEffectAt: index)
        index -= 1
        return present(previousSetup: previous)
    }

    mutating func hint() -> [LessonEffect] {
        let hints: [String]
        switch currentStep.kind {
        case .prose: return [.say("This step has no hints: read it, try the commands if there are any, then type `next`.")]
        case .experiment(let experiment): hints = experiment.hints
        case .question(let question): hints = question.hints
        }
        guard hintsShown < hints.count else {
            return [.say(hints.isEmpty ? "This step has no hints; `skip` shows the answer." : "No more hints; `skip` shows the answer.")]
        }
        hintsShown += 1
        return [.say("Hint \(hintsShown) of \(hints.count): \(hints[hintsShown - 1])")]
    }

    mutating func skip() -> [LessonEffect] {
        let step = currentStep
        switch step.kind {
        case .prose:
            return next()
        case .experiment(let experiment):
            if isCurrentDone { return [.say("This goal is already reached; `next` goes on.")] }
            progress.complete(step.id, skipped: true)
            explainNextRun = true
            setupRunsPending = 0
            let setup = lesson.setup(inEffectAt: index)
            return [.say("One way to do it, from the step's starting settings:\n" + experiment.solution.map { "  \($0)" }.joined(separator: "\n")),
                    .saveProgress(lessonID: lesson.id, progress: progress)]
                + (setup.map { [.setUp(summary: Self.summary(of: $0, seed: seed), commands: $0.commands(includeTraining: false, seed: seed))] } ?? [])
                + [.run(experiment.solution),
                   .say("`next` goes on.")]
        case .question(let question):
            if isCurrentDone { return [.say("This question is already answered; `next` goes on.")] }
            progress.complete(step.id, skipped: true)
            return [.say("The answer: \(question.answerText)\n\(question.explanation)\n`next` goes on."),
                    .saveProgress(lessonID: lesson.id, progress: progress)]
        }
    }

    mutating func finish() -> [LessonEffect] {
        progress.finished = true
        progress.step = currentStep.id
        var lines = ["Lesson \(lesson.number) done: \(lesson.title)."]
        let points = lesson.recap.isEmpty ? lesson.experiments.map(\.experiment.goal) : lesson.recap
        if !points.isEmpty {
            lines.append("What you saw:")
            lines += points.map { "  - \($0)" }
        }
        let goals = lesson.steps.filter(\.isInteractive).map(\.id)
        let skipped = goals.filter { progress.skipped.contains($0) }.count
        lines.append("You reached \(goals.count - skipped) of \(goals.count) goals yourself" + (skipped > 0 ? " (\(skipped) shown with `skip`; `restart` to try them again)." : "."))
        return [.say(lines.joined(separator: "\n")), .saveProgress(lessonID: lesson.id, progress: progress), .finished]
    }

    // MARK: - Showing a step

    /// The effects that show the current step, rebuilding its setup when it has one or when the setup in effect
    /// differs from `previousSetup` (nil: rebuild whenever a setup is in effect, as on a resume).
    mutating func present(previousSetup: LessonSetup?) -> [LessonEffect] {
        hintsShown = 0
        explainNextRun = false
        let step = currentStep
        progress.step = step.id
        pendingNote = nil
        var effects: [LessonEffect] = [.saveProgress(lessonID: lesson.id, progress: progress)]
        var head = "── Step \(index + 1) of \(lesson.steps.count): \(step.title) ──"
        if !step.prose.isEmpty { head += "\n" + step.prose }
        effects.append(.say(head))
        let inEffect = lesson.setup(inEffectAt: index)
        setupRunsPending = 0
        if let rebuilt = step.setup ?? ((previousSetup == nil || inEffect != previousSetup) ? inEffect : nil) {
            effects.append(.setUp(summary: Self.summary(of: rebuilt, seed: seed), commands: rebuilt.commands(seed: seed)))
            setupRunsPending = rebuilt.trains ? 1 : 0
            pendingNote = rebuilt.trains ? rebuilt.note : nil
        }
        var tail: [String] = []
        if !step.tryCommands.isEmpty {
            tail.append("Try:\n" + step.tryCommands.map { "  \($0)" }.joined(separator: "\n"))
        }
        let done = isCurrentDone
        switch step.kind {
        case .prose:
            tail.append(index == lesson.steps.count - 1 ? "(`next` finishes the lesson)" : "(`next` to go on)")
        case .experiment(let experiment):
            tail.append("Goal: \(experiment.goal)" + (done ? " (already reached; `next` goes on)"
                : "\nAny settings that do it count. `hint` helps, `skip` shows one way."))
        case .question(let question):
            var text = "Question: \(question.prompt)"
            if case .choice(let choices, _) = question.expected {
                text += "\n" + choices.enumerated().map { "  \(ChoiceGrader.letter($0.offset))) \($0.element)" }.joined(separator: "\n")
            } else if case .trueFalse = question.expected {
                text += "\n  (true or false)"
            }
            text += done ? "\n(already answered: \(question.answerText); `next` goes on)" : "\nType your answer (`hint` helps, `skip` shows the answer)."
            tail.append(text)
        }
        effects.append(.say(tail.joined(separator: "\n")))
        return effects
    }

    // MARK: - Answers and runs

    /// Grades an answer to the current question with the quiz's graders.
    public mutating func answer(_ text: String) -> [LessonEffect] {
        guard case .question(let question) = currentStep.kind else {
            return [.say("There is no question open here; type a hyperlab command or `next`.")]
        }
        if isCurrentDone { return [.say("This question is already answered; `next` goes on.")] }
        let retry = " Try again, or `hint` / `skip`."
        var right = false
        var feedback = ""
        switch question.expected {
        case .choice(let choices, let correct), .lab(_, let choices, let correct):
            guard let picked = ChoiceGrader.interpret(text, choices: choices) else {
                return [.say(ChoiceGrader.usage(choiceCount: choices.count) + ".")]
            }
            right = picked == correct
            feedback = right ? "Right." : "Not quite: \(ChoiceGrader.letter(picked))) is not it." + retry
        case .trueFalse(let value):
            guard let given = TrueFalseGrader.interpret(text) else { return [.say("Answer true or false.")] }
            right = given == value
            feedback = right ? "Right." : "Not quite." + retry
        case .numeric(let value, let tolerance, let unit):
            guard let given = NumericGrader.interpret(text, unit: unit) else {
                return [.say("Answer with one number (such as 0.05, 1e-3 or 5%).")]
            }
            right = tolerance.accepts(given, expected: value)
            feedback = right ? "Right." : "Not quite: \(NumberText.format(given)) is " + (given < value ? "too low." : "too high.") + retry
        case .freeText(let rubric):
            let grade = RubricGrader.grade(text, rubric: rubric)
            right = grade.passed
            let made = grade.matched.isEmpty ? "none of the key points yet" : "these points: " + grade.matched.joined(separator: "; ")
            feedback = right ? "Good: you made \(made)."
                : "Your answer makes \(made). It needs \(rubric.minimumPoints) of the \(rubric.points.count) key points; say more about what happens and why." + retry
        }
        guard right else { return [.say(feedback)] }
        progress.complete(currentStep.id)
        var lines = [feedback]
        if case .freeText = question.expected, let model = question.modelAnswer { lines.append("A model answer: \(model)") }
        lines.append(question.explanation)
        lines.append("(`next` to go on)")
        return [.say(lines.joined(separator: "\n")), .saveProgress(lessonID: lesson.id, progress: progress)]
    }

    /// Checks a finished training (or, for an experiment with `search.` conditions, a finished search: facts with
    /// `search` set) against the current experiment's goal. Silent outside experiments, for the training
    /// of a setup the runner asked for (the app must pass every training, those of `.run` effects included), and once
    /// the goal is reached (apart from explaining the first run that meets it after a `skip`).
    public mutating func observe(run facts: RunFacts) -> [LessonEffect] {
        if setupRunsPending > 0 {
            setupRunsPending -= 1
            guard let note = pendingNote else { return [] }
            pendingNote = nil
            return [.say(facts.fill(note))]
        }
        guard case .experiment(let experiment) = currentStep.kind else { return [] }
        // A search goal is met by a search, a training goal by a training: the other kind passes silently.
        guard experiment.isSearch == (facts.search != nil) else { return [] }
        let result = OutcomeCheck.evaluate(experiment.expect, on: facts)
        if isCurrentDone {
            guard explainNextRun, result.passed else { return [] }
            explainNextRun = false
            return [.say(Self.sentence("That run shows it: ", result.evidence) + explanation(experiment, facts))]
        }
        guard result.passed else {
            return [.say(Self.sentence("Not yet: ", result.failures) + "\nGoal: \(experiment.goal)")]
        }
        progress.complete(currentStep.id)
        return [.say(Self.sentence("Goal reached: ", result.evidence) + explanation(experiment, facts) + "\n(`next` to go on)"),
                .saveProgress(lessonID: lesson.id, progress: progress)]
    }

    func explanation(_ experiment: LessonExperiment, _ facts: RunFacts) -> String {
        experiment.explain.isEmpty ? "" : "\n" + facts.fill(experiment.explain)
    }

    /// One line naming a step's setup: "Set up: plane, linear, seed 1, learning-rate 0.5", with the seed the setup
    /// really sets when the learner's `seed` replaces its own (`LessonSetup.effectiveSeed`).
    public static func summary(of setup: LessonSetup, seed other: UInt64? = nil) -> String {
        var parts = [setup.dataset]
        if let model = setup.model { parts.append(model) }
        if let seed = setup.effectiveSeed(replacing: other) {
            parts.append("seed \(seed)" + (other != nil && other != seed ? " (this step needs it)" : ""))
        }
        let settings = setup.hyperparameters.map { "\($0.name) \($0.value.isEmpty ? "none" : $0.value)" }
        // One short line: the settings that fit in `summaryWidth` columns, then how many more (`show` lists them all).
        for (count, setting) in settings.enumerated() {
            let rest = settings.count - count - 1
            let line = "Set up: " + (parts + [setting]).joined(separator: ", ")
            let fits = line.count + (rest > 0 ? ", +\(rest) more".count : 0) <= summaryWidth
            if !fits {
                return "Set up: " + parts.joined(separator: ", ") + ", +\(settings.count - count) more"
            }
            parts.append(setting)
        }
        return "Set up: " + parts.joined(separator: ", ")
    }

    /// The widest set-up line, in characters: it fits an 80-column terminal.
    public static let summaryWidth = 80

    static func sentence(_ lead: String, _ clauses: [String]) -> String {
        lead + clauses.joined(separator: "; ") + "."
    }
}
