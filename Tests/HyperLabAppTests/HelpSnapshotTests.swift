// Text snapshots of the REPL's help, in the manner of swift-argument-parser's HelpGenerationTests.
//
// Each snapshot is Tests/HyperLabAppTests/Snapshots/<name>.txt. After a deliberate change of a
// command, a hyperparameter or the help layout, re-record on purpose with
//     HYPERLAB_RECORD_SNAPSHOTS=1 swift test --filter HelpSnapshotTests
// and review `git diff Tests/HyperLabAppTests/Snapshots` before committing. A missing snapshot fails.
import Foundation
import Testing
@testable import HyperLabApp
import Vocabulary

@Suite struct HelpSnapshotTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    /// The text `help ARGUMENTS` prints in a fresh lab (no terminal, so no wrapping).
    static func help(_ line: String) -> String {
        let session = LabSession(environment: AppEnvironment.resolve(variables: [:]))
        return session.execute(line).map { output -> String in
            switch output {
            case .text(let text): return text
            case .error(let text): return "error: " + text
            default: return "(not text)"
            }
        }.joined(separator: "\n")
    }

    static func check(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent(name + ".txt")
        let stored = text + "\n"
        if ProcessInfo.processInfo.environment["HYPERLAB_RECORD_SNAPSHOTS"] == "1" {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            do { try stored.write(to: url, atomically: true, encoding: .utf8) } catch {
                Issue.record("could not record \(url.path): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing snapshot \(name): record it with HYPERLAB_RECORD_SNAPSHOTS=1 swift test --filter HelpSnapshotTests",
                         sourceLocation: sourceLocation)
            return
        }
        #expect(expected == stored, "snapshot \(name) differs.\n--- expected\n\(expected)--- got\n\(stored)", sourceLocation: sourceLocation)
    }

    @Test func commandList() { Self.check(Self.help("help"), "help") }
    @Test func helpSet() { Self.check(Self.help("help set"), "help-set") }
    @Test func helpLearningRate() { Self.check(Self.help("help learning-rate"), "help-learning-rate") }
    @Test func helpByAliasIsTheSame() { #expect(Self.help("help lr") == Self.help("help learning-rate")) }

    @Test func everyRegisteredCommandAndHyperparameterHasHelp() {
        for command in CommandRegistry.all {
            let text = Self.help("help \(command.name)")
            #expect(text.hasPrefix(command.usage), "\(command.name)")
            #expect(Self.help("help").contains(command.summary), "\(command.name) missing from the list")
        }
        for name in HyperparameterName.allCases {
            let text = Self.help("help \(name.rawValue)")
            #expect(text.contains(name.spec.rangeText) && text.contains(name.spec.guide.what), "\(name.rawValue)")
        }
    }

    @Test func registryNamesAreUniqueAndDispatchReachesEveryCommand() {
        let words = CommandRegistry.words
        #expect(Set(words).count == words.count, "a command word is used twice")
        for command in CommandRegistry.all {
            #expect(CommandRegistry.command(named: command.name.uppercased())?.name == command.name)
        }
        // Lesson files may run exactly the registry's lesson commands.
        #expect(Set(CommandRegistry.lessonWords).isDisjoint(with: CommandRegistry.refusedInLessons))
        #expect(CommandRegistry.refusedInLessons.contains("export") && CommandRegistry.refusedInLessons.contains("quiz"))
    }
}
