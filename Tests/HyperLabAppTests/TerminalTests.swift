import Foundation
import Testing

/// hyperlab in a real terminal (tmux): readline editing, completion, history, Ctrl-C, Ctrl-D.
@Suite("hyperlab in a real terminal", .serialized, .enabled(if: TmuxTerminal.isAvailable, "tmux is not installed"))
struct TerminalTests {
    let home = BuiltBinary.temporaryHome()

    private func start() throws -> TmuxTerminal {
        let inputrc = home.appendingPathComponent("inputrc")
        try "set enable-bracketed-paste off\n".write(to: inputrc, atomically: true, encoding: .utf8)
        let environment = BuiltBinary.environment(home: home, extra: ["INPUTRC": inputrc.path, "TERM": "xterm-256color"])
        let terminal = try TmuxTerminal(command: "'\(BuiltBinary.path)'", environment: environment)
        let screen = try terminal.waitFor { $0.contains("hyperlab> ") }
        #expect(screen.contains("hyperlab> "), "no prompt: \(screen)")
        return terminal
    }

    @Test("typing a command runs it; Tab completes; Ctrl-D leaves with status 0")
    func typingCompletionAndEnd() throws {
        let terminal = try start()
        try terminal.send("sho", literal: true)
        try terminal.send("Tab")
        var screen = try terminal.waitFor { $0.contains("hyperlab> show") }
        #expect(screen.contains("hyperlab> show"), "Tab did not complete: \(screen)")
        try terminal.send("Enter")
        screen = try terminal.waitFor { $0.contains("learning-rate") }
        #expect(screen.contains("Hyperparameters"))
        try terminal.send("set learning-r", literal: true)
        try terminal.send("Tab")
        screen = try terminal.waitFor { $0.contains("set learning-rate ") }
        #expect(screen.contains("set learning-rate "), "hyperparameter not completed: \(screen)")
        try terminal.send("C-u")
        try terminal.send("C-d")
        screen = try terminal.waitFor { $0.contains("EXIT=") }
        #expect(screen.contains("EXIT=0"), "\(screen)")
    }

    @Test("history is recalled with Up after a restart")
    func historyAcrossRestarts() throws {
        do {
            let terminal = try start()
            try terminal.send("models", literal: true)
            try terminal.send("Enter")
            try terminal.waitFor { $0.contains("(in use)") }
            try terminal.send("quit", literal: true)
            try terminal.send("Enter")
            let screen = try terminal.waitFor { $0.contains("EXIT=") }
            #expect(screen.contains("EXIT=0"))
        }
        let historyFile = home.appendingPathComponent("state/hyperlab/history").path
        let attributes = try FileManager.default.attributesOfItem(atPath: historyFile)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let terminal = try start()
        try terminal.send("Up")
        try terminal.send("Up")
        let screen = try terminal.waitFor { $0.contains("hyperlab> models") }
        #expect(screen.contains("hyperlab> models"), "\(screen)")
    }

    @Test("Ctrl-C stops a long training, keeps the partial curve, and the lab lives on")
    func interruptTraining() throws {
        let terminal = try start()
        try terminal.send("use digits", literal: true)
        try terminal.send("Enter")
        try terminal.waitFor(timeout: 60) { TmuxTerminal.count("hyperlab> ", in: $0) >= 2 }
        try terminal.send("set epochs 100000", literal: true)
        try terminal.send("Enter")
        var screen = try terminal.waitFor { $0.contains("Ctrl-C stops") }
        #expect(screen.contains("training..."), "no live chart: \(screen)")
        try terminal.send("C-c")
        screen = try terminal.waitFor { $0.contains("stopped by Ctrl-C") }
        #expect(screen.contains("stopped by Ctrl-C"), "\(screen)")
        try terminal.send("runs", literal: true)
        try terminal.send("Enter")
        screen = try terminal.waitFor { $0.contains("(stopped)") }
        #expect(screen.contains("(stopped)"))
        try terminal.send("C-d")
        screen = try terminal.waitFor { $0.contains("EXIT=") }
        #expect(screen.contains("EXIT=0"))
    }
}
