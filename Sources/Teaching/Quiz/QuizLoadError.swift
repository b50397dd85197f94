import Vocabulary
import TerminalCharts

/// A problem in a question file, with where it is. Loading goes on with the other files and questions.
public typealias QuizLoadError = FileProblem

/// A problem in a file a teacher wrote (a lesson or a question file): `file:line: message`.
public struct FileProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file's path as given to the loader.
    public let file: String
    /// 1-based line, nil when unknown (e.g. the file cannot be read at all).
    public let line: Int?
    /// What is wrong and how to fix it, in one sentence.
    public let message: String

    /// Makes an error. The message and the file name are made safe and short for a terminal:
    /// control characters shown escaped (`escapingControlCharacters`), the message cut to
    /// `TeacherText.maximumMessageCharacters` (600) characters with "…", so that no file's text can
    /// drive the terminal or flood it through an error.
    public init(file: String, line: Int?, message: String) {
        self.file = escapingControlCharacters(file, keepingLineBreaks: false)
        self.line = line
        self.message = TeacherText.message(message)
    }

    /// `file:line: message` (or `file: message` when the line is unknown).
    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}
