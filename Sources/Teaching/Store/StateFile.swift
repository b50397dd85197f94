import Persistence
import Vocabulary
import Foundation
#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let systemWrite = Darwin.write
#endif

/// What `StateFile.load` found.
public struct StateFileLoad<Value> {
    /// The decoded value; nil when there was no file, or when it could not be read and was moved aside.
    public let value: Value?
    /// One line to show the user when the file could not be read and was moved aside; nil otherwise.
    public let notice: String?
}

extension StateFileLoad: Sendable where Value: Sendable {}

/// One JSON file of per-user state (quiz schedule, lesson progress), written so that a crash never leaves it
/// half-written: the new content goes to a temporary file in the same directory, is flushed to disk (`fsync`),
/// and replaces the old file with `rename(2)`, which is atomic on POSIX file systems; the directory is then
/// flushed too. Files are created with mode 0600 in a directory created with mode 0700.
///
/// `load` first removes temporary files left by processes killed during a save (`removeStaleTemporaries(in:)`).
///
/// A file that exists but cannot be read or decoded is never overwritten: `load` renames it to
/// `NAME.corrupt-YYYYMMDDTHHMMSSZ` next to it and reports that in one line.
public struct StateFile: Sendable, Equatable {
    /// Absolute or relative path of the file.
    public let path: String
    /// The largest state file read (8 MiB, far beyond any learner's progress); a larger one is moved aside unread.
    public static let maximumSize = 8 * 1_048_576

    /// A state file at `path`.
    public init(path: String) { self.path = path }

    /// `hyperlab/NAME` in the XDG data directory: `$XDG_DATA_HOME` when set to an absolute path, else
    /// `$HOME/.local/share` (XDG Base Directory Specification 0.8).
    /// - Throws: `TeachingError` when neither variable gives a usable directory.
    public init(name: String, environment: [String: String]) throws(TeachingError) {
        self.path = (try Self.dataDirectory(environment: environment) as NSString).appendingPathComponent(name)
    }

    /// `$XDG_DATA_HOME/hyperlab` (absolute paths only, as the specification asks), else `$HOME/.local/share/hyperlab`.
    /// - Throws: `TeachingError` when `HOME` is not set either.
    public static func dataDirectory(environment: [String: String]) throws(TeachingError) -> String {
        guard let folder = XDGBaseDirectory.data.hyperlabFolder(environment: environment) else {
            throw .noDataFolder
        }
        return folder
    }

    /// The file's name without its directory.
    public var name: String { (path as NSString).lastPathComponent }

    /// Reads and decodes the file. No file gives an empty load. A file that cannot be read or decoded is moved
    /// aside (see the type's description) and reported in `notice`; `now` names the moved file.
    /// - Throws: `TeachingError` when the unreadable file cannot be moved aside either (then nothing may save over it).
    public func load<Value: Decodable>(_ type: Value.Type, now: Date = Date()) throws(TeachingError) -> StateFileLoad<Value> {
        Self.removeStaleTemporaries(in: (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent)
        var status = stat()
        if lstat(path, &status) != 0 {
            if errno == ENOENT { return StateFileLoad(value: nil, notice: nil) }
            return try moveAside(reason: String(cString: strerror(errno)), now: now)
        }
        var target = stat()
        if stat(path, &target) == 0 { status = target }   // a symbolic link is judged by what it points to
        guard status.st_mode & S_IFMT == S_IFREG else {
            return try moveAside(reason: "it is not a regular file", now: now)
        }
        guard status.st_size <= Self.maximumSize else {
            return try moveAside(reason: "it is larger than \(Self.maximumSize / 1_048_576) MiB", now: now)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return try moveAside(reason: "it cannot be read", now: now)
        }
        do {
            let value = try JSONDecoder().decode(Value.self, from: data)
            return StateFileLoad(value: value, notice: nil)
        } catch {
            return try moveAside(reason: "it is not valid \(name) data", now: now)
        }
    }

    /// A free name for moving `path` aside: `PATH.corrupt-YYYYMMDDTHHMMSSZ` (UTC), with `-2`, `-3`, ... when taken.
    static func asideName(for path: String, now: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        var target = path + ".corrupt-" + formatter.string(from: now)
        var attempt = 2
        while FileManager.default.fileExists(atPath: target) {
            target = path + ".corrupt-" + formatter.string(from: now) + "-\(attempt)"
            attempt += 1
        }
        return target
    }

    func moveAside<Value>(reason: String, now: Date) throws(TeachingError) -> StateFileLoad<Value> {
        let target = Self.asideName(for: path, now: now)
        if rename(path, target) != 0 {
            throw .stateFileStuck(path: path, reason: reason, errno: errno)
        }
        return StateFileLoad(value: nil, notice: "\(path) could not be read (\(reason)); moved it to \(target) and started afresh")
    }

    /// Encodes `value` as pretty-printed JSON with sorted keys and writes it atomically.
    /// - Throws: `TeachingError` when it cannot be encoded or written.
    public func save<Value: Encodable>(_ value: Value) throws(TeachingError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data: Data
        do {
            data = try encoder.encode(value)
        } catch {
            throw .stateFileEncoding(name: name, reason: "\(error)")
        }
        try write(data + Data("\n".utf8))
    }

    /// Writes `data` atomically (temporary file in the same directory, fsync, rename, fsync of the directory),
    /// creating the directory (mode 0700) when needed. The file gets mode 0600.
    /// - Throws: `TeachingError` naming the step that failed; the old file is then unchanged.
    public func write(_ data: Data) throws(TeachingError) {
        do { try AtomicFile.write([UInt8](data), to: path) } catch { throw .stateFileWrite(error) }
    }
}

extension StateFile {
    /// Removes the temporary files that a process killed in the middle of `write` left in `directory`
    /// (`.NAME.tmp-PID-RANDOM`, where no process PID is alive any more). Files of live processes are left alone.
    public static func removeStaleTemporaries(in directory: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix(".") {
            guard let range = name.range(of: ".tmp-") else { continue }
            let rest = name[range.upperBound...].split(separator: "-")
            guard rest.count == 2, let pid = Int32(rest[0]), pid > 0, UInt32(rest[1]) != nil else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                unlink((directory as NSString).appendingPathComponent(name))
            }
        }
    }
}
