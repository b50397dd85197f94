#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The pure part of tab completion: which word is being completed and which candidates match it.
/// Words are separated by spaces and tabs only (the same characters readline is told to break on),
/// so `learning-rate`, `0.1` and `data/iris.csv` are each one word.
enum Completion {
    /// The characters that end a word, as handed to readline (`rl_completer_word_break_characters`).
    static let wordBreakCharacters = " \t\n"

    /// The word the cursor is in: the text after the last space or tab of `lineBeforeCursor`
    /// ("" right after a space). Example: "set learning-r" -> "learning-r".
    static func currentWord(of lineBeforeCursor: String) -> String {
        guard let lastBreak = lineBeforeCursor.unicodeScalars.lastIndex(where: { wordBreakCharacters.unicodeScalars.contains($0) }) else {
            return lineBeforeCursor
        }
        return String(lineBeforeCursor.unicodeScalars[lineBeforeCursor.unicodeScalars.index(after: lastBreak)...])
    }

    /// The first `byteCount` bytes of the NUL-terminated UTF-8 text at `buffer` as a String (readline's
    /// `start`/`end` and `rl_point` are byte offsets, not character counts). The count is clamped to
    /// the text's length; invalid UTF-8 becomes U+FFFD; nil gives "".
    static func prefix(of buffer: UnsafePointer<CChar>?, byteCount: Int) -> String {
        guard let buffer else { return "" }
        let count = min(max(0, byteCount), strlen(buffer))
        return buffer.withMemoryRebound(to: UInt8.self, capacity: count) {
            String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
        }
    }

    /// The candidates that start with `word`, duplicates removed, in their first order.
    static func matches(for word: String, among candidates: [String]) -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        for candidate in candidates where candidate.hasPrefix(word) && !seen.contains(candidate) {
            seen.insert(candidate)
            result.append(candidate)
        }
        return result
    }

    /// The longest common prefix of `words`, compared by Unicode scalars so that it never splits
    /// a UTF-8 sequence; "" for no words.
    static func commonPrefix(of words: [String]) -> String {
        guard var prefix = words.first.map({ Array($0.unicodeScalars) }) else { return "" }
        for word in words.dropFirst() {
            var count = 0
            for (a, b) in zip(prefix, word.unicodeScalars) {
                guard a == b else { break }
                count += 1
            }
            prefix.removeLast(prefix.count - count)
        }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: prefix)
        return String(text)
    }

    /// What readline's completion function hands back: nil for no match; for one match that word
    /// alone; for several, their common prefix (what replaces the typed word) followed by all of them.
    static func readlineList(for word: String, among candidates: [String]) -> [String]? {
        let found = matches(for: word, among: candidates)
        switch found.count {
        case 0: return nil
        case 1: return found
        default: return [commonPrefix(of: found)] + found
        }
    }
}
