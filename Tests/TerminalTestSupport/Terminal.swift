// Support for tests that drive programs in a real terminal: spawning without inherited
// descriptors, and a private tmux server driven with send-keys and read with capture-pane.
import Foundation
import Testing

/// Runs `executable` with `arguments` and `environment` ("NAME=value") via posix_spawn, standard
/// input and error on /dev/null, every other descriptor closed in the child, and waits for it.
/// Returns the exit status and, when `capture`, standard output.
///
/// Not Foundation's `Process`: a program that starts a daemon (tmux's first command starts its
/// server) would pass Process's exit-watching descriptor on to the daemon, and waiting would never end.
public func runProgram(_ executable: String, _ arguments: [String], environment: [String], capture: Bool) throws -> (status: Int32, output: String) {
    struct SpawnError: Error, CustomStringConvertible { let description: String }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    var fds: [Int32] = [-1, -1]
    if capture {
        guard pipe(&fds) == 0 else { throw SpawnError(description: "pipe failed: errno \(errno)") }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
    } else {
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    // Close every other descriptor of this process in the child (glibc ignores ones closed meanwhile).
    let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.compactMap { Int32($0) } ?? []
    for fd in open where fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }

    let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
    defer {
        argv.forEach { free($0) }
        envp.forEach { free($0) }
    }
    // The test runner's threads block most signals and children inherit that mask: start the
    // child with none blocked and all at their default action, as a shell would.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    var allSignals = sigset_t()
    sigfillset(&allSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    posix_spawnattr_setsigdefault(&attributes, &allSignals)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
    if capture { close(fds[1]) }
    guard spawned == 0 else {
        if capture { close(fds[0]) }
        throw SpawnError(description: "cannot start \(executable): errno \(spawned)")
    }
    var output: [UInt8] = []
    if capture {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
            if count > 0 { output.append(contentsOf: chunk[0..<count]); continue }
            if count < 0 && errno == EINTR { continue }
            break
        }
        close(fds[0])
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    return (exitStatus, String(decoding: output, as: UTF8.self))
}

/// The first executable named `name` on PATH.
public func onPath(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// Single-quotes `text` for sh.
public func shellQuoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

/// A private tmux server (own socket, no config file) with one 100 x 30 window per session.
public final class Tmux {
    public let executable: String
    public let socket = "terminal-test-\(getpid())-\(UUID().uuidString.prefix(8))"
    public private(set) var session = ""
    /// The prompt that `waitForOutput` expects on the last line after the output.
    public var prompt: String

    /// A server run by the tmux at `executable`; `prompt` is the program's prompt without trailing spaces.
    public init(executable: String, prompt: String = "demo>") {
        self.executable = executable
        self.prompt = prompt
    }

    /// Runs tmux with `arguments`; returns its standard output when `capture` (never for a command
    /// that starts the server: the server would keep the pipe open and reading would never end).
    @discardableResult
    public func run(_ arguments: [String], capture: Bool = true) throws -> String {
        var environment = ProcessInfo.processInfo.environment
        environment["TMUX"] = nil
        environment["LANG"] = "C.UTF-8"
        environment["LC_ALL"] = "C.UTF-8"
        let pairs = environment.map { "\($0.key)=\($0.value)" }
        return try runProgram(executable, ["-u", "-L", socket, "-f", "/dev/null"] + arguments,
                              environment: pairs, capture: capture).output
    }

    /// Starts `command` (run by sh) in a new detached session in `directory`; later calls act on it.
    public func start(_ name: String, command: String, directory: String) throws {
        session = name
        try run(["new-session", "-d", "-s", name, "-x", "100", "-y", "30", "-c", directory, command], capture: false)
    }

    /// Types `text` literally.
    public func type(_ text: String) throws { try run(["send-keys", "-t", session, "-l", text]) }

    /// Presses keys given by tmux name ("Enter", "Tab", "C-c", "Up").
    public func press(_ keys: String...) throws { try run(["send-keys", "-t", session] + keys) }

    /// The whole pane including scrollback, wrapped lines joined, trailing blank lines dropped.
    public func lines() throws -> [String] {
        var lines = try run(["capture-pane", "-p", "-J", "-S", "-", "-t", session]).components(separatedBy: "\n")
        lines = lines.map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    /// Polls the pane every 20 ms until `condition` holds (true) or 10 s pass (false).
    public func wait(until condition: ([String]) -> Bool) throws -> Bool {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if condition(try lines()) { return true }
            usleep(20_000)
        }
        return condition(try lines())
    }

    /// Waits until the last line of the pane is exactly `line`; records a failure with the pane if not.
    public func waitForLastLine(_ line: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let seen = try wait { $0.last == line }
        #expect(seen, "expected last line \"\(line)\"; pane:\n\(pane())", sourceLocation: sourceLocation)
    }

    /// Waits until some line is exactly `line` (or, with `suffix`, ends with it), with the prompt
    /// (`prompt`) on the last line after it.
    public func waitForOutput(_ line: String, suffix: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let seen = try wait { lines in
            guard let index = lines.lastIndex(where: { suffix ? $0.hasSuffix(line) : $0 == line }) else { return false }
            return index < lines.count - 1 && lines.last == prompt
        }
        #expect(seen, "expected \"\(line)\" then a prompt; pane:\n\(pane())", sourceLocation: sourceLocation)
    }

    /// The pane as one text, for failure messages.
    public func pane() -> String { ((try? lines()) ?? ["(tmux did not answer)"]).joined(separator: "\n") }

    /// Stops the server and everything in it, and removes its socket file (tmux leaves it behind).
    public func killServer() {
        let socketPath = (try? run(["display-message", "-p", "#{socket_path}"]))?.trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try? run(["kill-server"], capture: false)
        if let socketPath, socketPath.hasSuffix("/" + socket) { unlink(socketPath) }
    }
}
