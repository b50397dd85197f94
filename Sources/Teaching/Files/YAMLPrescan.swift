/// A check of YAML text before it reaches the parser, for what the parser cannot bound itself.
///
/// Yams (6.2.2) expands nothing lazily: an alias is the anchored node itself, and a mapping key is
/// hashed whole to find duplicate keys (`Parser.checkDuplicates`), so a 600-byte "billion laughs"
/// alias bomb used as a key runs for ever inside `Yams.compose`, and its loader offers no limit on
/// aliases, nodes or depth. Lesson and question files have no use for anchors, so they are
/// refused before parsing; without an anchor, every alias is an "undefined alias" error at once.
/// Nesting is bounded too (the composer recurses once per level).
///
/// The scan is conservative: it does not follow quotes, comments or block scalars (following them
/// exactly is the parser's job, and a small mistake there would let an anchor through), so an `&`
/// that starts a word inside quoted text, e.g. `"see &x"`, is refused as well, with a message
/// that says how to write it instead. `&` inside a word (`R&D`, `Q&A`) or before a space is fine.
enum YAMLPrescan {
    /// The deepest nesting accepted: flow brackets open at once (`[[[...`), block indentation in
    /// columns, and `- `/`? `/`: ` indicators on one line, each counted against this bound.
    static let maximumDepth = 64

    /// The first problem of `yaml`, nil when it may be parsed.
    static func problem(in yaml: String) -> TextProblem? {
        var line = 1
        var previous: UInt8 = 0x0A  // start of text counts as start of line
        var flowDepth = 0
        var indentation = 0
        var atIndentation = true
        var indicators = 0
        var bytes = yaml.utf8.makeIterator()
        var current = bytes.next()
        while let byte = current {
            let next = bytes.next()
            switch byte {
            case 0x0A:
                line += 1
                indentation = 0
                atIndentation = true
                indicators = 0
            case 0x20 where atIndentation:
                indentation += 1
                if indentation > maximumDepth * 2 {
                    return TextProblem(line: line, message: "the YAML is indented more than \(maximumDepth * 2) columns; nest less deeply")
                }
            case UInt8(ascii: "&"):
                atIndentation = false
                if startsToken(after: previous), let next, isAnchorCharacter(next) {
                    return TextProblem(line: line, message: "YAML anchors (`&name`) and aliases (`*name`) are not allowed in lesson and question files; write each value out in full (for an `&` at the start of a word in text, put the text in quotes and write it as `\\x26`, e.g. \"see \\x26 note\")")
                }
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                atIndentation = false
                flowDepth += 1
                if flowDepth > maximumDepth {
                    return TextProblem(line: line, message: "the YAML nests more than \(maximumDepth) brackets deep; nest less deeply")
                }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                atIndentation = false
                flowDepth = max(0, flowDepth - 1)
            case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"):
                atIndentation = false
                if next == 0x20 || next == 0x0A || next == nil {
                    indicators += 1
                    if indicators > maximumDepth {
                        return TextProblem(line: line, message: "the YAML nests more than \(maximumDepth) levels on one line; nest less deeply")
                    }
                }
            default:
                atIndentation = false
            }
            previous = byte
            current = next
        }
        return nil
    }

    /// True when a node may start after `byte`: at the start of a line, after a space or tab, or
    /// after a flow indicator (`[`, `{`, `,`, `:` in flow context, where YAML needs no space).
    private static func startsToken(after byte: UInt8) -> Bool {
        switch byte {
        case 0x0A, 0x0D, 0x20, 0x09, UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: ","), UInt8(ascii: ":"): return true
        default: return byte >= 0x80  // a byte order mark or other non-ASCII prefix: be safe
        }
    }

    /// YAML's `ns-anchor-char`: any printable non-space character except the flow indicators.
    private static func isAnchorCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"): return false
        default: return true
        }
    }
}
