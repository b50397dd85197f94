import Learning
import Teaching
import Tuning
import Vocabulary

/// Splits one command line into words.
///
/// Words are separated by spaces or tabs; a word may be quoted with `"` or `'` to hold spaces
/// (`use "my data.csv"`). A `#` at the start of a word begins a comment that runs to the end of
/// the line, so scripts and lesson files can annotate their commands.
///
/// - Throws: `CommandError` when a quote is left open, with the fix.
func splitCommandWords(_ line: String) throws(CommandError) -> [String] {
    var words: [String] = []
    var current = ""
    var inWord = false
    var quote: Character?
    for character in line {
        if let open = quote {
            if character == open { quote = nil } else { current.append(character) }
            continue
        }
        switch character {
        case " ", "\t", "\r", "\n":
            if inWord { words.append(current); current = ""; inWord = false }
        case "\"", "'":
            quote = character
            inWord = true
        case "#" where !inWord:
            return words
        default:
            current.append(character)
            inWord = true
        }
    }
    if let open = quote {
        throw CommandError("a quote \(open) is not closed: close it, or remove it")
    }
    if inWord { words.append(current) }
    return words
}

/// Why a command failed: the one error type of the app layer. Each case keeps the lower layer's
/// error whole (its place, its values); `message` is one plain line for the learner: what is wrong
/// and how to fix it.
public enum CommandError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What was typed cannot be done as it stands; the text says why and what to type instead.
    case invalid(String)
    /// A hyperparameter name or value outside the vocabulary.
    case vocabulary(VocabularyError)
    /// A dataset that could not be loaded (file, line, column when known), or a training that could not start.
    case learning(LearningError)
    /// A search, sweep, curve or cross-validation that cannot run as asked.
    case tuning(TuningError)
    /// A lesson, quiz or learner-state problem (e.g. a lesson's data path that is refused).
    case teaching(TeachingError)

    /// An `.invalid` error with this message.
    public init(_ message: String) { self = .invalid(message) }

    /// The message, one line.
    public var message: String {
        switch self {
        case .invalid(let text): return text
        case .vocabulary(let error): return error.description
        case .learning(let error): return error.description
        case .tuning(let error): return error.description
        case .teaching(let error): return error.description
        }
    }

    /// The same as `message`.
    public var description: String { message }
}
