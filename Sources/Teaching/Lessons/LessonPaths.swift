import Vocabulary
import Foundation

/// Where a CSV named by a lesson (`use extra/houses.csv`) really is.
///
/// A lesson file comes from someone else: its paths are read relative to the lesson's own folder,
/// never the working directory, and must stay inside that folder or the datasets folder even
/// after every symbolic link is resolved, and name a regular file. So a lesson cannot read
/// `/etc/passwd` through `data.csv -> /etc/passwd`, nor a file of whoever runs it through `../`.
public enum LessonPaths {
    /// Resolves `name`, a path written in a lesson, to the real path of the CSV to read.
    ///
    /// Rules: `name` is relative, has no `~`, no `..` and no empty part, and ends in `.csv`
    /// (any case). It is looked up first in `lessonFolder`, then in `datasetsFolder`; the first
    /// that exists is taken. Its real path (`realpath(3)`: every symbolic link resolved) must lie
    /// inside the real path of the folder it was found in, and must be a regular file.
    ///
    /// Open the returned path at once (its links are already resolved); a file swapped for a link
    /// between this check and the opening can still be caught by opening with `O_NOFOLLOW`.
    /// - Parameters:
    ///   - name: the path as written in the lesson (`data.csv`, `extra/houses.csv`).
    ///   - lessonFolder: the folder holding the lesson's `.md` file.
    ///   - datasetsFolder: the datasets folder (`Datasets/`).
    /// - Returns: the file's real, absolute path as a file URL.
    /// - Throws: `TeachingError` when `name` breaks a rule, is in neither folder, leaves the
    ///   folder it was found in, or is not a regular file.
    public static func resolve(_ name: String, lessonFolder: String, datasetsFolder: String) throws(TeachingError) -> URL {
        let shown = TeacherText.excerpt(name)
        if name.hasPrefix("/") || name.hasPrefix("~") {
            throw .dataPathAbsolute(shown)
        }
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        if name.isEmpty || parts.contains("..") || parts.contains("") || parts.contains(".") {
            throw .dataPathNotPlain(shown)
        }
        guard name.lowercased().hasSuffix(".csv") else {
            throw .dataPathNotCSV(shown)
        }
        for folder in [lessonFolder, datasetsFolder] {
            guard let realFolder = realPath(folder) else { continue }
            let candidate = (folder as NSString).appendingPathComponent(name)
            var info = stat()
            guard lstat(candidate, &info) == 0 else { continue }  // not in this folder: try the next
            guard let real = realPath(candidate) else {
                throw .dataPathDangling(shown)
            }
            let inside = realFolder == "/" ? real.hasPrefix("/") : real.hasPrefix(realFolder + "/")
            guard inside else {
                throw .dataPathOutside(shown, folder: folder)
            }
            guard stat(real, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
                throw .dataPathNotRegular(shown)
            }
            return URL(fileURLWithPath: real)
        }
        throw .dataPathMissing(shown)
    }

    /// `command`, a line from a lesson (setup, `try:` or `solution:`), with the data path of a
    /// `use`/`dataset` command replaced by its resolved real path (`resolve`), in double quotes
    /// when it holds a space; every other line, and `use` of a name in `builtInDatasets`, is
    /// returned unchanged. Lesson lines hold no quotes (`CommandPolicy` refuses them), so splitting
    /// at spaces is exact.
    /// - Throws: `TeachingError` as `resolve` does; the app shows it instead of running the line.
    public static func resolveCommand(_ command: String, lessonFolder: String, datasetsFolder: String,
                                      builtInDatasets: [String]) throws(TeachingError) -> String {
        var words = command.split(separator: " ").map(String.init)
        guard words.count >= 2, ["use", "dataset"].contains(words[0].lowercased()), !builtInDatasets.contains(words[1]) else {
            return command
        }
        let path = try resolve(words[1], lessonFolder: lessonFolder, datasetsFolder: datasetsFolder).path
        words[1] = path.contains(" ") ? "\"" + path + "\"" : path
        return words.joined(separator: " ")
    }

    /// `realpath(3)` of `path`, nil when it cannot be resolved.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
