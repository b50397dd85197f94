import Vocabulary
import Foundation

/// The `hyperlab` executable that `swift test` built beside the test bundle, and the package root.
enum BuiltBinary {
    /// The package root (holds Package.swift, Datasets/, Lessons/).
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    /// Path of the built `hyperlab` executable.
    static let path: String = {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("hyperlab").path,
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("hyperlab").path,
            packageRoot.appendingPathComponent(".build/debug/hyperlab").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[2]
    }()

    /// A fresh temporary folder for HOME and the XDG folders, so tests never touch the user's files.
    static func temporaryHome() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hyperlab-test-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The environment for a child: a private HOME and XDG folders, no colour, a fixed width.
    static func environment(home: URL, extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = home.path
        environment["XDG_STATE_HOME"] = home.appendingPathComponent("state").path
        environment["XDG_DATA_HOME"] = home.appendingPathComponent("data").path
        environment["NO_COLOR"] = "1"
        environment["HYPERLAB_HOME"] = packageRoot.path
        environment["COLUMNS"] = "80"
        for (key, value) in extra { environment[key] = value }
        return environment
    }

    /// Runs hyperlab with `arguments`, feeding `input` on a pipe; returns status, stdout, stderr.
    static func run(_ arguments: [String], input: String = "", home: URL? = nil,
                    extraEnvironment: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = environment(home: home ?? temporaryHome(), extra: extraEnvironment)
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        // Read both pipes before waiting, so a large output cannot block the child.
        nonisolated(unsafe) var errorData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errorData = stderr.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outputData = stdout.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }
}
