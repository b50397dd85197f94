import Vocabulary
/// The arguments of `quiz` (in the REPL and as `hyperlab quiz ...`), parsed.
public enum QuizCommand: Sendable, Equatable {
    /// `quiz [TOPIC] [--count N]`.
    case practice(topic: String?, count: Int)
    /// `quiz review [--count N]`.
    case review(count: Int?)

    /// One line per form, for help texts.
    public static let usage = [
        "quiz [TOPIC] [--count N]   practise N questions (default \(QuizSession.defaultCount)), due ones first",
        "quiz review [--count N]    the questions due today, missed ones included",
        "in a quiz: hint, skip, quit; after a free-text miss: i was right (or override)",
    ]

    /// Parses the words after `quiz`. `--count N`, `--count=N` and `-n N` are accepted.
    /// - Throws: `TeachingError` with the fix, for a bad count or extra words.
    public static func parse(_ arguments: [String]) throws(TeachingError) -> QuizCommand {
        var words: [String] = []
        var count: Int?
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            var value: String?
            if argument == "--count" || argument == "-n" {
                guard index + 1 < arguments.count else {
                    throw .countMissing(option: argument)
                }
                value = arguments[index + 1]
                index += 1
            } else if argument.hasPrefix("--count=") {
                value = String(argument.dropFirst("--count=".count))
            } else if argument.hasPrefix("-") {
                throw .unknownQuizOption(argument)
            } else {
                words.append(argument)
            }
            if let value {
                guard let number = Int(value), number >= 1 else {
                    throw .countNotWhole(value: value)
                }
                count = number
            }
            index += 1
        }
        if words.first == "review" {
            guard words.count == 1 else {
                throw .reviewTakesNoTopic
            }
            return .review(count: count)
        }
        guard words.count <= 1 else {
            throw .tooManyTopics(words: words)
        }
        return .practice(topic: words.first, count: count ?? QuizSession.defaultCount)
    }

    /// The session mode this command asks for.
    public var mode: QuizSession.Mode {
        switch self {
        case .practice(let topic, let count): return .practice(topic: topic, count: count)
        case .review(let count): return .review(count: count)
        }
    }
}

/// `quiz` with its options: the command, and `--seed N` (a fixed question order, see `QuizSession`'s `seededOrder`)
/// and `--json` (`quiz review --json`: the `ReviewPlan` as JSON instead of a session).
public struct QuizRequest: Sendable, Equatable {
    /// The command proper.
    public let command: QuizCommand
    /// The seed given with `--seed N` / `--seed=N` (0...2⁶⁴−1), nil when none was.
    public let seed: UInt64?
    /// Whether `--json` was given (only with `quiz review`).
    public let json: Bool

    /// Makes a request.
    public init(command: QuizCommand, seed: UInt64?, json: Bool) {
        self.command = command
        self.seed = seed
        self.json = json
    }

    /// Parses the words after `quiz`: `--seed N`, `--seed=N` and `--json` are taken out, the rest goes to
    /// `QuizCommand.parse`.
    /// - Throws: `TeachingError` with the fix, for a bad seed, `--json` outside `quiz review`, or what
    ///   `QuizCommand.parse` refuses.
    public static func parse(_ arguments: [String]) throws(TeachingError) -> QuizRequest {
        var rest: [String] = []
        var seed: UInt64?
        var json = false
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            var value: String?
            if argument == "--seed" {
                guard index + 1 < arguments.count else { throw .seedMissing }
                value = arguments[index + 1]
                index += 1
            } else if argument.hasPrefix("--seed=") {
                value = String(argument.dropFirst("--seed=".count))
            } else if argument == "--json" {
                json = true
            } else {
                rest.append(argument)
            }
            if let value {
                guard let number = UInt64(value) else {
                    throw .seedNotWhole(value: value)
                }
                seed = number
            }
            index += 1
        }
        let command = try QuizCommand.parse(rest)
        if json, case .practice = command {
            throw .jsonNeedsReview
        }
        return QuizRequest(command: command, seed: seed, json: json)
    }
}
