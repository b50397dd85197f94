import ArgumentParser
import Foundation
import HyperLabApp
import TerminalCharts
import Vocabulary

/// `hyperlab lessons list`: what `lessons` prints in the lab.
struct LessonList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the lessons with your progress (the default).")
    @OptionGroup var common: CommonOptions

    func run() throws {
        ProcessOutput.installOneShotSignals()
        let environment = common.environment
        let renderer = Renderer(options: environment.renderOptions())
        var failed = false
        for output in LabConsole(lab: LabSession(environment: environment)).execute("lessons") {
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
