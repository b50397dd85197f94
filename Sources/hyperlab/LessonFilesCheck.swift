import ArgumentParser
import Foundation
import HyperLabApp
import TerminalCharts
import Vocabulary
import LineEditor

/// `hyperlab lessons check [DIR]`: every lesson file loads, every experiment's solution shows what the lesson
/// claims (and its starting point does not), every quiz lab question shows its phenomenon for every seed.
struct LessonFilesCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check every lesson and quiz file: load errors, experiment solutions, lab questions (exit status 1 on any failure).")
    @OptionGroup var common: CommonOptions
    @Argument(help: "The lessons folder (default: the lessons folder in use; its quiz/ sub-folder is checked too).")
    var directory: String?
    @Option(help: ArgumentHelp("Check every lesson experiment with every seed of this range, e.g. 1-20 (a setup with pin-seed: keeps its own; quiz lab questions use their own seeds: list).", valueName: "A-B"))
    var seeds: String?

    /// The seeds of `--seeds A-B` (or a single seed `A`), nil without the flag.
    func seedRange() throws -> [UInt64]? {
        guard let seeds else { return nil }
        let parts = seeds.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard (1...2).contains(parts.count), let low = UInt64(parts[0]), let high = UInt64(parts.last ?? ""), low <= high,
              high - low < 1000 else {
            throw UsageFailure(message: "--seeds takes a range A-B of at most 1000 seeds with A <= B, e.g. --seeds 1-20 (got \(seeds))")
        }
        return Array(low...high)
    }

    func run() throws {
        let environment = common.environment
        let folder = directory ?? environment.lessonsDirectory
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw UsageFailure(message: "\(folder) is not a folder; give the lessons folder, e.g. hyperlab lessons check Lessons")
        }
        // Ctrl-C, SIGTERM and SIGHUP stop the running step (each step also has a cost budget) and skip the rest.
        TerminationRequest.install()
        let check = LessonCheck(directory: folder, environment: environment, seeds: try seedRange()) { line in
            ProcessOutput.line(escapingControlCharacters(line))
        }
        if check.interrupted { throw ExitCode(TerminationRequest.exitStatus ?? 130) }
        if check.failureCount > 0 { throw ExitCode(1) }
    }
}
