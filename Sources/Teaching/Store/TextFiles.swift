import Vocabulary
import Foundation

/// The text files of a folder that a teacher writes (lessons, question files), read for a loader.
enum TextFiles {
    /// Every file of `directory` whose name satisfies `include`, sorted by name, read as UTF-8.
    /// A file that cannot be read or is not UTF-8 becomes a `FileProblem`; the others are returned.
    /// - Returns: nil when the folder cannot be listed (the caller reports it in its own words).
    static func read(directory: String, include: (String) -> Bool) -> (files: [(path: String, text: String)], problems: [FileProblem])? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return nil }
        var files: [(path: String, text: String)] = []
        var problems: [FileProblem] = []
        for name in names.sorted() where include(name) {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path) else {
                problems.append(FileProblem(file: path, line: nil, message: "cannot read the file; check its permissions"))
                continue
            }
            guard let text = String(data: data, encoding: .utf8) else {
                problems.append(FileProblem(file: path, line: nil, message: "the file is not UTF-8 text; save it as UTF-8"))
                continue
            }
            files.append((path, text))
        }
        return (files, problems)
    }
}
