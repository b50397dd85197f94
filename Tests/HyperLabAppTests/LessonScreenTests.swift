import Vocabulary
import Foundation
@testable import HyperLabApp
import Teaching
import TerminalCharts
import Testing

/// Every step of every shipped lesson, as it opens, fits an 80x24 terminal: its heading, prose, one set-up line,
/// the starting run's chart and summary, the try list and the goal or question, with the lines the REPL keeps for
/// the hints that follow a training (`Repl.laterHintLines(width:)`) and the prompt. The steps are reached through the console as a learner reaches them (`next`, and
/// `skip` where a goal must be reached first), and measured as the REPL draws them on a terminal of that size.
@Suite("lesson steps on an 80x24 terminal")
struct LessonScreenTests {
    static let columns = 80
    static let rows = 24

    static func console(home: URL) -> LabConsole {
        let root = BuiltBinary.packageRoot
        let environment = AppEnvironment.resolve(datasets: root.appendingPathComponent("Datasets").path,
                                                 lessons: root.appendingPathComponent("Lessons").path,
                                                 width: columns, color: .never,
                                                 variables: ["HOME": home.path, "XDG_DATA_HOME": home.appendingPathComponent("data").path,
                                                             "XDG_STATE_HOME": home.appendingPathComponent("state").path,
                                                             "HYPERLAB_HOME": root.path])
        return LabConsole(lab: LabSession(environment: environment))
    }

    /// The lines `outputs` take on a terminal of `rows` x `columns`, drawn as `Repl.perform` draws them there: charts
    /// shrunk to fit (to 10 lines at least), text wrapped, the prompt and the lines kept for hints included.
    static func dump(_ outputs: [Output]) -> String {
        var options = RenderOptions(width: columns, height: min(22, rows - 4), color: false)
        let trains = outputs.contains { if case .run = $0 { return true } else { return false } }
        options.height = Repl.fittedChartHeight(outputs, options: options, rows: rows - (trains ? Repl.laterHintLines(width: columns) : 0))
        let renderer = Renderer(options: options, wrapWidth: columns)
        return outputs.map(renderer.render).filter { !$0.isEmpty }.joined(separator: "\n")
    }

    static func screenLines(_ outputs: [Output]) -> Int {
        var options = RenderOptions(width: columns, height: min(22, rows - 4), color: false)
        let trains = outputs.contains { if case .run = $0 { return true } else { return false } }
        // The lines the REPL keeps for the hints that follow a training.
        let laterHints = trains ? Repl.laterHintLines(width: columns) : 0
        options.height = Repl.fittedChartHeight(outputs, options: options, rows: rows - laterHints)
        let renderer = Renderer(options: options, wrapWidth: columns)
        let text = outputs.map(renderer.render).filter { !$0.isEmpty }.joined(separator: "\n")
        return text.split(separator: "\n", omittingEmptySubsequences: false).count + 1 + laterHints
    }

    static let lessonNumbers = Array(1...8)

    @Test("each step's opening screen fits 80x24", arguments: lessonNumbers)
    func stepsFit(number: Int) throws {
        let home = BuiltBinary.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let console = Self.console(home: home)
        _ = console.execute("set hints off")
        var outputs = console.execute("lesson \(number)")
        let started = !outputs.contains { $0.isError }
        #expect(started, "lesson \(number) did not start: \(outputs)")
        var measured = 0
        var tallest = 0
        for _ in 0..<40 {
            let prompt = console.prompt
            let lines = Self.screenLines(outputs)
            #expect(lines <= Self.rows, "lesson \(number), \(prompt): \(lines) lines on a \(Self.rows)-row screen")
            tallest = max(tallest, lines)
            if lines > Self.rows, ProcessInfo.processInfo.environment["SCREEN_DUMP"] != nil {
                print("=== lesson \(number) \(prompt)"); print(Self.dump(outputs))
            }
            // Set-up prints one short line: no set-up command's chatter, nothing wider than the screen.
            for case .text(let text) in outputs where text.hasPrefix("Set up: ") {
                #expect(!text.contains("\n") && text.count <= Self.columns, "lesson \(number), \(prompt): \(text)")
            }
            // Every template of the step (a set-up's note) was filled from its run.
            for case .text(let text) in outputs { #expect(!text.contains("n/a"), "lesson \(number), \(prompt): \(text)") }
            measured += 1
            outputs = console.execute("next")
            if outputs.contains(where: { if case .text(let text) = $0 { return text.contains("`skip` to see the answer") } else { return false } }) {
                // The reference solution's run is explained with its own numbers (`explain:` filled from it).
                let skipped = console.execute("skip")
                for case .text(let text) in skipped {
                    #expect(!text.contains("n/a"), "lesson \(number), \(prompt) after skip: \(text)")
                }
                // The solution's charts draw at the height the REPL gives them on this screen.
                #expect(!Self.dump(skipped).contains("Chart too small"), "lesson \(number), \(prompt) after skip")
                outputs = console.execute("next")
            }
            if !console.prompt.hasPrefix("lesson") { break }
        }
        #expect(measured >= 4, "lesson \(number): only \(measured) steps measured")
        // A step that sets up and trains draws a chart of 10 lines at least: the measure cannot be trivially small.
        #expect(tallest >= 18, "lesson \(number): the tallest step took only \(tallest) lines")
        #expect(!console.prompt.hasPrefix("lesson"), "lesson \(number) did not finish")
    }

    @Test("the measure counts what the REPL draws: a 30-line text does not fit, a 3-line one does")
    func measureIsHonest() {
        let long = (1...30).map { "line \($0)" }.joined(separator: "\n")
        #expect(Self.screenLines([.text(long)]) == 31)
        #expect(Self.screenLines([.text("a\nb\nc")]) == 4)
        let wide = String(repeating: "word ", count: 40)
        #expect(Self.screenLines([.text(wide)]) == 4)
    }
}

/// `hyperlab lessons LESSON --seed N`: the lab with the lesson open, its set-ups on seed N, as `set seed N` would.
@Suite("hyperlab lessons LESSON --seed N")
struct LessonSeedFlagTests {
    @Test("--seed N sets up every step with seed N, and the runs really use it")
    func seedReachesTheSetups() throws {
        let home = BuiltBinary.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let seeded = try BuiltBinary.run(["lessons", "1", "--seed", "5"], input: "next\nparams\nbye\n", home: home)
        #expect(seeded.status == 0, "\(seeded.stderr)")
        #expect(seeded.stdout.contains("Set up: plane, linear, seed 5, epochs 1"), "\(seeded.stdout)")
        #expect(!seeded.stdout.contains("seed 1,"))
        // The set-up note quotes the starting run.
        #expect(seeded.stdout.contains("After one epoch the training loss is "), "\(seeded.stdout)")
        // The same as typing `set seed 5` in the lab and building the step by hand: the same learned weights.
        let byHand = try BuiltBinary.run([], input: "set auto off\nset seed 5\nuse plane\nmodel linear\nset epochs 1\ntrain\nparams\n",
                                         home: BuiltBinary.temporaryHome())
        let weights = { (text: String) in text.split(separator: "\n").filter { $0.contains("y ≈") }.map(String.init) }
        #expect(!weights(byHand.stdout).isEmpty && weights(seeded.stdout) == weights(byHand.stdout),
                "\(weights(seeded.stdout)) vs \(weights(byHand.stdout))")
        let unseeded = try BuiltBinary.run(["lessons", "1"], input: "next\nparams\nbye\n", home: BuiltBinary.temporaryHome())
        #expect(unseeded.stdout.contains("Set up: plane, linear, seed 1, epochs 1"))
        #expect(weights(unseeded.stdout) != weights(seeded.stdout))
    }

    @Test("--seed without a lesson, or an unknown lesson, is one plain error")
    func badUse() throws {
        let noLesson = try BuiltBinary.run(["lessons", "--seed", "5"])
        #expect(noLesson.status == 2)
        #expect(noLesson.stdout.isEmpty && noLesson.stderr.split(separator: "\n").count == 1 && noLesson.stderr.contains("give the lesson"))
        let unknown = try BuiltBinary.run(["lessons", "nonesuch", "--seed", "5"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.split(separator: "\n").count == 1 && unknown.stderr.contains("no lesson `nonesuch`"), "\(unknown.stderr)")
        let listed = try BuiltBinary.run(["lessons"])
        #expect(listed.status == 0 && listed.stdout.contains("learning-rate"))
    }
}
