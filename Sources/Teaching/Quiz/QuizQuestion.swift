import Vocabulary
import Foundation

/// The kinds of quiz question, spelled as in the question files (`type:`).
public enum QuestionKind: String, Sendable, CaseIterable, Codable {
    /// One right answer among 2 to 8 choices, shown in an order shuffled by the session seed.
    case choice
    /// A statement that is true or false.
    case trueFalse = "true-false"
    /// A number, right when it lies within a tolerance of the expected value.
    case numeric
    /// A sentence or two, graded by a rubric of key points.
    case freeText = "free-text"
    /// A diagnosis of a chart that the app draws from a hidden training run.
    case lab
}

/// How far a numeric answer may be from the expected value and still count as right.
public enum NumericTolerance: Sendable, Equatable {
    /// |given − expected| ≤ the value, in the unit of the answer.
    case absolute(Double)
    /// |given − expected| ≤ fraction × |expected| (`5%` in a file is `relative(0.05)`).
    case relative(Double)

    /// Whether `given` is within this tolerance of `expected`. Non-finite numbers never are.
    public func accepts(_ given: Double, expected: Double) -> Bool {
        guard given.isFinite, expected.isFinite else { return false }
        let difference = abs(given - expected)
        switch self {
        case .absolute(let bound):
            return difference <= bound + 1e-12 * max(1, abs(expected))
        case .relative(let fraction):
            return difference <= fraction * abs(expected) + 1e-12 * max(1, abs(expected))
        }
    }

    /// Text as a teacher writes it: `0.01` (absolute) or `5%` (relative).
    public var text: String {
        switch self {
        case .absolute(let bound): return NumberText.format(bound)
        case .relative(let fraction): return NumberText.format(fraction * 100) + "%"
        }
    }
}

/// One key point of a free-text rubric: a short name shown to the learner and the claims that count as making it.
public struct RubricPoint: Sendable, Equatable {
    /// What the point says, in a few words ("too high a rate overshoots or diverges").
    public let name: String
    /// Claims that make the point; any one of them is enough. Each is written in plain words and read through the
    /// shared lexicon (`Lexicon`): its concepts must be said together in one clause of the answer, the right way
    /// round and not negated (see `RubricGrader`). Words in parentheses are guards: not needed, but their
    /// opposite must not be said in their place ("(overfit) memorizes noise").
    public let claims: [String]
    /// Whether an answer must make this point to pass, whatever else it makes.
    public let required: Bool

    /// Makes a point from its name and claims.
    public init(name: String, claims: [String], required: Bool = false) {
        self.name = name
        self.claims = claims
        self.required = required
    }
}

/// The rubric of a free-text question: its key points and how many must be made to pass.
public struct Rubric: Sendable, Equatable {
    /// The key points, in the order the feedback lists them.
    public let points: [RubricPoint]
    /// How many points an answer must make to be graded right (1...points.count).
    public let minimumPoints: Int

    /// Makes a rubric; `minimumPoints` is clamped to 1...points.count.
    public init(points: [RubricPoint], minimumPoints: Int) {
        self.points = points
        self.minimumPoints = min(max(1, minimumPoints), max(1, points.count))
    }
}

/// What a question expects, by kind.
public enum ExpectedAnswer: Sendable, Equatable {
    /// `choices` in file order; `correct` indexes the right one.
    case choice(choices: [String], correct: Int)
    /// Whether the statement is true.
    case trueFalse(Bool)
    /// The expected number, its tolerance and an optional unit shown after it ("epochs", "%").
    case numeric(value: Double, tolerance: NumericTolerance, unit: String?)
    /// The rubric that grades the text.
    case freeText(Rubric)
    /// The hidden training setup and the diagnosis choices (`correct` indexes the right one).
    case lab(LabSetup, choices: [String], correct: Int)
}

/// Where something was written: a question file and a 1-based line.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    /// The file's path as it was given to the loader.
    public let file: String
    /// 1-based line number, or nil when unknown.
    public let line: Int?

    /// Makes a location.
    public init(file: String, line: Int?) {
        self.file = file
        self.line = line
    }

    /// `file:line` (or just `file` when the line is unknown).
    public var description: String { line.map { "\(file):\($0)" } ?? file }
}

/// One quiz question as loaded from a question file.
public struct QuizQuestion: Sendable, Equatable, Identifiable {
    /// Stable, unique id across the whole bank (progress is kept under it): letters, digits and `-`.
    public let id: String
    /// The topic id (the file's `topic:` unless the question overrides it), e.g. `learning-rate`.
    public let topic: String
    /// The question text, possibly several lines.
    public let prompt: String
    /// What counts as right.
    public let expected: ExpectedAnswer
    /// A model answer shown after the question is answered (free text mostly; optional for the others).
    public let modelAnswer: String?
    /// Progressive hints, shown one per `hint` command.
    public let hints: [String]
    /// Why the answer is what it is; shown after every answer.
    public let explanation: String
    /// Where the question starts in its file.
    public let source: SourceLocation
    /// Answers the rubric must grade right and wrong (free text; empty otherwise), checked by `RubricExamples.check`.
    public let examples: RubricExamples

    /// Makes a question.
    public init(id: String, topic: String, prompt: String, expected: ExpectedAnswer, modelAnswer: String?,
                hints: [String], explanation: String, source: SourceLocation,
                examples: RubricExamples = RubricExamples(accept: [], reject: [])) {
        self.examples = examples
        self.id = id
        self.topic = topic
        self.prompt = prompt
        self.expected = expected
        self.modelAnswer = modelAnswer
        self.hints = hints
        self.explanation = explanation
        self.source = source
    }

    /// The kind, derived from `expected`.
    public var kind: QuestionKind {
        switch expected {
        case .choice: return .choice
        case .trueFalse: return .trueFalse
        case .numeric: return .numeric
        case .freeText: return .freeText
        case .lab: return .lab
        }
    }

    /// The right answer as one line of text ("true", "0.05 (± 10%)", the right choice's text);
    /// for free text, the model answer or the rubric's point names.
    public var answerText: String {
        switch expected {
        case .choice(let choices, let correct), .lab(_, let choices, let correct):
            return choices[correct]
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

/// Number formatting shared by the quiz texts.
enum NumberText {
    /// Shortest readable text of a finite number: integers without a decimal point, others with up to 6 significant digits.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return String(value) }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        let magnitude = abs(value)
        if magnitude >= 1e-4 && magnitude < 1e6 {
            var text = String(format: "%.6g", value)
            if text.contains("e") { text = String(value) }
            return text
        }
        return String(format: "%.6g", value)
    }
}
