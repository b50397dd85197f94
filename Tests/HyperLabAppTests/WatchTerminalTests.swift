import Vocabulary
import Foundation
import TerminalTestSupport
import Testing

/// `watch` in a real terminal (tmux) at 80x24 (stacked) and 120x40 (side by side): pause, step,
/// faster, finish, and Ctrl-C.
@Suite("watch in a real terminal", .serialized)
struct WatchTerminalTests {
    let home = BuiltBinary.temporaryHome()

    private func start(columns: Int, rows: Int) throws -> Tmux {
        let path = try #require(onPath("tmux"), "tmux is not installed: apt-get install tmux")
        let tmux = Tmux(executable: path, prompt: "hyperlab>")
        try BuiltBinary.start(in: tmux, home: home)
        try tmux.run(["resize-window", "-t", tmux.session, "-x", String(columns), "-y", String(rows)])
        try tmux.waitForLastLine("hyperlab>")
        return tmux
    }

    /// The status line (the last line of the frame on screen).
    private func status(_ lines: [String]) -> String { lines.last { $0.hasPrefix("epoch ") } ?? "" }

    @Test("pause, step one epoch, finish with Enter; the map sits beside the curves at 120x40, below at 80x24",
          arguments: [(80, 24), (120, 40)])
    func pauseStepFinish(size: (Int, Int)) throws {
        let tmux = try start(columns: size.0, rows: size.1)
        defer { tmux.killServer() }
        try tmux.type("use circles\n")
        try tmux.waitForLastLine("hyperlab>")
        try tmux.type("model mlp\n")
        try tmux.waitForLastLine("hyperlab>")
        try tmux.type("set auto off\n")
        try tmux.waitForLastLine("hyperlab>")
        try tmux.type("set epochs 400\n")
        try tmux.waitForLastLine("hyperlab>")
        try tmux.type("watch\n")
        #expect(try tmux.wait { self.status($0).contains("playing") }, "\(tmux.pane())")
        try tmux.press("Space")
        #expect(try tmux.wait { self.status($0).contains("paused") }, "\(tmux.pane())")
        let paused = status(try tmux.lines())
        let epoch = Int(paused.dropFirst("epoch ".count).prefix { $0.isNumber }) ?? -1
        usleep(300_000)
        #expect(status(try tmux.lines()) == paused, "paused frames stay")
        try tmux.type("n")
        #expect(try tmux.wait { self.status($0).hasPrefix("epoch \(epoch + 1)/400") }, "\(tmux.pane())")
        let frame = try tmux.lines()
        #expect(frame.contains { $0.contains("decision regions") }, "\(tmux.pane())")
        let loss = try #require(frame.lastIndex { $0.contains("watching mlp on circles") })
        let map = try #require(frame.lastIndex { $0.contains("decision regions, epoch") })
        if size.0 >= 102 { #expect(loss == map, "side by side: both titles on one line\n\(tmux.pane())") } else { #expect(loss < map) }
        #expect(frame.suffix(size.1).allSatisfy { $0.count <= size.0 })
        try tmux.press("Enter")
        #expect(try tmux.wait { $0.contains { $0.hasPrefix("epoch 400/400") && $0.contains("finished") } && $0.last == "hyperlab>" }, "\(tmux.pane())")
        try tmux.type("watch\n")
        #expect(try tmux.wait { self.status($0).contains("playing") }, "\(tmux.pane())")
        try tmux.press("C-c")
        #expect(try tmux.wait { $0.contains { $0.hasPrefix("epoch ") && $0.contains("stopped") } && $0.last == "hyperlab>" }, "\(tmux.pane())")
        try tmux.type("quit\n")
        #expect(try tmux.wait { $0.contains("EXIT=0") }, "\(tmux.pane())")
    }
}
