import Vocabulary
import Foundation
import TerminalTestSupport

extension BuiltBinary {
    /// Starts hyperlab with `arguments` in a fresh tmux session (100x30) with a private HOME under `home`,
    /// readline's bracketed paste off and TERM=xterm-256color; the shell prints EXIT=status when it ends.
    static func start(in tmux: Tmux, home: URL, arguments: [String] = [], session: String = "lab") throws {
        let inputrc = home.appendingPathComponent("inputrc")
        try "set enable-bracketed-paste off\n".write(to: inputrc, atomically: true, encoding: .utf8)
        let variables = environment(home: home, extra: ["INPUTRC": inputrc.path, "TERM": "xterm-256color"])
        let assignments = ["HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "HYPERLAB_HOME", "INPUTRC", "NO_COLOR", "TERM"]
            .compactMap { key in variables[key].map { "\(key)=\(shellQuoted($0))" } }
        let command = "env -u COLUMNS -u LINES \(assignments.joined(separator: " ")) \(shellQuoted(path))"
            + arguments.map { " " + shellQuoted($0) }.joined() + "; echo EXIT=$?; sleep 60"
        try tmux.start(session, command: command, directory: home.path)
    }
}
