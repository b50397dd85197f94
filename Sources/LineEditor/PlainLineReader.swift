#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads lines from a file descriptor without readline (stdin that is a file or a pipe).
///
/// Lines end at LF; a CR before the LF is dropped (CRLF files); a last line without LF is still a
/// line; invalid UTF-8 becomes U+FFFD. Waiting for input happens in `InterruptFlag.waitForInput`,
/// which SIGINT wakes, so a Ctrl-C while waiting (when `InterruptFlag` is installed) returns
/// `.interrupted` instead of blocking on.
///
/// A line longer than `InputLimits.maximumLineBytes` is refused: its bytes are dropped as they
/// come (never more than the limit plus one read are held), one message goes to standard error
/// (`InputLimits.refusalMessage`), `refusedLines` grows by one, and `next()` returns `.interrupted`
/// in its place. After SIGTERM or SIGHUP (`TerminationRequest`) it returns `.endOfInput`.
final class PlainLineReader {
    private let descriptor: Int32
    private let programName: String
    private var buffer: [UInt8] = []
    /// Index in `buffer` where the search for the next LF resumes.
    private var scanned = 0
    private var atEnd = false
    /// True while the bytes of a too-long line are being dropped (until its LF).
    private var skipping = false
    /// How many lines were refused for their length.
    private(set) var refusedLines = 0

    /// - Parameters:
    ///   - descriptor: an open file descriptor, not closed by the reader.
    ///   - programName: put before the message about a refused line.
    init(descriptor: Int32, programName: String = "hyperlab") {
        self.descriptor = descriptor
        self.programName = programName
    }

    /// Counts a refused line, says so once on standard error, and gives the event to return.
    private func refuse() -> LineEvent {
        skipping = false
        refusedLines += 1
        _ = StandardStreams.tryWrite(InputLimits.refusalMessage(programName: programName), to: 2)
        return .interrupted
    }

    /// The next line, `.endOfInput` at end of file (or on a read error, or once a termination was
    /// requested), or `.interrupted` when `InterruptFlag` was raised while waiting for input or a
    /// line was refused for its length.
    func next() -> LineEvent {
        while true {
            if TerminationRequest.isRequested { return .endOfInput }
            if let newline = buffer[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
                var line = buffer[..<newline]
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                if skipping || line.count > InputLimits.maximumLineBytes {
                    buffer.removeFirst(newline + 1)
                    scanned = 0
                    return refuse()
                }
                let text = String(decoding: line, as: UTF8.self)
                buffer.removeFirst(newline + 1)
                scanned = 0
                return .line(text)
            }
            // One byte more than the limit for a CR before the LF still to come.
            if buffer.count > InputLimits.maximumLineBytes + 1 || skipping {
                skipping = true
                buffer.removeAll(keepingCapacity: true)
            }
            scanned = buffer.count
            if atEnd {
                if skipping { return refuse() }
                guard !buffer.isEmpty else { return .endOfInput }
                var line = buffer[...]
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                if line.count > InputLimits.maximumLineBytes {
                    buffer.removeAll()
                    scanned = 0
                    return refuse()
                }
                let text = String(decoding: line, as: UTF8.self)
                buffer.removeAll()
                scanned = 0
                return .line(text)
            }
            if InterruptFlag.isRaised {
                InterruptFlag.clear()
                return .interrupted
            }
            switch InterruptFlag.waitForInput(on: descriptor) {
            case .signal: continue
            case .closed: atEnd = true; continue
            case .readable: break
            }
            // Short reads for lines (each line is removed from the front of `buffer`); long ones
            // while dropping a refused line.
            var chunk = [UInt8](repeating: 0, count: skipping ? 65536 : 4096)
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 && skipping {
                // Dropping a refused line: keep only what follows its end.
                let newline = chunk.withUnsafeBytes { raw -> Int? in
                    memchr(raw.baseAddress!, 0x0A, count).map { UnsafeRawPointer($0) - raw.baseAddress! }
                }
                if let newline {
                    buffer.append(contentsOf: chunk[(newline + 1)..<count])
                    return refuse()
                }
            } else if count > 0 {
                buffer.append(contentsOf: chunk[0..<count])
            } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                atEnd = true
            }
        }
    }
}
