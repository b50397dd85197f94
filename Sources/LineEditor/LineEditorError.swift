#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the line editor could not read or write: the history file, or standard output and standard
/// error. The one error type of the `LineEditor` layer; every case keeps its path and `errno`
/// value, and `description` is one plain sentence saying what is wrong and how to fix it.
public enum LineEditorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The history file exists but cannot be read (`errno`).
    case historyUnreadable(path: String, errno: Int32)
    /// The history path names a FIFO, a folder or a device: history is kept in memory only and the
    /// path is never touched again.
    case historyNotRegularFile(path: String)
    /// The history file cannot be written in `folder` (`errno`); the previous file is unchanged.
    case historyUnwritable(path: String, folder: String, errno: Int32)
    /// The folder for the history file cannot be created (`errno`).
    case historyFolder(String, errno: Int32)
    /// A `write(2)` to `descriptor` (1 standard output, 2 standard error) failed with `errno`
    /// (EPIPE, ENOSPC, EBADF, EIO, ...).
    case streamWrite(descriptor: Int32, errno: Int32)

    /// One sentence, e.g. "cannot write to standard output: No space left on device".
    public var description: String {
        switch self {
        case .historyUnreadable(let path, let code):
            return "cannot read the history file \(path): \(StandardStreams.errorText(code)); fix its permissions or remove it"
        case .historyNotRegularFile(let path):
            return "the history file \(path) is not a regular file; history is kept for this session only (remove or rename it)"
        case .historyUnwritable(let path, let folder, let code):
            return "cannot write the history file \(path): \(StandardStreams.errorText(code)); make \(folder) writable or free some disk space"
        case .historyFolder(let folder, let code):
            return "cannot create the directory \(folder) for the history file: \(StandardStreams.errorText(code)); "
                + "create it yourself or set XDG_STATE_HOME to a writable directory"
        case .streamWrite(let descriptor, let code):
            let stream = descriptor == 2 ? "standard error" : descriptor == 1 ? "standard output" : "descriptor \(descriptor)"
            return "cannot write to \(stream): \(StandardStreams.errorText(code))"
        }
    }

    /// The same as `description`.
    public var message: String { description }

    /// The `errno` value behind the failure; nil for a history path that is not a regular file.
    public var errno: Int32? {
        switch self {
        case .historyUnreadable(_, let code), .historyUnwritable(_, _, let code), .historyFolder(_, let code),
             .streamWrite(_, let code):
            return code
        case .historyNotRegularFile: return nil
        }
    }

    /// The exit status for this failure: 141 (128 + SIGPIPE, what a shell reports for a program
    /// killed by SIGPIPE) when a stream's reader went away (EPIPE), else 1.
    public var exitStatus: Int32 { errno == EPIPE ? 128 + SIGPIPE : 1 }
}
