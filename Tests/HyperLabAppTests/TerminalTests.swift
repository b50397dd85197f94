import Vocabulary
import Foundation
import TerminalTestSupport
import Testing

/// hyperlab in a real terminal (tmux): readline editing, completion, history, Ctrl-C, Ctrl-D.
@Suite("hyperlab in a real terminal", .serialized)
struct TerminalTests {
    let home = BuiltBinary.temporaryHome()

    /// Starts hyperlab in a fresh tmux server with a private HOME; the shell prints EXIT=status when it ends.
    private func start(_ tmux: Tmux) throws {
        try BuiltBinary.start(in: tmux, home: home)
        try tmux.waitForLastLine("hyperlab>")
    }

    private func makeTmux() throws -> Tmux {
        let path = try #require(onPath("tmux"), "tmux is not installed: apt-get install tmux")
        return Tmux(executable: path, prompt: "hyperlab>")
    }

    @Test("typing a command runs it; Tab completes; Ctrl-C clears the line; Ctrl-D leaves with status 0")
    func typingCompletionAndEnd() throws {
        let tmux = try makeTmux()
        defer { tmux.killServer() }
        try start(tmux)
        try tmux.type("sho")
        try tmux.press("Tab")
        try tmux.waitForLastLine("hyperlab> show")
        try tmux.press("Enter")
        #expect(try tmux.wait { $0.contains { $0.contains("Hyperparameters (*") } }, "\(tmux.pane())")
        try tmux.type("set learning-r")
        try tmux.press("Tab")
        try tmux.waitForLastLine("hyperlab> set learning-rate")
        try tmux.type("0.3 never typed")
        try tmux.press("C-c")
        try tmux.waitForLastLine("hyperlab>")
        try tmux.press("C-d")
        #expect(try tmux.wait { $0.contains("EXIT=0") }, "\(tmux.pane())")
        #expect(!tmux.pane().contains("learning-rate = 0.3"), "Ctrl-C must drop the line, not run it")
    }

    @Test("history is recalled with Up after a restart, from a 0600 file")
    func historyAcrossRestarts() throws {
        do {
            let tmux = try makeTmux()
            defer { tmux.killServer() }
            try start(tmux)
            try tmux.type("models")
            try tmux.press("Enter")
            #expect(try tmux.wait { $0.contains { $0.contains("(in use)") } })
            try tmux.type("quit")
            try tmux.press("Enter")
            #expect(try tmux.wait { $0.contains("EXIT=0") }, "\(tmux.pane())")
        }
        let historyFile = home.appendingPathComponent("state/hyperlab/history").path
        let attributes = try FileManager.default.attributesOfItem(atPath: historyFile)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let tmux = try makeTmux()
        defer { tmux.killServer() }
        try start(tmux)
        try tmux.press("Up")
        try tmux.press("Up")
        try tmux.waitForLastLine("hyperlab> models")
    }

    @Test("a folder where the history file should be: one warning line, the session goes on, history in memory")
    func historyFileThatIsAFolder() throws {
        let folder = home.appendingPathComponent("state/hyperlab/history")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let tmux = try makeTmux()
        defer { tmux.killServer() }
        try start(tmux)
        try tmux.type("models")
        try tmux.press("Enter")
        #expect(try tmux.wait { $0.contains { $0.contains("(in use)") } }, "\(tmux.pane())")
        try tmux.type("datasets")
        try tmux.press("Enter")
        try tmux.waitForLastLine("hyperlab>")
        let warnings = try tmux.lines().filter { $0.contains("warning: the history file") }
        #expect(warnings.count == 1, "one warning, not one per line: \(tmux.pane())")
        #expect(warnings.first?.contains("not a regular file") == true)
        // History still works within the session.
        try tmux.press("Up")
        try tmux.waitForLastLine("hyperlab> datasets")
        var isFolder: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) && isFolder.boolValue, "the folder is left alone")
    }

    @Test("Ctrl-C stops a long training, keeps the partial curve, and the lab lives on")
    func interruptTraining() throws {
        let tmux = try makeTmux()
        defer { tmux.killServer() }
        try start(tmux)
        try tmux.type("use digits")
        try tmux.press("Enter")
        try tmux.waitForOutput("Type `train` to see its curves.", suffix: true)
        try tmux.type("set epochs 100000")
        try tmux.press("Enter")
        #expect(try tmux.wait { $0.contains { $0.contains("Ctrl-C stops") } }, "no live chart: \(tmux.pane())")
        try tmux.press("C-c")
        #expect(try tmux.wait { lines in lines.contains { $0.contains("stopped by Ctrl-C") } && lines.last == "hyperlab>" }, "\(tmux.pane())")
        try tmux.type("runs")
        try tmux.press("Enter")
        #expect(try tmux.wait { $0.contains { $0.contains("(stopped)") } }, "\(tmux.pane())")
        try tmux.press("C-d")
        #expect(try tmux.wait { $0.contains("EXIT=0") }, "\(tmux.pane())")
    }
}
