import ArgumentParser
import Foundation
import HyperLabApp
import TerminalCharts
import Vocabulary

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
