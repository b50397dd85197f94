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
