import Foundation

/// Why a file could not be replaced; the old file is unchanged in every case.
public enum AtomicFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A missing folder on the way could not be created (errno).
    case createFolder(String, errno: Int32)
    /// No temporary file could be made in the folder (errno).
    case createTemporary(folder: String, errno: Int32)
    /// A step of writing the file failed: `step` is "writing", "fsync", "close" or "rename" (errno).
    case write(path: String, step: String, errno: Int32)

    /// The system's text for an errno value.
    static func text(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// One plain sentence.
    public var description: String {
        switch self {
        case .createFolder(let folder, let code):
            return "cannot create the folder \(folder) (\(Self.text(code))); check its permissions"
        case .createTemporary(let folder, let code):
            return "cannot write in \(folder) (\(Self.text(code))); check its permissions and free disk space"
        case .write(let path, let step, let code):
            return "cannot save \(path): \(step) failed (\(Self.text(code))); the previous file is unchanged"
        }
    }

    /// The errno value behind the failure.
    public var errno: Int32 {
        switch self {
        case .createFolder(_, let code), .createTemporary(_, let code), .write(_, _, let code): return code
        }
    }
}

/// The one atomic file writer: a file is replaced whole or not at all, even if the process is
/// killed (`kill -9`) or the disk fills up half way.
///
/// Method (POSIX `rename(2)` is atomic within one file system): write the bytes to a temporary file
/// `.NAME.tmp-PID-RANDOM` in the same folder (created with `O_EXCL`, mode 0600), `fsync` it, `close`
/// it, `rename` it over `path`, then `fsync` the folder so the new name survives a power cut. A
/// temporary file left by a killed process is removed on the next start by the line editor's
/// `TemporaryFiles.removeStale` (it matches `.tmp-PID` of a dead process).
public enum AtomicFile {
    /// Replaces the file at `path` by `bytes`, mode `mode`.
    ///
    /// - Parameter createFolders: create missing folders on the way with mode 0700 (the XDG
    ///   specification's mode for the folders it creates); when false, a missing folder fails.
    /// - Throws: `AtomicFileError` naming the step that failed; the previous file is then unchanged
    ///   and no temporary file is left.
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o600, createFolders: Bool = true) throws(AtomicFileError) {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        if createFolders { try makeFolders(folder) }
        let temporary = (folder == "/" ? "" : folder) + "/.\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw .createTemporary(folder: folder, errno: currentErrno()) }
        func fail(_ step: String, _ code: Int32, closing: Bool = true) -> AtomicFileError {
            if closing { close(descriptor) }
            unlink(temporary)
            return .write(path: path, step: step, errno: code)
        }
        // O_CREAT's mode is filtered by the umask: set it exactly.
        fchmod(descriptor, mode)
        var offset = 0
        while offset < bytes.count {
            let result = bytes.withUnsafeBytes { systemWrite(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if result < 0 {
                if currentErrno() == EINTR { continue }
                throw fail("writing", currentErrno())
            }
            offset += result
        }
        guard fsync(descriptor) == 0 else { throw fail("fsync", currentErrno()) }
        guard close(descriptor) == 0 else { throw fail("close", currentErrno(), closing: false) }
        guard rename(temporary, path) == 0 else { throw fail("rename", currentErrno(), closing: false) }
        let folderDescriptor = open(folder, O_RDONLY | O_CLOEXEC)
        if folderDescriptor >= 0 {
            fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }

    /// Creates `folder` and its missing parents with mode 0700.
    static func makeFolders(_ folder: String) throws(AtomicFileError) {
        var status = stat()
        if stat(folder, &status) == 0 { return }
        var prefix = folder.hasPrefix("/") ? "/" : ""
        for part in folder.split(separator: "/") {
            prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + part
            if stat(prefix, &status) == 0 { continue }
            if mkdir(prefix, 0o700) != 0 && currentErrno() != EEXIST { throw .createFolder(prefix, errno: currentErrno()) }
        }
    }
}

/// The calling thread's errno (a function, so that the `errno` property of `AtomicFileError` does not shadow it).
@inline(__always) private func currentErrno() -> Int32 { errno }

/// write(2), named apart from `AtomicFile.write`.
@inline(__always) private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    Foundation.write(fd, buffer, count)
}
