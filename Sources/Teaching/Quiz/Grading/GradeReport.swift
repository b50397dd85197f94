import Vocabulary
import Foundation

/// Answers a free-text rubric must grade right (`accept`) and wrong (`reject`): the question file's
/// `examples: {accept: [...], reject: [...]}`. They are tests of the rubric, checked by
/// `QuestionBank.exampleDisagreements()` (what `lessons check` runs).
public struct RubricExamples: Sendable, Equatable {
    /// Answers that must pass.
    public let accept: [String]
    /// Answers that must fail.
    public let reject: [String]

    /// Makes a set of examples.
    public init(accept: [String], reject: [String]) {
        self.accept = accept
        self.reject = reject
    }

    /// Whether there are none.
    public var isEmpty: Bool { accept.isEmpty && reject.isEmpty }
}

/// A rubric example that the grader grades the other way from what the file says.
public struct ExampleDisagreement: Sendable, Equatable, CustomStringConvertible {
    /// The question whose rubric disagrees.
    public let questionID: String
    /// Where the question starts.
    public let source: SourceLocation
    /// The example answer.
    public let answer: String
    /// Whether the file lists it under `accept:` (true) or `reject:` (false).
    public let listedAsRight: Bool
    /// How the rubric graded it.
    public let grade: RubricGrade

    /// `file:line: question ID: an accept example is graded wrong (made: ...): "answer"`.
    public var description: String {
        let made = grade.matched.isEmpty ? "no point" : grade.matched.joined(separator: "; ")
        let verdict = listedAsRight ? "an accept example is graded wrong" : "a reject example is graded right"
        return "\(source): question \(questionID): \(verdict) (points made: \(made)): \"\(answer)\""
    }
}

/// The verdict on one answer to one question, with the rubric points (free text): what
/// `hyperlab quiz grade QUESTION-ID [--json]` prints.
///
/// JSON (`JSONEncoder`): `{"question": "review-bayes-vs-grid", "correct": true, "points": [{"point": "...",
/// "made": true, "evidence": "the learner's clause"}, ...]}`; `evidence` is `null` for a point not made, and
/// `points` is empty for the kinds of question without a rubric.
public struct GradeReport: Sendable, Equatable, Codable {
    /// The question id.
    public let question: String
    /// Whether the answer is right.
    public let correct: Bool
    /// The rubric points in rubric order (free text only).
    public let points: [PointResult]

    /// Makes a report.
    public init(question: String, correct: Bool, points: [PointResult]) {
        self.question = question
        self.correct = correct
        self.points = points
    }

    /// The report as lines of plain text: the verdict, then `+ point: "the learner's words"` for each point made
    /// and `- missed: point` for each one missed.
    public var lines: [String] {
        var lines: [String] = []
        if points.isEmpty {
            lines.append("\(question): \(correct ? "right" : "wrong")")
        } else {
            let made = points.filter(\.made).count
            lines.append("\(question): \(correct ? "right" : "wrong") (\(made) of \(points.count) points made)")
        }
        for point in points {
            if point.made {
                lines.append("  + \(point.point): \"\(point.evidence ?? "")\"")
            } else {
                lines.append("  - missed: \(point.point)")
            }
        }
        return lines
    }
}

extension PointResult {
    enum CodingKeys: String, CodingKey { case point, made, evidence }

    /// Encodes `evidence` as `null` when the point is not made, so the key is always there.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(point, forKey: .point)
        try container.encode(made, forKey: .made)
        try container.encode(evidence, forKey: .evidence)
    }
}

extension QuestionBank {
    /// Grades `answer` to the question `questionID` as the quiz would (choices in file order, so `a` is the first
    /// choice of the file) and returns the verdict with the rubric points.
    /// - Throws: `TeachingError` when no question has that id (the message lists close ids), or when the answer is
    ///   not an answer this kind of question understands (the message says what is expected).
    public func gradeReport(questionID: String, answer: String) throws(TeachingError) -> GradeReport {
        guard let question = question(id: questionID) else {
            let close = questions.map(\.id).filter { $0.contains(questionID) || questionID.contains($0) }
            throw .unknownQuestion(id: questionID, known: close.isEmpty ? questions.map(\.id) : close)
        }
        switch question.expected {
        case .choice(let choices, let correct), .lab(_, let choices, let correct):
            switch ChoiceGrader.read(answer, choices: choices) {
            case .choice(let index): return GradeReport(question: question.id, correct: index == correct, points: [])
            case .notUnderstood(let message): throw .answerNotUnderstood(message)
            }
        case .trueFalse(let value):
            guard let given = TrueFalseGrader.interpret(answer) else {
                throw .answerNotTrueFalse
            }
            return GradeReport(question: question.id, correct: given == value, points: [])
        case .numeric(let value, let tolerance, let unit):
            switch NumericGrader.read(answer, unit: unit) {
            case .number(let given):
                return GradeReport(question: question.id, correct: tolerance.accepts(given, expected: value), points: [])
            case .notUnderstood(let message):
                throw .answerNotUnderstood(message)
            }
        case .freeText(let rubric):
            guard !TextMatcher.keyWords(answer).isEmpty else {
                throw .emptyAnswer
            }
            let grade = RubricGrader.grade(answer, rubric: rubric)
            return GradeReport(question: question.id, correct: grade.passed, points: grade.points)
        }
    }

    /// Grades every rubric example of every free-text question and returns those graded the other way from what
    /// the file says (an `accept:` answer that fails, a `reject:` answer that passes), in bank order. Empty when
    /// all agree. `lessons check` reports each as an error.
    public func exampleDisagreements() -> [ExampleDisagreement] {
        var result: [ExampleDisagreement] = []
        for question in questions {
            guard case .freeText(let rubric) = question.expected else { continue }
            for (answers, right) in [(question.examples.accept, true), (question.examples.reject, false)] {
                for answer in answers {
                    let grade = RubricGrader.grade(answer, rubric: rubric)
                    if grade.passed != right {
                        result.append(ExampleDisagreement(questionID: question.id, source: question.source, answer: answer,
                                                          listedAsRight: right, grade: grade))
                    }
                }
            }
        }
        return result
    }
}
