import Foundation

/// A real terminal for tests: a detached tmux server on a private socket running one command,
/// driven with `send-keys` and read with `capture-pane`.
final class TmuxTerminal {
    let socket = "hyperlab-test-\(UUID().uuidString.prefix(8))"
    let session = "t"

    /// True when tmux is installed (CI installs it).
    static var isAvailable: Bool {
        ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Starts `command` (a shell command line) in a `width` x `height` terminal with `environment`.
    init(command: String, environment: [String: String], width: Int = 100, height: Int = 40) throws {
        var exports = ""
        for (key, value) in environment where ["HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "HYPERLAB_HOME", "INPUTRC", "NO_COLOR", "PATH", "LANG", "TERM"].contains(key) {
            exports += "export \(key)='\(value)'; "
        }
        exports += "unset COLUMNS LINES; "
        try tmux(["new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)", "bash --noprofile --norc -c \"\(exports)\(command); echo EXIT=\\$?; sleep 30\""])
    }

    deinit { _ = try? tmux(["kill-server"]) }

    /// Types `keys` (tmux key names like `Enter`, `Tab`, `C-c`, `Up`, or literal text with `literal`).
    func send(_ keys: String, literal: Bool = false) throws {
        try tmux(["send-keys", "-t", session] + (literal ? ["-l", keys] : [keys]))
    }

    /// The visible screen as text.
    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", session]) }

    /// Waits (polling every 50 ms, at most `timeout` seconds) until the screen satisfies `condition`.
    /// Returns the last screen; the caller checks what it needs.
    @discardableResult
    func waitFor(timeout: Double = 15, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var text = try screen()
        while !condition(text) && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            text = try screen()
        }
        return text
    }

    /// Number of times `needle` occurs in `haystack`.
    static func count(_ needle: String, in haystack: String) -> Int {
        haystack.components(separatedBy: needle).count - 1
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["tmux", "-L", socket, "-f", "/dev/null"] + arguments
        // Only capture-pane's output is read: the tmux server that new-session starts would
        // inherit a pipe and keep it open, so reading to its end would never finish.
        let wantsOutput = arguments.first == "capture-pane"
        let output = Pipe()
        process.standardOutput = wantsOutput ? output : FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = wantsOutput ? output.fileHandleForReading.readDataToEndOfFile() : Data()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
