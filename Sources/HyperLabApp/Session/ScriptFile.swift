import Foundation
import LineEditor
import TerminalCharts
#if canImport(Glibc)
import Glibc
#endif

/// Reading a script of lab commands with bounds, so that a hostile file (a huge file, a FIFO, a
/// 10 MB line, a million lines) costs bounded time and memory and gives one clear message.
public enum ScriptFile {
    /// Largest script file, in bytes: 1 MiB (the shipped demonstrations are under 4 KiB).
    public static let maximumBytes = 1 << 20
    /// Most lines in a script: 10,000.
    public static let maximumLines = 10_000
    /// Longest script line, in UTF-8 bytes: the line editor's bound for a typed line (`InputLimits.maximumLineBytes`).
    public static let maximumLineBytes = InputLimits.maximumLineBytes

    /// The lines of the script at `path`.
    ///
    /// The file is opened without blocking (a FIFO or device gives an error at once), must be a regular
    /// file of at most `maximumBytes` bytes, UTF-8 without zero bytes, with at most `maximumLines` lines of
    /// at most `maximumLineBytes` bytes each.
    /// - Throws: `CommandError` naming the bound or problem (and the first offending line number).
    public static func lines(path: String) throws(CommandError) -> [String] {
        let shown = escapingControlCharacters(path, keepingLineBreaks: false)
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else { throw CommandError("cannot read \(shown): check the path") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw CommandError("\(shown) is not a regular file (a folder, pipe or device); give a text file of lab commands")
        }
        func tooLarge(_ size: Int) -> CommandError {
            CommandError("\(shown) is too large (\(size) bytes; a script may have at most \(maximumBytes) bytes)")
        }
        guard Int(info.st_size) <= maximumBytes else { throw tooLarge(Int(info.st_size)) }
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while data.count <= maximumBytes {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw CommandError("cannot read \(shown): check its permissions")
            }
            data.append(contentsOf: chunk[0..<count])
        }
        guard data.count <= maximumBytes else { throw tooLarge(data.count) }
        guard !data.contains(0), let text = String(data: data, encoding: .utf8) else {
            throw CommandError("\(shown) is not a text file of lab commands (it holds a zero byte or is not UTF-8)")
        }
        let lines = text.components(separatedBy: .newlines)
        guard lines.count <= maximumLines else {
            throw CommandError("\(shown) has \(lines.count) lines; a script may have at most \(maximumLines)")
        }
        if let index = lines.firstIndex(where: { $0.utf8.count > maximumLineBytes }) {
            throw CommandError("\(shown) line \(index + 1) is longer than \(maximumLineBytes) bytes; a lab command is one short line")
        }
        return lines
    }
}
