import Vocabulary
import Foundation
import Learning

/// What values one hyperparameter of a search space may take.
public enum DimensionKind: Sendable, Equatable, Hashable {
    /// A real number in `low...high` (low < high). With `log`, searched uniformly in ln(value) (then 0 < low).
    case real(low: Double, high: Double, log: Bool)
    /// A whole number in `low...high` (low < high). With `log`, searched uniformly in ln(value) (then 0 < low).
    case integer(low: Int, high: Int, log: Bool)
    /// One of a list of values, kept as typed (e.g. `["8", "16", "32"]`); at least one value, no repeats.
    case choice([String])
}

/// One named hyperparameter of a search space, e.g. `learning-rate=1e-4..1:log`.
public struct Dimension: Sendable, Equatable, Hashable {
    /// The hyperparameter name as typed (e.g. `learning-rate`, or `x1` for a built-in objective).
    public let name: String
    /// The values it may take.
    public let kind: DimensionKind

    /// Creates a dimension; no check here (``SearchSpace/init(_:)`` validates).
    public init(name: String, kind: DimensionKind) {
        self.name = name
        self.kind = kind
    }

    /// True for `:log` ranges: charts should use a log x axis for this dimension.
    public var isLog: Bool {
        switch kind {
        case .real(_, _, let log), .integer(_, _, let log): return log
        case .choice: return false
        }
    }

    /// True for real and integer ranges, false for choices.
    public var isNumeric: Bool {
        if case .choice = kind { return false }
        return true
    }

    /// The dimension as it is typed, e.g. `learning-rate=0.0001..1:log`, `epochs=10..200:int`, `hidden-layers=8|16|32`.
    public var text: String {
        switch kind {
        case let .real(low, high, log):
            return "\(name)=\(formatNumber(low))..\(formatNumber(high))" + (log ? ":log" : "")
        case let .integer(low, high, log):
            return "\(name)=\(low)..\(high):int" + (log ? ":log" : "")
        case let .choice(values):
            return "\(name)=" + values.joined(separator: "|")
        }
    }

    /// Number of coordinates this dimension takes in the unit-cube encoding used by the Gaussian process:
    /// 1 for a range, one per value (one-hot) for a choice of two or more values, 0 for a single fixed value.
    var encodedWidth: Int {
        switch kind {
        case .real, .integer: return 1
        case .choice(let values): return values.count > 1 ? values.count : 0
        }
    }

    /// Maps a number of this range to [0, 1]: linear in the value, or in ln(value) for `:log`.
    func unit(of number: Double) -> Double {
        let (lo, hi, log): (Double, Double, Bool)
        switch kind {
        case let .real(l, h, g): (lo, hi, log) = (l, h, g)
        case let .integer(l, h, g): (lo, hi, log) = (Double(l), Double(h), g)
        case .choice: return 0
        }
        let u = log ? (Foundation.log(number) - Foundation.log(lo)) / (Foundation.log(hi) - Foundation.log(lo))
                    : (number - lo) / (hi - lo)
        return min(1, max(0, u))
    }

    /// The value at position `u` in [0, 1] of this range (inverse of ``unit(of:)``); integers are rounded.
    /// For a choice, `u` picks the value at index floor(u * count).
    func value(atUnit u: Double) -> ParameterValue {
        let u = min(1, max(0, u.isFinite ? u : 0.5))
        switch kind {
        case let .real(lo, hi, log):
            if u == 0 { return .real(lo) }
            if u == 1 { return .real(hi) }
            let v = log ? exp(Foundation.log(lo) + u * (Foundation.log(hi) - Foundation.log(lo))) : lo + u * (hi - lo)
            return .real(min(hi, max(lo, v)))
        case let .integer(lo, hi, log):
            let v = log ? exp(Foundation.log(Double(lo)) + u * (Foundation.log(Double(hi)) - Foundation.log(Double(lo))))
                        : Double(lo) + u * Double(hi - lo)
            return .integer(min(hi, max(lo, Int(v.rounded()))))
        case let .choice(values):
            return .choice(values[min(values.count - 1, Int(u * Double(values.count)))])
        }
    }

    /// A value drawn at random: uniform in the value (or in ln(value) for `:log`); uniform over the choices.
    /// Linear integer ranges draw each whole number with equal probability.
    func randomValue(_ rng: inout SeededGenerator) -> ParameterValue {
        switch kind {
        case .real:
            return value(atUnit: rng.nextUnit())
        case let .integer(lo, hi, log):
            if log { return value(atUnit: rng.nextUnit()) }
            return .integer(lo + rng.below(hi - lo + 1))
        case let .choice(values):
            return .choice(values[rng.below(values.count)])
        }
    }

    /// Writes the encoded coordinates of `value` into `out` (``encodedWidth`` entries).
    func encode(_ value: ParameterValue, into out: inout [Double]) {
        switch kind {
        case .real, .integer:
            out.append(unit(of: value.number ?? 0))
        case let .choice(values):
            guard values.count > 1 else { return }
            for v in values { out.append(v == value.text ? 1 : 0) }
        }
    }
}

/// The value of one hyperparameter in one trial.
public enum ParameterValue: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// A value of a real range.
    case real(Double)
    /// A value of an integer range.
    case integer(Int)
    /// One of a choice's values, as typed.
    case choice(String)

    /// The value as text that `Hyperparameters.set(_:to:)` accepts: shortest round-trip decimal for reals
    /// (e.g. `0.001`, `1e-06`), whole numbers for integers, the choice as typed.
    public var text: String {
        switch self {
        case .real(let x): return formatNumber(x)
        case .integer(let n): return String(n)
        case .choice(let s): return s
        }
    }

    /// The value as a number: reals and integers, and choices that read as a number (`"16"` -> 16); else nil.
    public var number: Double? {
        switch self {
        case .real(let x): return x
        case .integer(let n): return Double(n)
        case .choice(let s): return Double(s)
        }
    }

    /// Same as ``text``.
    public var description: String { text }
}

/// The settings of one trial: one value per dimension of the search space, in the space's order.
public struct Settings: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// Dimension names, in the search space's order.
    public let names: [String]
    /// Values, parallel to ``names``.
    public let values: [ParameterValue]

    /// Pairs names and values; both arrays must have the same count (extra entries are dropped).
    public init(names: [String], values: [ParameterValue]) {
        let n = min(names.count, values.count)
        self.names = Array(names.prefix(n))
        self.values = Array(values.prefix(n))
    }

    /// The value of `name`, or nil when the settings do not have it.
    public subscript(name: String) -> ParameterValue? {
        names.firstIndex(of: name).map { values[$0] }
    }

    /// The numeric value of `name` (see ``ParameterValue/number``), or nil.
    public func number(_ name: String) -> Double? { self[name]?.number }

    /// `name=value` pairs separated by spaces, e.g. `learning-rate=0.01 hidden-layers=16`.
    public var description: String {
        zip(names, values).map { "\($0)=\($1.text)" }.joined(separator: " ")
    }
}

/// A search space: the named hyperparameters a search may vary and the values each may take.
///
/// Text syntax (space-separated items): `NAME=LOW..HIGH` (a real range), with `:log` to search in
/// ln(value) and `:int` for whole numbers (both may be combined: `:int:log`), `NAME=A|B|C` (a choice),
/// or `NAME=VALUE` (a fixed value). Example: `learning-rate=1e-4..1:log l2=1e-6..1:log hidden-layers=8|16|32`.
public struct SearchSpace: Sendable, Equatable, Hashable {
    /// The dimensions, in the order typed.
    public let dimensions: [Dimension]

    /// Validates and creates a space.
    /// - Throws: ``TuningError`` for an empty space, a repeated or empty name, a range with
    ///   LOW >= HIGH, non-finite bounds, a `:log` range with LOW <= 0, an empty or repeated choice.
    public init(_ dimensions: [Dimension]) throws(TuningError) {
        guard !dimensions.isEmpty else {
            throw TuningError.searchSpace("empty search space: give at least one NAME=LOW..HIGH or NAME=A|B, e.g. learning-rate=1e-4..1:log")
        }
        var seen = Set<String>()
        for d in dimensions {
            guard !d.name.isEmpty else { throw TuningError.searchSpace("'\(d.text)': the name before '=' is empty; write NAME=LOW..HIGH") }
            guard seen.insert(d.name).inserted else {
                throw TuningError.searchSpace("'\(d.name)' appears twice in the search space; give each name once")
            }
            switch d.kind {
            case let .real(lo, hi, log):
                guard lo.isFinite, hi.isFinite else { throw TuningError.searchSpace("\(d.text): bounds must be finite numbers") }
                guard lo != hi else { throw TuningError.searchSpace("\(d.text): LOW equals HIGH; for one fixed value write \(d.name)=\(formatNumber(lo))") }
                guard lo < hi else { throw TuningError.searchSpace("\(d.text): LOW must be below HIGH, e.g. \(d.name)=\(formatNumber(hi))..\(formatNumber(lo))") }
                if log && lo <= 0 {
                    throw TuningError.searchSpace("\(d.text): a :log range needs LOW > 0, e.g. \(d.name)=1e-4..\(formatNumber(hi)):log")
                }
            case let .integer(lo, hi, log):
                guard lo != hi else { throw TuningError.searchSpace("\(d.text): LOW equals HIGH; for one fixed value write \(d.name)=\(lo)") }
                guard lo < hi else { throw TuningError.searchSpace("\(d.text): LOW must be below HIGH, e.g. \(d.name)=\(hi)..\(lo):int") }
                if log && lo <= 0 {
                    throw TuningError.searchSpace("\(d.text): a :log range needs LOW > 0, e.g. \(d.name)=1..\(max(hi, 2)):int:log")
                }
            case let .choice(values):
                guard !values.isEmpty, !values.contains(where: \.isEmpty) else {
                    throw TuningError.searchSpace("\(d.text): a choice needs non-empty values separated by '|', e.g. \(d.name)=8|16|32")
                }
                guard Set(values).count == values.count else {
                    throw TuningError.searchSpace("\(d.text): a value is repeated; list each value once")
                }
            }
        }
        self.dimensions = dimensions
    }

    /// A space known valid by construction (built-in objectives).
    init(known dimensions: [Dimension]) { self.dimensions = dimensions }

    /// Parses space-separated items, e.g. `learning-rate=1e-4..1:log l2=1e-6..1:log hidden-layers=8|16|32`.
    /// - Throws: ``TuningError`` with a one-line message naming the bad item and showing a correct form.
    public static func parse(_ text: String) throws(TuningError) -> SearchSpace {
        let items = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        return try parse(items: items)
    }

    /// Parses one item per array element (as command-line words arrive).
    /// - Throws: ``TuningError`` as ``parse(_:)``.
    public static func parse(items: [String]) throws(TuningError) -> SearchSpace {
        var dims: [Dimension] = []
        for item in items where !item.isEmpty {
            dims.append(try parseItem(item))
        }
        return try SearchSpace(dims)
    }

    private static func parseItem(_ item: String) throws(TuningError) -> Dimension {
        guard let eq = item.firstIndex(of: "=") else {
            throw TuningError.searchSpace("'\(item)': missing '='; write NAME=LOW..HIGH, NAME=LOW..HIGH:log or NAME=A|B|C, e.g. learning-rate=1e-4..1:log")
        }
        let name = String(item[..<eq])
        let spec = String(item[item.index(after: eq)...])
        guard !name.isEmpty else {
            throw TuningError.searchSpace("'\(item)': the name before '=' is empty; write NAME=LOW..HIGH, e.g. l2=1e-6..1:log")
        }
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) else {
            throw TuningError.searchSpace("'\(item)': the name '\(name)' may hold only letters, digits, '-', '_' and '.'")
        }
        guard !spec.isEmpty else {
            throw TuningError.searchSpace("'\(item)': nothing after '='; write \(name)=LOW..HIGH or \(name)=A|B|C")
        }
        var parts = spec.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let body = parts.removeFirst()
        var log = false, int = false
        for option in parts {
            switch option {
            case "log": log = true
            case "int": int = true
            default:
                throw TuningError.searchSpace("'\(item)': unknown option ':\(option)'; use :log (search in log scale) or :int (whole numbers)")
            }
        }
        if body.contains("..") {
            let bounds = body.components(separatedBy: "..")
            guard bounds.count == 2 else {
                throw TuningError.searchSpace("'\(item)': a range has exactly one '..', as in \(name)=1e-4..1")
            }
            guard !bounds[0].isEmpty else { throw TuningError.searchSpace("'\(item)': the range needs a LOW bound before '..', as in \(name)=1e-4..1") }
            guard !bounds[1].isEmpty else { throw TuningError.searchSpace("'\(item)': the range needs a HIGH bound after '..', as in \(name)=\(bounds[0])..1") }
            guard let lo = Double(bounds[0]), lo.isFinite else {
                throw TuningError.searchSpace("'\(item)': '\(bounds[0])' is not a finite number; write the bounds as numbers, e.g. 1e-4")
            }
            guard let hi = Double(bounds[1]), hi.isFinite else {
                throw TuningError.searchSpace("'\(item)': '\(bounds[1])' is not a finite number; write the bounds as numbers, e.g. 1")
            }
            if int {
                guard lo == lo.rounded(), hi == hi.rounded(), abs(lo) < 1e15, abs(hi) < 1e15 else {
                    throw TuningError.searchSpace("'\(item)': an :int range needs whole-number bounds, e.g. \(name)=10..200:int")
                }
                let d = Dimension(name: name, kind: .integer(low: Int(lo), high: Int(hi), log: log))
                _ = try SearchSpace([d])
                return d
            }
            let d = Dimension(name: name, kind: .real(low: lo, high: hi, log: log))
            _ = try SearchSpace([d])
            return d
        }
        if log || int {
            throw TuningError.searchSpace("'\(item)': :log and :int apply to ranges LOW..HIGH only, not to a list of values")
        }
        let values = body.components(separatedBy: "|")
        let d = Dimension(name: name, kind: .choice(values))
        _ = try SearchSpace([d])
        return d
    }

    /// The space as it is typed (canonical, parseable by ``parse(_:)``).
    public var text: String { dimensions.map(\.text).joined(separator: " ") }

    /// Dimension names in order.
    public var names: [String] { dimensions.map(\.name) }

    /// Width of the unit-cube encoding used by the Gaussian process (ranges 1 each, choices one-hot).
    var encodedWidth: Int { dimensions.reduce(0) { $0 + $1.encodedWidth } }

    /// The length-scale group of each encoded coordinate: one group per dimension (a choice's one-hot
    /// coordinates share one length scale).
    var coordinateGroups: [Int] {
        var groups: [Int] = []
        var g = 0
        for d in dimensions where d.encodedWidth > 0 {
            groups += [Int](repeating: g, count: d.encodedWidth)
            g += 1
        }
        return groups
    }

    /// Encodes settings of this space into [0,1]^encodedWidth (ranges scaled, in ln where `:log`; choices one-hot).
    func encode(_ settings: Settings) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(encodedWidth)
        for (i, d) in dimensions.enumerated() { d.encode(settings.values[i], into: &out) }
        return out
    }

    /// Random settings: each dimension drawn independently (see ``Dimension``'s random draw).
    func randomSettings(_ rng: inout SeededGenerator) -> Settings {
        Settings(names: names, values: dimensions.map { $0.randomValue(&rng) })
    }
}

/// Shortest decimal text that reads back as the same Double (Swift's `description`, without a trailing `.0`).
func formatNumber(_ x: Double) -> String {
    if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
    return x.description
}
