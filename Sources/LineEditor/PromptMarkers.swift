extension LineEditor {
    /// Wraps every terminal escape sequence of `prompt` in readline's invisible-text markers
    /// `\u{01}` ... `\u{02}` (RL_PROMPT_START_IGNORE / RL_PROMPT_END_IGNORE, GNU Readline Library
    /// manual, "Readline Variables", `rl_expand_prompt`), so that line editing counts the prompt's
    /// width in cells correctly.
    ///
    /// Recognized: CSI sequences (`ESC [` parameters, final byte 0x40...0x7E, e.g. colours
    /// `ESC[1;32m`), OSC sequences (`ESC ]` ... ended by BEL or `ESC \`) and two-character escapes
    /// (`ESC` plus one character). Text already between `\u{01}` and `\u{02}` is kept as it is, so
    /// wrapping twice changes nothing. An unfinished sequence at the end is wrapped up to the end.
    /// `readLine(prompt:)` applies this itself; the function is public for code that builds
    /// prompts for other readline-based tools or wants to check one.
    public static func markingInvisible(_ prompt: String) -> String {
        let scalars = Array(prompt.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            let scalar = scalars[i]
            if scalar == "\u{01}" {
                // Already marked: copy through the matching end marker.
                let end = scalars[i...].firstIndex(of: "\u{02}") ?? scalars.count - 1
                out.append(contentsOf: scalars[i...end])
                if scalars[end] != "\u{02}" { out.append("\u{02}") }
                i = end + 1
            } else if scalar == "\u{1B}" {
                let end = escapeEnd(scalars, from: i)
                out.append("\u{01}")
                out.append(contentsOf: scalars[i..<end])
                out.append("\u{02}")
                i = end
            } else {
                out.append(scalar)
                i += 1
            }
        }
        return String(out)
    }

    /// Removes readline's invisible-text markers `\u{01}` and `\u{02}` (for showing a prompt
    /// without readline).
    static func removingInvisibleMarkers(_ prompt: String) -> String {
        var out = String.UnicodeScalarView()
        out.append(contentsOf: prompt.unicodeScalars.filter { $0 != "\u{01}" && $0 != "\u{02}" })
        return String(out)
    }

    /// The index just after the escape sequence that starts at `start` (an ESC).
    private static func escapeEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        let next = start + 1
        guard next < scalars.count else { return scalars.count }
        switch scalars[next] {
        case "[":
            var j = next + 1
            while j < scalars.count {
                if (0x40...0x7E).contains(scalars[j].value) { return j + 1 }
                j += 1
            }
            return scalars.count
        case "]":
            var j = next + 1
            while j < scalars.count {
                if scalars[j] == "\u{07}" { return j + 1 }
                if scalars[j] == "\u{1B}", j + 1 < scalars.count, scalars[j + 1] == "\\" { return j + 2 }
                j += 1
            }
            return scalars.count
        default:
            return next + 1
        }
    }
}
