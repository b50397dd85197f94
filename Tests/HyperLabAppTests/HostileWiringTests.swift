import Vocabulary
import Foundation
@testable import HyperLabApp
import Learning
import LineEditor
import Teaching
import TerminalCharts
import Testing

/// Hostile files and faults through the app and the built binary: failed writes, signals, stale temporary
/// files, lesson data paths, control characters from data, script bounds and the cost budget of lesson checks.
/// Every hostile file is built here, in a private temporary folder.
@Suite("hostile input and faults, wired into the app", .serialized)
struct HostileWiringTests {
    /// What a process left: status, whether it ended by a signal, and both streams.
    struct Outcome {
        let status: Int32
        let signaled: Bool
        let stdout: String
        let stderr: String
    }

    /// Runs `script` with bash, `$HL` naming the built binary, in a private HOME; returns what it left.
    static func shell(_ script: String, home: URL = BuiltBinary.temporaryHome(), directory: URL? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        process.environment = BuiltBinary.environment(home: home, extra: ["HL": BuiltBinary.path])
        if let directory { process.currentDirectoryURL = directory }
        return try collect(process)
    }

    /// Runs `process` to its end, reading both streams.
    static func collect(_ process: Process, input: String? = nil, whileRunning: (Process) -> Void = { _ in }) throws -> Outcome {
        let stdout = Pipe(), stderr = Pipe(), stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        nonisolated(unsafe) var errorData = Data()
        nonisolated(unsafe) var outputData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { errorData = stderr.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { outputData = stdout.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        whileRunning(process)
        try? stdin.fileHandleForWriting.close()
        group.wait()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal,
                       stdout: String(decoding: outputData, as: UTF8.self), stderr: String(decoding: errorData, as: UTF8.self))
    }

    /// True when `text` looks like a Swift crash report or backtrace.
    static func isCrashReport(_ text: String) -> Bool {
        ["Program crashed", "Crash", "Backtrace", "Fatal error", "Thread 0"].contains { text.contains($0) }
    }

    /// `text`'s non-empty lines.
    static func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    // MARK: - (1) failed writes

    @Test("echo train | hyperlab > /dev/full: status 1, one line, no crash report")
    func replToFullDevice() throws {
        let result = try Self.shell("echo train | \"$HL\" > /dev/full")
        #expect(result.status == 1 && !result.signaled, "\(result)")
        #expect(Self.lines(result.stderr) == ["hyperlab: cannot write to standard output: No space left on device"], "\(result.stderr)")
    }

    @Test("standard output closed: status 1 and one line naming the bad descriptor")
    func replWithClosedOutput() throws {
        let result = try Self.shell("echo train | \"$HL\" >&-")
        #expect(result.status == 1 && !result.signaled, "\(result)")
        #expect(Self.lines(result.stderr) == ["hyperlab: cannot write to standard output: Bad file descriptor"], "\(result.stderr)")
    }

    @Test("2>/dev/full: a failing command still ends with status 1 and no crash report on standard output")
    func errorsToFullDevice() throws {
        let result = try Self.shell("printf 'nonsense\\nshow\\n' | \"$HL\" 2>/dev/full")
        #expect(result.status == 1 && !result.signaled, "\(result)")
        #expect(!Self.isCrashReport(result.stdout))
    }

    @Test("the REPL piped to head with SIGPIPE ignored: status 141, nothing on standard error")
    func replToHeadWithPipeIgnored() throws {
        let input = String(repeating: "help\n", count: 200)
        let result = try Self.shell("trap '' PIPE; printf '\(input.replacingOccurrences(of: "\n", with: "\\n"))' | \"$HL\" 2>err | head -n 1 >/dev/null; echo \"status=${PIPESTATUS[1]}\"; cat err")
        #expect(result.stdout.hasPrefix("status=141\n"), "\(result)")
        #expect(Self.lines(result.stdout).count == 1, "standard error of hyperlab: \(result.stdout)")
    }

    @Test("train --json > /dev/full exits 1 with one line instead of 0 with the output lost")
    func jsonToFullDevice() throws {
        let result = try Self.shell("\"$HL\" train --dataset plane --model linear --set epochs=2 --json > /dev/full")
        #expect(result.status == 1 && !result.signaled, "\(result)")
        #expect(Self.lines(result.stderr) == ["hyperlab: cannot write to standard output: No space left on device"], "\(result.stderr)")
    }

    // MARK: - (2) signals

    /// Starts the REPL on a pipe that stays open, runs `input`, waits `delay` seconds, sends `signal`.
    static func signalREPL(_ signal: Int32, input: String, delay: Double, home: URL = BuiltBinary.temporaryHome()) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BuiltBinary.path)
        process.environment = BuiltBinary.environment(home: home)
        return try collect(process, input: input) { process in
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, signal)
            // The status must come within seconds, not after the training's minutes.
            let deadline = Date().addingTimeInterval(20)
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
    }

    @Test("SIGTERM and SIGHUP end the REPL cleanly with 143 and 129", arguments: [(SIGTERM, Int32(143)), (SIGHUP, Int32(129))])
    func terminationStatus(signal: Int32, status: Int32) throws {
        let result = try Self.signalREPL(signal, input: "show\n", delay: 1.5)
        #expect(result.status == status && !result.signaled, "\(result)")
        #expect(result.stdout.contains("dataset"), "the command before the signal ran: \(result.stdout)")
        #expect(!Self.isCrashReport(result.stderr + result.stdout))
    }

    @Test("SIGTERM during a long search stops it and ends with 143 within seconds")
    func terminationStopsSearch() throws {
        let result = try Self.signalREPL(SIGTERM, input: "use digits\nmodel mlp\ntune random learning-rate=1e-3..1:log --budget 500\n", delay: 2)
        #expect(result.status == 143 && !result.signaled, "\(result)")
        #expect(!Self.isCrashReport(result.stderr + result.stdout))
    }

    @Test("SIGQUIT during a training ends the REPL with 131 at once, without a crash report")
    func quitDuringTraining() throws {
        let result = try Self.signalREPL(SIGQUIT, input: "set epochs 100000\ntrain\n", delay: 2)
        #expect(result.status == 131 && !result.signaled, "\(result)")
        #expect(!Self.isCrashReport(result.stderr + result.stdout), "\(result.stderr)")
    }

    @Test("SIGQUIT during a one-shot train ends it with 131, without a crash report")
    func quitDuringOneShotTraining() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BuiltBinary.path)
        process.arguments = ["train", "--set", "epochs=100000"]
        process.environment = BuiltBinary.environment(home: BuiltBinary.temporaryHome())
        let result = try Self.collect(process) { process in
            Thread.sleep(forTimeInterval: 2)
            kill(process.processIdentifier, SIGQUIT)
        }
        #expect(result.status == 131 && !result.signaled, "\(result)")
        #expect(!Self.isCrashReport(result.stderr + result.stdout), "\(result.stderr)")
    }

    // MARK: - (3) temporary files

    @Test("temporary files left by kill -9 during saves are gone after the next start")
    func staleTemporaryFilesRemoved() throws {
        let home = BuiltBinary.temporaryHome()
        let state = home.appendingPathComponent("state/hyperlab"), data = home.appendingPathComponent("data/hyperlab")
        // Saves killed with -9 at random moments, then the files such a kill leaves, planted for certain.
        for delay in [0.3, 0.6, 0.9] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: BuiltBinary.path)
            process.environment = BuiltBinary.environment(home: home)
            _ = try Self.collect(process, input: String(repeating: "lesson 1\nbye\n", count: 50)) { process in
                Thread.sleep(forTimeInterval: delay)
                kill(process.processIdentifier, SIGKILL)
            }
        }
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let deadProcess = "999999999"  // above every pid_max (at most 2^22): no such process
        let planted = [state.appendingPathComponent("history.tmp-\(deadProcess)"),
                       data.appendingPathComponent(".progress.json.tmp-\(deadProcess)-77"),
                       data.appendingPathComponent(".learner.sqlite.tmp-\(deadProcess)-5")]
        for file in planted { try Data("partial".utf8).write(to: file) }
        let keep = data.appendingPathComponent("notes.txt")
        try Data("mine".utf8).write(to: keep)

        let result = try BuiltBinary.run(["lessons", "list"], home: home)
        #expect(result.status == 0, "\(result.stderr)")
        for folder in [state, data] {
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            #expect(!names.contains { TemporaryFiles.isTemporaryName($0) }, "\(folder.path): \(names)")
        }
        #expect(FileManager.default.fileExists(atPath: keep.path))
    }

    // MARK: - (4) lesson data paths

    /// A lesson whose setup uses `dataset` (not trained), with one experiment whose solution trains 5 epochs.
    static func csvLesson(dataset: String) -> String {
        """
        # A lesson on its own data

        ```yaml
        lesson:
          summary: a CSV shipped with the lesson
          covers: [fact-1]
        ```

        The lesson's folder holds its data.

        ## Train on it

        A few epochs on the lesson's own file.

        ```yaml
        setup:
          dataset: \(dataset)
          model: linear
          seed: 1
          train: false
          hyperparameters:
            epochs: 1
        ```

        ```yaml
        experiment:
          goal: Train on the lesson's data.
          expect:
            final.train_loss: "< 1000000"
          solution:
            - set epochs 5
          hints:
            - Train.
          explain: >-
            Trained.
        ```
        """
    }

    /// A small regression CSV: y = 2x + 1 on 40 rows.
    static let lineCSV = "x,y\n" + (0..<40).map { "\($0),\(2 * $0 + 1)" }.joined(separator: "\n") + "\n"

    @Test("a lesson's data.csv -> /etc/passwd is refused by the REPL and by lessons check; no line of it is shown")
    func symlinkOutOfLessonFolderRefused() throws {
        let home = BuiltBinary.temporaryHome()
        let lessons = home.appendingPathComponent("lessons")
        try FileManager.default.createDirectory(at: lessons, withIntermediateDirectories: true)
        try Self.csvLesson(dataset: "data.csv").write(to: lessons.appendingPathComponent("01-own-data.md"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: lessons.appendingPathComponent("data.csv").path, withDestinationPath: "/etc/passwd")

        let repl = try BuiltBinary.run(["--lessons", lessons.path], input: "lesson 1\nnext\nshow\n", home: home)
        #expect(!repl.stdout.contains("root:") && !repl.stderr.contains("root:"), "\(repl)")
        #expect(repl.stdout.contains("leads outside the folder") || repl.stderr.contains("leads outside the folder"), "\(repl)")

        let check = try BuiltBinary.run(["lessons", "check", lessons.path], home: home)
        #expect(check.status == 1)
        #expect(check.stdout.contains("leads outside the folder") && !check.stdout.contains("root:"), "\(check.stdout)")
    }

    @Test("a CSV inside the lesson's folder is found when hyperlab starts elsewhere, by the REPL and by lessons check")
    func csvInLessonFolderFound() throws {
        let home = BuiltBinary.temporaryHome()
        let lessons = home.appendingPathComponent("lessons")
        let elsewhere = home.appendingPathComponent("elsewhere")
        for folder in [lessons, elsewhere] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        try Self.csvLesson(dataset: "line.csv").write(to: lessons.appendingPathComponent("01-own-data.md"), atomically: true, encoding: .utf8)
        try Self.lineCSV.write(to: lessons.appendingPathComponent("line.csv"), atomically: true, encoding: .utf8)
        // A different file of the same name in the working directory must not be read.
        try "a,b\n1,2\n".write(to: elsewhere.appendingPathComponent("line.csv"), atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: BuiltBinary.path)
        process.arguments = ["--lessons", lessons.path]
        process.environment = BuiltBinary.environment(home: home)
        process.currentDirectoryURL = elsewhere
        let repl = try Self.collect(process, input: "lesson 1\nnext\nshow\n")
        #expect(repl.status == 0, "\(repl)")
        #expect(repl.stdout.contains(lessons.resolvingSymlinksInPath().appendingPathComponent("line.csv").path), "\(repl.stdout)")

        let check = Process()
        check.executableURL = URL(fileURLWithPath: BuiltBinary.path)
        check.arguments = ["lessons", "check", lessons.path]
        check.environment = BuiltBinary.environment(home: home)
        check.currentDirectoryURL = elsewhere
        let checked = try Self.collect(check)
        #expect(checked.status == 0, "\(checked)")
        #expect(Self.lines(checked.stdout).last == "1 passed, 0 failed", "\(checked.stdout)")
    }

    @Test("a quiz lab question's CSV is resolved in the question's folder; a link out of it is refused")
    func labQuestionPaths() throws {
        let folder = BuiltBinary.temporaryHome()
        try Self.lineCSV.write(to: folder.appendingPathComponent("line.csv"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("secret.csv").path, withDestinationPath: "/etc/passwd")
        let environment = AppEnvironment.resolve()
        let run = LabRun(label: "A", hyperparameters: [LabSetting(name: "epochs", value: "3")], shows: .converges)
        func setup(_ dataset: String) -> LabSetup {
            LabSetup(dataset: dataset, model: "linear", noise: nil, seeds: [1], chart: "loss", runs: [run])
        }
        let found = try LabQuestionRuns.session(setup("line.csv"), run: run, seed: 1, environment: environment, questionFolder: folder.path)
        #expect(try found.dataset().rowCount == 40)
        #expect(throws: CommandError.self) {
            _ = try LabQuestionRuns.session(setup("secret.csv"), run: run, seed: 1, environment: environment, questionFolder: folder.path)
        }
        // And the runs train under the budget: one over it is refused before training.
        #expect(throws: CommandError.self) {
            _ = try LabQuestionRuns.train(setup("line.csv"), seed: 1, environment: environment, questionFolder: folder.path,
                                          budget: CostBudget(maximumWork: 10, timeLimit: 60))
        }
        #expect(try LabQuestionRuns.train(setup("line.csv"), seed: 1, environment: environment, questionFolder: folder.path).count == 1)
    }

    // MARK: - (5) control characters from data

    @Test("OSC 52 and OSC 0 in a CSV header never reach the terminal: use, show, train, errors")
    func controlCharactersFromCSV() throws {
        let home = BuiltBinary.temporaryHome()
        let osc52 = "\u{1B}]52;c;cm0gLXJmIH4=\u{07}", osc0 = "\u{1B}]0;pwned\u{07}"
        // More commas than semicolons in the header, so that the comma is the delimiter.
        let csv = "a,b,c,d,x\(osc52),y\(osc0)\n"
            + (0..<30).map { "\($0),1,2,3,\($0 * 2),\($0 % 2 == 0 ? "p\u{1B}]0;x\u{07}" : "q")" }.joined(separator: "\n") + "\n"
        let file = home.appendingPathComponent("evil\u{1B}]0;title\u{07}.csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)
        let input = "use \"\(file.path)\"\nshow\ntrain\nruns\nplot accuracy\nuse \"\(file.path)\" --target nothere\n"
        let result = try BuiltBinary.run([], input: input, home: home)
        #expect(!result.stdout.contains("\u{1B}") && !result.stderr.contains("\u{1B}"), "\(result)")
        #expect(!result.stdout.contains("\u{07}") && !result.stderr.contains("\u{07}"))
        // The file was used (its name is shown, escaped), and the error quoting its header shows the escapes.
        #expect(result.stdout.contains("evil\\x1b]0;title\\x07.csv"), "\(result.stdout)")
        #expect(result.stderr.contains("x\\x1b]52;c;cm0gLXJmIH4=\\x07"), "\(result.stderr)")
    }

    @Test("the renderer escapes control characters of text, errors and chart titles and legends")
    func rendererEscapes() {
        let renderer = Renderer(options: AppEnvironment.resolve().renderOptions())
        let evil = "name\u{1B}]52;c;eA==\u{07}"
        #expect(renderer.render(.error("no column \(evil)")) == "error: no column name\\x1b]52;c;eA==\\x07")
        #expect(renderer.render(.text(evil + "\nnext")) == "name\\x1b]52;c;eA==\\x07\nnext")
        let chart = LineChart(series: [Series(name: evil, xs: [1, 2], ys: [1, 2])], title: evil, xLabel: evil, yLabel: evil)
        let drawn = renderer.render(.chart(chart))
        #expect(!drawn.contains("\u{07}"), "\(drawn)")
        #expect(!drawn.contains("\u{1B}]"), "\(drawn)")
    }

    // MARK: - (6) scripts

    @Test("run FILE: a file over 1 MiB, too many lines, a long line and a FIFO are refused with one line")
    func scriptBounds() throws {
        let folder = BuiltBinary.temporaryHome()
        let big = folder.appendingPathComponent("big.txt")
        try Data(repeating: UInt8(ascii: "#"), count: ScriptFile.maximumBytes + 1).write(to: big)
        let many = folder.appendingPathComponent("many.txt")
        try String(repeating: "show\n", count: ScriptFile.maximumLines + 1).write(to: many, atomically: true, encoding: .utf8)
        let long = folder.appendingPathComponent("long.txt")
        try ("show\n" + String(repeating: "x", count: ScriptFile.maximumLineBytes + 1) + "\n").write(to: long, atomically: true, encoding: .utf8)
        let fifo = folder.appendingPathComponent("fifo")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let cases: [(URL, String)] = [(big, "is too large"), (many, "lines; a script may have at most 10000"),
                                       (long, "line 2 is longer than 4096 bytes"), (fifo, "is not a regular file")]
        for (file, message) in cases {
            let result = try BuiltBinary.run(["run", file.path])
            #expect(result.status == 2, "\(file.lastPathComponent): \(result)")
            #expect(Self.lines(result.stderr).count == 1 && result.stderr.contains(message), "\(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
    }

    // MARK: - (7, 8) cost budget

    @Test("lessons check reports a solution with tune --budget 500 or huge settings as over budget, at once")
    func overBudgetLessons() throws {
        let folder = BuiltBinary.temporaryHome().appendingPathComponent("lessons")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let original = try String(contentsOfFile: BuiltBinary.packageRoot.appendingPathComponent("Lessons/01-parameters.md").path, encoding: .utf8)
        let solution = "    - set epochs 100\n"
        #expect(original.contains(solution))
        try original.replacingOccurrences(of: solution, with: "    - set epochs 100\n    - tune random learning-rate=1e-3..10:log --budget 500\n")
            .write(to: folder.appendingPathComponent("01-tune.md"), atomically: true, encoding: .utf8)
        try original.replacingOccurrences(of: solution, with: "    - model mlp\n    - set hidden-layers 512,512 epochs 100000\n")
            .write(to: folder.appendingPathComponent("02-huge.md"), atomically: true, encoding: .utf8)
        let started = Date()
        let result = try BuiltBinary.run(["lessons", "check", folder.path])
        #expect(Date().timeIntervalSince(started) < 60, "the check was not run for minutes")
        #expect(result.status == 1, "\(result)")
        let fails = Self.lines(result.stdout).filter { $0.hasPrefix("FAIL") }
        #expect(fails.contains { $0.contains("01-tune.md") && $0.contains("over the cost budget") && $0.contains("2500 trainings") }, "\(result.stdout)")
        #expect(fails.contains { $0.contains("02-huge.md") && $0.contains("over the cost budget") && $0.contains("set hidden-layers 512,512") }, "\(result.stdout)")
    }

    @Test("the work estimate is epochs x training rows x parameters, times a search's trainings")
    func workEstimate() throws {
        let session = LabSession(environment: AppEnvironment.resolve())
        _ = session.execute("use plane")
        _ = session.execute("model linear")
        _ = session.execute("set epochs 10")
        let data = try session.dataset()
        let hyperparameters = try session.currentHyperparameters()
        // plane: 2 inputs, one output: 3 parameters.
        let rows = Double(data.rowCount) * (1 - hyperparameters.validationFraction)
        let train = try #require(CostBudget.estimatedWork(of: "train", in: session))
        #expect(abs(train - 10 * rows * 3) < 1e-6)
        #expect(CostBudget.estimatedWork(of: "tune random learning-rate=0.01..1 --budget 7 --folds 3", in: session) == train * 21)
        #expect(CostBudget.estimatedWork(of: "set epochs 20", in: session) == train * 2)
        #expect(CostBudget.estimatedWork(of: "show", in: session) == nil)
        #expect(CostBudget(maximumWork: train * 2, timeLimit: 60).refusal(of: "train", in: session) == nil)
        #expect(CostBudget(maximumWork: train / 2, timeLimit: 60).refusal(of: "train", in: session)?.contains("over the cost budget") == true)
    }

    @Test("a step over its time limit is stopped and reported as such")
    func timeLimit() {
        let budget = CostBudget(maximumWork: 1e15, timeLimit: 0.2)
        let result = LessonCheck.lastRun(["use digits", "model mlp", "set epochs 100000", "train"], environment: AppEnvironment.resolve(),
                                         lessonFolder: BuiltBinary.temporaryHome().path, budget: budget)
        #expect(result.facts == nil)
        #expect(result.error?.contains("over the time limit") == true, "\(String(describing: result.error))")
    }

    @Test("Ctrl-C stops lessons check: the running step and the rest, with status 130")
    func interruptStopsCheck() throws {
        let folder = BuiltBinary.temporaryHome().appendingPathComponent("lessons")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let original = try String(contentsOfFile: BuiltBinary.packageRoot.appendingPathComponent("Lessons/01-parameters.md").path, encoding: .utf8)
        // Slow but within the budget (about 1.7 x 10^9 units of work a step); several distinct lessons so that
        // the whole check takes longer than the wait below even on a fast machine.
        let slow = original.replacingOccurrences(of: "    - set epochs 100\n", with: "    - use digits\n    - model mlp\n    - set epochs 600\n")
        #expect(slow != original)
        for number in 1...6 {
            try slow.write(to: folder.appendingPathComponent("0\(number)-slow\(number).md"), atomically: true, encoding: .utf8)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BuiltBinary.path)
        process.arguments = ["lessons", "check", folder.path]
        process.environment = BuiltBinary.environment(home: BuiltBinary.temporaryHome())
        let started = Date()
        let result = try Self.collect(process) { process in
            Thread.sleep(forTimeInterval: 1)
            kill(process.processIdentifier, SIGINT)
        }
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(result.status == 130 && !result.signaled, "\(result)")
        #expect(result.stdout.contains("stopped (Ctrl-C)"), "\(result.stdout)")
    }
}
