import Vocabulary
import Foundation
import Learning
import TerminalCharts
import Tuning
import Teaching

/// Receives the progress of a search command (`sweep`, `learning-curve`, `tune`) while it runs, to show a
/// status line on a terminal. The lab's `observer` is asked for it with `as?`; Ctrl-C goes through
/// `TrainingObserver.shouldStopTraining()` as for a training.
public protocol SearchObserver: AnyObject {
    /// Called on the calling thread after each trial (or each point of a curve), in order.
    /// - Parameters:
    ///   - done: trials (points) finished so far, 1 or more.
    ///   - planned: trials (points) planned.
    ///   - elapsedSeconds: wall-clock seconds since the search started.
    ///   - status: one line, e.g. `random 7/20  best 0.0718  about 12 s left`; a terminal may draw it only
    ///     once the search has run for a second.
    func searchProgress(done: Int, planned: Int, elapsedSeconds: Double, status: String)
    /// Called once when the search ends (finished, stopped or failed), before its outputs are rendered.
    func searchFinished()
}

/// The search commands: `sweep`, `learning-curve` and `tune`.
///
/// Each runs on the lab's dataset, model and settings (or on a built-in test function with
/// `tune --objective`), and returns charts, tables and a summary line; every mistake in the
/// command line is one `.error` line saying how to fix it. Ctrl-C (the lab observer's
/// `shouldStopTraining`) stops a search between trainings and keeps what was done.
enum SearchCommandSupport {
    /// Largest `--budget` accepted (trials of one search).
    static let maximumBudget = 500
    /// Default `--budget` when none is given.
    static let defaultBudget = 20
    /// Default fold count of `--folds` (0 means the trainer's own hold-out split).
    static let defaultFolds = 5
    /// Runs one search command's `body` on the lab, turning its error into one `.error` line and
    /// telling the observer when the search is over.
    static func execute(_ word: String, _ arguments: [String], lab: LabSession,
                        _ body: ([String], LabSession) throws(CommandError) -> [Output]) -> [Output] {
        defer { (lab.observer as? SearchObserver)?.searchFinished() }
        do throws(CommandError) {
            return try body(arguments, lab)
        } catch {
            return [.error(error.message)]
        }
    }





    // MARK: - Outputs

    /// `0.0748 ± 0.0201` for a cross-validated trial (mean ± sample standard deviation over the folds), the plain
    /// value otherwise.
    static func valueText(_ trial: Trial, scores: (Settings) -> ModelScore?) -> String {
        guard let value = trial.value else { return "none" }
        guard let score = scores(trial.settings), score.folds > 1 else { return NumberFormat.loss(value) }
        return "\(NumberFormat.loss(value)) ± \(NumberFormat.loss(score.validationLossDeviation))"
    }

    /// `20%` for 0.2.
    static func percent(_ fraction: Double) -> String {
        NumberFormat.setting(Double(String(format: "%.4g", fraction * 100)) ?? fraction * 100) + "%"
    }

    /// The test set of `--test-fraction F` on the lab's dataset, seeded by `seed`; nil when the option is not given.
    static func testHoldOut(_ parsed: ParsedArguments, lab: LabSession, seed: UInt64) throws(CommandError) -> TestHoldOut? {
        guard let fraction = try parsed.fraction("--test-fraction") else { return nil }
        let data: Dataset
        do { data = try lab.dataset() } catch { throw error }
        do { return try TestHoldOut(dataset: data, fraction: fraction, seed: seed) } catch { throw CommandError(error.message) }
    }

    /// The best trial of `result` scored on the held-out test set; nil without one (or without a success).
    static func test(_ result: TuningResult, model: ModelObjective?, holdOut: TestHoldOut?, lab: LabSession) -> TestOutcome? {
        guard let holdOut, let model, let best = result.best else { return nil }
        let settings = zip(best.settings.names, best.settings.values).map { (name: $0, value: $1.text) }
        let outcome: Result<TestScore, TrialFailure>
        do throws(VocabularyError) {
            outcome = holdOut.score(model: lab.model, hyperparameters: try model.hyperparameters(for: best.settings))
        } catch {
            outcome = .failure(TrialFailure(error.message))
        }
        return TestOutcome(fraction: holdOut.fraction, settings: settings, result: outcome)
    }

    /// The index of the search with the lowest best value among `results`, with its test outcome; nil without tests.
    static func overallBestIndex(_ results: [TuningResult], _ tests: [TestOutcome?]) -> (Int, TestOutcome)? {
        let candidates = results.indices.filter { $0 < tests.count && tests[$0] != nil && results[$0].best?.value != nil }
        guard let index = candidates.min(by: { (results[$0].best?.value ?? .infinity) < (results[$1].best?.value ?? .infinity) }),
              let outcome = tests[index] else { return nil }
        return (index, outcome)
    }

    /// The test outcome of the overall best search (see `overallBestIndex`).
    static func overallBest(_ results: [TuningResult], _ tests: [TestOutcome?]) -> TestOutcome? {
        overallBestIndex(results, tests)?.1
    }

    /// The one line that reports the final test: how many rows were held out, what was tested, its test loss
    /// (and accuracy), beside the cross-validated score the search saw.
    static func testLine(_ outcome: TestOutcome, score: ModelScore?, strategy: String? = nil) -> String {
        let settings = outcome.settings.map { "\($0.name)=\(Double($0.value).map { display(.real($0)) } ?? $0.value)" }.joined(separator: " ")
        let whose = strategy.map { "the best setting of all (\($0)), " } ?? "the best setting, "
        guard let test = outcome.score else {
            return "test set (\(percent(outcome.fraction)) of the rows, held out before the search): \(whose)\(settings), could not be tested: "
                + (outcome.failure ?? "unknown failure")
        }
        var line = "test set: \(test.rows) rows (\(percent(outcome.fraction))) held out before the search and never seen by it; "
            + "\(whose)\(settings), trained on the other \(test.trainingRows) rows, has test loss \(NumberFormat.loss(test.loss))"
        if let accuracy = test.accuracy { line += " (accuracy \(NumberFormat.loss(accuracy)))" }
        if let score {
            let spread = score.folds > 1 ? " ± \(NumberFormat.loss(score.validationLossDeviation))" : ""
            line += "; the search scored it \(NumberFormat.loss(score.validationLoss))\(spread) on its own validation rows"
        }
        return line
    }

    /// What a lesson's `search.` goals read from finished searches (one, or three for `tune compare`).
    static func searchFacts(_ results: [TuningResult], scores: (Settings) -> ModelScore?, builtIn: BuiltInObjective?,
                            test: TestOutcome?) -> SearchFacts {
        var strategies: [String: SearchFacts.Strategy] = [:]
        for r in results {
            var distinct: [String: Int] = [:]
            for (k, d) in r.space.dimensions.enumerated() { distinct[d.name] = Set(r.trials.map { $0.settings.values[k] }).count }
            let best = r.best?.value
            let deviation = r.best.map { scores($0.settings)?.validationLossDeviation ?? 0 }
            strategies[r.strategy.rawValue] = SearchFacts.Strategy(best: best, bestDeviation: deviation, trials: r.trials.count,
                                                                   distinct: distinct, regret: builtIn.flatMap { f in best.map { max(0, $0 - f.minimum) } })
        }
        return SearchFacts(strategies: strategies, testFraction: test?.fraction, testLoss: test?.score?.loss,
                           testAccuracy: test?.score?.accuracy)
    }








    // MARK: - Helpers

    static func settingsText(_ settings: Settings) -> String {
        zip(settings.names, settings.values).map { "\($0)=\(display($1))" }.joined(separator: " ")
    }

    static func display(_ value: ParameterValue) -> String {
        if case .real(let x) = value { return NumberFormat.setting(Double(String(format: "%.3g", x)) ?? x) }
        return value.text
    }

    static func formatSeconds(_ seconds: Double) -> String {
        seconds < 10 ? String(format: "%.1f s", seconds) : String(format: "%.0f s", seconds)
    }

    static func parseSpace(_ items: [String]) throws(CommandError) -> SearchSpace {
        do { return try SearchSpace.parse(items: items) } catch { throw .tuning(error) }
    }

    static func hyperparameters(_ lab: LabSession) throws(CommandError) -> Hyperparameters {
        do { return try lab.currentHyperparameters() } catch { throw error }
    }

    /// The evaluator of the lab's model on its dataset, or on the search rows of `holdOut` when a test set is held out.
    static func makeEvaluator(_ lab: LabSession, folds: Int, holdOut: TestHoldOut? = nil) throws(CommandError) -> ModelEvaluator {
        guard folds == 0 || folds >= 2 else {
            throw CommandError("--folds must be 0 (one hold-out split) or at least 2; got \(folds)")
        }
        let data: Dataset
        if let holdOut { data = holdOut.searchData } else { do { data = try lab.dataset() } catch { throw error } }
        do { return try ModelEvaluator(dataset: data, model: lab.model, folds: folds == 0 ? nil : folds) } catch {
            throw .tuning(error)
        }
    }

    static func curveProgress(_ lab: LabSession, _ label: String) -> (CurveProgress) -> Void {
        { [weak lab] p in
            guard let observer = lab?.observer as? SearchObserver else { return }
            let score = p.latest.score.map { "validation loss \(NumberFormat.loss($0.validationLoss))" } ?? "failed"
            observer.searchProgress(done: p.pointsDone, planned: p.plannedPoints, elapsedSeconds: p.elapsedSeconds,
                                    status: "\(label) \(p.pointsDone)/\(p.plannedPoints)  \(p.latest.label): \(score)  "
                                        + "about \(formatSeconds(p.estimatedSecondsLeft)) left  (Ctrl-C stops)")
        }
    }

    static func tuningProgress(_ lab: LabSession) -> (TuningProgress) -> Void {
        { [weak lab] p in
            guard let observer = lab?.observer as? SearchObserver else { return }
            let best = p.best?.value.map { "best \(NumberFormat.loss($0))" } ?? "no success yet"
            let left = p.estimatedSecondsLeft.map { "  about \(formatSeconds($0)) left" } ?? ""
            observer.searchProgress(done: p.trialsDone, planned: p.plannedTrials, elapsedSeconds: p.elapsedSeconds,
                                    status: "\(p.strategy.rawValue) \(p.trialsDone)/\(p.plannedTrials)  \(best)\(left)  (Ctrl-C stops)")
        }
    }

    static func stopCheck(_ lab: LabSession) -> () -> Bool {
        { [weak lab] in lab?.observer?.shouldStopTraining() ?? false }
    }
}

/// A mistake in a search command line; its message says how to fix it.

/// A search command's words split into positional words, `--option VALUE` pairs and `--flag`s.
struct ParsedArguments {
    var positional: [String] = []
    var values: [String: String] = [:]
    var flags: Set<String> = []

    /// Splits `arguments`; `valued` options take the next word (or `--option=VALUE`), `flags` take none.
    /// - Throws: ``CommandError`` for an unknown option, a missing value or an option given twice.
    init(_ arguments: [String], valued: Set<String>, flags allowed: Set<String>, command: String) throws(CommandError) {
        var i = 0
        while i < arguments.count {
            let word = arguments[i]
            i += 1
            guard word.hasPrefix("--") else { positional.append(word); continue }
            var name = word.lowercased()
            var inline: String?
            if let eq = word.firstIndex(of: "=") {
                name = String(word[..<eq]).lowercased()
                inline = String(word[word.index(after: eq)...])
            }
            if allowed.contains(name) {
                guard inline == nil else { throw CommandError("\(name) takes no value") }
                flags.insert(name)
            } else if valued.contains(name) {
                guard values[name] == nil else { throw CommandError("\(name) is given twice; give it once") }
                if let inline {
                    values[name] = inline
                } else {
                    guard i < arguments.count, !arguments[i].hasPrefix("--") else {
                        throw CommandError("\(name) needs a value, e.g. \(name) \(Self.example(name))")
                    }
                    values[name] = arguments[i]
                    i += 1
                }
            } else {
                let known = (valued.union(allowed)).sorted().joined(separator: ", ")
                throw CommandError("unknown option '\(word)' for \(command); its options are \(known)")
            }
        }
    }

    /// The whole-number value of `name` in `range`, nil when not given.
    func integer(_ name: String, in range: ClosedRange<Int>) throws(CommandError) -> Int? {
        guard let text = values[name] else { return nil }
        guard let n = Int(text) else { throw CommandError("\(name) takes a whole number, e.g. \(name) \(Self.example(name)); got '\(text)'") }
        guard range.contains(n) else {
            throw CommandError("\(name) must be from \(range.lowerBound) to \(range.upperBound); got \(n)")
        }
        return n
    }

    /// The `--folds` value: 0 (hold-out split) or at least 2; ``TuningCommands/defaultFolds`` when not given.
    func folds() throws(CommandError) -> Int {
        guard let text = values["--folds"] else { return SearchCommandSupport.defaultFolds }
        guard let k = Int(text), k == 0 || k >= 2 else {
            throw CommandError("--folds must be 0 (one hold-out split) or a whole number of at least 2, e.g. --folds 5; got '\(text)'")
        }
        return k
    }

    /// The value of `name` as a fraction strictly between 0 and 1 (`0.2`, or `20%`), nil when not given.
    func fraction(_ name: String) throws(CommandError) -> Double? {
        guard let text = values[name] else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let number = trimmed.hasSuffix("%") ? Double(trimmed.dropLast()).map { $0 / 100 } : Double(trimmed)
        guard let f = number, f.isFinite, f > 0, f < 1 else {
            throw CommandError("\(name) takes a fraction strictly between 0 and 1, e.g. \(name) 0.2; got '\(text)'")
        }
        return f
    }

    /// The non-negative whole-number value of `name`, nil when not given.
    func unsigned(_ name: String) throws(CommandError) -> UInt64? {
        guard let text = values[name] else { return nil }
        guard let n = UInt64(text) else { throw CommandError("\(name) takes a whole number >= 0, e.g. \(name) 1; got '\(text)'") }
        return n
    }

    static func example(_ name: String) -> String {
        switch name {
        case "--budget": return "20"
        case "--folds": return "5"
        case "--steps": return "7"
        case "--objective": return "branin"
        case "--test-fraction": return "0.2"
        default: return "1"
        }
    }
}

extension ModelEvaluator {
    /// "5-fold CV" or "hold-out split", for titles.
    var describe: String { folds.map { "\($0)-fold CV" } ?? "hold-out split" }
}

extension LabSession {
    /// Keeps what a finished search found, for a lesson's `search.` goals (`lastSearch`, `searchCount`).
    func recordSearch(_ facts: SearchFacts) {
        lastSearch = facts
        searchCount += 1
    }
}
