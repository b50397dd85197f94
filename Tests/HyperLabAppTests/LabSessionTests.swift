import Vocabulary
import Foundation
import Learning
import Testing
@testable import HyperLabApp

/// The lab session on real data through its command vocabulary.
@Suite("lab session")
struct LabSessionTests {
    static func makeSession() -> LabSession {
        let environment = AppEnvironment.resolve(datasets: BuiltBinary.packageRoot.appendingPathComponent("Datasets").path,
                                                 lessons: BuiltBinary.packageRoot.appendingPathComponent("Lessons").path,
                                                 width: 80, height: 20, color: .never, variables: ["NO_COLOR": "1", "HOME": NSTemporaryDirectory()])
        return LabSession(environment: environment)
    }

    static func errors(_ outputs: [Output]) -> [String] {
        outputs.compactMap { if case .error(let message) = $0 { return message } else { return nil } }
    }

    static func runs(_ outputs: [Output]) -> [Run] {
        outputs.compactMap { if case .run(let run, _) = $0 { return run } else { return nil } }
    }

    @Test("set retrains at once; auto off waits for train")
    func autoRetraining() {
        let session = Self.makeSession()
        #expect(Self.runs(session.execute("set epochs 20")).count == 1)
        #expect(Self.runs(session.execute("set auto off")).isEmpty)
        #expect(Self.runs(session.execute("set learning-rate 0.2 l2 0.01")).isEmpty)
        let runs = Self.runs(session.execute("train"))
        #expect(runs.count == 1)
        #expect(runs.first?.hyperparameters.learningRate == 0.2)
        #expect(runs.first?.hyperparameters.l2 == 0.01)
        #expect(runs.first?.history.count == 21)
        #expect(runs.first?.history.first?.epoch == 0)
    }

    @Test("the same settings train to the same curves; continue extends the run")
    func reproducibleAndContinue() throws {
        let session = Self.makeSession()
        let first = try #require(Self.runs(session.execute("set epochs 15")).first)
        let second = try #require(Self.runs(session.execute("train")).first)
        #expect(first.history == second.history)
        let continued = try #require(Self.runs(session.execute("continue 5")).first)
        #expect(continued.history.count == 21)
        #expect(Array(continued.history.prefix(16)) == Array(second.history))
        #expect(Self.errors(session.execute("set auto off")).isEmpty)
        _ = session.execute("set degree 2")
        _ = session.execute("model mlp")
        _ = session.execute("train")
        _ = session.execute("set hidden-layers 4")
        let refused = Self.errors(session.execute("continue"))
        #expect(refused.count == 1 && refused[0].contains("hidden-layers"))
    }

    @Test("bad input: one plain error each, never a crash")
    func badInput() {
        let session = Self.makeSession()
        for line in ["sett lr 1", "set learning-rate banana", "set learning-rate -1", "set nonsense 3", "use nowhere",
                     "use /no/such/file.csv", "model tree", "compare 9", "plot bananas", "continue", "export out.txt",
                     "help nothing", "params", "set", "unset", "use \"unclosed"] {
            let errors = Self.errors(session.execute(line))
            #expect(errors.count == 1, "\(line): \(errors)")
            #expect(!(errors.first ?? "").contains("\n"), "\(line): more than one line")
        }
        #expect(Self.errors(session.execute("show")).isEmpty)
    }

    @Test("the command parser survives random input")
    func fuzzCommandParser() {
        let session = Self.makeSession()
        _ = session.execute("use xor")
        _ = session.execute("set epochs 3")
        let words = CommandRegistry.words + HyperparameterCatalog.all.map(\.name)
            + ["0", "-1", "1e309", "nan", "inf", "full", "16,8", ",", "=", "\"", "'", "--target", "#", "", "9999999999999999999999", "é", "🙂", "\u{0}", "auto", "off"]
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<600 {
            let count = Int.random(in: 0...5, using: &generator)
            var line = (0..<count).map { _ in words.randomElement(using: &generator)! }.joined(separator: Bool.random(using: &generator) ? " " : "=")
            if line.contains("epochs") { line = line.replacingOccurrences(of: "9999999999999999999999", with: "2") }
            for output in session.execute(line) {
                if case .error(let message) = output { #expect(!message.isEmpty && !message.contains("\n"), "\(line)") }
            }
        }
        #expect(Self.errors(session.execute("show")).isEmpty)
    }
}
