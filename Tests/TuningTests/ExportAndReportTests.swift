import Vocabulary
import Foundation
import Testing
@testable import Tuning

@Suite struct ExportTests {
    let space = try! SearchSpace.parse("learning-rate=1e-4..1:log l2=1e-6..1:log hidden-layers=8|16|32 epochs=10..200:int act=relu|tanh")

    @Test func optunaUsesSuggestCallsAndTheSampler() {
        let text = SearchExport.python(space, format: .optuna, strategy: .bayes, budget: 30, seed: 7)
        #expect(text.contains("\"learning-rate\": trial.suggest_float(\"learning-rate\", 0.0001, 1.0, log=True),"))
        #expect(text.contains("\"l2\": trial.suggest_float(\"l2\", 1e-06, 1.0, log=True),"))
        #expect(text.contains("trial.suggest_categorical(\"hidden-layers\", [8, 16, 32])"))
        #expect(text.contains("trial.suggest_int(\"epochs\", 10, 200)"))
        #expect(text.contains("trial.suggest_categorical(\"act\", [\"relu\", \"tanh\"])"))
        #expect(text.contains("optuna.samplers.GPSampler(seed=7)"))
        #expect(text.contains("study.optimize(objective, n_trials=30)"))
        let random = SearchExport.python(space, format: .optuna, strategy: .random, budget: 30, seed: 7)
        #expect(random.contains("optuna.samplers.RandomSampler(seed=7)"))
    }

    @Test func gridExportListsTheSameLevels() throws {
        let s = try SearchSpace.parse("learning-rate=1e-4..1:log l2=1e-6..1:log")
        let text = SearchExport.python(s, format: .optuna, strategy: .grid, budget: 9, seed: 0)
        #expect(text.contains("\"learning-rate\": [0.0001, 0.01, 1.0],"))
        #expect(text.contains("n_trials=9"))
        let ray = SearchExport.python(s, format: .ray, strategy: .grid, budget: 9, seed: 0)
        #expect(ray.contains("\"l2\": tune.grid_search([1e-06, 0.001, 1.0]),"))
    }

    @Test func rayUsesExclusiveIntegerBounds() {
        let text = SearchExport.python(space, format: .ray, strategy: .random, budget: 20, seed: 3)
        #expect(text.contains("\"learning-rate\": tune.loguniform(0.0001, 1.0),"))
        #expect(text.contains("\"epochs\": tune.randint(10, 201),"))
        #expect(text.contains("\"hidden-layers\": tune.choice([8, 16, 32]),"))
        #expect(text.contains("BasicVariantGenerator(random_state=3)"))
        #expect(text.contains("num_samples=20"))
        let bayes = SearchExport.python(space, format: .ray, strategy: .bayes, budget: 20, seed: 3)
        #expect(bayes.contains("OptunaSearch(sampler=optuna.samplers.GPSampler(seed=3))"))
    }

    @Test func stringsAreEscaped() {
        #expect(pythonString("a\"b\\c") == "\"a\\\"b\\\\c\"")
        #expect(pythonLiteral(.choice("16,8")) == "\"16,8\"")
        #expect(pythonLiteral(.choice("0.5")) == "0.5")
        #expect(pythonLiteral(.choice("nan")) == "\"nan\"")
        #expect(pythonFloat(3) == "3.0")
    }

    /// When a Python interpreter is installed, every export must at least parse as Python.
    @Test func exportsAreValidPython() throws {
        let python = "/usr/bin/python3"
        guard FileManager.default.isExecutableFile(atPath: python) else { return }
        for format in ExportFormat.allCases {
            for strategy in Strategy.allCases {
                let text = SearchExport.python(space, format: format, strategy: strategy, budget: 12, seed: 1)
                let p = Process()
                p.executableURL = URL(fileURLWithPath: python)
                p.arguments = ["-c", "import ast, sys; ast.parse(sys.stdin.read())"]
                let input = Pipe()
                p.standardInput = input
                p.standardError = FileHandle.nullDevice
                try p.run()
                input.fileHandleForWriting.write(Data(text.utf8))
                try input.fileHandleForWriting.close()
                p.waitUntilExit()
                #expect(p.terminationStatus == 0, "\(format) \(strategy):\n\(text)")
            }
        }
    }
}

@Suite struct ReportTests {
    @Test func jsonHasTrialsInOrderAndTheBest() throws {
        let space = try SearchSpace.parse("x=0..1 n=1..5:int c=a|b")
        let objective: Objective = { s in
            (s.number("n") ?? 0) == 3 ? .failure(TrialFailure("bad n")) : .success((s.number("x") ?? 0) + (s.number("n") ?? 0))
        }
        let r = try Tuner.run(space: space, objective: objective, options: TuningOptions(strategy: .random, budget: 12, seed: 2))
        let text = TuningReport(r).jsonText()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let trials = try #require(object["trials"] as? [[String: Any]])
        #expect(trials.count == 12)
        #expect(object["strategy"] as? String == "random" && object["seed"] as? Int == 2)
        for (entry, trial) in zip(trials, r.trials) {
            #expect(entry["number"] as? Int == trial.number)
            let settings = try #require(entry["settings"] as? [String: Any])
            // Foundation's JSON reader may round the last digit, so compare within 1e-15.
            #expect(abs((settings["x"] as? Double ?? .nan) - (trial.settings.number("x") ?? .nan)) < 1e-15)
            #expect(settings["n"] as? Int == trial.settings.number("n").map { Int($0) })
            #expect(settings["c"] as? String == trial.settings["c"]?.text)
            if let v = trial.value {
                #expect(abs((entry["value"] as? Double ?? .nan) - v) < 1e-14 && entry["error"] == nil)
            } else {
                #expect(entry["value"] is NSNull && entry["error"] as? String == "bad n")
            }
        }
        let best = try #require(object["best"] as? [String: Any])
        #expect(abs((best["value"] as? Double ?? .nan) - (r.best?.value ?? .nan)) < 1e-14)
        // The text itself holds the shortest round-trip form of each value.
        for t in r.trials { if let v = t.value { #expect(text.contains("\"value\":\(v.description)")) } }
        // Keys keep the documented order, settings keep the space's order.
        let order = ["\"strategy\"", "\"space\"", "\"seed\"", "\"planned_trials\"", "\"interrupted\"", "\"trials\"", "\"best\""]
        let positions = order.compactMap { text.range(of: $0)?.lowerBound }
        #expect(positions.count == order.count && positions == positions.sorted())
        let first = try #require(text.range(of: "\"settings\":{"))
        #expect(text[first.upperBound...].hasPrefix("\"x\":"))
    }

    @Test func emptyBestIsNull() throws {
        let space = try SearchSpace.parse("x=0..1")
        let r = try Tuner.run(space: space, objective: { _ in .failure(TrialFailure("no")) },
                              options: TuningOptions(strategy: .bayes, budget: 5, seed: 0))
        #expect(r.best == nil && r.trials.count == 5)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(TuningReport(r).jsonText().utf8)) as? [String: Any])
        #expect(object["best"] is NSNull)
    }
}

@Suite struct KFoldTests {
    @Test func foldsPartitionTheRows() throws {
        let folds = try KFold.folds(rowCount: 103, k: 5, seed: 1)
        #expect(folds.count == 5)
        let all = folds.flatMap(\.validationRows).sorted()
        #expect(all == Array(0..<103))
        #expect(folds.allSatisfy { [20, 21].contains($0.validationRows.count) })
        for f in folds {
            #expect(Set(f.trainingRows).isDisjoint(with: f.validationRows))
            #expect(f.trainingRows.count + f.validationRows.count == 103)
        }
        #expect(try KFold.folds(rowCount: 103, k: 5, seed: 1) == folds)
        #expect(try KFold.folds(rowCount: 103, k: 5, seed: 2) != folds)
    }

    @Test func stratifiedFoldsKeepClassProportions() throws {
        // 3 classes of 50, 30 and 13 rows.
        let labels = (0..<93).map { $0 < 50 ? 0 : ($0 < 80 ? 1 : 2) }
        let folds = try KFold.folds(rowCount: 93, k: 4, classLabels: labels, seed: 3)
        for c in 0..<3 {
            let total = labels.filter { $0 == c }.count
            let counts = folds.map { f in f.validationRows.filter { labels[$0] == c }.count }
            #expect(counts.reduce(0, +) == total)
            #expect((counts.max() ?? 0) - (counts.min() ?? 0) <= 1, "class \(c): \(counts)")
        }
        #expect(folds.flatMap(\.validationRows).sorted() == Array(0..<93))
    }

    @Test func badFoldCountsAreErrors() {
        #expect(throws: TuningError.self) { try KFold.folds(rowCount: 10, k: 1, seed: 0) }
        #expect(throws: TuningError.self) { try KFold.folds(rowCount: 3, k: 4, seed: 0) }
        #expect(throws: TuningError.self) { try KFold.folds(rowCount: 3, k: 2, classLabels: [0, 1], seed: 0) }
    }
}
