import ArgumentParser
import Foundation
import HyperLabApp
import TerminalCharts
import Vocabulary

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
