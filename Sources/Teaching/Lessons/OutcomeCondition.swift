import Vocabulary
import Foundation

/// A comparison operator of the condition language: `<`, `<=`, `>`, `>=`, `==`, `!=`.
public enum Comparison: String, Sendable, CaseIterable {
    /// `<`
    case less = "<"
    /// `<=`
    case lessOrEqual = "<="
    /// `>`
    case greater = ">"
    /// `>=`
    case greaterOrEqual = ">="
    /// `==` (also written `=`)
    case equal = "=="
    /// `!=`
    case notEqual = "!="

    /// Whether `lhs OP rhs`; false when either side is NaN (so a diverged run never satisfies `final.train_loss: "< 1"`).
    public func holds(_ lhs: Double, _ rhs: Double) -> Bool {
        guard !lhs.isNaN, !rhs.isNaN else { return false }
        switch self {
        case .less: return lhs < rhs
        case .lessOrEqual: return lhs <= rhs
        case .greater: return lhs > rhs
        case .greaterOrEqual: return lhs >= rhs
        case .equal: return lhs == rhs
        case .notEqual: return lhs != rhs
        }
    }

    /// Words for feedback ("below", "at least").
    var words: String {
        switch self {
        case .less: return "below"
        case .lessOrEqual: return "at most"
        case .greater: return "above"
        case .greaterOrEqual: return "at least"
        case .equal: return "exactly"
        case .notEqual: return "other than"
        }
    }

    /// Splits `"<= 0.5"` into the operator and the rest; a text without an operator gives nil.
    static func split(_ text: String) -> (Comparison, String)? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for candidate in ["<=", ">=", "==", "!=", "<", ">", "="] where trimmed.hasPrefix(candidate) {
            let operation = candidate == "=" ? Comparison.equal : Comparison(rawValue: candidate) ?? .equal
            return (operation, String(trimmed.dropFirst(candidate.count)).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }
}

/// One condition of an experiment's `expect:` mapping, checked on the facts of one run.
///
/// The language (documented in Lessons/README.md):
/// - flags, `true` or `false`: `diverged`, `stopped_early`, `validation_rises` (see `RunFacts.validationRises`);
/// - a metric with a comparison in quotes: `final.validation_accuracy: ">= 0.9"` (names in `RunFacts.metricNames`);
/// - shorthands `gap_above: 0.05` (`gap: "> 0.05"`) and `gap_below: 0.05` (`gap: "< 0.05"`), where gap is the final
///   validation loss minus the final training loss;
/// - `hyperparameter.NAME`: a comparison for a number (`"< 0.01"`) or a text to match (`"16,8"`, `"!= full"`);
/// - `model`, `dataset`: a name to match, or `"!= name"`.
public struct OutcomeCondition: Sendable, Equatable {
    /// What is tested.
    public enum Test: Sendable, Equatable {
        /// A flag that must be true or false.
        case flag(String, Bool)
        /// A numeric metric compared with a number.
        case number(String, Comparison, Double)
        /// A text (model, dataset, hyperparameter text) that must equal (or, with `equal: false`, differ from) a value.
        case text(String, equal: Bool, String)
        /// A numeric metric compared with another metric of the same facts (`search.random.best: "< search.grid.best"`).
        case metrics(String, Comparison, String)
    }

    /// Whether the condition reads a search (`search.` metrics): such an experiment is met by a `tune` or `sweep`
    /// command, not by a training.
    public var isSearch: Bool {
        switch test {
        case .number(let metric, _, _), .metrics(let metric, _, _): return metric.hasPrefix("search.")
        case .flag, .text: return false
        }
    }

    /// The ratio by which the final validation loss must exceed its minimum for `validation_rises`.
    public static let risingFactor = 1.1

    /// The key as written in the file.
    public let key: String
    /// The test.
    public let test: Test

    /// Makes a condition from a parsed test.
    public init(key: String, test: Test) {
        self.key = key
        self.test = test
    }

    static let flags = ["diverged", "stopped_early", "validation_rises"]

    /// Reads `key: value` as written under `expect:`; the error says what is wrong and how to fix it.
    public static func parse(key: String, value: String) -> Result<OutcomeCondition, TeachingError> {
        let value = value.trimmingCharacters(in: .whitespaces)
        if flags.contains(key) {
            switch value.lowercased() {
            case "true", "yes": return .success(OutcomeCondition(key: key, test: .flag(key, true)))
            case "false", "no": return .success(OutcomeCondition(key: key, test: .flag(key, false)))
            default: return .failure(.conditionValue(key: key, value: value, expected: "takes true or false"))
            }
        }
        if key == "gap_above" || key == "gap_below" {
            guard let number = Double(value), number.isFinite else {
                return .failure(.conditionValue(key: key, value: value, expected: "takes a number, e.g. `\(key): 0.05`"))
            }
            return .success(OutcomeCondition(key: key, test: .number("gap", key == "gap_above" ? .greater : .less, number)))
        }
        if key == "model" || key == "dataset" {
            guard !value.isEmpty else { return .failure(.conditionNeedsName(key: key)) }
            if let (operation, rest) = Comparison.split(value) {
                guard operation == .equal || operation == .notEqual, !rest.isEmpty else {
                    return .failure(.conditionValue(key: key, value: value, expected: "takes a name or `\"!= name\"`"))
                }
                return .success(OutcomeCondition(key: key, test: .text(key, equal: operation == .equal, rest)))
            }
            return .success(OutcomeCondition(key: key, test: .text(key, equal: true, value)))
        }
        if key.hasPrefix("hyperparameter.") {
            let name = String(key.dropFirst("hyperparameter.".count))
            guard let id = HyperparameterName(lookup: name) else {
                return .failure(.conditionHyperparameter(name: name, key: key))
            }
            let canonical = "hyperparameter." + id.rawValue
            if let (operation, rest) = Comparison.split(value) {
                if let number = Double(rest), number.isFinite {
                    return .success(OutcomeCondition(key: key, test: .number(canonical, operation, number)))
                }
                guard operation == .equal || operation == .notEqual else {
                    return .failure(.conditionValue(key: key, value: value, expected: "compares with a number, e.g. `\"< 0.01\"`"))
                }
                return .success(OutcomeCondition(key: key, test: .text(canonical, equal: operation == .equal, rest)))
            }
            return .success(OutcomeCondition(key: key, test: .text(canonical, equal: true, value)))
        }
        if key.hasPrefix("search.") {
            guard SearchFacts.isMetric(key) else {
                return .failure(.unknownCondition(key: key, known: [
                    "search.test_fraction", "search.test_loss", "search.test_accuracy", "search.best", "search.best_sd",
                    "search.STRATEGY.best, .best_sd, .trials, .regret, .distinct.NAME (STRATEGY: \(SearchFacts.strategyNames.joined(separator: ", ")))"]))
            }
            guard let (operation, rest) = Comparison.split(value) else {
                return .failure(.conditionValue(key: key, value: value, expected: "needs a comparison in quotes, e.g. `\(key): \"< 0.1\"`"))
            }
            if let number = Double(rest), number.isFinite {
                return .success(OutcomeCondition(key: key, test: .number(key, operation, number)))
            }
            guard SearchFacts.isMetric(rest) else {
                return .failure(.conditionValue(key: key, value: value,
                                                expected: "compares with a number or another search metric, e.g. `\"< search.grid.best\"`"))
            }
            return .success(OutcomeCondition(key: key, test: .metrics(key, operation, rest)))
        }
        guard RunFacts.metricNames.contains(key) else {
            let known = flags + ["gap_above", "gap_below", "model", "dataset", "hyperparameter.NAME", "search.METRIC"] + RunFacts.metricNames
            return .failure(.unknownCondition(key: key, known: known))
        }
        guard let (operation, rest) = Comparison.split(value), let number = Double(rest), number.isFinite else {
            return .failure(.conditionValue(key: key, value: value, expected: "needs a comparison in quotes, e.g. `\(key): \"< 0.1\"`"))
        }
        return .success(OutcomeCondition(key: key, test: .number(key, operation, number)))
    }

    /// Whether the run meets the condition, and one clause naming the numbers that decided it.
    public func evaluate(_ facts: RunFacts) -> (passed: Bool, evidence: String) {
        switch test {
        case .flag(let name, let wanted):
            return evaluateFlag(name, wanted: wanted, facts)
        case .number(let metric, let operation, let bound):
            let label = Self.label(metric)
            guard let value = facts.number(metric) else {
                return (false, "this \(metric.hasPrefix("search.") ? "search" : "run") has no \(label)" + Self.missingReason(metric, facts))
            }
            let passed = operation.holds(value, bound)
            let shown = metric.hasPrefix("hyperparameter.") ? (facts.hyperparameters[String(metric.dropFirst(15))] ?? RunFacts.readable(value)) : facts.text(of: metric)
            if passed { return (true, "\(label) was \(shown)") }
            return (false, "\(label) was \(shown); the goal needs it \(operation.words) \(NumberText.format(bound))")
        case .metrics(let metric, let operation, let other):
            guard let value = facts.number(metric) else {
                return (false, "this search has no \(Self.label(metric))" + Self.missingReason(metric, facts))
            }
            guard let reference = facts.number(other) else {
                return (false, "this search has no \(Self.label(other))" + Self.missingReason(other, facts))
            }
            let passed = operation.holds(value, reference)
            let clause = "\(Self.label(metric)) was \(facts.text(of: metric)) and \(Self.label(other)) \(facts.text(of: other))"
            return (passed, passed ? clause : clause + "; the goal needs the first \(operation.words) the second")
        case .text(let name, let equal, let wanted):
            let actual: String?
            switch name {
            case "model": actual = facts.model
            case "dataset": actual = facts.dataset
            default: actual = facts.hyperparameters[String(name.dropFirst("hyperparameter.".count))]
            }
            let label = name.hasPrefix("hyperparameter.") ? String(name.dropFirst("hyperparameter.".count)) : name
            guard let actual else { return (false, "this run has no \(label)") }
            let same = Self.sameText(actual, wanted)
            if same == equal { return (true, "\(label) was \(actual)") }
            return (false, "\(label) was \(actual); the goal needs " + (equal ? wanted : "something other than \(wanted)"))
        }
    }

    /// Texts compare without case and spaces; `16, 8` equals `16,8`; numbers compare by value.
    static func sameText(_ a: String, _ b: String) -> Bool {
        if let x = Double(a), let y = Double(b) { return x == y }
        let clean = { (text: String) in text.lowercased().filter { !$0.isWhitespace } }
        return clean(a) == clean(b)
    }

    func evaluateFlag(_ name: String, wanted: Bool, _ facts: RunFacts) -> (passed: Bool, evidence: String) {
        let first = facts.text(of: "first.train_loss")
        let last = facts.text(of: "final.train_loss")
        switch name {
        case "diverged":
            let epoch = facts.divergedAt.map { " at epoch \($0)" } ?? ""
            if facts.diverged {
                return (wanted, "the loss blew up\(epoch)" + (facts.trainLoss.first.map { _ in " (after epoch 1 it was \(first))" } ?? ""))
            }
            return (!wanted, "the run did not diverge: training loss went from \(first) after epoch 1 to \(last) after epoch \(facts.epochsRun)")
        case "stopped_early":
            if facts.stoppedEarly {
                let best = facts.bestValidationEpoch.map { " (best validation loss \(facts.text(of: "best.validation_loss")) at epoch \($0))" } ?? ""
                return (wanted, "early stopping ended the run after \(facts.epochsRun) epochs\(best)")
            }
            return (!wanted, "the run went on for all \(facts.epochsRun) epochs without stopping early")
        default:
            return evaluateRising(wanted: wanted, facts)
        }
    }

    func evaluateRising(wanted: Bool, _ facts: RunFacts) -> (passed: Bool, evidence: String) {
        guard let validation = facts.validationLoss, !validation.isEmpty else {
            return (!wanted, "this run has no validation data (set validation-fraction above 0)")
        }
        if facts.diverged { return (!wanted, "the run diverged, so its curves say nothing about overfitting") }
        guard let best = facts.bestValidationEpoch else { return (!wanted, "the validation loss never had a finite value") }
        let lowest = facts.text(of: "best.validation_loss")
        let final = facts.text(of: "final.validation_loss")
        let trainAtBest = RunFacts.readable(facts.trainLoss[best - 1])
        let finalTrain = facts.text(of: "final.train_loss")
        let epochs = facts.epochsRun
        if facts.validationRises {
            return (wanted, "validation loss went from \(lowest) at epoch \(best) up to \(final) at epoch \(epochs) "
                + "while training loss fell from \(trainAtBest) to \(finalTrain)")
        }
        let reason: String
        if best == epochs {
            reason = "validation loss was still falling: its lowest value, \(final), is at the last epoch (\(epochs))"
        } else if let last = validation.last, last < Self.risingFactor * validation[best - 1] || last <= validation[best - 1] {
            reason = "validation loss ended at \(final), less than 10% above its lowest value \(lowest) (epoch \(best))"
        } else {
            reason = "validation loss rose from \(lowest) (epoch \(best)) to \(final), but training loss did not keep falling (\(trainAtBest) to \(finalTrain))"
        }
        return (!wanted, reason)
    }

    /// Words for a metric in feedback.
    static func label(_ metric: String) -> String {
        if metric.hasPrefix("search.") { return SearchFacts.label(metric) }
        switch metric {
        case "epochs": return "the number of epochs run"
        case "diverged_at": return "the epoch where it diverged"
        case "first.train_loss": return "the first epoch's training loss"
        case "final.train_loss": return "the final training loss"
        case "final.validation_loss": return "the final validation loss"
        case "final.train_accuracy": return "the final training accuracy"
        case "final.validation_accuracy": return "the final validation accuracy"
        case "best.validation_loss": return "the lowest validation loss"
        case "best.epoch": return "the epoch of the lowest validation loss"
        case "best.train_loss": return "the training loss at the best validation epoch"
        case "gap": return "the gap between final validation and training loss"
        case "accuracy_gap": return "the gap between final training and validation accuracy"
        case "ratio.train_loss": return "the final training loss as a share of the first epoch's"
        case "jaggedness.train_loss": return "the jaggedness of the training curve"
        case "bounce.train_loss": return "the bounce of the training loss over the last tenth of the epochs"
        default:
            if metric.hasPrefix("hyperparameter.") { return String(metric.dropFirst("hyperparameter.".count)) }
            return metric
        }
    }

    static func missingReason(_ metric: String, _ facts: RunFacts) -> String {
        if metric.hasPrefix("search.") {
            guard let search = facts.search else { return " (this goal is met by a search: a `tune` or `sweep` command)" }
            if metric.hasPrefix("search.test_") {
                return search.testFraction == nil ? " (hold out a test set: add --test-fraction F)" : " (the final training on the search rows failed)"
            }
            if metric.hasSuffix(".regret") { return " (only a built-in test function, --objective, has a known minimum)" }
            let parts = metric.split(separator: ".")
            if parts.count > 1, search.strategies[String(parts[1])] == nil {
                return " (it ran \(search.strategies.keys.sorted().joined(separator: " and ")); `tune compare` runs all three)"
            }
            return ""
        }
        if metric.contains("validation") || metric == "gap" || metric.hasPrefix("best.") {
            return facts.validationLoss == nil ? " (it has no validation data: set validation-fraction above 0)" : ""
        }
        if metric.contains("accuracy") { return " (accuracy exists for classification only)" }
        return ""
    }
}

/// Checks all conditions of an experiment on one run.
public enum OutcomeCheck {
    /// Whether every condition holds, with one evidence clause per condition (in file order).
    public static func evaluate(_ conditions: [OutcomeCondition], on facts: RunFacts) -> (passed: Bool, evidence: [String], failures: [String]) {
        var evidence: [String] = []
        var failures: [String] = []
        for condition in conditions {
            let result = condition.evaluate(facts)
            if result.passed { evidence.append(result.evidence) } else { failures.append(result.evidence) }
        }
        return (failures.isEmpty, evidence, failures)
    }
}
