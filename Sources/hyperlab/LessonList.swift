import ArgumentParser
import Foundation
import HyperLabApp
import TerminalCharts
import Vocabulary

/// `hyperlab lessons list`: what `lessons` prints in the lab; `hyperlab lessons LESSON [--seed N]`: the lab with that
/// lesson open, its setups on seed N when given.
struct LessonList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the lessons with your progress (the default), or start one: lessons LESSON [--seed N].",
        discussion: "With a lesson (name or number), starts the lab with that lesson open. --seed N then means what `set seed N` means in the lab: every step's set-up uses seed N for the split, the initial weights and the shuffling instead of the lesson's own seed (a step whose demonstration needs its own seed keeps it and says so).")
    @OptionGroup var common: CommonOptions
    @Argument(help: "A lesson to start (e.g. 2 or learning-rate); default: list them.")
    var lesson: String?

    func validate() throws {
        if lesson == nil, let seed = common.seed {
            throw ValidationError("--seed is the seed of a lesson session: give the lesson to start, e.g. hyperlab lessons 1 --seed \(seed)")
        }
    }

    func run() throws {
        let environment = common.environment
        let session = LabSession(environment: environment)
        let console = LabConsole(lab: session)
        guard let lesson else {
            ProcessOutput.installOneShotSignals()
            try list(console, renderer: Renderer(environment: environment))
            return
        }
        if let problem = console.lessonProblem(lesson) {
            ProcessOutput.errorLine("error: " + escapingControlCharacters(problem))
            throw ExitCode(1)
        }
        try SetupOptions.applySeed(common.seed, to: session)
        console.lessonSeed = common.seed
        let repl = Repl(console: console, environment: environment)
        repl.perform("lesson \(lesson)")
        let status = repl.run(banner: false)
        if status != 0 { throw ExitCode(status) }
    }

    private func list(_ console: LabConsole, renderer: Renderer) throws {
        var failed = false
        for output in console.execute("lessons") {
            let text = renderer.render(output)
            if case .error = output {
                failed = true
                ProcessOutput.errorLine(text)
            } else if !text.isEmpty {
                ProcessOutput.line(text)
            }
        }
        if failed { throw ExitCode(1) }
    }
}
