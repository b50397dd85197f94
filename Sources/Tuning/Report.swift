import Vocabulary
import Foundation

/// The JSON shape of a search (`tune ... --json`): `strategy`, `space` (as typed), `seed`, `planned_trials`,
/// `interrupted`, `trials` (in order: `number`, `settings` as an object of name to value, `value` or null,
/// with cross-validation also `mean` (= `value`, the mean validation loss over the folds), `sd` (its sample
/// standard deviation across the folds) and `folds`; `error` when the trial failed), `best` (the same fields
/// for the best trial, or null) and `test` (null unless a test set was held out: `fraction`, `rows`,
/// `training_rows`, `settings` tested (the best trial's), `loss`, `accuracy` (classification, else null) and
/// `epochs`, or `error` when that training failed).
/// Reals and integers are JSON numbers, choices strings; a non-finite number is written as null.
public struct TuningReport: Encodable, Sendable {
    /// One trial in JSON.
    public struct TrialEntry: Encodable, Sendable {
        /// 1-based trial number.
        public let number: Int
        /// The settings, in the space's order.
        public let settings: Settings
        /// The objective value, nil when failed.
        public let value: Double?
        /// The failure message, nil when the trial has a value.
        public let error: String?
        /// The cross-validated score behind `value` (nil for a hold-out split or a test function).
        public let score: ModelScore?

        enum CodingKeys: String, CodingKey { case number, settings, value, error }

        /// Encodes `value` as null when absent or non-finite, and `error` only when present.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(number, forKey: .number)
            try c.encode(settings, forKey: .settings)
            if let v = value, v.isFinite { try c.encode(v, forKey: .value) } else { try c.encodeNil(forKey: .value) }
            if let e = error { try c.encode(e, forKey: .error) }
        }

        init(_ t: Trial, score: ModelScore? = nil) {
            number = t.number
            settings = t.settings
            value = t.value
            error = t.failure
            self.score = score.flatMap { $0.folds > 1 ? $0 : nil }
        }
    }

    /// `grid`, `random` or `bayes`.
    public let strategy: String
    /// The space as typed.
    public let space: String
    /// The seed.
    public let seed: UInt64
    /// The planned number of trials.
    public let plannedTrials: Int
    /// True when stopped early.
    public let interrupted: Bool
    /// All trials done, in order.
    public let trials: [TrialEntry]
    /// The best trial, nil when none succeeded.
    public let best: TrialEntry?
    /// The best trial's score on the held-out test set, nil when none was held out.
    public let test: TestOutcome?

    enum CodingKeys: String, CodingKey {
        case strategy, space, seed, plannedTrials = "planned_trials", interrupted, trials, best
    }

    /// The report of a search result; `scores` gives the cross-validated score of a trial's settings (for `mean`
    /// and `sd`), `test` the best trial's test score.
    public init(_ result: TuningResult, scores: (Settings) -> ModelScore? = { _ in nil }, test: TestOutcome? = nil) {
        strategy = result.strategy.rawValue
        space = result.space.text
        seed = result.seed
        plannedTrials = result.plannedTrials
        interrupted = result.interrupted
        trials = result.trials.map { TrialEntry($0, score: scores($0.settings)) }
        best = result.best.map { TrialEntry($0, score: scores($0.settings)) }
        self.test = test
    }

    /// Encodes `best` as null when there is none.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(strategy, forKey: .strategy)
        try c.encode(space, forKey: .space)
        try c.encode(seed, forKey: .seed)
        try c.encode(plannedTrials, forKey: .plannedTrials)
        try c.encode(interrupted, forKey: .interrupted)
        try c.encode(trials, forKey: .trials)
        if let b = best { try c.encode(b, forKey: .best) } else { try c.encodeNil(forKey: .best) }
    }

    /// The report as JSON text, keys in the order documented above and settings in the space's order
    /// (written directly rather than through `JSONEncoder`, whose key order is not fixed).
    /// Numbers use the shortest text that reads back as the same Double.
    public func jsonText(pretty: Bool = false) -> String {
        var w = JSONWriter(pretty: pretty)
        w.object { w in
            w.key("strategy"); w.string(strategy)
            w.key("space"); w.string(space)
            w.key("seed"); w.raw(String(seed))
            w.key("planned_trials"); w.raw(String(plannedTrials))
            w.key("interrupted"); w.raw(interrupted ? "true" : "false")
            w.key("trials")
            w.array { w in for t in trials { w.element { w in Self.write(t, &w) } } }
            w.key("best")
            if let b = best { Self.write(b, &w) } else { w.raw("null") }
            w.key("test")
            if let test { test.write(&w) } else { w.raw("null") }
        }
        return w.text
    }

    private static func write(_ t: TrialEntry, _ w: inout JSONWriter) {
        w.object { w in
            w.key("number"); w.raw(String(t.number))
            w.key("settings")
            w.object { w in
                for (name, value) in zip(t.settings.names, t.settings.values) {
                    w.key(name)
                    switch value {
                    case .real(let x): w.number(x)
                    case .integer(let n): w.raw(String(n))
                    case .choice(let s): w.string(s)
                    }
                }
            }
            w.key("value")
            if let v = t.value { w.number(v) } else { w.raw("null") }
            if let score = t.score, t.value != nil {
                w.key("mean"); w.number(score.validationLoss)
                w.key("sd"); w.number(score.validationLossDeviation)
                w.key("folds"); w.raw(String(score.folds))
            }
            if let e = t.error { w.key("error"); w.string(e) }
        }
    }
}

/// The outcome of the final test of a search's best setting (see ``TestHoldOut``): its score, or why it failed.
public struct TestOutcome: Sendable, Equatable {
    /// The share of rows held out.
    public let fraction: Double
    /// The settings tested, as `name=value` words (the best trial's, or the best value of a sweep).
    public let settings: [(name: String, value: String)]
    /// The score, nil when the training failed.
    public let score: TestScore?
    /// Why the training failed, nil when it has a score.
    public let failure: String?

    /// Makes an outcome.
    public init(fraction: Double, settings: [(name: String, value: String)], result: Result<TestScore, TrialFailure>) {
        self.fraction = fraction
        self.settings = settings
        switch result {
        case .success(let s): score = s; failure = nil
        case .failure(let f): score = nil; failure = f.message
        }
    }

    /// Same fraction, settings, score and failure.
    public static func == (a: TestOutcome, b: TestOutcome) -> Bool {
        a.fraction == b.fraction && a.settings.map(\.name) == b.settings.map(\.name)
            && a.settings.map(\.value) == b.settings.map(\.value) && a.score == b.score && a.failure == b.failure
    }

    /// The JSON object (see ``TuningReport``).
    func write(_ w: inout JSONWriter) {
        w.object { w in
            w.key("fraction"); w.number(fraction)
            w.key("settings")
            w.object { w in
                for (name, value) in settings {
                    w.key(name)
                    if let x = Double(value), x.isFinite { w.number(x) } else { w.string(value) }
                }
            }
            if let score {
                w.key("rows"); w.raw(String(score.rows))
                w.key("training_rows"); w.raw(String(score.trainingRows))
                w.key("loss"); w.number(score.loss)
                w.key("accuracy"); if let a = score.accuracy { w.number(a) } else { w.raw("null") }
                w.key("epochs"); w.raw(String(score.epochs))
            } else {
                w.key("error"); w.string(failure ?? "not scored")
            }
        }
    }

    /// The JSON text of the object alone.
    public var jsonText: String {
        var w = JSONWriter(pretty: false)
        write(&w)
        return w.text
    }
}

/// A minimal JSON text writer with a fixed key order (RFC 8259).
struct JSONWriter {
    let pretty: Bool
    private(set) var text = ""
    private var depth = 0
    private var first = [true]

    init(pretty: Bool) { self.pretty = pretty }

    private mutating func separate() {
        if first[first.count - 1] { first[first.count - 1] = false } else { text += "," }
        if pretty { text += "\n" + String(repeating: "  ", count: depth) }
    }

    private mutating func open(_ c: String, _ close: String, _ body: (inout JSONWriter) -> Void) {
        text += c
        depth += 1
        first.append(true)
        body(&self)
        let empty = first.removeLast()
        depth -= 1
        if pretty && !empty { text += "\n" + String(repeating: "  ", count: depth) }
        text += close
    }

    mutating func object(_ body: (inout JSONWriter) -> Void) { open("{", "}", body) }
    mutating func array(_ body: (inout JSONWriter) -> Void) { open("[", "]", body) }
    mutating func element(_ body: (inout JSONWriter) -> Void) { separate(); body(&self) }
    mutating func key(_ k: String) { separate(); string(k); text += pretty ? ": " : ":" }
    mutating func raw(_ s: String) { text += s }
    /// A finite number in shortest round-trip form, or null.
    mutating func number(_ x: Double) { text += x.isFinite ? x.description : "null" }

    mutating func string(_ s: String) {
        text += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            default:
                if u.value < 0x20 {
                    let h = String(u.value, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    text.unicodeScalars.append(u)
                }
            }
        }
        text += "\""
    }
}

extension Settings: Encodable {
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Encodes as an object of name to value: numbers for reals and integers, strings for choices.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        for (name, value) in zip(names, values) {
            let key = Key(stringValue: name)
            switch value {
            case .real(let x): if x.isFinite { try c.encode(x, forKey: key) } else { try c.encodeNil(forKey: key) }
            case .integer(let n): try c.encode(n, forKey: key)
            case .choice(let s): try c.encode(s, forKey: key)
            }
        }
    }
}
