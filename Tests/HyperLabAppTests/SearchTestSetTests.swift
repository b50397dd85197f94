import Vocabulary
import Foundation
import Learning
import Teaching
import Testing
import Tuning
@testable import HyperLabApp

/// `--test-fraction` of `tune` and `sweep` through the console: the final test line and JSON, and what a lesson reads.
@Suite("search commands with a test set")
struct SearchTestSetTests {
    @Test("tune --test-fraction reports the best setting's test score once, the same as training it by hand on the search rows")
    func tuneReportsTheTestScore() throws {
        let console = TuningCommandTests.makeConsole()
        let lab = console.lab
        let outputs = console.execute("tune random learning-rate=0.05..3:log --budget 3 --folds 3 --test-fraction 0.2 --json")
        #expect(LabSessionTests.errors(outputs).isEmpty)
        let text = try #require(TuningCommandTests.texts(outputs).first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let test = try #require(object["test"] as? [String: Any])
        let best = try #require(object["best"] as? [String: Any])
        let rate = try #require((best["settings"] as? [String: Any])?["learning-rate"] as? Double)
        #expect((test["settings"] as? [String: Any])?["learning-rate"] as? Double == rate)
        #expect(best["folds"] as? Int == 3 && best["sd"] is Double)
        // Independent: hold out the same rows and train the best setting by hand.
        var h = try lab.currentHyperparameters()
        h.learningRate = rate
        let holdOut = try TestHoldOut(dataset: try lab.dataset(), fraction: 0.2, seed: h.seed)
        let score = try holdOut.score(model: .logistic, hyperparameters: h).get()
        #expect(test["rows"] as? Int == holdOut.testRows.count)
        // (JSON numbers read back within a few ulps: Foundation's parser on Linux is not exact in the last bit.)
        #expect(abs((test["loss"] as? Double ?? .nan) - score.loss) < 1e-12)
        #expect(abs((test["accuracy"] as? Double ?? .nan) - (score.accuracy ?? .nan)) < 1e-12)
        // What a lesson's `search.` goals read.
        let facts = try #require(lab.lastSearch)
        #expect(facts.testFraction == 0.2 && facts.testLoss == score.loss)
        #expect(facts.strategies["random"]?.trials == 3 && facts.strategies["random"]?.distinct["learning-rate"] == 3)
    }

    @Test("without --test-fraction the JSON says test null, and the text shows mean ± sd without a test line")
    func noTestSet() throws {
        let console = TuningCommandTests.makeConsole()
        let json = TuningCommandTests.texts(console.execute("tune grid learning-rate=0.1..1:log --budget 2 --folds 3 --json")).first ?? ""
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["test"] is NSNull)
        let text = TuningCommandTests.texts(console.execute("tune grid learning-rate=0.1..1:log --budget 2 --folds 3")).joined(separator: "\n")
        #expect(text.contains("mean ± sd") && text.contains("(mean ± sd over 3 folds)"))
        #expect(!text.contains("test set"))
    }

    @Test("sweep --test-fraction scores the best value on the held-out rows; text and JSON agree")
    func sweepReportsTheTestScore() throws {
        let console = TuningCommandTests.makeConsole()
        let outputs = console.execute("sweep learning-rate 0.01,1 --folds 3 --test-fraction 0.25")
        #expect(LabSessionTests.errors(outputs).isEmpty)
        let text = TuningCommandTests.texts(outputs).joined(separator: "\n")
        let holdOut = try TestHoldOut(dataset: try console.lab.dataset(), fraction: 0.25, seed: 0)
        #expect(text.contains("test set: \(holdOut.testRows.count) rows (25%) held out before the search"))
        #expect(text.contains("trained on the other \(holdOut.searchRows.count) rows"))
        let json = TuningCommandTests.texts(console.execute("sweep learning-rate 0.01,1 --folds 3 --test-fraction 0.25 --json")).first ?? ""
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let test = try #require(object["test"] as? [String: Any])
        #expect(test["rows"] as? Int == holdOut.testRows.count)
        let loss = try #require(test["loss"] as? Double)
        #expect(text.contains("has test loss \(NumberFormat.loss(loss))"))
    }

    @Test("bad --test-fraction values and misplaced ones are one plain error each")
    func badValues() {
        let console = TuningCommandTests.makeConsole()
        for line in ["tune random learning-rate=0.1..1 --test-fraction 0", "tune random learning-rate=0.1..1 --test-fraction 1",
                     "tune random learning-rate=0.1..1 --test-fraction abc", "sweep l2 0,1 --test-fraction -0.2",
                     "tune random --objective branin --test-fraction 0.2", "tune export optuna learning-rate=0.1..1 --test-fraction 0.2"] {
            let outputs = console.execute(line)
            #expect(outputs.count == 1 && LabSessionTests.errors(outputs).count == 1, "\(line)")
        }
    }
}
