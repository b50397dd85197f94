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

/// One plain message for the learner: what is wrong and how to fix it.
public struct CommandError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The message, one line, without a trailing period requirement.
    public let message: String
    /// Makes an error from its message.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}
