import Vocabulary
import TerminalCharts
import Yams

/// A problem with a teacher's file as a whole or at one line, found before the YAML or Markdown
/// parser sees it.
struct TextProblem: Error, Equatable {
    /// 1-based line in the text that was checked, nil for the whole file.
    let line: Int?
    /// What is wrong and how to fix it.
    let message: String
}

/// Bounds and cleaning for the text files a teacher writes (lessons and question files), so that
/// a hostile file costs bounded time and memory and can never drive the terminal.
enum TeacherText {
    /// The largest lesson or question file read: 2 MiB (the longest shipped lesson is under 20 KB).
    static let maximumFileBytes = 2 << 20
    /// The longest line accepted: 16 KiB (a long paragraph on one line fits many times over).
    static let maximumLineBytes = 16 << 10
    /// Problems reported per file; past it one line says how many more there were.
    static let maximumProblemsPerFile = 20
    /// Characters of a file's text quoted in a message (a key, a value, a YAML excerpt).
    static let maximumExcerptCharacters = 80
    /// Characters of one whole message.
    static let maximumMessageCharacters = 600

    /// `text` ready for parsing: CRLF made LF, control characters other than LF and tab shown
    /// escaped (`escapingControlCharacters`), so that titles, prose and every YAML value read from
    /// it are safe to print.
    /// - Throws: `TextProblem` when the text is larger than `maximumFileBytes` or has a line longer
    ///   than `maximumLineBytes` (the first such line).
    static func prepare(_ text: String) throws(TextProblem) -> String {
        let size = text.utf8.count
        if size > maximumFileBytes { throw tooLarge(size) }
        var line = 1
        var length = 0
        for byte in text.utf8 {
            if byte == 0x0A {
                line += 1
                length = 0
            } else {
                length += 1
                if length > maximumLineBytes {
                    throw TextProblem(line: line, message: "the line is longer than \(maximumLineBytes) bytes; break it into shorter lines")
                }
            }
        }
        let unixText = text.contains("\r\n") ? text.replacingOccurrences(of: "\r\n", with: "\n") : text
        return escapingControlCharacters(unixText)
    }

    /// The problem of a file of `size` bytes, over `maximumFileBytes`.
    static func tooLarge(_ size: Int) -> TextProblem {
        TextProblem(line: nil, message: "the file has \(size) bytes; lesson and question files may have at most \(maximumFileBytes) (2 MiB); split it")
    }

    /// A YAML scalar's text with control characters escaped: YAML's double-quoted escapes (`"\\e"`,
    /// `"\\x1b"`, `"\\N"`) can make them even when the file's own bytes have none.
    static func value(_ scalar: Node.Scalar) -> String {
        escapingControlCharacters(scalar.string)
    }

    /// `text` as a short one-line quotation for a message: control characters (line breaks too)
    /// escaped, cut to `maximumExcerptCharacters` characters with "…" when longer. Costs
    /// O(`maximumExcerptCharacters`) however long `text` is.
    static func excerpt(_ text: String) -> String {
        bounded(text, to: maximumExcerptCharacters)
    }

    /// `message` made safe and short: control characters escaped (line breaks too), cut to
    /// `maximumMessageCharacters` characters with "…" when longer.
    static func message(_ message: String) -> String {
        bounded(message, to: maximumMessageCharacters)
    }

    /// `text` on one line, escaped, at most `limit` characters plus "…".
    private static func bounded(_ text: String, to limit: Int) -> String {
        // An escape takes at most 6 characters, so limit + 1 scalars are enough to decide.
        let scalars = text.unicodeScalars
        let headEnd = scalars.index(scalars.startIndex, offsetBy: limit + 1, limitedBy: scalars.endIndex) ?? scalars.endIndex
        let escaped = escapingControlCharacters(String(scalars[..<headEnd]), keepingLineBreaks: false)
        if headEnd == scalars.endIndex && escaped.count <= limit { return escaped }
        return String(escaped.prefix(limit)) + "…"
    }
}
