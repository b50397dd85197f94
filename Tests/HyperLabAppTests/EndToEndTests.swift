import Vocabulary
import Foundation
import Teaching
import Testing

/// The built `hyperlab` binary driven through pipes, on the real datasets.
@Suite("hyperlab through pipes", .serialized)
struct EndToEndTests {
    @Test("a learning rate of 50 on breast-cancer diverges or does clearly worse than 0.5")
    func learningRateComparisonOnRealData() throws {
        let script = """
        use breast-cancer
        model logistic
        set learning-rate 0.5
        set epochs 200
        train
        set learning-rate 50
        train
        quit
        """
        let result = try BuiltBinary.run([], input: script)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let summaries = result.stdout.split(separator: "\n").filter { $0.hasPrefix("run ") }
        // `set learning-rate 0.5`, `set epochs 200`, `train`, `set learning-rate 50`, `train`: five runs, the 3rd and 5th are the explicit trainings.
        #expect(summaries.count == 5, "\(result.stdout)")
        // Charts appear: an epoch axis label for each run.
        #expect(result.stdout.components(separatedBy: "epoch").count - 1 >= 5)
        let good = try #require(summaries.first { $0.hasPrefix("run 3 ") })
        let bad = try #require(summaries.first { $0.hasPrefix("run 5 ") })
        #expect(!good.contains("DIVERGED"))
        if !bad.contains("DIVERGED") {
            let goodLoss = try #require(Self.number(after: "validation ", in: String(good)))
            let badLoss = try #require(Self.number(after: "validation ", in: String(bad)))
            #expect(badLoss > 2 * goodLoss, "learning rate 50 should be clearly worse: \(bad) vs \(good)")
        } else {
            #expect(result.stdout.contains("hint: Diverged"))
        }
    }

    @Test("piped output with NO_COLOR has no escape bytes")
    func noEscapeBytesWhenPiped() throws {
        let result = try BuiltBinary.run([], input: "train\nplot accuracy\nhelp learning-rate\nnonsense\nquit\n")
        #expect(!result.stdout.utf8.contains(0x1B))
        #expect(!result.stderr.utf8.contains(0x1B))
    }

    @Test("a failed command gives one line, the REPL goes on, and the exit status is non-zero")
    func failuresAreOneLineAndCounted() throws {
        let result = try BuiltBinary.run([], input: "sett learning-rate 1\nset learning-rate -3\nshow\n")
        #expect(result.status == 1)
        let errors = result.stderr.split(separator: "\n")
        #expect(errors.count == 2, "\(result.stderr)")
        #expect(errors[0].contains("line 1") && errors[0].contains("Did you mean `set`"))
        #expect(errors[1].contains("line 2") && errors[1].contains("learning-rate"))
        #expect(result.stdout.contains("Hyperparameters"), "show still ran after the errors")
    }

    @Test("hyperlab train --json prints the documented object")
    func trainJSON() throws {
        let result = try BuiltBinary.run(["train", "--dataset", "iris", "--model", "softmax", "--set", "epochs=30", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["dataset"] as? String == "iris")
        #expect(object["model"] as? String == "softmax")
        let history = try #require(object["history"] as? [[String: Any]])
        #expect(history.count == 31)
        #expect(history.first?["epoch"] as? Int == 0)
        for key in ["epoch", "train_loss", "validation_loss", "objective", "train_accuracy", "validation_accuracy"] {
            #expect(history[0][key] != nil, "missing \(key)")
        }
        #expect(object["diverged"] as? Bool == false)
        #expect(object["final"] is [String: Any])
        #expect(object["seconds"] is Double)
        let hyperparameters = try #require(object["hyperparameters"] as? [String: Any])
        #expect(hyperparameters["epochs"] as? Int == 30)
    }

    @Test("hyperlab train with an unknown name or a bad value: one line and exit status 2")
    func trainBadValues() throws {
        for arguments in [["train", "--set", "learnig-rate=1"], ["train", "--set", "epochs=-4"], ["train", "--dataset", "nope"], ["train", "--model", "tree"]] {
            let result = try BuiltBinary.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
        }
    }

    @Test("share prints a line that reproduces the setup")
    func shareRoundTrip() throws {
        let first = try BuiltBinary.run([], input: "use wine\nset auto off\nset learning-rate 0.3 epochs 40\nshare\n")
        let line = try #require(first.stdout.split(separator: "\n").first { $0.hasPrefix("hyperlab ") })
        var arguments = line.split(separator: " ").dropFirst().map(String.init)
        arguments.insert("train", at: 0)
        arguments.append("--json")
        let second = try BuiltBinary.run(arguments)
        #expect(second.status == 0, "\(second.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any])
        #expect(object["dataset"] as? String == "wine")
        let hyperparameters = try #require(object["hyperparameters"] as? [String: Any])
        #expect(hyperparameters["learning-rate"] as? Double == 0.3)
        #expect(hyperparameters["epochs"] as? Int == 40)
    }

    @Test("hyperlab run FILE echoes each command and runs it")
    func runScriptFile() throws {
        let home = BuiltBinary.temporaryHome()
        let file = home.appendingPathComponent("demo.txt")
        try "# a demo\nuse iris\nshow\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try BuiltBinary.run(["run", file.path], home: home)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("hyperlab> use iris"))
        #expect(result.stdout.contains("hyperlab> show"))
        #expect(!result.stdout.contains("a demo"))
    }

    @Test("the end of input inside a quiz still shows the quiz summary and saves its progress")
    func quizSummaryAtEndOfInput() throws {
        let home = BuiltBinary.temporaryHome()
        let (seed, question, answer) = try QuizWiringTests.seedWithSimpleFirstQuestion()
        let result = try BuiltBinary.run([], input: "quiz --count 2 --seed \(seed)\n\(answer)\n", home: home)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Stopped: 1 of 1 right"), "\(result.stdout)")
        #expect(!FileManager.default.fileExists(atPath: home.appendingPathComponent("data/hyperlab/quiz.json").path))
        // The answer is in the learner database.
        let store = try LearnerStore.open(directory: home.appendingPathComponent("data/hyperlab").path)
        #expect(try store.reviews().map(\.entry.questionID) == [question.question.id])
    }

    /// The number written after `label` in `text` (e.g. "validation 0.094").
    static func number(after label: String, in text: String) -> Double? {
        guard let range = text.range(of: label) else { return nil }
        let rest = text[range.upperBound...].prefix { "0123456789.e+-".contains($0) }
        return Double(rest)
    }
}
