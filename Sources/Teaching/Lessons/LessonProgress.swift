import Foundation

/// Where a learner is in one lesson.
public struct LessonProgress: Sendable, Equatable, Codable {
    /// The id of the current step; nil before the lesson was started.
    public var step: String?
    /// Ids of the steps done (experiments reached, questions answered, prose read), in the order they were done.
    public var completed: [String]
    /// Ids of the experiments and questions whose answer was shown with `skip` (also in `completed`).
    public var skipped: [String]
    /// Whether the learner reached the end and saw the recap.
    public var finished: Bool

    /// Makes a progress value; the default is a lesson not started.
    public init(step: String? = nil, completed: [String] = [], skipped: [String] = [], finished: Bool = false) {
        self.step = step
        self.completed = completed
        self.skipped = skipped
        self.finished = finished
    }

    /// Marks a step done (once).
    mutating func complete(_ id: String, skipped wasSkipped: Bool = false) {
        if !completed.contains(id) { completed.append(id) }
        if wasSkipped && !skipped.contains(id) { skipped.append(id) }
    }
}

/// Everything in `progress.json`: one `LessonProgress` per lesson id.
public struct ProgressRecord: Sendable, Equatable, Codable {
    /// The file format version (1).
    public var version: Int
    /// Lesson id -> progress.
    public var lessons: [String: LessonProgress]

    /// Makes a record; the default is empty.
    public init(version: Int = 1, lessons: [String: LessonProgress] = [:]) {
        self.version = version
        self.lessons = lessons
    }

    /// Clears one lesson (`forget LESSON`); returns whether there was anything to clear.
    @discardableResult
    public mutating func forget(_ lessonID: String) -> Bool {
        lessons.removeValue(forKey: lessonID) != nil
    }
}

/// A failure to save progress, with what to do about it.
public struct ProgressError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One plain sentence.
    public let message: String
    /// The message.
    public var description: String { message }
}

/// The storage under a progress file: read whole, write whole and atomically, move an unreadable file aside.
/// An internal seam so that the file handling can be shared with the quiz's state file.
protocol ProgressStorage: Sendable {
    /// The bytes of the file, nil when it does not exist; throws when it exists but cannot be read.
    func read() throws(ProgressError) -> Data?
    /// Replaces the file atomically (a reader sees the old or the new content, never a mix).
    func write(_ data: Data) throws(ProgressError)
    /// Renames the file out of the way and returns the new path.
    func moveAside() throws(ProgressError) -> String
}

/// Loads and saves `progress.json` in a data directory (the app passes `$XDG_DATA_HOME/hyperlab`).
///
/// Saving writes a temporary file in the same directory, flushes it to disk (`fsync`), then renames it over the old
/// file (`rename(2)` is atomic within one file system, POSIX.1-2008), with mode 0600. A process killed in the middle
/// of a save leaves the old file whole. A file that cannot be read or decoded is renamed to
/// `progress.json.unreadable-YYYYMMDD-HHMMSS` and reported in one line, never silently overwritten.
public struct ProgressStore: Sendable {
    /// The directory holding `progress.json`.
    public let directory: String
    let storage: any ProgressStorage

    /// The file name inside `directory`.
    public static let fileName = "progress.json"

    /// A store in `directory` (created with mode 0700 on the first save if needed).
    public init(directory: String) {
        self.directory = directory
        self.storage = AtomicFileStorage(path: (directory as NSString).appendingPathComponent(Self.fileName))
    }

    /// The full path of the progress file.
    public var path: String { (directory as NSString).appendingPathComponent(Self.fileName) }

    /// The saved progress, or an empty record with a one-line message when the file could not be read (it has then
    /// been moved aside). A missing file is simply an empty record with no message.
    public func load() -> (record: ProgressRecord, message: String?) {
        let data: Data?
        do {
            data = try storage.read()
        } catch {
            return (ProgressRecord(), aside(because: error.message))
        }
        guard let data else { return (ProgressRecord(), nil) }
        do {
            let record = try JSONDecoder().decode(ProgressRecord.self, from: data)
            guard record.version == 1 else {
                return (ProgressRecord(), aside(because: "it has format version \(record.version), this hyperlab reads version 1"))
            }
            return (record, nil)
        } catch {
            return (ProgressRecord(), aside(because: "it is not valid progress JSON"))
        }
    }

    private func aside(because reason: String) -> String {
        do {
            let moved = try storage.moveAside()
            return "lesson progress in \(path) could not be read (\(reason)); moved it to \(moved) and started fresh"
        } catch {
            return "lesson progress in \(path) could not be read (\(reason)) nor moved aside (\(error.message)); progress will not be saved until it is fixed or removed"
        }
    }

    /// Saves the record atomically. Throws `ProgressError` when the directory or file cannot be written.
    public func save(_ record: ProgressRecord) throws(ProgressError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data: Data
        do { data = try encoder.encode(record) } catch { throw ProgressError(message: "cannot encode the progress: \(error)") }
        try storage.write(data)
    }
}

/// Temp file + fsync + rename.
struct AtomicFileStorage: ProgressStorage {
    let path: String

    func read() throws(ProgressError) -> Data? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ProgressError(message: "the file cannot be read; check its permissions")
        }
        return data
    }

    func write(_ data: Data) throws(ProgressError) {
        try writeTemporary(data, stopBeforeRename: false)
    }

    /// Writes `data` to a temporary file next to `path` and renames it over `path`. With `stopBeforeRename`, it
    /// leaves the temporary file as a crash between the two steps would (used by the tests), and returns its path.
    @discardableResult
    func writeTemporary(_ data: Data, stopBeforeRename: Bool) throws(ProgressError) -> String {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw ProgressError(message: "cannot create the directory \(directory); check that it is writable or set XDG_DATA_HOME")
        }
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else {
            throw ProgressError(message: "cannot write \(temporary): \(String(cString: strerror(errno))); check that the directory is writable")
        }
        let written = data.withUnsafeBytes { buffer -> Int in
            guard let base = buffer.baseAddress else { return 0 }
            var offset = 0
            while offset < buffer.count {
                let result = Foundation.write(descriptor, base + offset, buffer.count - offset)
                if result <= 0 { return offset }
                offset += result
            }
            return offset
        }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == data.count, synced else {
            unlink(temporary)
            throw ProgressError(message: "cannot write \(temporary) (disk full?); progress was not saved")
        }
        if stopBeforeRename { return temporary }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw ProgressError(message: "cannot replace \(path): \(reason); progress was not saved")
        }
        return path
    }

    func moveAside() throws(ProgressError) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let base = path + ".unreadable-" + formatter.string(from: Date())
        var target = base
        var counter = 2
        while FileManager.default.fileExists(atPath: target) {
            target = base + "-\(counter)"
            counter += 1
        }
        guard rename(path, target) == 0 else {
            throw ProgressError(message: String(cString: strerror(errno)))
        }
        return target
    }
}
