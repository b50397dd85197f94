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
    /// The lines after the first of a multi-line paste, returned one per `read` (oldest first).
    var pendingLines: [String] = []
}

private let callbackState = Mutex(CallbackState())

/// What the byte reader (`readByte`) has seen of the input, to bound bracketed pastes: readline
/// reads a whole paste (between `ESC [ 200 ~` and `ESC [ 201 ~`) inside one call, so the bound
/// must be applied while it reads.
private struct InputMeter: Sendable {
    /// The terminal's descriptor.
    var descriptor: Int32 = 0
    /// The last bytes handed to readline (newest in the low byte), to spot the paste markers.
    var recent: UInt64 = 0
    /// True between the paste start and end markers.
    var inPaste = false
    /// Bytes of the current paste.
    var pasteBytes = 0
    /// Printable bytes since the last line break (in a paste or not): readline gathers typed-ahead
    /// input into the line inside one call, so the line's length must be bounded while it reads.
    var lineBytes = 0
    /// Set when a paste went past a bound; the read loop then refuses the line.
    var overflowed = false
    /// Bytes handed to readline before any new input (the paste end marker after an overflow).
    var synthetic: [UInt8] = []
}

private let inputMeter = Mutex(InputMeter())

/// `ESC [ 2 0 0 ~` and `ESC [ 2 0 1 ~` as the low 6 bytes of `InputMeter.recent`.
private let pasteStartMarker: UInt64 = 0x1B_5B_32_30_30_7E
private let pasteEndMarker: UInt64 = 0x1B_5B_32_30_31_7E

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
        hyperlab_rl_set_getc_function(readByte)
        hyperlab_rl_set_redisplay_function(redisplay)
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
    ///
    /// A line longer than `InputLimits.maximumLineBytes` (typed, or one line of a bracketed paste)
    /// or a paste over `InputLimits.maximumPasteBytes` is refused: the rest of that input burst is
    /// dropped (until no byte came for 100 ms, at most 5 s), the line is discarded, `refused` is
    /// called (the caller writes one message) and the result is `.interrupted`. A multi-line paste
    /// (bracketed paste puts its line breaks into the line) gives one line per call, in order.
    /// After SIGTERM or SIGHUP (`TerminationRequest`) the line is discarded and the result is
    /// `.endOfInput`.
    static func read(prompt: String, descriptor: Int32, refused: () -> Void) -> LineEvent {
        if let next = callbackState.withLock({ $0.pendingLines.isEmpty ? nil : $0.pendingLines.removeFirst() }) {
            return .line(next)
        }
        callbackState.withLock { $0.finished = false; $0.line = nil }
        inputMeter.withLock { $0 = InputMeter(descriptor: descriptor) }
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
            if TerminationRequest.isRequested {
                discardLine(showing: "\n")
                return .endOfInput
            }
            if InterruptFlag.isRaised {
                discardLine(showing: "^C\n")
                InterruptFlag.clear()
                return .interrupted
            }
            let overflowed = inputMeter.withLock { $0.overflowed }
            if overflowed || Int(hyperlab_rl_end()) > InputLimits.maximumLineBytes {
                if !overflowed { drainInput(descriptor) }
                discardLine(showing: "\n")
                inputMeter.withLock { $0 = InputMeter(descriptor: descriptor) }
                refused()
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

    /// Ctrl-C while typing (or a refused or abandoned line): shows `text` after the line, forgets
    /// the line, restores the terminal, with the calls the GNU Readline Library manual lists for an
    /// application that handles SIGINT itself ("Readline Signal Handling": rl_free_line_state,
    /// rl_callback_sigcleanup, rl_cleanup_after_signal).
    private static func discardLine(showing text: String) {
        hyperlab_rl_move_to_end()
        rl_free_line_state()
        rl_callback_sigcleanup()
        rl_cleanup_after_signal()
        rl_callback_handler_remove()
        hyperlab_rl_write(text)
    }
}

/// Reads and drops whatever arrives on `descriptor` until no byte came for 100 ms (or 5 s passed):
/// the rest of a refused paste or line.
private func drainInput(_ descriptor: Int32) {
    var start = timespec()
    clock_gettime(CLOCK_MONOTONIC, &start)
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&request, 1, 100) > 0, request.revents & Int16(POLLIN) != 0 else { return }
        let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count == 0 || (count < 0 && errno != EINTR && errno != EAGAIN) { return }
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        if now.tv_sec - start.tv_sec >= 5 { return }
    }
}

/// readline's redisplay function: `rl_redisplay`, except while a line longer than 256 bytes is
/// being edited and more input arrives within 10 ms (a paste without bracketed-paste mode, one key
/// press per byte). Redrawing the whole line after each byte would send the terminal
/// O(length²) bytes (about 16 MB for a 4096-byte line: half a minute in tmux); the line is redrawn
/// once the burst ends, and always when it is accepted.
private let redisplay: @convention(c) () -> Void = {
    if hyperlab_rl_done() == 0 && hyperlab_rl_end() > 256 {
        var request = pollfd(fd: inputMeter.withLock { $0.descriptor }, events: Int16(POLLIN), revents: 0)
        // 10 ms: a terminal hands a paste over in pieces; a person typing never notices.
        if poll(&request, 1, 10) > 0 && request.revents & Int16(POLLIN) != 0 { return }
    }
    rl_redisplay()
}

/// readline's byte reader (`rl_getc_function`): one byte from the terminal, blocking (readline only
/// asks when input is there or while it reads a key sequence or a paste). It counts the printable
/// bytes of the current line and of a bracketed paste; past a bound it drops the rest of the input
/// burst, marks the line refused, hands readline the paste end marker (inside a paste) so that
/// readline's paste loop ends at once, and from then on hands out spaces without reading until
/// the read loop has discarded the line.
private let readByte: @convention(c) (UnsafeMutablePointer<FILE>?) -> Int32 = { _ in
    let (queued, overflowed) = inputMeter.withLock { meter in
        (meter.synthetic.isEmpty ? nil : meter.synthetic.removeFirst(), meter.overflowed)
    }
    if let queued { return Int32(queued) }
    // The input was dropped: readline may still ask for the bytes it counted before; give it
    // harmless ones (the line is discarded) instead of waiting for new input.
    if overflowed { return Int32(UInt8(ascii: " ")) }
    let descriptor = inputMeter.withLock { $0.descriptor }
    var byte: UInt8 = 0
    while true {
        let count = read(descriptor, &byte, 1)
        if count == 1 { break }
        if count == 0 { return EOF }
        if errno == EINTR { continue }
        if errno == EAGAIN {
            var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            _ = poll(&request, 1, -1)
            continue
        }
        return EOF
    }
    let overflow = inputMeter.withLock { meter -> Bool in
        meter.recent = (meter.recent << 8) | UInt64(byte)
        let marker = meter.recent & 0xFFFF_FFFF_FFFF
        if marker == pasteStartMarker {
            meter.inPaste = true
            meter.pasteBytes = 0
            return false
        }
        if marker == pasteEndMarker { meter.inPaste = false; return false }
        if byte == 0x0A || byte == 0x0D {
            meter.lineBytes = 0
        } else if byte >= 0x20 && byte != 0x7F {
            meter.lineBytes += 1
        }
        if meter.inPaste { meter.pasteBytes += 1 }
        // The paste markers' own bytes must not count against the line: allow for them.
        return meter.lineBytes > InputLimits.maximumLineBytes + 12 || meter.pasteBytes > InputLimits.maximumPasteBytes
    }
    guard overflow else { return Int32(byte) }
    drainInput(descriptor)
    return inputMeter.withLock { meter in
        meter.overflowed = true
        guard meter.inPaste else { return Int32(UInt8(ascii: " ")) }
        // End readline's paste loop at once.
        meter.inPaste = false
        meter.synthetic = Array("[201~".utf8)
        return 0x1B
    }
}

/// readline's line handler: receives the accepted line (malloc'd, ours to free) or NULL at end
/// of input, and removes itself so the prompt is not shown again before the next `read`.
/// A line holding line breaks (a bracketed paste of several lines) is split: the first line is the
/// result, the others wait in `pendingLines` (a trailing empty line is dropped).
private let acceptLine: @convention(c) (UnsafeMutablePointer<CChar>?) -> Void = { pointer in
    // String(cString:) replaces invalid UTF-8 with U+FFFD.
    let line = pointer.map { String(cString: $0) }
    free(pointer)
    var lines = line.map { $0.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }).map(String.init) } ?? []
    if lines.count > 1 && lines.last == "" { lines.removeLast() }
    callbackState.withLock {
        $0.finished = true
        $0.line = line == nil ? nil : (lines.first ?? "")
        $0.pendingLines = Array(lines.dropFirst())
    }
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
