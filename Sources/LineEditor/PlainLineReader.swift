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
final class PlainLineReader {
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    /// Index in `buffer` where the search for the next LF resumes.
    private var scanned = 0
    private var atEnd = false

    /// - Parameter descriptor: an open file descriptor, not closed by the reader.
    init(descriptor: Int32) { self.descriptor = descriptor }

    /// The next line, `.endOfInput` at end of file (or on a read error), or `.interrupted` when
    /// `InterruptFlag` was raised while waiting for input.
    func next() -> LineEvent {
        while true {
            if let newline = buffer[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
                var line = buffer[..<newline]
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                let text = String(decoding: line, as: UTF8.self)
                buffer.removeFirst(newline + 1)
                scanned = 0
                return .line(text)
            }
            scanned = buffer.count
            if atEnd {
                guard !buffer.isEmpty else { return .endOfInput }
                var line = buffer[...]
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
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
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                buffer.append(contentsOf: chunk[0..<count])
            } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                atEnd = true
            }
        }
    }
}
