/// What one call to `readLine(prompt:)` produced.
public enum LineEvent: Sendable, Equatable {
    /// A line as typed, without its line ending (a CR before LF is dropped too); may be empty.
    case line(String)
    /// Ctrl-C while the line was being typed: the typed text was discarded. A REPL simply asks again.
    case interrupted
    /// Ctrl-D on an empty line, or end of the input file or pipe. A REPL ends.
    case endOfInput
}

/// Where a REPL gets its lines: the terminal (`LineEditor`) or, in tests, a script
/// (`ScriptedLineSource`). Single-threaded use.
public protocol LineSource: AnyObject {
    /// Shows `prompt` (when interactive) and returns the next line or event.
    func readLine(prompt: String) -> LineEvent
    /// Remembers `line` for recall with Up and Ctrl-R (and keeps it for later sessions).
    func addToHistory(_ line: String)
}

/// A `LineSource` that replays fixed events, for tests of code that reads lines without a terminal.
/// It records the prompts it was given and the lines added to history.
public final class ScriptedLineSource: LineSource {
    private var remaining: [LineEvent]
    /// The prompts passed to `readLine(prompt:)`, in order.
    public private(set) var prompts: [String] = []
    /// The lines passed to `addToHistory(_:)`, in order (nothing filtered).
    public private(set) var history: [String] = []

    /// Replays `events` in order, then `.endOfInput` forever.
    public init(events: [LineEvent]) { remaining = events }

    /// Replays each of `lines` as `.line`, then `.endOfInput` forever.
    public convenience init(lines: [String]) { self.init(events: lines.map(LineEvent.line)) }

    /// The next scripted event; `.endOfInput` once all were used.
    public func readLine(prompt: String) -> LineEvent {
        prompts.append(prompt)
        return remaining.isEmpty ? .endOfInput : remaining.removeFirst()
    }

    /// Records `line` in `history`.
    public func addToHistory(_ line: String) { history.append(line) }
}
