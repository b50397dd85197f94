import Vocabulary

/// Where a command runs: the lab's state, and the console when lessons and the quiz are
/// reachable (nil when a `LabSession` runs a line by itself, as a lesson check does).
public struct CommandContext {
    /// The dataset, model, settings and runs the command acts on.
    public let lab: LabSession
    /// The lessons and quiz around the lab; nil outside a console.
    public let console: LabConsole?

    /// The console, or the error a console-only command gives without one.
    func requireConsole(_ name: String) throws(CommandError) -> LabConsole {
        guard let console else { throw CommandError("`\(name)` is not available here") }
        return console
    }
}

/// What Tab completion knows besides the registry: names read from the lesson and quiz folders.
public struct CompletionContext: Sendable {
    /// Lesson names (`learning-rate`), from the lesson file names.
    public var lessonNames: [String]
    /// Quiz topic names, from the quiz file names.
    public var quizTopics: [String]

    /// A context with these names.
    public init(lessonNames: [String] = [], quizTopics: [String] = []) {
        self.lessonNames = lessonNames
        self.quizTopics = quizTopics
    }
}

/// One REPL command: its words, its help, its completion, whether a lesson file may run it, and
/// what it does. Each command is one type in one file under `Commands/`, listed once in
/// `CommandRegistry.all`; help, completion, dispatch and the lesson policy all read that list.
protocol LabCommand {
    /// The word typed first, e.g. `set`.
    static var name: String { get }
    /// Other words accepted for it, e.g. `exit` for `quit`.
    static var aliases: [String] { get }
    /// The usage line, e.g. `set NAME VALUE [NAME VALUE]...`.
    static var usage: String { get }
    /// One line for the command list.
    static var summary: String { get }
    /// Longer text for `help NAME`: what it does, with an example.
    static var details: String { get }
    /// True when a lesson file may run it: it neither writes files, nor leaves, nor drives lessons or the quiz.
    static var allowedInLessons: Bool { get }
    /// Completions for the word being typed, given the words before it (`words[0]` is the command).
    static func completions(words: [String], partial: String, context: CompletionContext) -> [String]
    /// Runs the command on its arguments (the words after the command word).
    ///
    /// - Throws: `CommandError` with one plain line: what is wrong and how to fix it.
    static func run(_ arguments: [String], in context: CommandContext) throws(CommandError) -> [Output]
}

extension LabCommand {
    static var aliases: [String] { [] }
    static var allowedInLessons: Bool { true }
    static func completions(words: [String], partial: String, context: CompletionContext) -> [String] { [] }

    /// Refuses arguments for a command that takes none.
    static func expectNoArguments(_ arguments: [String]) throws(CommandError) {
        if !arguments.isEmpty {
            throw CommandError("`\(name)` takes no arguments (got `\(arguments.joined(separator: " "))`). Usage: \(usage)")
        }
    }
}
