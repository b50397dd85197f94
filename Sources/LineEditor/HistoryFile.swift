import Persistence
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The history file: one entry per line, UTF-8, newest last (the format GNU readline's
/// `read_history` also reads). Written atomically (a temporary file in the same directory, then
/// `rename(2)`) with mode 0600; its directory is created with mode 0700 when missing.
/// Bounded: at most `InputLimits.maximumHistoryFileBytes` are read or written, entries longer than
/// `InputLimits.maximumLineBytes` are skipped, and only a regular file is ever read (a FIFO,
/// directory or device at the path is reported once and left alone).
enum HistoryFile {
    /// Parses the file's bytes: lines split at LF, a CR before the LF dropped, invalid UTF-8
    /// replaced by U+FFFD, blank lines and lines over `InputLimits.maximumLineBytes` skipped,
    /// only the last `limit` entries kept.
    static func parse(_ bytes: [UInt8], limit: Int) -> [String] {
        var entries: [String] = []
        for var line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            guard line.count <= InputLimits.maximumLineBytes else { continue }
            let text = String(decoding: line, as: UTF8.self)
            if !isBlank(text) { entries.append(text) }
        }
        return capped(entries, limit: limit)
    }

    /// The newest entries of `entries` that fit both `limit` entries and, serialized,
    /// `InputLimits.maximumHistoryFileBytes` bytes.
    static func capped(_ entries: [String], limit: Int) -> [String] {
        var kept = 0
        var bytes = 0
        for entry in entries.reversed() {
            guard kept < limit else { break }
            bytes += entry.utf8.count + 1
            if bytes > InputLimits.maximumHistoryFileBytes { break }
            kept += 1
        }
        return Array(entries.suffix(kept))
    }

    /// The file's bytes for `entries`: each entry followed by LF.
    static func serialize(_ entries: [String]) -> [UInt8] {
        var bytes: [UInt8] = []
        for entry in entries {
            bytes.append(contentsOf: entry.utf8)
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }

    /// `entries` with `line` appended, unless the line is blank or equal to the last entry; line
    /// breaks inside `line` become spaces (one entry is one line); only the last `limit` kept.
    static func appending(_ line: String, to entries: [String], limit: Int) -> [String] {
        let entry = singleLine(line)
        var result = entries
        if !isBlank(entry) && entries.last != entry && entry.utf8.count <= InputLimits.maximumLineBytes { result.append(entry) }
        return capped(result, limit: limit)
    }

    /// `line` with CR and LF replaced by spaces.
    static func singleLine(_ line: String) -> String {
        guard line.contains(where: { $0.isNewline }) else { return line }
        return String(line.map { $0.isNewline ? " " : $0 })
    }

    /// True for "" and text made of whitespace only.
    static func isBlank(_ text: String) -> Bool { text.allSatisfy(\.isWhitespace) }

    /// The entries stored at `path` (the last `limit`); [] when the file does not exist. Reads at
    /// most the last `InputLimits.maximumHistoryFileBytes` of the file (a partial first line is
    /// dropped). The file is opened with `O_NONBLOCK` and checked with `fstat` before any read, so
    /// a FIFO or device at the path never blocks.
    /// - Throws: `LineEditorError` when the file exists but cannot be read, or is not a regular
    ///   file (`historyNotRegularFile`).
    static func load(path: String, limit: Int) throws(LineEditorError) -> [String] {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        if fd < 0 {
            let code = errno
            if code == ENOENT { return [] }
            throw .historyUnreadable(path: path, errno: code)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw .historyNotRegularFile(path: path)
        }
        let maximum = InputLimits.maximumHistoryFileBytes
        var skipFirstLine = false
        if Int(info.st_size) > maximum {
            _ = lseek(fd, off_t(Int(info.st_size) - maximum), SEEK_SET)
            skipFirstLine = true
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while bytes.count < maximum {
            let wanted = min(chunk.count, maximum - bytes.count)
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, wanted) }
            if count == 0 { break }
            if count < 0 {
                let code = errno
                if code == EINTR { continue }
                throw .historyUnreadable(path: path, errno: code)
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
        if skipFirstLine {
            guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else { return [] }
            bytes.removeSubrange(...newline)
        }
        return parse(bytes, limit: limit)
    }

    /// Replaces the file at `path` by `entries` (the last `limit`), atomically, mode 0600, creating
    /// missing directories with mode 0700.
    /// - Throws: `LineEditorError` when a directory cannot be created or the file cannot be written.
    static func save(_ entries: [String], path: String, limit: Int) throws(LineEditorError) {
        let directory = parentDirectory(of: path)
        try createDirectories(directory)
        do {
            try AtomicFile.write(serialize(capped(entries, limit: max(0, limit))), to: path)
        } catch {
            throw .historyUnwritable(path: path, folder: directory, errno: error.errno)
        }
    }

    /// Creates `directory` and its missing parents with mode 0700 (the XDG Base Directory
    /// Specification asks for 0700 on directories it creates).
    /// - Throws: `LineEditorError` naming the directory that could not be created.
    static func createDirectories(_ directory: String) throws(LineEditorError) {
        if directory.isEmpty || isDirectory(directory) { return }
        let parent = parentDirectory(of: directory)
        if parent != directory { try createDirectories(parent) }
        if mkdir(directory, 0o700) != 0 && errno != EEXIST {
            throw .historyFolder(directory, errno: errno)
        }
    }

    /// "/a/b" for "/a/b/c", "/" for "/c", "." for "c"; trailing slashes ignored.
    static func parentDirectory(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        if slash == trimmed.startIndex { return "/" }
        return String(trimmed[..<slash])
    }

    /// True when `path` names an existing directory (following symbolic links).
    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}

extension LineEditor {
    /// The history file that hyperlab uses: `$XDG_STATE_HOME/hyperlab/history` when
    /// `XDG_STATE_HOME` is set to an absolute path, else `$HOME/.local/state/hyperlab/history`
    /// (XDG Base Directory Specification 0.8: relative values are ignored, the default state
    /// directory is `$HOME/.local/state`). Nil when neither gives an absolute path (then keep no
    /// history). Pure: nothing is created; `LineEditor` creates the directory (mode 0700) when it
    /// first saves.
    /// - Parameter environment: e.g. `ProcessInfo.processInfo.environment`.
    public static func defaultHistoryFile(environment: [String: String]) -> String? {
        XDGBaseDirectory.state.hyperlabFolder(environment: environment).map { $0 + "/history" }
    }
}

/// The history of one interactive session: what was loaded, what is added, and the file kept in
/// step. Decides which lines enter the in-memory history (readline's); never touches readline.
final class HistoryStore {
    /// The history file, nil for none.
    let path: String?
    /// The most entries kept, at least 0.
    let limit: Int
    /// The first problem met with the file, as one plain sentence; nil while there was none.
    private(set) var warning: LineEditorError?
    /// The newest entry in memory, to skip consecutive duplicates.
    private var lastEntry: String?
    /// Set when the path is not a regular file: the file is then never read or written again.
    private var fileIgnored = false

    init(path: String?, limit: Int) {
        self.path = path
        self.limit = max(0, limit)
    }

    /// The file's entries (the last `limit`), oldest first; [] without a file or on a problem
    /// (then `warning` is set).
    func load() -> [String] {
        guard let path, !fileIgnored else { return [] }
        do {
            let entries = try HistoryFile.load(path: path, limit: limit)
            lastEntry = entries.last
            return entries
        } catch {
            note(error)
            return []
        }
    }

    /// Records `line`: returns the entry to append to the in-memory history, or nil when the line
    /// is blank, longer than `InputLimits.maximumLineBytes`, repeats the newest entry, or history is off (limit 0). The file is re-read and
    /// saved with the entry appended (so entries that other sessions saved meanwhile stay), capped
    /// at `limit`, mode 0600; a file problem sets `warning` and the session goes on.
    func add(_ line: String) -> String? {
        let entry = HistoryFile.singleLine(line)
        guard !HistoryFile.isBlank(entry), limit > 0, entry.utf8.count <= InputLimits.maximumLineBytes else { return nil }
        let isNew = entry != lastEntry
        lastEntry = entry
        if let path, !fileIgnored {
            do {
                let stored = try HistoryFile.load(path: path, limit: limit)
                let updated = HistoryFile.appending(entry, to: stored, limit: limit)
                if updated != stored { try HistoryFile.save(updated, path: path, limit: limit) }
            } catch {
                note(error)
            }
        }
        return isNew ? entry : nil
    }

    /// Keeps the first problem only, so the app shows one message, not one per line typed.
    private func note(_ error: LineEditorError) {
        if case .historyNotRegularFile = error { fileIgnored = true }
        if warning == nil { warning = error }
    }
}
