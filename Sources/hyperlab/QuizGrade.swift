import ArgumentParser
import Foundation
import HyperLabApp
import Vocabulary

/// `hyperlab quiz grade QUESTION-ID [--json]`: grades one answer read from standard input, as the quiz would.
struct QuizGrade: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade",
        abstract: "Grade one answer read from standard input and print the verdict with the rubric points.",
        discussion: """
            Reads all of standard input (at most 64 KiB) as the answer, e.g. echo "b" | hyperlab quiz grade ID. \
            Choice answers name the choices in the file's order. Exit status: 0 right, 1 wrong, 2 when the answer \
            cannot be graded (unknown question, empty answer, an answer of the wrong kind, more than 64 KiB).
            """)
    @OptionGroup var common: CommonOptions
    @Argument(help: "The question's id, as in its file under Lessons/quiz/.")
    var questionID: String
    @Flag(help: "Print one JSON object: {\"question\", \"correct\", \"points\": [{\"point\", \"made\", \"evidence\"}]}.")
    var json = false

    func run() throws {
        let environment = common.environment
        let answer = try Self.readStandardInput(limit: AnswerGrade.maximumAnswerBytes)
        let grade = AnswerGrade.grade(questionID: questionID, answer: answer,
                                      quizDirectory: environment.lessonsDirectory + "/quiz", json: json)
        for message in grade.messages { ProcessOutput.errorLine(message) }
        if !grade.output.isEmpty { ProcessOutput.line(grade.output) }
        if grade.status != 0 { throw ExitCode(grade.status) }
    }

    /// All of standard input as text, reading at most `limit` + 1 bytes.
    /// - Throws: `ExitCode(2)` after one line on standard error when there is more than `limit`.
    static func readStandardInput(limit: Int) throws -> String {
        var data = Data()
        while true {
            let chunk = FileHandle.standardInput.readData(ofLength: min(65_536, limit + 1 - data.count))
            if chunk.isEmpty { break }
            data.append(chunk)
            if data.count > limit {
                ProcessOutput.errorLine(AnswerGrade.tooLong)
                throw ExitCode(2)
            }
        }
        return String(decoding: data, as: UTF8.self)
    }
}
