#if canImport(Glibc)
import Vocabulary
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A key pressed at a demonstration pause.
public enum PauseKey: Sendable, Equatable {
    /// Enter, Space or Right arrow: go on.
    case next
    /// `b` or Left arrow: show the previous screen again.
    case back
    /// `s`: skip this step's command.
    case skip
    /// `q`, Ctrl-C, Ctrl-D or Escape: stop.
    case quit
    /// `:`: type a lab command.
    case command
    /// Any other key (ignored).
    case other

    /// The key for the bytes of one key press (a single byte, or an escape sequence such as `ESC [ D`).
    public init(bytes: [UInt8]) {
        switch bytes {
        case [0x0D], [0x0A], [0x20], [0x1B, 0x5B, 0x43], [0x6E]: self = .next
        case [0x62], [0x42], [0x1B, 0x5B, 0x44], [0x70]: self = .back
        case [0x73], [0x53]: self = .skip
        case [0x71], [0x51], [0x03], [0x04], [0x1B]: self = .quit
        case [0x3A]: self = .command
        default: self = .other
        }
    }
}

/// Single key presses from the terminal, for the pauses of `hyperlab run FILE --step` and of
/// `tune bayes --explain`.
///
/// Reads the controlling terminal (`/dev/tty`, falling back to standard input) in non-canonical
/// mode without echo or signals, one key at a time, restoring the terminal's settings after each
/// key (termios(3)). `discardTypeAhead()` drops what was typed while a step ran (`tcflush(TCIFLUSH)`),
/// so it never answers the next pause.
public final class KeyReader {
    private let descriptor: Int32
    private let ownsDescriptor: Bool

    /// A reader on the terminal, or nil when standard input is not a terminal (piped scripts keep reading lines).
    public init?() {
        guard isatty(0) == 1 else { return nil }
        let tty = open("/dev/tty", O_RDWR | O_NOCTTY)
        if tty >= 0 && isatty(tty) == 1 {
            descriptor = tty
            ownsDescriptor = true
        } else {
            if tty >= 0 { close(tty) }
            descriptor = 0
            ownsDescriptor = false
        }
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    /// Drops every byte typed but not yet read.
    public func discardTypeAhead() {
        tcflush(descriptor, TCIFLUSH)
        if descriptor != 0 { tcflush(0, TCIFLUSH) }
    }

    /// Waits for one key press and returns it; `.quit` when the terminal is gone.
    public func readKey() -> PauseKey {
        var saved = termios()
        guard tcgetattr(descriptor, &saved) == 0 else { return .quit }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(ICRNL | IXON)
        setControl(&raw, VMIN, 1)
        setControl(&raw, VTIME, 0)
        guard tcsetattr(descriptor, TCSANOW, &raw) == 0 else { return .quit }
        defer { tcsetattr(descriptor, TCSANOW, &saved) }
        var bytes: [UInt8] = []
        guard let first = readByte() else { return .quit }
        bytes.append(first)
        if first == 0x1B {
            // An escape sequence arrives at once; a lone Escape is followed by nothing within 0.1 s.
            setControl(&raw, VMIN, 0)
            setControl(&raw, VTIME, 1)
            tcsetattr(descriptor, TCSANOW, &raw)
            while bytes.count < 4, let next = readByte() {
                bytes.append(next)
                if bytes.count >= 3 && (0x40...0x7E).contains(next) { break }
            }
        }
        return PauseKey(bytes: bytes)
    }

    /// Runs `body` with the terminal in non-canonical mode without echo or signals (Ctrl-C
    /// arrives as byte 3), restoring the settings afterwards; for `readBytes(timeout:)`.
    public func withRawMode<T>(_ body: () -> T) -> T {
        var saved = termios()
        guard tcgetattr(descriptor, &saved) == 0 else { return body() }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(ICRNL | IXON)
        setControl(&raw, VMIN, 1)
        setControl(&raw, VTIME, 0)
        tcsetattr(descriptor, TCSANOW, &raw)
        defer { tcsetattr(descriptor, TCSANOW, &saved) }
        return body()
    }

    /// What `readBytes(timeout:)` got.
    public enum TimedRead: Equatable, Sendable {
        /// The bytes of one key press (an escape sequence whole when it arrived at once).
        case key([UInt8])
        /// Nothing was typed within the time.
        case timeout
        /// The terminal is gone (end of file or an error).
        case gone
    }

    /// Waits up to `timeout` seconds (nil: without limit) for a key press (poll(2)) and returns
    /// its bytes; call inside `withRawMode`, else keys arrive only after Enter.
    public func readBytes(timeout: Double?) -> TimedRead {
        var descriptorSet = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let milliseconds = timeout.map { Int32(max(0, min($0, 3600)) * 1000) } ?? -1
        let ready = poll(&descriptorSet, 1, milliseconds)
        if ready == 0 { return .timeout }
        if ready < 0 { return errno == EINTR ? .timeout : .gone }
        var buffer = [UInt8](repeating: 0, count: 8)
        let count = read(descriptor, &buffer, buffer.count)
        if count < 0 && errno == EINTR { return .timeout }
        guard count > 0 else { return .gone }
        return .key(Array(buffer.prefix(count)))
    }

    private func readByte() -> UInt8? {
        var byte: UInt8 = 0
        while true {
            let count = read(descriptor, &byte, 1)
            if count == 1 { return byte }
            if count < 0 && errno == EINTR { continue }
            return nil
        }
    }

    private func setControl(_ settings: inout termios, _ index: Int32, _ value: UInt8) {
        withUnsafeMutableBytes(of: &settings.c_cc) { buffer in buffer[Int(index)] = cc_t(value) }
    }
}
