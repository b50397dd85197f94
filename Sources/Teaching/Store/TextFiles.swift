import Vocabulary
import Foundation

/// The text files of a folder that a teacher writes (lessons, question files), read for a loader.
enum TextFiles {
    /// Every file of `directory` whose name satisfies `include`, sorted by name, read as UTF-8.
    /// Only regular files are read (opened with `O_NONBLOCK` and checked with `fstat`, so a FIFO or
    /// device with a matching name never blocks), at most `TeacherText.maximumFileBytes` each.
    /// A file that cannot be read, is not a regular file, is too large or is not UTF-8 becomes a
    /// `TeachingError`; the others are returned.
    /// - Returns: nil when the folder cannot be listed (the caller reports it in its own words).
    static func read(directory: String, include: (String) -> Bool) -> (files: [(path: String, text: String)], problems: [TeachingError])? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return nil }
        var files: [(path: String, text: String)] = []
        var problems: [TeachingError] = []
        for name in names.sorted() where include(name) {
            let path = (directory as NSString).appendingPathComponent(name)
            switch readBounded(path) {
            case .success(let data):
                guard let text = String(data: data, encoding: .utf8) else {
                    problems.append(.fileProblem(file: path, line: nil, problem: "the file is not UTF-8 text; save it as UTF-8"))
                    continue
                }
                files.append((path, text))
            case .failure(let problem):
                problems.append(.fileProblem(file: path, line: nil, problem: problem.message))
            }
        }
        return (files, problems)
    }

    /// The bytes of the regular file at `path`, at most `TeacherText.maximumFileBytes`.
    static func readBounded(_ path: String) -> Result<Data, TextProblem> {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else { return .failure(TextProblem(line: nil, message: "cannot read the file; check its permissions")) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            return .failure(TextProblem(line: nil, message: "not a regular file (a folder, pipe or device); remove it or rename it"))
        }
        let limit = TeacherText.maximumFileBytes
        guard Int(info.st_size) <= limit else { return .failure(TeacherText.tooLarge(Int(info.st_size))) }
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 65536)
        while data.count <= limit {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(TextProblem(line: nil, message: "cannot read the file; check its permissions"))
            }
            data.append(contentsOf: chunk[0..<count])
        }
        guard data.count <= limit else { return .failure(TeacherText.tooLarge(data.count)) }
        return .success(data)
    }
}
