import Foundation
import Teaching
import Vocabulary

/// One answer graded from the shell (`hyperlab quiz grade QUESTION-ID [--json]`), as the quiz would grade it, so
/// that a teacher can try a rubric without opening a quiz.
///
/// Choice answers are read against the choices in file order (`a` is the first choice of the file), not in a shuffled
/// order. Exit statuses: 0 when the answer is right, 1 when it is wrong, 2 when it cannot be graded (an unknown
/// question, an empty answer, an answer that kind of question does not understand).
public struct AnswerGrade: Sendable, Equatable {
    /// The largest answer read, in bytes of UTF-8 (64 KiB); a longer one is refused.
    public static let maximumAnswerBytes = 64 * 1024

    /// What to print on standard output: the verdict with the rubric points (`GradeReport.lines`), or with `json`
    /// one JSON object `{"correct", "points": [{"evidence", "made", "point"}], "question"}` (keys sorted); empty when refused.
    public let output: String
    /// Lines for standard error: problems of the question files (`note: ...`) and, when refused, why.
    public let messages: [String]
    /// The exit status: 0 right, 1 wrong, 2 refused.
    public let status: Int32

    /// Grades `answer` to the question `questionID` of the bank in `quizDirectory` (`QuestionBank.load`, then
    /// `QuestionBank.gradeReport(questionID:answer:)`).
    public static func grade(questionID: String, answer: String, quizDirectory: String, json: Bool) -> AnswerGrade {
        let (bank, errors) = QuestionBank.load(directory: quizDirectory)
        let notes = errors.map { "note: \($0)" }
        guard answer.utf8.count <= maximumAnswerBytes else {
            return AnswerGrade(output: "", messages: notes + [tooLong], status: 2)
        }
        let report: GradeReport
        do {
            report = try bank.gradeReport(questionID: questionID, answer: answer.trimmingCharacters(in: .whitespacesAndNewlines))
        } catch {
            return AnswerGrade(output: "", messages: notes + ["error: \(error.message)"], status: 2)
        }
        var output = report.lines.joined(separator: "\n")
        if json {
            // Strings, Bools and optional strings only: encoding cannot fail.
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            output = (try? encoder.encode(report)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        }
        return AnswerGrade(output: output, messages: notes, status: report.correct ? 0 : 1)
    }

    /// The message for an answer over `maximumAnswerBytes`.
    public static let tooLong = "error: the answer is longer than 64 KiB; give a shorter one on standard input"
}
