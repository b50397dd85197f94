import Vocabulary

/// The eight things CONTENT.md says every learner must leave with: five facts and three review questions.
/// A lesson names the ones it teaches in its `covers:` list.
public enum ContentItem: String, Sendable, CaseIterable, Codable {
    /// Parameters are learned from data; hyperparameters are fixed before training.
    case fact1 = "fact-1"
    /// Well-chosen hyperparameters reduce overfitting and improve generalization.
    case fact2 = "fact-2"
    /// The common ones: learning rate, batch size, epochs, network architecture.
    case fact3 = "fact-3"
    /// Bayesian optimization: a surrogate model of the score chooses the next setting.
    case fact4 = "fact-4"
    /// Tuning trades model complexity against performance.
    case fact5 = "fact-5"
    /// How hyperparameters influence training and performance.
    case review1 = "review-1"
    /// How Bayesian optimization improves on grid search.
    case review2 = "review-2"
    /// What happens when hyperparameters are chosen badly.
    case review3 = "review-3"
}

/// The declarative session setup of a `setup:` block. The runner turns it into REPL commands
/// (`setupCommands`), so a step always starts from a known state whatever the learner did before.
public struct LessonSetup: Sendable, Equatable {
    /// A built-in dataset name, or a CSV path relative to the lesson or dataset folder.
    public let dataset: String
    /// `linear`, `logistic`, `softmax` or `mlp`; nil keeps the model `use` picks for the task.
    public let model: String?
    /// The one seed for split, initialization and shuffling; nil keeps the default seed.
    public let seed: UInt64?
    /// Hyperparameter name (vocabulary of DESIGN.md) to value as typed after `set NAME`, in file order.
    public let hyperparameters: [(name: String, value: String)]
    /// Whether the setup ends with `train` so that the learner sees the starting curves (default true).
    public let trains: Bool
    /// Why this setup's demonstration needs its own seed (`pin-seed:` in the file, which the lesson text must
    /// also say); nil when the claim must hold for every seed. `lessons check --seeds` checks a pinned setup with
    /// its own seed only and reports it as pinned.
    public let pinnedBecause: String?
    /// A template (`note:` in the file) shown right after the setup's training, with its `{...}` placeholders filled
    /// from that run (`RunFacts.fill`): how the lesson quotes the numbers of the starting run instead of typing them.
    /// Nil when the file has none; never shown when the setup does not train.
    public let note: String?

    /// Makes a setup.
    public init(dataset: String, model: String?, seed: UInt64?, hyperparameters: [(name: String, value: String)], trains: Bool = true,
                pinnedBecause: String? = nil, note: String? = nil) {
        self.dataset = dataset
        self.model = model
        self.seed = seed
        self.hyperparameters = hyperparameters
        self.trains = trains
        self.pinnedBecause = pinnedBecause
        self.note = note
    }

    /// The seed the setup's commands set when `other` is asked for (a learner's `--seed`, or `lessons check --seeds`):
    /// `other` unless the setup pins its own seed; the setup's own seed otherwise.
    public func effectiveSeed(replacing other: UInt64?) -> UInt64? {
        pinnedBecause == nil ? (other ?? seed) : seed
    }

    /// The REPL commands that build this setup, in order:
    /// `set auto off`, `unset all`, `set seed S`, `use DATASET`, `model MODEL`, `set NAME VALUE ...`, `set auto on`, and `train`
    /// when `trains` (and `includeTraining`). `auto` is turned off first so that no step of the setup trains on its own.
    /// `seed` replaces the setup's own seed (for `lessons check --seeds`); a pinned setup keeps its own.
    public func commands(includeTraining: Bool = true, seed other: UInt64? = nil) -> [String] {
        var lines = ["set auto off", "unset all"]
        if let seed = effectiveSeed(replacing: other) { lines.append("set seed \(seed)") }
        lines.append("use \(dataset)")
        if let model { lines.append("model \(model)") }
        if !hyperparameters.isEmpty {
            lines.append("set " + hyperparameters.map { "\($0.name) \($0.value.isEmpty ? "none" : $0.value)" }.joined(separator: " "))
        }
        lines.append("set auto on")
        if trains && includeTraining { lines.append("train") }
        return lines
    }

    /// Setups are equal when every field is (hyperparameters compared in order).
    public static func == (lhs: LessonSetup, rhs: LessonSetup) -> Bool {
        lhs.dataset == rhs.dataset && lhs.model == rhs.model && lhs.seed == rhs.seed && lhs.trains == rhs.trains
            && lhs.pinnedBecause == rhs.pinnedBecause && lhs.note == rhs.note
            && lhs.hyperparameters.map(\.name) == rhs.hyperparameters.map(\.name)
            && lhs.hyperparameters.map(\.value) == rhs.hyperparameters.map(\.value)
    }
}

/// An experiment: a goal graded on the outcome of the learner's own runs, not on the commands typed.
public struct LessonExperiment: Sendable, Equatable {
    /// What to make happen, in plain words ("make the training loss blow up").
    public let goal: String
    /// Every condition must hold on one run (see `OutcomeCondition`).
    public let expect: [OutcomeCondition]
    /// REPL commands that reach the goal from the step's setup; `skip` runs them and `hyperlab lessons check` proves them.
    public let solution: [String]
    /// Progressive hints, one per `hint`.
    public let hints: [String]
    /// Shown when the goal is reached; `{metric}` placeholders are filled from the run (see `RunFacts.value(of:)`).
    public let explain: String
    /// Where the `experiment:` block starts.
    public let line: Int
    /// What the solution run demonstrates (`demonstrates:`, step goals such as `good-fit`, `overfitting`,
    /// `slow-learning`); `lessons check` fails the step when the diagnosis of that run contradicts one.
    /// Empty when the file does not say.
    public var demonstrates: [String] = []

    /// Whether the goal is about a search (its conditions read `search.` metrics): met by `tune` or `sweep`.
    public var isSearch: Bool { expect.contains(where: \.isSearch) }
}

/// A question inside a lesson; graded by the quiz's graders.
public struct LessonQuestion: Sendable, Equatable {
    /// The question text.
    public let prompt: String
    /// What counts as right (choice, true/false, numeric with tolerance, or free text with a rubric).
    public let expected: ExpectedAnswer
    /// Progressive hints, one per `hint`.
    public let hints: [String]
    /// Why the answer is what it is; shown after a right answer or a `skip`.
    public let explanation: String
    /// A model answer for free text (shown after answering), nil otherwise.
    public let modelAnswer: String?
    /// Where the `question:` block starts.
    public let line: Int

    /// The right answer as one line of text.
    public var answerText: String {
        switch expected {
        case .choice(let choices, let correct), .lab(_, let choices, let correct):
            return "\(ChoiceGrader.letter(correct))) \(choices[correct])"
        case .trueFalse(let value):
            return value ? "true" : "false"
        case .numeric(let value, let tolerance, let unit):
            let unitText = unit.map { $0 == "%" ? "%" : " " + $0 } ?? ""
            return NumberText.format(value) + unitText + " (within " + tolerance.text + ")"
        case .freeText(let rubric):
            return modelAnswer ?? rubric.points.map(\.name).joined(separator: "; ")
        }
    }
}

/// What a step asks of the learner.
public enum LessonStepKind: Sendable, Equatable {
    /// Read, maybe type the suggested commands, then `next`.
    case prose
    /// Reach the goal with any settings.
    case experiment(LessonExperiment)
    /// Answer the question.
    case question(LessonQuestion)
}

/// One step of a lesson: a `## heading`, its prose, and at most one setup, one try list and one experiment or question.
public struct LessonStep: Sendable, Equatable {
    /// Stable id within the lesson (from the heading: lowercase words joined by `-`); progress is kept under it.
    public let id: String
    /// The heading text.
    public let title: String
    /// The Markdown prose of the step, trimmed.
    public let prose: String
    /// The session setup to build when the step starts, if any.
    public let setup: LessonSetup?
    /// Commands the learner is invited to type (shown, never run by the lesson).
    public let tryCommands: [String]
    /// What the step asks.
    public let kind: LessonStepKind
    /// Line of the heading in the `.md` file.
    public let line: Int

    /// True for experiments and questions: steps with a goal to reach before `next`.
    public var isInteractive: Bool {
        if case .prose = kind { return false }
        return true
    }
}

/// One lesson as loaded from `Lessons/NN-name.md`.
public struct Lesson: Sendable, Equatable, Identifiable {
    /// From the file name without the number prefix: `learning-rate` for `02-learning-rate.md`.
    public let id: String
    /// From the file name's number prefix (`02` -> 2); lessons are listed in this order.
    public let number: Int
    /// The `# Title` line.
    public let title: String
    /// One line for the `lessons` list (`summary:` of the front block).
    public let summary: String
    /// The CONTENT.md items the lesson teaches.
    public let covers: [ContentItem]
    /// The steps in order; the prose before the first `##` heading, if any, is step 0 ("Introduction").
    public let steps: [LessonStep]
    /// What the lesson showed, one point per line, for the recap at the end.
    public let recap: [String]
    /// The file it came from.
    public let file: String

    /// Index of the step with this id, if any.
    public func stepIndex(id: String) -> Int? { steps.firstIndex { $0.id == id } }

    /// The experiments, with the index of their step.
    public var experiments: [(step: Int, experiment: LessonExperiment)] {
        steps.indices.compactMap { index in
            if case .experiment(let experiment) = steps[index].kind { return (index, experiment) }
            return nil
        }
    }

    /// The setup in effect at step `index`: the nearest `setup:` at or before it.
    public func setup(inEffectAt index: Int) -> LessonSetup? {
        guard !steps.isEmpty else { return nil }
        var position = min(max(index, 0), steps.count - 1)
        while position >= 0 {
            if let setup = steps[position].setup { return setup }
            position -= 1
        }
        return nil
    }
}
