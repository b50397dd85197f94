import Vocabulary
import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
private func openFile(_ path: String, _ flags: Int32, _ mode: mode_t = 0) -> Int32 { Glibc.open(path, flags, mode) }
#elseif canImport(Darwin)
import Darwin
private func openFile(_ path: String, _ flags: Int32, _ mode: mode_t = 0) -> Int32 { Darwin.open(path, flags, mode) }
#endif

/// The learner's state in one SQLite database (through GRDB): lesson progress, quiz cards and the review log.
///
/// The file is `hyperlab.sqlite` in the data directory (`StateFile.dataDirectory(environment:)`:
/// `$XDG_DATA_HOME/hyperlab`, else `~/.local/share/hyperlab`), created with mode 0600 in a directory of mode 0700.
/// It is opened as a `DatabasePool` in WAL mode; every write is one IMMEDIATE transaction that reads the current
/// rows and applies one change (an answer, a lesson step), so two hyperlab processes on the same folder interleave
/// their changes and lose none; a process killed at any moment loses at most the transaction it had not committed
/// (SQLite's WAL recovery), and leaves no file besides the database, its `-wal` and `-shm` companions (which the
/// next open reuses). A lock on the directory (`flock`) serialises opening: the integrity check, migrations and the
/// one-time import.
///
/// Opening checks the file: a database that cannot be opened or fails `PRAGMA integrity_check` is moved aside to
/// `hyperlab.sqlite.corrupt-YYYYMMDDTHHMMSSZ` (with its `-wal`, `-shm`) and a fresh one started, with one line in
/// `notices`. The first open imports `progress.json` and `quiz.json` of earlier versions (Leitner cards converted,
/// see `LeitnerConversion`), once, and renames them to `progress.json.backup` and `quiz.json.backup`.
///
/// Every value read is validated: a row with an impossible value (a count out of 0...10⁷, a day outside
/// 1970...9999, a non-finite stability, an id longer than `maximumIDLength`) is left out and counted in a notice,
/// never trusted; reads are bounded (`maximumRows`).
public final class LearnerStore: Sendable {
    /// The database's file name in the data directory.
    public static let fileName = "hyperlab.sqlite"
    /// The longest question, topic, lesson or step id read back; longer ones are refused.
    public static let maximumIDLength = 200
    /// At most this many rows of one table are read at once (a larger table is read in part, with a notice).
    public static let maximumRows = 1_000_000

    /// The database file's path.
    public let path: String
    /// Lines to show the learner once: a database moved aside, files imported, rows refused.
    public let notices: [String]
    let pool: DatabasePool

    /// Opens (creating when needed) the learner's database in `directory`, imports earlier JSON state once, and
    /// returns the store. `now` names a moved-aside file.
    /// - Throws: `TeachingError` when the directory cannot be created or locked, when a broken database cannot
    ///   be moved aside, or when the database was made by a newer hyperlab (it is left untouched).
    public static func open(directory: String, now: Date = Date()) throws(TeachingError) -> LearnerStore {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw .storeFolderCreate(directory)
        }
        let lock = openFile(directory, O_RDONLY | O_CLOEXEC)
        guard lock >= 0 else {
            throw .storeFolderOpen(directory, errno: errno)
        }
        defer { close(lock) }
        while flock(lock, LOCK_EX) != 0 {
            if errno != EINTR { throw .storeFolderLock(directory, errno: errno) }
        }
        defer { flock(lock, LOCK_UN) }

        let path = (directory as NSString).appendingPathComponent(fileName)
        var notices: [String] = []
        StateFile.removeStaleTemporaries(in: directory)
        var pool: DatabasePool
        switch openChecked(path: path) {
        case .success(let opened):
            pool = opened
        case .failure(let problem):
            if case .newer = problem {
                throw .storeNewer(path: path)
            }
            let target = try moveAside(path: path, now: now)
            notices.append("\(path) could not be used (\(problem.reason)); moved it to \(target) and started a fresh one")
            switch openChecked(path: path) {
            case .success(let opened): pool = opened
            case .failure(let again): throw .storeCreate(path: path, reason: again.reason)
            }
        }
        do {
            notices += try LegacyImport.run(pool: pool, directory: directory)
        } catch {
            notices.append("could not import the earlier progress files in \(directory) (\(error)); they are left as they are")
        }
        return LearnerStore(path: path, pool: pool, notices: notices)
    }

    /// `open(directory:now:)` on the data directory of `environment` (see `StateFile.dataDirectory(environment:)`).
    /// - Throws: `TeachingError` as `open(directory:now:)`, or when neither `XDG_DATA_HOME` nor `HOME` is usable.
    public static func open(environment: [String: String], now: Date = Date()) throws(TeachingError) -> LearnerStore {
        return try open(directory: try StateFile.dataDirectory(environment: environment), now: now)
    }

    init(path: String, pool: DatabasePool, notices: [String]) {
        self.path = path
        self.pool = pool
        self.notices = notices
    }

    enum OpenProblem: Error {
        case broken(String)
        case newer
        var reason: String {
            switch self {
            case .broken(let reason): return reason
            case .newer: return "it was written by a newer hyperlab"
            }
        }
    }

    static func openChecked(path: String) -> Result<DatabasePool, OpenProblem> {
        if !FileManager.default.fileExists(atPath: path) {
            let descriptor = openFile(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if descriptor >= 0 { close(descriptor) } else if errno != EEXIST {
                return .failure(.broken(String(cString: strerror(errno))))
            }
        }
        chmod(path, 0o600)
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.label = "hyperlab"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            let check = try pool.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
            guard check == ["ok"] else {
                return .failure(.broken("integrity check: \(check.prefix(1).joined())"))
            }
            let migrator = Schema.migrator
            if try pool.read({ db in try migrator.hasBeenSuperseded(db) }) { return .failure(.newer) }
            try migrator.migrate(pool)
            return .success(pool)
        } catch let error as DatabaseError {
            return .failure(.broken(error.message ?? "SQLite error \(error.resultCode)"))
        } catch {
            return .failure(.broken("\(error)"))
        }
    }

    static func moveAside(path: String, now: Date) throws(TeachingError) -> String {
        let target = StateFile.asideName(for: path, now: now)
        guard rename(path, target) == 0 else {
            throw .storeStuck(path: path, errno: errno)
        }
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            if rename(path + suffix, target + suffix) != 0 { unlink(path + suffix) }
        }
        return target
    }

    /// Runs `body` in one write transaction, turning database errors into one line.
    func write<T>(_ what: String, _ body: (Database) throws -> T) throws(TeachingError) -> T {
        do {
            return try pool.write(body)
        } catch let error as TeachingError {
            throw error
        } catch {
            throw .storeWrite(what: what, path: path, reason: Self.describe(error))
        }
    }

    /// Runs `body` on a read snapshot, turning database errors into one line.
    func read<T>(_ what: String, _ body: (Database) throws -> T) throws(TeachingError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw .storeRead(what: what, path: path, reason: Self.describe(error))
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "SQLite error \(error.resultCode)" }
        return "\(error)"
    }
}

/// The database schema, one migration per version (GRDB `DatabaseMigrator`).
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE meta(key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                CREATE TABLE card(
                    question_id TEXT PRIMARY KEY NOT NULL, topic TEXT NOT NULL,
                    stability REAL NOT NULL, difficulty REAL NOT NULL, due_day INTEGER NOT NULL, last_day INTEGER NOT NULL,
                    answered INTEGER NOT NULL, correct INTEGER NOT NULL, misses INTEGER NOT NULL,
                    misses_since_learned INTEGER NOT NULL, last_correct INTEGER NOT NULL);
                CREATE TABLE review(
                    id INTEGER PRIMARY KEY AUTOINCREMENT, time REAL NOT NULL, day INTEGER NOT NULL,
                    question_id TEXT NOT NULL, topic TEXT NOT NULL, grade INTEGER NOT NULL,
                    counted INTEGER NOT NULL, is_override INTEGER NOT NULL, overridden INTEGER NOT NULL DEFAULT 0,
                    elapsed_days INTEGER, before TEXT, after TEXT);
                CREATE INDEX review_by_question ON review(question_id, id);
                CREATE INDEX review_by_day ON review(day);
                CREATE TABLE imported_tally(
                    day INTEGER NOT NULL, topic TEXT NOT NULL, correct INTEGER NOT NULL, wrong INTEGER NOT NULL,
                    PRIMARY KEY(day, topic));
                CREATE TABLE lesson(lesson_id TEXT PRIMARY KEY NOT NULL, step TEXT, finished INTEGER NOT NULL DEFAULT 0);
                CREATE TABLE lesson_step(
                    lesson_id TEXT NOT NULL, step_id TEXT NOT NULL, position INTEGER NOT NULL,
                    skipped INTEGER NOT NULL DEFAULT 0, day INTEGER, PRIMARY KEY(lesson_id, step_id));
                """)
        }
        return migrator
    }
}

/// Checked reads of row values: nil for a NULL, a value of the wrong type, or one out of `range`.
enum Field {
    static func int(_ row: Row, _ column: String, in range: ClosedRange<Int>) -> Int? {
        let value: DatabaseValue = row[column]
        guard case .int64(let number) = value.storage, let int = Int(exactly: number), range.contains(int) else { return nil }
        return int
    }

    static func double(_ row: Row, _ column: String, in range: ClosedRange<Double>) -> Double? {
        let value: DatabaseValue = row[column]
        let number: Double
        switch value.storage {
        case .double(let double): number = double
        case .int64(let int): number = Double(int)
        default: return nil
        }
        return number.isFinite && range.contains(number) ? number : nil
    }

    static func text(_ row: Row, _ column: String, maximum: Int = LearnerStore.maximumIDLength) -> String? {
        let value: DatabaseValue = row[column]
        guard case .string(let text) = value.storage, !text.isEmpty, text.utf8.count <= maximum else { return nil }
        return text
    }

    static func flag(_ row: Row, _ column: String) -> Bool? {
        int(row, column, in: 0...1).map { $0 == 1 }
    }

    /// A card state from a JSON text column (the review log's before and after), validated by `CardState`'s decoder.
    static func card(_ row: Row, _ column: String) -> CardState?? {
        let value: DatabaseValue = row[column]
        if value.isNull { return .some(nil) }
        guard case .string(let text) = value.storage, text.utf8.count <= 1000,
              let card = try? JSONDecoder().decode(CardState.self, from: Data(text.utf8)) else { return nil }
        return .some(card)
    }
}
