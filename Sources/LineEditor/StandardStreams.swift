#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CReadline

/// Writing to standard output and standard error without ever crashing: `FileHandle.write(_:)`
/// and `print` either trap (a Swift crash report) or lose the failure when the stream is closed,
/// full (`/dev/full`, a full disk) or a pipe whose reader left (EPIPE with SIGPIPE ignored).
///
/// Writes go straight to the descriptor with `write(2)` (no buffer of their own), retried on
/// EINTR and on partial writes. Two styles:
/// - `write(_:)` / `writeError(_:)` for the REPL and ordinary text: on failure the program ends at
///   once with `exit` — quietly with status 141 for EPIPE (like a program killed by SIGPIPE), else
///   after one line on standard error (when that still works) with status 1;
/// - `tryWrite(_:to:)` and `flush()` for output that must be known to have arrived (`--json`,
///   exports to standard output): they return the error, and the caller reports it and exits
///   non-zero.
///
/// Code that mixes in `print` (stdio, buffered) should call `flush()` before exiting: it flushes
/// stdio's buffers and reports the error a lost `print` left behind.
public enum StandardStreams {
    /// The name put before the one failure message (`hyperlab: cannot write to standard output: ...`).
    /// Set once at start-up, before any other thread writes.
    nonisolated(unsafe) public static var programName = "hyperlab"

    /// Writes all of `text` to `descriptor` (1 or 2).
    /// - Returns: nil on success, else the error of the first failed `write(2)`.
    public static func tryWrite(_ text: String, to descriptor: Int32 = 1) -> LineEditorError? {
        var text = text
        return text.withUTF8 { buffer -> LineEditorError? in
            writeAll(UnsafeRawBufferPointer(buffer), to: descriptor)
        }
    }

    /// Writes `text` to standard output; on failure ends the program (see the type's notes).
    public static func write(_ text: String) {
        if let error = tryWrite(text, to: 1) { fail(error) }
    }

    /// Writes `text` to standard error; on failure ends the program with status 1 (141 for EPIPE),
    /// silently, since there is nowhere left to report it.
    public static func writeError(_ text: String) {
        if let error = tryWrite(text, to: 2) { exit(error.exitStatus) }
    }

    /// Flushes stdio's buffers (text written with `print`) and reports a failure that happened
    /// there, now or in an earlier buffered write (`ferror(stdout)`).
    /// - Returns: nil when everything written so far reached standard output.
    public static func flush() -> LineEditorError? {
        errno = 0
        guard hyperlab_flush_standard_output() != 0 else { return nil }
        return LineEditorError.streamWrite(descriptor: 1, errno: errno == 0 ? EIO : errno)
    }

    /// Ends the program because of `error`: status 141 without a word for EPIPE (the reader left on
    /// purpose, e.g. `| head`), else one line on standard error (if it can still be written) and
    /// status 1. Never returns.
    public static func fail(_ error: LineEditorError) -> Never {
        if error.errno != EPIPE {
            _ = tryWrite("\(programName): \(error.description)\n", to: 2)
        }
        exit(error.exitStatus)
    }

    /// Writes every byte of `bytes`, retrying after EINTR and partial writes.
    static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> LineEditorError? {
        guard var address = bytes.baseAddress else { return nil }
        var remaining = bytes.count
        while remaining > 0 {
            let count = systemWrite(descriptor, address, remaining)
            if count < 0 {
                let code = errno
                if code == EINTR { continue }
                if code == EAGAIN {  // a non-blocking descriptor that is full: wait until it drains
                    var request = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&request, 1, -1)
                    continue
                }
                return LineEditorError.streamWrite(descriptor: descriptor, errno: code)
            }
            if count == 0 { return LineEditorError.streamWrite(descriptor: descriptor, errno: EIO) }
            address += count
            remaining -= count
        }
        return nil
    }

    /// write(2), named apart from `write(_:)`.
    static func systemWrite(_ descriptor: Int32, _ address: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.write(descriptor, address, count)
        #else
        return Darwin.write(descriptor, address, count)
        #endif
    }

    /// `strerror` text for an errno value.
    static func errorText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}
