import Vocabulary
import Foundation

/// A file of lab commands run by `hyperlab run FILE`, read into steps for a demonstration.
///
/// Each line is one of:
/// - a blank line or a comment (`#` not followed by `:`): skipped;
/// - a caption, `#: TEXT`: shown on screen before the next command (a question to the room, a note);
/// - a quiet line, `quiet: COMMAND`: run at once, without a pause and without its output (set-up such as
///   `quiet: set auto off`); its errors are still reported;
/// - anything else: a command, echoed with the prompt and run; with `--step` the script pauses before it.
///
/// A step is the captions and quiet lines before a command, and that command. Captions after the last
/// command make a final step without a command.
public struct DemoScript: Sendable, Equatable {
    /// One kept line of the file.
    public enum Line: Sendable, Equatable {
        /// `#: TEXT`: text shown on screen (TEXT without the marker and one following space).
        case caption(String)
        /// `quiet: COMMAND`: run without pause and without output.
        case quiet(String)
    }

    /// One pause of a demonstration: what comes before the command, then the command.
    public struct Step: Sendable, Equatable {
        /// Captions and quiet lines in file order.
        public var before: [Line]
        /// The command shown and run (nil for captions after the last command).
        public var command: String?
        /// The 1-based line number of `command` in the file (of the last caption when there is no command).
        public var lineNumber: Int
        /// The 1-based line number of each entry of `before`.
        public var beforeLineNumbers: [Int]
    }

    /// The steps in file order.
    public let steps: [Step]

    /// The prefix of a caption line.
    public static let captionMarker = "#:"
    /// The prefix of a quiet line.
    public static let quietMarker = "quiet:"

    /// Reads `lines` (the file split at newlines) into steps.
    public init(lines: [String]) {
        var steps: [Step] = []
        var pending = Step(before: [], command: nil, lineNumber: 0, beforeLineNumbers: [])
        for (index, raw) in lines.enumerated() {
            let number = index + 1
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if line.hasPrefix(Self.captionMarker) {
                var text = line.dropFirst(Self.captionMarker.count)
                if text.first == " " { text = text.dropFirst() }
                pending.before.append(.caption(String(text)))
                pending.beforeLineNumbers.append(number)
                pending.lineNumber = number
            } else if line.hasPrefix("#") {
                continue
            } else if line.lowercased().hasPrefix(Self.quietMarker) {
                let command = line.dropFirst(Self.quietMarker.count).trimmingCharacters(in: .whitespaces)
                guard !command.isEmpty else { continue }
                pending.before.append(.quiet(command))
                pending.beforeLineNumbers.append(number)
            } else {
                pending.command = line
                pending.lineNumber = number
                steps.append(pending)
                pending = Step(before: [], command: nil, lineNumber: 0, beforeLineNumbers: [])
            }
        }
        if !pending.before.isEmpty { steps.append(pending) }
        self.steps = steps
    }

    /// Every command of the script, quiet ones included, with its 1-based line number, in file order.
    public var commands: [(line: Int, command: String)] {
        steps.flatMap { step in
            var all: [(line: Int, command: String)] = []
            for (entry, number) in zip(step.before, step.beforeLineNumbers) {
                if case .quiet(let command) = entry { all.append((number, command)) }
            }
            if let command = step.command { all.append((step.lineNumber, command)) }
            return all
        }
    }
}
