import Vocabulary
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

    /// The longest step or lesson id read from a file.
    public static let maximumIDLength = 200
    /// The most steps one lesson's progress may list when read from a file.
    public static let maximumSteps = 10_000

    /// Decodes leniently: a missing list or flag (a file from an older version) reads as empty or false.
    /// - Throws: `DecodingError` for a field of the wrong type, an empty or over-long id, or too many steps.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        step = try container.decodeIfPresent(String.self, forKey: .step)
        completed = try container.decodeIfPresent([String].self, forKey: .completed) ?? []
        skipped = try container.decodeIfPresent([String].self, forKey: .skipped) ?? []
        finished = try container.decodeIfPresent(Bool.self, forKey: .finished) ?? false
        let ids = (step.map { [$0] } ?? []) + completed + skipped
        guard completed.count + skipped.count <= 2 * Self.maximumSteps,
              ids.allSatisfy({ !$0.isEmpty && $0.utf8.count <= Self.maximumIDLength }) else {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "impossible lesson progress"))
        }
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

    /// Ids of lessons whose progress was refused when read (impossible values), for a note; never saved.
    public var refused: [String] = []

    /// Makes a record; the default is empty.
    public init(version: Int = 1, lessons: [String: LessonProgress] = [:]) {
        self.version = version
        self.lessons = lessons
    }

    private enum CodingKeys: String, CodingKey { case version, lessons }

    /// Decodes leniently: one lesson whose progress cannot be read (a field of the wrong type, an id that is empty or
    /// longer than `LessonProgress.maximumIDLength`, more than `LessonProgress.maximumSteps` steps) is left out and
    /// named in `refused`; the other lessons are kept.
    /// - Throws: `DecodingError` when the top level is not an object with `version` and `lessons`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decode(Int.self, forKey: .version)
        lessons = [:]
        for (id, entry) in try container.decode([String: Lenient<LessonProgress>].self, forKey: .lessons) {
            if let progress = entry.value, !id.isEmpty, id.utf8.count <= LessonProgress.maximumIDLength {
                lessons[id] = progress
            } else {
                refused.append(String(id.prefix(LessonProgress.maximumIDLength)))
            }
        }
        refused.sort()
    }

    /// Encodes version and lessons.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(version, forKey: .version)
        try container.encode(lessons, forKey: .lessons)
    }

    /// Clears one lesson (`forget LESSON`); returns whether there was anything to clear.
    @discardableResult
    public mutating func forget(_ lessonID: String) -> Bool {
        lessons.removeValue(forKey: lessonID) != nil
    }
}

/// Lesson progress as earlier versions kept it (the learner's progress now lives in `LearnerStore`, which imports this
/// file once). Loads and saves lesson progress in `progress.json` of the data directory (the app passes
/// `$XDG_DATA_HOME/hyperlab`, see `StateFile.dataDirectory(environment:)`), through `StateFile`: saves are atomic
/// (temporary file, fsync, rename), so a process killed in the middle of a save leaves the old file whole; a file that
/// cannot be read is moved aside and reported in one line, never silently overwritten.
public struct ProgressStore: Sendable {
    /// The file.
    public let file: StateFile

    /// The file name inside the data directory.
    public static let fileName = "progress.json"

    /// A store for `directory/progress.json` (the directory is created with mode 0700 on the first save).
    public init(directory: String) {
        self.file = StateFile(path: (directory as NSString).appendingPathComponent(Self.fileName))
    }

    /// The full path of the progress file.
    public var path: String { file.path }

    /// The saved progress. A missing file gives an empty record and no message. A file that cannot be read or decoded
    /// (or has a newer format version) is moved aside and reported in `message`, and an empty record is returned.
    /// When it cannot even be moved aside, `message` says so and `save` refuses to write over it.
    public func load(now: Date = Date()) -> (record: ProgressRecord, message: String?) {
        let loaded: StateFileLoad<ProgressRecord>
        do {
            loaded = try file.load(ProgressRecord.self, now: now)
        } catch {
            return (ProgressRecord(), error.message)
        }
        guard let record = loaded.value else { return (ProgressRecord(), loaded.notice) }
        guard record.version == 1 else {
            do {
                let moved: StateFileLoad<ProgressRecord> = try file.moveAside(reason: "it has format version \(record.version); this hyperlab reads version 1", now: now)
                return (ProgressRecord(), moved.notice)
            } catch {
                return (ProgressRecord(), error.message)
            }
        }
        return (record, record.refused.isEmpty ? nil
                : "left out the progress of \(record.refused.count) lesson\(record.refused.count == 1 ? "" : "s") that could not be read: \(record.refused.prefix(5).joined(separator: ", "))")
    }

    /// Saves the record atomically.
    /// - Throws: `TeachingError` when the directory or file cannot be written, or when the file on disk cannot be
    ///   read as progress (it is never overwritten: `load` moves such a file aside first).
    public func save(_ record: ProgressRecord) throws(TeachingError) {
        if FileManager.default.fileExists(atPath: file.path) {
            guard let data = FileManager.default.contents(atPath: file.path),
                  (try? JSONDecoder().decode(ProgressRecord.self, from: data)) != nil else {
                throw .notLessonProgress(path: file.path)
            }
        }
        try file.save(record)
    }
}
