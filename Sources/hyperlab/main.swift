import Vocabulary
import ArgumentParser
import Foundation
import HyperLabApp
import TerminalCharts

/// Options every mode shares: where the files are and how output is drawn.
struct CommonOptions: ParsableArguments {
    @Option(help: "Colour: auto (on a terminal without NO_COLOR), always or never.")
    var color: ColorChoice = .auto
    @Option(help: "Chart width in terminal cells (default: the terminal's width, else 80).")
    var width: Int?
    @Option(help: "Chart height in terminal cells (default: from the terminal, else 20).")
    var height: Int?
    @Option(help: "The seed for splits, initial weights and shuffling (same as --set seed=N).")
    var seed: UInt64?
    @Option(help: "Folder of the real datasets (default: Datasets/ of the hyperlab folder, or $HYPERLAB_HOME/Datasets).")
    var datasets: String?
    @Option(help: "Folder of the lessons and quiz questions (default: Lessons/ beside Datasets/).")
    var lessons: String?

    func validate() throws {
        if let width, width < 20 || width > 500 { throw ValidationError("--width must be from 20 to 500 cells (got \(width))") }
        if let height, height < 5 || height > 200 { throw ValidationError("--height must be from 5 to 200 cells (got \(height))") }
    }

    var environment: AppEnvironment {
        AppEnvironment.resolve(datasets: datasets, lessons: lessons, width: width, height: height, color: color)
    }
}

/// The setup flags: dataset, model and hyperparameters.
struct SetupOptions: ParsableArguments {
    @Option(help: "A built-in dataset name or a CSV path.")
    var dataset: String?
    @Option(help: "For a CSV: the target column (default: the last).")
    var target: String?
    @Flag(help: "For a CSV: treat the target as class labels.")
    var classification = false
    @Option(help: "For a synthetic dataset: its noise level.")
    var noise: Double?
    @Option(help: "linear, logistic, softmax or mlp.")
    var model: String?
    @Option(name: .customLong("set"), help: ArgumentHelp("A hyperparameter, NAME=VALUE (repeatable), e.g. --set learning-rate=0.1.", valueName: "NAME=VALUE"))
    var settings: [String] = []

    var isEmpty: Bool { dataset == nil && model == nil && settings.isEmpty && target == nil && !classification && noise == nil }

    func apply(to session: LabSession, seed: UInt64?) throws {
        var all = settings
        if let seed { all.insert("seed=\(seed)", at: 0) }
        do {
            try session.configure(dataset: dataset, target: target, classification: classification, noise: noise, model: model, settings: all)
        } catch {
            throw UsageFailure(message: error.message)
        }
    }
}

/// A bad flag value: one line on standard error and exit status 2.
struct UsageFailure: Error { let message: String }

extension ColorChoice: ExpressibleByArgument {}

@main
struct Hyperlab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hyperlab",
        abstract: "A terminal lab for learning what machine-learning hyperparameters do.",
        discussion: "Without a subcommand, starts the interactive lab (type `help` there).",
        version: Repl.version,
        subcommands: [Interactive.self, RunScript.self, Train.self, Lessons.self, Quiz.self],
        defaultSubcommand: Interactive.self)

    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as UsageFailure {
            FileHandle.standardError.write(Data("error: \(failure.message)\n".utf8))
            Foundation.exit(2)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                let message = self.message(for: error).split(separator: "\n").first.map(String.init) ?? "bad arguments"
                FileHandle.standardError.write(Data("error: \(message.replacingOccurrences(of: "Error: ", with: "")) (see hyperlab --help)\n".utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// The interactive lab (the default).
struct Interactive: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lab", abstract: "Start the interactive lab (the default).")
    @OptionGroup var common: CommonOptions
    @OptionGroup var setup: SetupOptions

    func run() throws {
        let environment = common.environment
        let session = LabSession(environment: environment)
        let repl = Repl(console: LabConsole(lab: session), environment: environment)
        if !setup.isEmpty || common.seed != nil {
            try setup.apply(to: session, seed: common.seed)
            if !setup.isEmpty { repl.perform("train") }
        }
        let status = repl.run()
        if status != 0 { throw ExitCode(status) }
    }
}

/// Runs a file of REPL commands.
struct RunScript: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run a file of lab commands, showing each one (for demonstrations).")
    @OptionGroup var common: CommonOptions
    @Argument(help: "A text file with one lab command per line (# starts a comment).")
    var file: String
    @Flag(help: "Wait for Enter before each command.")
    var step = false

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw UsageFailure(message: "cannot read \(file): check the path")
        }
        guard !data.contains(0), let text = String(data: data, encoding: .utf8) else {
            throw UsageFailure(message: "\(file) is not a text file of lab commands (it holds a zero byte or is not UTF-8)")
        }
        let environment = common.environment
        let session = LabSession(environment: environment)
        if let seed = common.seed { try SetupOptions().apply(to: session, seed: seed) }
        let repl = Repl(console: LabConsole(lab: session), environment: environment)
        let status = repl.runScript(lines: text.components(separatedBy: .newlines), step: step)
        if status != 0 { throw ExitCode(status) }
    }
}

/// One training from the shell.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Train once and print the curves and a summary, or JSON.")
    @OptionGroup var common: CommonOptions
    @OptionGroup var setup: SetupOptions
    @Flag(help: "Print one JSON object (see README, \"Machine-readable output\").")
    var json = false

    func run() throws {
        let environment = common.environment
        let session = LabSession(environment: environment)
        try setup.apply(to: session, seed: common.seed)
        let result: (run: Run, hints: [String])
        do { result = try session.trainOnce() } catch { throw UsageFailure(message: error.message) }
        if json {
            print(session.json(of: result.run))
        } else {
            print(Renderer(options: environment.renderOptions()).renderRun(result.run, hints: result.hints))
        }
    }
}

/// The lessons from the shell: the list with progress, or the check of every lesson and quiz file.
struct Lessons: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the lessons with your progress, or check the lesson and quiz files.",
        subcommands: [LessonList.self, LessonFilesCheck.self],
        defaultSubcommand: LessonList.self)
}

/// `hyperlab lessons list`: what `lessons` prints in the lab.
struct LessonList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the lessons with your progress (the default).")
    @OptionGroup var common: CommonOptions

    func run() throws {
        let environment = common.environment
        let renderer = Renderer(options: environment.renderOptions())
        var failed = false
        for output in LabConsole(lab: LabSession(environment: environment)).execute("lessons") {
            let text = renderer.render(output)
            if case .error = output {
                failed = true
                FileHandle.standardError.write(Data((text + "\n").utf8))
            } else if !text.isEmpty {
                FileHandle.standardOutput.write(Data((text + "\n").utf8))
            }
        }
        if failed { throw ExitCode(1) }
    }
}

/// `hyperlab lessons check [DIR]`: every lesson file loads, every experiment's solution shows what the lesson
/// claims (and its starting point does not), every quiz lab question shows its phenomenon for every seed.
struct LessonFilesCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check every lesson and quiz file: load errors, experiment solutions, lab questions (exit status 1 on any failure).")
    @OptionGroup var common: CommonOptions
    @Argument(help: "The lessons folder (default: the lessons folder in use; its quiz/ sub-folder is checked too).")
    var directory: String?

    func run() throws {
        let environment = common.environment
        let folder = directory ?? environment.lessonsDirectory
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw UsageFailure(message: "\(folder) is not a folder; give the lessons folder, e.g. hyperlab lessons check Lessons")
        }
        let check = LessonCheck(directory: folder, environment: environment) { line in
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
        if check.failureCount > 0 { throw ExitCode(1) }
    }
}

/// `hyperlab quiz [TOPIC] [--count N]`, `hyperlab quiz review`: the lab with that quiz already open.
struct Quiz: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start the lab with a quiz open: quiz [TOPIC] [--count N], or quiz review for the questions due today.")
    @OptionGroup var common: CommonOptions
    @Argument(help: "A topic (e.g. learning-rate), or review; default: all topics.")
    var topic: String?
    @Option(name: [.customShort("n"), .long], help: "How many questions.")
    var count: Int?

    func validate() throws {
        if let count, count < 1 { throw ValidationError("--count must be at least 1 (got \(count))") }
    }

    func run() throws {
        let environment = common.environment
        let session = LabSession(environment: environment)
        if let seed = common.seed { try SetupOptions().apply(to: session, seed: seed) }
        let console = LabConsole(lab: session)
        let repl = Repl(console: console, environment: environment)
        var line = "quiz"
        if let topic { line += " \(topic)" }
        if let count { line += " --count \(count)" }
        // Opened here rather than through the loop so that a quiz that cannot start ends the program at once
        // (with piped answers, the answers must not reach the lab as commands).
        let renderer = Renderer(options: environment.renderOptions())
        for output in console.execute(line) {
            if case .error = output { throw UsageFailure(message: renderer.render(output).replacingOccurrences(of: "error: ", with: "")) }
            let text = renderer.render(output)
            // Unbuffered, like the loop's own output, so that the order is kept on a pipe.
            if !text.isEmpty { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }
        }
        guard console.prompt.hasPrefix("quiz") else { return }
        let status = repl.run(banner: false)
        if status != 0 { throw ExitCode(status) }
    }
}
