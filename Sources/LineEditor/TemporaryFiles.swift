#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Removal of temporary files left behind by an earlier run that was killed while saving
/// (`kill -9` between writing `NAME.tmp-PID` and renaming it over `NAME`).
///
/// Call `removeStale(in:matching:)` once at start-up for each folder where hyperlab writes files
/// atomically (the state folder holding the history, the data folder holding the learner's
/// files), before anything is saved there.
public enum TemporaryFiles {
    /// True for the names hyperlab gives its temporary files: a name containing `.tmp` followed
    /// by nothing, by `-` and a process id, or by `.` and anything (`history.tmp-4242`,
    /// `.learner.sqlite.tmp-4242-918273` of the state files, `progress.json.tmp`).
    public static func isTemporaryName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        let marker = Array(".tmp".utf8)
        guard bytes.count >= marker.count else { return false }
        for start in stride(from: bytes.count - marker.count, through: 0, by: -1)
        where bytes[start..<(start + marker.count)].elementsEqual(marker) {
            let next = start + marker.count
            return next == bytes.count || bytes[next] == UInt8(ascii: "-") || bytes[next] == UInt8(ascii: ".")
        }
        return false
    }

    /// Removes the stale temporary files of `directory` (not of its subfolders) and returns their
    /// names, sorted. A file is removed only when all hold:
    /// - its name satisfies `matching` (by default `isTemporaryName`);
    /// - it is a regular file (checked with `lstat`: a symbolic link, FIFO or folder is left alone)
    ///   owned by the user running hyperlab;
    /// - it is not in use: when its name holds `.tmp-PID` (optionally followed by `-` and more) that
    ///   process no longer exists (`kill(PID, 0)` fails with ESRCH), otherwise it was last modified
    ///   at least `minimumAge` seconds ago.
    /// A folder that cannot be listed gives []; files that cannot be removed are skipped.
    /// - Parameters:
    ///   - directory: the folder to clean.
    ///   - matching: which names are this program's temporary files.
    ///   - minimumAge: seconds since the last change after which a file without a process id is
    ///     stale (default 60: no save takes that long).
    public static func removeStale(in directory: String, matching: (String) -> Bool = isTemporaryName,
                                   minimumAge: Double = 60) -> [String] {
        guard let folder = opendir(directory) else { return [] }
        var names: [String] = []
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." && matching(name) { names.append(name) }
        }
        closedir(folder)
        var removed: [String] = []
        let now = time(nil)
        for name in names.sorted() {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_uid == getuid() else { continue }
            let stale: Bool
            if let pid = processID(in: name) {
                stale = pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH
            } else {
                #if os(Linux)
                let modified = info.st_mtim.tv_sec
                #else
                let modified = info.st_mtimespec.tv_sec
                #endif
                stale = Double(now - modified) >= minimumAge
            }
            if stale && unlink(path) == 0 { removed.append(name) }
        }
        return removed
    }

    /// The process id written after `.tmp-` in `name` (`history.tmp-4242` and
    /// `.cards.json.tmp-4242-918273` give 4242), nil if none.
    static func processID(in name: String) -> pid_t? {
        let bytes = Array(name.utf8)
        let marker = Array(".tmp-".utf8)
        guard bytes.count > marker.count else { return nil }
        for start in stride(from: bytes.count - marker.count, through: 0, by: -1)
        where bytes[start..<(start + marker.count)].elementsEqual(marker) {
            let digits = bytes[(start + marker.count)...].prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            let next = start + marker.count + digits.count
            guard !digits.isEmpty, digits.count <= 9, next == bytes.count || bytes[next] == UInt8(ascii: "-") else { return nil }
            return pid_t(String(decoding: digits, as: UTF8.self))
        }
        return nil
    }
}
