import Foundation
@testable import HyperLabApp
import TerminalCharts
import TerminalTestSupport
import Testing
import Tuning
import Vocabulary

/// Classroom demonstrations: the script format, `run FILE --step` driven by keys in a real terminal
/// (tmux), `tune bayes --explain` paging, `plot KIND RUN`, `compare last N` and `compare A..B`, and the
/// shipped demonstration scripts.
@Suite("classroom demonstrations", .serialized)
struct DemoModeTests {
    let home = BuiltBinary.temporaryHome()

    // MARK: - Script format

    @Test("a script splits into steps: captions and quiet lines belong to the next command; # lines are comments")
    func scriptSteps() {
        let script = DemoScript(lines: ["# a comment", "#: first caption", "quiet: set auto off", "", "train",
                                        "#:second", "plot loss", "#: closing words"])
        #expect(script.steps.count == 3)
        #expect(script.steps[0].before == [.caption("first caption"), .quiet("set auto off")])
        #expect(script.steps[0].command == "train")
        #expect(script.steps[0].lineNumber == 5)
        #expect(script.steps[1].before == [.caption("second")])
        #expect(script.steps[2].command == nil)
        #expect(script.commands.map(\.command) == ["set auto off", "train", "plot loss"])
        #expect(script.commands.map(\.line) == [3, 5, 7])
    }

    @Test("piped: captions are printed, quiet lines print nothing, commands are echoed")
    func pipedScript() throws {
        let file = home.appendingPathComponent("demo.txt")
        try "#: Look at this\nquiet: set auto off\nquiet: use plane\n# not shown\nshow\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try BuiltBinary.run(["run", file.path], home: home)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Look at this"))
        #expect(!result.stdout.contains("not shown"))
        #expect(!result.stdout.contains("set auto off"), "a quiet line is not echoed: \(result.stdout)")
        #expect(result.stdout.contains("hyperlab> show"))
        #expect(result.stdout.contains("dataset  plane"), "the quiet `use plane` took effect: \(result.stdout)")
    }

    @Test("a failing quiet line is reported with its line number and the status is 1")
    func quietError() throws {
        let file = home.appendingPathComponent("bad.txt")
        try "quiet: set learning-rate -3\nshow\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try BuiltBinary.run(["run", file.path], home: home)
        #expect(result.status == 1)
        #expect(result.stdout.contains("line 1 (quiet: set learning-rate -3): error:"), "\(result.stdout)")
    }

    @Test("run --seed sets the seed as `set seed` does")
    func runSeed() throws {
        let file = home.appendingPathComponent("seed.txt")
        try "show\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try BuiltBinary.run(["run", file.path, "--seed", "42"], home: home)
        #expect(result.status == 0, "\(result.stderr)")
        let seedLine = result.stdout.split(separator: "\n").first { $0.contains("seed") && $0.contains("42") }
        #expect(seedLine != nil, "\(result.stdout)")
        let quiz = try BuiltBinary.run(["quiz", "--seed", "3", "--count", "1"], input: "quit\n", home: home)
        #expect(!quiz.stderr.contains("Can't read a value"), "\(quiz.stderr)")
    }

    // MARK: - Runs

    @Test("plot loss 2 draws run 2; plot boundary 1 draws run 1's regions after later runs")
    func plotAnyRun() throws {
        let lab = LabSessionTests.makeSession()
        for line in ["set auto off", "use circles", "model logistic", "set epochs 5", "train", "set learning-rate 0.01", "train", "train"] {
            #expect(LabSessionTests.errors(lab.execute(line)).isEmpty, "\(line)")
        }
        let loss = lab.execute("plot loss 2")
        guard case .chart(let chart) = loss.first else { Issue.record("no chart: \(loss)"); return }
        #expect(chart.title?.hasPrefix("run 2:") == true)
        #expect(chart.series[0].ys == lab.runs[1].history.map(\.trainLoss))
        let regions = lab.execute("plot boundary 1")
        guard case .heatmap(let heatmap) = regions.first else { Issue.record("no heatmap: \(regions)"); return }
        #expect(heatmap.title == "decision regions, run 1")
        #expect(lab.execute("plot accuracy").isEmpty == false)
        #expect(lab.execute("plot loss 9").first?.isError == true)
        #expect(lab.execute("plot loss 1 2").first?.isError == true)
        #expect(lab.execute("plot 2 lossy").first?.isError == true)
    }

    @Test("compare last N, A..B and numbers name the same runs; the legend names only what differs")
    func compareRuns() throws {
        #expect(try CompareCommand.runNumbers(["last", "3"], runCount: 5) == [3, 4, 5])
        #expect(try CompareCommand.runNumbers(["last", "9"], runCount: 2) == [1, 2])
        #expect(try CompareCommand.runNumbers(["1..3", "5"], runCount: 5) == [1, 2, 3, 5])
        #expect(try CompareCommand.runNumbers(["2", "2"], runCount: 5) == [2])
        for bad in [["last"], ["3..1"], ["0"], ["6"], ["x"], ["1..9"], []] {
            #expect(throws: CommandError.self) { try CompareCommand.runNumbers(bad, runCount: 5) }
        }
        let lab = LabSessionTests.makeSession()
        for line in ["set auto off", "use plane", "model linear", "set epochs 5", "train", "set learning-rate 0.5", "train", "set learning-rate 0.05", "train"] {
            #expect(LabSessionTests.errors(lab.execute(line)).isEmpty, "\(line)")
        }
        let outputs = lab.execute("compare last 3")
        guard case .chart(let chart) = outputs.first else { Issue.record("no chart: \(outputs)"); return }
        let defaultRate = try #require(lab.runs[0].hyperparameters.text(of: "learning-rate"))
        #expect(chart.series.map(\.name) == ["run 1: learning-rate \(defaultRate)", "run 2: learning-rate 0.5", "run 3: learning-rate 0.05"])
        guard case .chart(let same) = lab.execute("compare 1 1").first else { Issue.record("no chart"); return }
        #expect(same.series.map(\.name) == ["run 1"])
    }

    // MARK: - tune bayes --explain

    @Test("tune bayes --explain keeps every step: surrogate, band, truth, points, next line, and the EI panel")
    func explainFrames() throws {
        let lab = LabSessionTests.makeSession()
        let outputs = lab.execute("tune bayes --objective gramacy-lee --budget 14 --explain")
        #expect(LabSessionTests.errors(outputs).isEmpty)
        let pages = outputs.compactMap { output -> [[Output]]? in if case .pages(let pages, _) = output { return pages } else { return nil } }.first ?? []
        #expect(pages.count > 8, "every step is kept, not only 8 (got \(pages.count))")
        for page in pages {
            guard page.count == 2, case .chart(let surrogate) = page[0], case .chart(let panel) = page[1] else {
                Issue.record("a frame is the surrogate chart and the EI panel"); continue
            }
            let names = surrogate.series.map(\.name)
            #expect(names[0].hasPrefix("true gramacy-lee"))
            #expect(names[1...4] == ["mean + 2 sd", "mean - 2 sd", "surrogate mean", "observed"])
            let next = surrogate.series[5]
            #expect(next.xs.count == 2 && next.xs[0] == next.xs[1], "the next x is a vertical line")
            let truth = surrogate.series[0]
            for (x, y) in zip(truth.xs, truth.ys) { #expect(abs(y - (sin(10 * Double.pi * x) / (2 * x) + pow(x - 1, 4))) < 1e-12) }
            let ei = panel.series[0]
            let marker = try #require(ei.markers.first)
            #expect(marker.y == ei.ys.max())
            #expect(panel.series[1].xs == next.xs)
        }
        let one = lab.execute("tune bayes --objective gramacy-lee --budget 14 --explain --frame 3")
        let text = Renderer(options: .init(width: 80, height: 16)).render(try #require(one.last))
        #expect(text.contains("step 3 of") && !text.contains("step 4 of"), "--frame 3 prints only step 3 when piped")
        #expect(lab.execute("tune bayes --objective gramacy-lee --budget 5 --explain --frame 40").first?.isError == true)
        #expect(lab.execute("tune random --objective gramacy-lee --budget 5 --frame 2").first?.isError == true)
    }

    @Test("what lesson 7 says of Gramacy-Lee holds: budget 20 finds no global minimum, budget 30 Bayes does and the others do not")
    func gramacyLeeBudgets() throws {
        let minimum = BuiltInObjective.gramacyLee.minimum
        func bests(_ budget: Int) throws -> [String: Double] {
            let options = TuningOptions(strategy: .grid, budget: budget, seed: 0)
            let results = try Tuner.compare(space: BuiltInObjective.gramacyLee.space, objective: BuiltInObjective.gramacyLee.objective, options: options)
            return Dictionary(uniqueKeysWithValues: results.map { ($0.strategy.rawValue, $0.best?.value ?? .infinity) })
        }
        let twenty = try bests(20)
        #expect(twenty.values.allSatisfy { $0 > minimum + 1e-3 }, "\(twenty)")
        let thirty = try bests(30)
        #expect(try #require(thirty["bayes"]) < minimum + 1e-3, "\(thirty)")
        #expect(try #require(thirty["grid"]) > minimum + 1e-3 && (try #require(thirty["random"])) > minimum + 1e-3, "\(thirty)")
    }

    // MARK: - Shipped demonstrations

    @Test("every shipped demonstration runs without an error through the piped runner")
    func shippedDemos() throws {
        let folder = BuiltBinary.packageRoot.appendingPathComponent("Lessons/demos")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".txt") }.sorted()
        #expect(files.count >= 6)
        for file in files {
            let path = folder.appendingPathComponent(file).path
            let script = DemoScript(lines: try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: .newlines))
            #expect(script.steps.count >= 5, "\(file) is a lecture of several steps")
            #expect(script.steps.contains { $0.before.contains { if case .caption = $0 { return true } else { return false } } }, "\(file) has captions")
            let result = try BuiltBinary.run(["run", path], home: home)
            #expect(result.status == 0 && result.stderr.isEmpty, "\(file): \(result.stderr)\n\(result.stdout.suffix(2000))")
            #expect(!result.stdout.contains("error:"), "\(file): \(result.stdout)")
        }
    }

    // MARK: - In a terminal

    private func makeTmux(prompt: String = "hyperlab>") throws -> Tmux {
        let path = try #require(onPath("tmux"), "tmux is not installed: apt-get install tmux")
        return Tmux(executable: path, prompt: prompt)
    }

    private func start(_ tmux: Tmux, _ arguments: [String]) throws {
        try BuiltBinary.start(in: tmux, home: home, arguments: arguments, session: "demo")
    }

    private func writeScript(_ text: String) throws -> String {
        let file = home.appendingPathComponent("step-\(UUID().uuidString.prefix(6)).txt")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    @Test("--step: captions on screen, Enter runs, s skips, b shows the previous step, q quits with 0")
    func stepKeys() throws {
        let path = try writeScript("""
            quiet: set auto off
            quiet: use plane
            #: CAPTION ONE about datasets
            datasets
            #: CAPTION TWO skipped
            models
            #: CAPTION THREE
            show
            #: CAPTION FOUR never reached
            runs
            """)
        let tmux = try makeTmux()
        defer { tmux.killServer() }
        try start(tmux, ["run", path, "--step"])
        #expect(try tmux.wait { $0.contains("CAPTION ONE about datasets") && $0.last?.hasPrefix("step 1 of 4") == true }, "\(tmux.pane())")
        #expect(!tmux.pane().contains("set auto off"), "quiet lines are not shown")
        try tmux.press("Enter")
        #expect(try tmux.wait { $0.contains("CAPTION TWO skipped") && $0.last?.hasPrefix("step 2 of 4") == true }, "\(tmux.pane())")
        #expect(tmux.pane().contains("breast-cancer"), "datasets ran")
        try tmux.type("s")
        #expect(try tmux.wait { $0.contains("CAPTION THREE") && $0.last?.hasPrefix("step 3 of 4") == true }, "\(tmux.pane())")
        #expect(tmux.pane().contains("(skipped)"))
        #expect(!tmux.pane().contains("(in use)"), "`models` was skipped")
        try tmux.press("Space")
        #expect(try tmux.wait { $0.contains { $0.hasPrefix("dataset  plane") } && $0.last?.hasPrefix("step 4 of 4") == true }, "\(tmux.pane())")
        try tmux.type("b")
        #expect(try tmux.wait { $0.contains("── step 3, shown again ──") && $0.last?.hasPrefix("step 3 shown again") == true }, "\(tmux.pane())")
        try tmux.type("b")
        #expect(try tmux.wait { $0.contains("── step 2, shown again ──") }, "\(tmux.pane())")
        try tmux.press("Enter")
        try tmux.press("Enter")
        #expect(try tmux.wait { $0.contains("── back at step 4 ──") && $0.last?.hasPrefix("step 4 of 4") == true }, "\(tmux.pane())")
        try tmux.type("q")
        #expect(try tmux.wait { $0.contains("EXIT=0") }, "\(tmux.pane())")
        #expect(!tmux.pane().contains("Runs of this session") && !tmux.pane().contains("hyperlab> runs\nrun"), "q stopped before `runs`")
    }

    @Test("--step: `:` runs a typed command at a pause and the script goes on; type-ahead is discarded")
    func commandAtPauseAndTypeAhead() throws {
        let path = try writeScript("""
            quiet: set auto off
            quiet: use digits
            quiet: set epochs 300
            #: FIRST
            train
            #: SECOND
            show
            """)
        let tmux = try makeTmux()
        defer { tmux.killServer() }
        try start(tmux, ["run", path, "--step"])
        #expect(try tmux.wait { $0.contains("FIRST") && $0.last?.hasPrefix("step 1 of 2") == true }, "\(tmux.pane())")
        try tmux.type(":")
        #expect(try tmux.wait { $0.last?.hasPrefix(": hyperlab>") == true }, "\(tmux.pane())")
        try tmux.type("datasets")
        try tmux.press("Enter")
        #expect(try tmux.wait { $0.contains { $0.contains("breast-cancer") } && $0.last?.hasPrefix("step 1 of 2") == true }, "\(tmux.pane())")
        // Enter starts the training; keys typed while it runs must not answer the next pause.
        try tmux.press("Enter")
        try tmux.press("Enter", "Enter", "q")
        #expect(try tmux.wait { $0.contains("SECOND") && $0.last?.hasPrefix("step 2 of 2") == true }, "\(tmux.pane())")
        usleep(300_000)
        #expect(try tmux.lines().last?.hasPrefix("step 2 of 2") == true, "type-ahead answered the pause: \(tmux.pane())")
        #expect(!tmux.pane().contains("EXIT="), "type-ahead `q` must not quit")
        try tmux.press("Enter")
        #expect(try tmux.wait { $0.contains("(end of the script)") }, "\(tmux.pane())")
        try tmux.press("Enter")
        #expect(try tmux.wait { $0.contains("EXIT=0") }, "\(tmux.pane())")
    }

    @Test("tune bayes --explain pages its frames in a terminal: Enter next, b back, q stop, --frame jumps")
    func explainPaging() throws {
        let tmux = try makeTmux()
        defer { tmux.killServer() }
        try start(tmux, [])
        try tmux.waitForLastLine("hyperlab>")
        try tmux.type("tune bayes --objective gramacy-lee --budget 12 --explain")
        try tmux.press("Enter")
        #expect(try tmux.wait { $0.last?.hasPrefix("frame 1 of ") == true }, "\(tmux.pane())")
        #expect(tmux.pane().contains("expected improvement"), "the EI panel is on the frame")
        let count = try #require(tmux.lines().last.flatMap { $0.split(separator: " ").dropFirst(3).first }.flatMap { Int($0) })
        #expect(count > 8)
        try tmux.press("Enter")
        #expect(try tmux.wait { $0.last?.hasPrefix("frame 2 of") == true && $0.contains { $0.contains("step 2 of") } }, "\(tmux.pane())")
        try tmux.type("b")
        #expect(try tmux.wait { $0.last?.hasPrefix("frame 1 of") == true }, "\(tmux.pane())")
        try tmux.type("q")
        try tmux.waitForLastLine("hyperlab>")
        try tmux.type("tune bayes --objective gramacy-lee --budget 12 --explain --frame 5")
        try tmux.press("Enter")
        #expect(try tmux.wait { $0.last?.hasPrefix("frame 5 of") == true }, "\(tmux.pane())")
        try tmux.type("q")
        try tmux.waitForLastLine("hyperlab>")
        try tmux.press("C-d")
        #expect(try tmux.wait { $0.contains("EXIT=0") }, "\(tmux.pane())")
    }

    @Test("in the lab: plot loss 2 and compare last 3 in a terminal")
    func plotAndCompareInTerminal() throws {
        let tmux = try makeTmux()
        defer { tmux.killServer() }
        try start(tmux, ["--seed", "5"])
        try tmux.waitForLastLine("hyperlab>")
        for line in ["set auto off", "use plane", "model linear", "set epochs 5", "train", "set learning-rate 0.5", "train", "set learning-rate 0.05", "train"] {
            try tmux.type(line)
            try tmux.press("Enter")
            try tmux.waitForLastLine("hyperlab>")
        }
        try tmux.type("plot loss 2")
        try tmux.press("Enter")
        #expect(try tmux.wait { $0.contains { $0.contains("run 2: linear on plane") } && $0.last == "hyperlab>" }, "\(tmux.pane())")
        try tmux.type("compare last 3")
        try tmux.press("Enter")
        #expect(try tmux.wait { $0.contains { $0.contains("run 3: learning-rate 0.05") } && $0.last == "hyperlab>" }, "\(tmux.pane())")
        try tmux.type("show")
        try tmux.press("Enter")
        #expect(try tmux.wait { $0.contains { $0.contains("seed") && $0.contains("5") } }, "\(tmux.pane())")
        try tmux.press("C-d")
        #expect(try tmux.wait { $0.contains("EXIT=0") }, "\(tmux.pane())")
    }
}
