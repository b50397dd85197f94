import Vocabulary
import Foundation
import Testing
@testable import HyperLabApp

/// `show` tells whether hints are on, and the REPL loads lessons with the step goals that `demonstrates:` may name.
@Suite("show and the lessons' step goals in the REPL")
struct LabSwitchesAndGoalsTests {
    static func texts(_ outputs: [Output]) -> [String] {
        outputs.compactMap { if case .text(let text) = $0 { return text } else { return nil } }
    }

    static func errors(_ outputs: [Output]) -> [String] {
        outputs.compactMap { if case .error(let message) = $0 { return message } else { return nil } }
    }

    /// A console on a fresh home folder and the lessons in `lessons`.
    static func console(lessons: String, home: URL) -> LabConsole {
        let environment = AppEnvironment.resolve(datasets: BuiltBinary.packageRoot.appendingPathComponent("Datasets").path,
                                                 lessons: lessons, width: 80, height: 20, color: .never,
                                                 variables: ["HOME": home.path, "NO_COLOR": "1",
                                                             "XDG_DATA_HOME": home.appendingPathComponent("data").path,
                                                             "XDG_STATE_HOME": home.appendingPathComponent("state").path])
        return LabConsole(lab: LabSession(environment: environment))
    }

    static func temporaryHome() throws -> URL {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("hyperlab-goals-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        return home
    }

    @Test("show says whether hints are on, and follows set hints off|on")
    func showSaysHints() throws {
        let home = try Self.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let console = Self.console(lessons: BuiltBinary.packageRoot.appendingPathComponent("Lessons").path, home: home)
        func hintsLine() -> String? {
            Self.texts(console.execute("show")).joined(separator: "\n").split(separator: "\n").map(String.init)
                .first { $0.hasPrefix("hints ") }
        }
        #expect(hintsLine() == "hints    on")
        #expect(Self.errors(console.execute("set hints off")).isEmpty)
        #expect(hintsLine() == "hints    off")
        #expect(Self.errors(console.execute("set hints on")).isEmpty)
        #expect(hintsLine() == "hints    on")
    }

    /// A lesson of one experiment with `demonstrates: GOAL`.
    static func lesson(goal: String) -> String {
        """
        # Goals

        ```yaml
        lesson:
          summary: a lesson whose step says what it demonstrates
          covers: [fact-2]
        ```

        ```yaml
        setup:
          dataset: sine
          model: linear
          seed: 1
          hyperparameters:
            degree: 3
        ```

        ```yaml
        experiment:
          demonstrates: \(goal)
          goal: Make the model underfit.
          expect:
            final.train_loss: "> 0.12"
          solution:
            - set degree 1
          hints:
            - A straight line.
          explain: >-
            A straight line misses the wave.
        ```

        """
    }

    @Test("a lesson whose step demonstrates a known goal loads in the REPL; an unknown goal is refused with its name")
    func demonstratesLoads() throws {
        let home = try Self.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let good = home.appendingPathComponent("good")
        let bad = home.appendingPathComponent("bad")
        for (folder, goal) in [(good, "underfitting"), (bad, "underfittin")] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Self.lesson(goal: goal).write(to: folder.appendingPathComponent("01-goals.md"), atomically: true, encoding: .utf8)
        }
        let console = Self.console(lessons: good.path, home: home)
        let book = console.loadBook()
        #expect(book.errors.isEmpty, "\(book.errors)")
        #expect(book.experimentChecks.count == 1)
        let started = console.execute("lesson 1")
        #expect(Self.errors(started).isEmpty, "\(started)")

        let refused = Self.console(lessons: bad.path, home: home).loadBook()
        #expect(refused.lessons.isEmpty)
        let message = refused.errors.map(\.description).joined(separator: "\n")
        #expect(message.contains("underfittin") && message.contains("good-fit"), "\(message)")
    }
}
