#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the REPL's lines: GNU readline on a terminal (editing, history, completion), plain lines
/// from a file or pipe otherwise.
///
/// Interactive when both standard input and standard output are terminals. Then:
/// - history is loaded from `historyFile` (Up/Down, Ctrl-R) and each `addToHistory` saves it;
/// - Tab asks the completer (see `init`); `~/.inputrc` (or `$INPUTRC`) applies, with
///   `$if <programName>` sections;
/// - Ctrl-C while typing prints "^C", drops the line and returns `.interrupted` (the caller just
///   asks again, as bash does); Ctrl-D on an empty line returns `.endOfInput`;
/// - `InterruptFlag` is installed, so Ctrl-C outside `readLine` (during training) only raises
///   the flag.
///
/// Otherwise readline is not touched: no prompt is written, lines come as they are (LF or CRLF,
/// a last line without LF, invalid UTF-8 replaced by U+FFFD), no history is read or written, and
/// a Ctrl-C while waiting for input returns `.interrupted` once `InterruptFlag` is installed.
///
/// Bounds (see `InputLimits`): a line longer than `InputLimits.maximumLineBytes` is refused in
/// both modes with one message on standard error ("hyperlab: line refused: longer than 4096 bytes
/// ..."), never echoed in full, never run nor kept; `readLine` returns `.interrupted` in its place
/// and `refusedLineCount` grows (a script runner should count it as a failed line). The history
/// file is read only when it is a regular file, and at most its last MiB; a FIFO, directory or
/// device there gives one `historyWarning` and is never touched again. A multi-line paste
/// (bracketed paste, readline's default) comes back as one line per `readLine` call.
///
/// Termination: creating an editor installs `TerminationRequest` (and `InterruptFlag`). After
/// SIGTERM or SIGHUP, `readLine` returns `.endOfInput`, so the REPL ends by its usual path; it
/// should then exit with `TerminationRequest.exitStatus`.
///
/// readline is one per process: create one `LineEditor` and call it from one thread (the one that
/// called `InterruptFlag.install()`); the completer runs on that thread, inside `readLine`.
public final class LineEditor: LineSource {
    /// The answer a completer returns (as an element of its array) to ask for file-name completion
    /// of the word under the cursor, e.g. after `use ` or `export `: readline then lists the
    /// files and directories that start with the word (a relative word from the current
    /// directory), appends "/" to a directory and a space to a file. It cannot be typed: it starts
    /// with a NUL character.
    public static let fileNameCompletion = "\u{0}file-names"

    /// True when readline is in use (standard input and output are terminals).
    public let isInteractive: Bool
    /// The history file, nil for none; only used when interactive.
    public let historyFile: String?
    /// The most entries kept in memory and in the file; 0 keeps none.
    public let historyLimit: Int
    /// The first problem met reading or writing the history file (its `description` is one plain
    /// sentence saying what is wrong and how to fix it), nil while there was none. Editing goes on
    /// without the file; the app may show this once.
    public var historyWarning: LineEditorError? { history?.warning }

    /// How many input lines were refused for their length so far (see `InputLimits`).
    public private(set) var refusedLineCount = 0

    private let programName: String
    private let plainReader: PlainLineReader?
    private let inputDescriptor: Int32
    /// True when the plain reader reads a terminal (stdout redirected): the prompt goes to stderr.
    private let promptOnStandardError: Bool
    /// The session's history (interactive only).
    private let history: HistoryStore?

    /// Creates the editor for standard input.
    /// - Parameters:
    ///   - programName: the name matched by `$if` in ~/.inputrc ("hyperlab").
    ///   - historyFile: where history is kept across sessions (see `defaultHistoryFile(environment:)`),
    ///     nil for no file. Missing directories are created with mode 0700, the file with mode 0600.
    ///     A file that cannot be read or written leaves `historyWarning` set, never a crash.
    ///   - historyLimit: the most entries kept (older ones drop out); negative counts as 0.
    ///   - completer: given the text of the line before the cursor, returns whole candidate words for
    ///     the word under the cursor (the text after the last space or tab). Candidates that do not
    ///     start with that word are ignored, so returning every word valid at that position is fine.
    ///     Return `[LineEditor.fileNameCompletion]` to complete a file name instead. Never falls back
    ///     to file names on its own.
    public convenience init(programName: String, historyFile: String?, historyLimit: Int = 1000,
                            completer: @escaping @Sendable (_ lineBeforeCursor: String) -> [String]) {
        self.init(programName: programName, historyFile: historyFile, historyLimit: historyLimit,
                  completer: completer, inputDescriptor: 0,
                  interactive: isatty(0) == 1 && isatty(1) == 1)
    }

    /// The editor for any descriptor (tests use pipes); `interactive` chooses readline.
    init(programName: String, historyFile: String?, historyLimit: Int,
         completer: @escaping @Sendable (String) -> [String], inputDescriptor: Int32, interactive: Bool) {
        self.isInteractive = interactive
        self.historyFile = historyFile
        self.historyLimit = max(0, historyLimit)
        self.inputDescriptor = inputDescriptor
        self.programName = programName
        TerminationRequest.install()
        if interactive {
            plainReader = nil
            promptOnStandardError = false
            let history = HistoryStore(path: historyFile, limit: historyLimit)
            self.history = history
            InterruptFlag.install()
            Readline.configure(programName: programName, completer: completer)
            Readline.setHistory(history.load(), limit: history.limit)
        } else {
            plainReader = PlainLineReader(descriptor: inputDescriptor, programName: programName)
            promptOnStandardError = isatty(inputDescriptor) == 1
            history = nil
        }
    }

    /// Shows `prompt` and returns the next line, `.interrupted` (Ctrl-C while typing; the typed text
    /// is gone) or `.endOfInput` (Ctrl-D on an empty line, end of file). Terminal escape sequences in
    /// `prompt` (colours) are marked invisible for readline by `markingInvisible(_:)`. Clears
    /// `InterruptFlag` on entry. Without a terminal the prompt is not shown (or shown on standard
    /// error when only standard output is redirected). Returns `.endOfInput` once a termination
    /// was requested (`TerminationRequest`), and `.interrupted` for a refused over-long line.
    public func readLine(prompt: String) -> LineEvent {
        InterruptFlag.clear()
        if TerminationRequest.isRequested { return .endOfInput }
        if let plainReader {
            if promptOnStandardError {
                _ = StandardStreams.tryWrite(Self.removingInvisibleMarkers(prompt), to: 2)
            }
            let event = plainReader.next()
            refusedLineCount = plainReader.refusedLines
            return event
        }
        return Readline.read(prompt: Self.markingInvisible(prompt), descriptor: inputDescriptor) {
            refusedLineCount += 1
            _ = StandardStreams.tryWrite(InputLimits.refusalMessage(programName: programName), to: 2)
        }
    }

    /// Adds `line` to the history and saves the history file, when interactive (else does nothing).
    /// Blank lines and a repeat of the newest entry are not added; line breaks in `line` become
    /// spaces. The file is re-read before saving so that entries of other sessions stay, then
    /// capped at `historyLimit` entries and replaced atomically with mode 0600.
    public func addToHistory(_ line: String) {
        guard isInteractive, let history else { return }
        if let entry = history.add(line) { Readline.addHistory(entry) }
    }
}
