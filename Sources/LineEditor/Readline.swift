// Every call into GNU readline lives in this file, and all of them run on the thread that calls
// `LineEditor.readLine(prompt:)` (readline keeps its state in process-wide globals).
//
// Reading uses readline's callback interface (GNU Readline Library manual, "Alternate
// Interface"): the program waits for input in poll(2) and hands readline one byte at a time.
// SIGINT wakes poll (InterruptFlag's self-pipe), so Ctrl-C can clear the line without readline's
// own signal handling.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CReadline
import Synchronization

/// What readline's C callbacks share with Swift; C function pointers cannot capture context.
private struct CallbackState: Sendable {
    /// The app's completer (see `LineEditor.init`).
    var completer: (@Sendable (String) -> [String])?
    /// Set by the line handler when a line was accepted or input ended.
    var finished = false
    /// The accepted line; nil with `finished` means end of input (Ctrl-D on an empty line).
    var line: String?
}

private let callbackState = Mutex(CallbackState())

/// The thin layer over readline used by an interactive `LineEditor`.
enum Readline {
    /// Prepares readline before its first use: application name for `$if` in ~/.inputrc, our
    /// completion function, word breaks, no signal handlers of readline's own, a UTF-8 character
    /// locale (so UTF-8 input is edited as characters, not bytes).
    static func configure(programName: String, completer: @escaping @Sendable (String) -> [String]) {
        useUTF8Characters()
        // readline keeps both pointers for the life of the process: copies that are never freed.
        hyperlab_rl_set_readline_name(strdup(programName))
        hyperlab_rl_set_word_break_characters(strdup(Completion.wordBreakCharacters))
        hyperlab_rl_set_catch_signals(0)
        hyperlab_rl_set_attempted_completion_function(attemptCompletion)
        callbackState.withLock { $0.completer = completer }
    }

    /// Sets the character type locale from the environment (LC_ALL, LC_CTYPE, LANG); when that
    /// gives the plain "C"/"POSIX" locale, uses "C.UTF-8" instead (as Python 3.7 does, PEP 538),
    /// because hyperlab writes UTF-8 anyway and readline would otherwise edit UTF-8 input byte by
    /// byte. Only LC_CTYPE changes: number formatting is untouched.
    private static func useUTF8Characters() {
        let chosen = setlocale(LC_CTYPE, "").map { String(cString: $0) } ?? "C"
        if chosen == "C" || chosen == "POSIX" { _ = setlocale(LC_CTYPE, "C.UTF-8") }
    }

    /// Replaces readline's in-memory history by `entries` (oldest first), keeping at most `limit`.
    static func setHistory(_ entries: [String], limit: Int) {
        clear_history()
        stifle_history(Int32(clamping: max(0, limit)))
        for entry in entries { add_history(entry) }
    }

    /// Appends `entry` to readline's in-memory history (the oldest entry drops past the limit).
    static func addHistory(_ entry: String) { add_history(entry) }

    /// Shows `prompt` and edits one line on the terminal at `descriptor` (standard input).
    static func read(prompt: String, descriptor: Int32) -> LineEvent {
        callbackState.withLock { $0.finished = false; $0.line = nil }
        InterruptFlag.clear()
        using_history()
        fflush(nil)  // output the app printed before the prompt
        let promptCopy = strdup(prompt)
        defer { free(promptCopy) }
        rl_callback_handler_install(promptCopy, acceptLine)
        while true {
            let (finished, line) = callbackState.withLock { ($0.finished, $0.line) }
            if finished {
                guard let line else {
                    // Ctrl-D leaves the cursor after the prompt; end that line.
                    hyperlab_rl_write("\n")
                    return .endOfInput
                }
                return .line(line)
            }
            if InterruptFlag.isRaised {
                discardLine()
                InterruptFlag.clear()
                return .interrupted
            }
            if InterruptFlag.resized.exchange(false, ordering: .relaxed) { rl_resize_terminal() }
            switch InterruptFlag.waitForInput(on: descriptor) {
            case .signal:
                continue
            case .closed:  // the terminal went away
                rl_callback_handler_remove()
                return .endOfInput
            case .readable:
                rl_callback_read_char()
            }
        }
    }

    /// Ctrl-C while typing: shows "^C" after the text, forgets the line, restores the terminal,
    /// with the calls the GNU Readline Library manual lists for an application that handles
    /// SIGINT itself ("Readline Signal Handling": rl_free_line_state, rl_callback_sigcleanup,
    /// rl_cleanup_after_signal).
    private static func discardLine() {
        hyperlab_rl_move_to_end()
        rl_free_line_state()
        rl_callback_sigcleanup()
        rl_cleanup_after_signal()
        rl_callback_handler_remove()
        hyperlab_rl_write("^C\n")
    }
}

/// readline's line handler: receives the accepted line (malloc'd, ours to free) or NULL at end
/// of input, and removes itself so the prompt is not shown again before the next `read`.
private let acceptLine: @convention(c) (UnsafeMutablePointer<CChar>?) -> Void = { pointer in
    // String(cString:) replaces invalid UTF-8 with U+FFFD.
    let line = pointer.map { String(cString: $0) }
    free(pointer)
    callbackState.withLock { $0.finished = true; $0.line = line }
    rl_callback_handler_remove()
}

/// readline's attempted-completion function. `start`/`end` are UTF-8 byte offsets of the word in
/// `rl_line_buffer`. Returns a malloc'd, NULL-terminated array of malloc'd strings (readline frees
/// them): the replacement for the word first, then the matches; NULL for no match. When the
/// completer answers `LineEditor.fileNameCompletion`, returns NULL and lets readline complete file
/// names instead.
private let attemptCompletion: @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = { text, _, end in
    hyperlab_rl_set_attempted_completion_over(1)
    guard let completer = callbackState.withLock({ $0.completer }) else { return nil }
    let lineBeforeCursor = Completion.prefix(of: hyperlab_rl_line_buffer(), byteCount: Int(end))
    let candidates = completer(lineBeforeCursor)
    if candidates.contains(LineEditor.fileNameCompletion) {
        hyperlab_rl_set_attempted_completion_over(0)
        return nil
    }
    let word = text.map { String(cString: $0) } ?? Completion.currentWord(of: lineBeforeCursor)
    guard let list = Completion.readlineList(for: word, among: candidates) else { return nil }
    guard let array = malloc((list.count + 1) * MemoryLayout<UnsafeMutablePointer<CChar>?>.stride)?
        .bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: list.count + 1) else { return nil }
    for (index, entry) in list.enumerated() { array[index] = strdup(entry) }
    array[list.count] = nil
    return array
}
