import Foundation

/// The values one hyperparameter accepts. Range text, validation, completion and the log-scale
/// preference of sweeps are all derived from it, so they cannot disagree.
public enum HyperparameterDomain: Sendable, Equatable {
    /// A real number between `lower` and `upper`; an open end excludes the bound itself.
    /// `logScale`: values spread over decades, so sweeps and searches space them evenly in log.
    case real(lower: Double, lowerOpen: Bool, upper: Double, upperOpen: Bool, logScale: Bool)
    /// A whole number in the range.
    case integer(ClosedRange<Int>)
    /// `full`, or a whole number of examples in the range.
    case batchSize(ClosedRange<Int>)
    /// Units per hidden layer, comma-separated (`16,8`), at most `maxLayers` layers, each in
    /// `units`; `none` or empty = no hidden layer.
    case layers(maxLayers: Int, units: ClosedRange<Int>)
    /// One of these words (lower case).
    case choices([String])
    /// A seed: any whole number from 0 to 2⁶⁴ − 1.
    case seed
}

/// A value of a hyperparameter, typed by its domain.
public enum HyperparameterValue: Sendable, Equatable {
    /// For `.real` domains.
    case real(Double)
    /// For `.integer` domains.
    case integer(Int)
    /// For the `.batchSize` domain.
    case batchSize(BatchSize)
    /// For the `.layers` domain: units per hidden layer, input side first.
    case layers([Int])
    /// For `.choices` domains: the word.
    case choice(String)
    /// For the `.seed` domain.
    case seed(UInt64)
}

/// What a learner needs to know about a hyperparameter beyond its range (for `help NAME`).
public struct HyperparameterGuide: Sendable {
    /// What the setting does, one or two sentences.
    public let what: String
    /// What a value that is too small does (or a note that it is a choice, not a size).
    public let tooSmall: String
    /// What a value that is too large does.
    public let tooLarge: String
    /// The corresponding name(s) in scikit-learn, with the conversion where it is not 1:1.
    public let scikitLearn: String
    /// The corresponding name(s) in Keras and PyTorch.
    public let kerasPyTorch: String
    /// A command sequence that demonstrates a claim above, when there is one; checked by the tests.
    public let tryThis: String?
}

/// What one hyperparameter means and which values it accepts: the one description of it.
public struct HyperparameterSpec: Sendable {
    /// Which hyperparameter.
    public let id: HyperparameterName
    /// Other accepted names, e.g. ["lr"].
    public let aliases: [String]
    /// One line saying what it does.
    public let summary: String
    /// The values it accepts.
    public let domain: HyperparameterDomain
    /// The general default as text (`Hyperparameters.defaults` may differ per model and dataset).
    public let defaultText: String
    /// The unit of a number, e.g. "epochs" or "examples"; nil when it has none.
    public let unit: String?
    /// True when a change alters the model's structure or data (hidden-layers, activation, degree,
    /// validation-fraction, seed): training must restart; `continue` is impossible.
    public let restartsTraining: Bool
    /// The longer explanation for `help NAME`.
    public let guide: HyperparameterGuide

    /// The vocabulary name, e.g. "learning-rate".
    public var name: String { id.rawValue }

    /// The allowed range in words, e.g. "0 < learning-rate <= 1000".
    public var rangeText: String {
        switch domain {
        case .real(let lower, let lowerOpen, let upper, let upperOpen, _):
            return "\(NumberFormat.shortest(lower)) \(lowerOpen ? "<" : "<=") \(name) \(upperOpen ? "<" : "<=") \(NumberFormat.shortest(upper))"
        case .integer(let range):
            return "\(range.lowerBound) <= \(name) <= \(range.upperBound)"
        case .batchSize(let range):
            return "\(name) is full or \(range.lowerBound) <= \(name) <= \(range.upperBound)"
        case .layers(let maxLayers, let units):
            return "up to \(maxLayers) layers, \(units.lowerBound) <= units <= \(units.upperBound) each (or none)"
        case .choices(let words):
            return "\(name) is " + Self.orList(words)
        case .seed:
            return "0 <= \(name) <= \(UInt64.max)"
        }
    }

    /// The allowed words, for completion; empty for a plain number.
    public var allowedValues: [String] {
        switch domain {
        case .choices(let words): return words
        case .batchSize: return ["full"]
        case .layers: return ["none"]
        case .real, .integer, .seed: return []
        }
    }

    /// True when sweeps and searches should space values evenly on a log scale.
    public var prefersLogScale: Bool {
        if case .real(_, _, _, _, let log) = domain { return log }
        return false
    }

    /// Reads a value as typed ("0.1", "full", "16,8", "none"), without checking the range.
    ///
    /// - Throws: `VocabularyError.notANumber`, `.notAWholeNumber` or `.notAChoice` when the text is
    ///   not a value of the right kind. Numbers are decimal only: Swift's parser also reads
    ///   hexadecimal ("0x10"), which no learner means.
    public func parse(_ text: String) throws(VocabularyError) -> HyperparameterValue {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch domain {
        case .real:
            guard !trimmed.lowercased().contains("x"), let x = Double(trimmed), x.isFinite else {
                throw .notANumber(id, text: text)
            }
            return .real(x)
        case .integer:
            guard let x = Int(trimmed) else { throw .notAWholeNumber(id, text: text) }
            return .integer(x)
        case .batchSize:
            if trimmed.lowercased() == "full" { return .batchSize(.full) }
            guard let x = Int(trimmed) else { throw .notAChoice(id, text: text) }
            return .batchSize(.examples(x))
        case .layers:
            if trimmed.isEmpty || trimmed.lowercased() == "none" { return .layers([]) }
            var layers: [Int] = []
            for part in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
                guard let units = Int(part.trimmingCharacters(in: .whitespaces)) else { throw .notAChoice(id, text: text) }
                layers.append(units)
            }
            return .layers(layers)
        case .choices(let words):
            let word = trimmed.lowercased()
            guard words.contains(word) else { throw .notAChoice(id, text: text) }
            return .choice(word)
        case .seed:
            guard let x = UInt64(trimmed) else { throw .notAWholeNumber(id, text: text) }
            return .seed(x)
        }
    }

    /// Whether `value` is of this domain's kind and inside its range.
    public func contains(_ value: HyperparameterValue) -> Bool {
        switch (domain, value) {
        case (.real(let lower, let lowerOpen, let upper, let upperOpen, _), .real(let x)):
            return (lowerOpen ? x > lower : x >= lower) && (upperOpen ? x < upper : x <= upper)
        case (.integer(let range), .integer(let x)):
            return range.contains(x)
        case (.batchSize, .batchSize(.full)):
            return true
        case (.batchSize(let range), .batchSize(.examples(let x))):
            return range.contains(x)
        case (.layers(let maxLayers, let units), .layers(let layers)):
            return layers.count <= maxLayers && layers.allSatisfy { units.contains($0) }
        case (.choices(let words), .choice(let word)):
            return words.contains(word)
        case (.seed, .seed):
            return true
        default:
            return false
        }
    }

    /// Parses `text` and checks the range: the one validation of a typed value.
    ///
    /// - Throws: `VocabularyError` (wrong kind, or `.outOfRange` with the allowed range).
    public func validate(_ text: String) throws(VocabularyError) -> HyperparameterValue {
        let value = try parse(text)
        guard contains(value) else { throw .outOfRange(id, text: text.trimmingCharacters(in: .whitespaces)) }
        return value
    }

    /// The canonical text of `value`, as `parse` reads it back ("0.1", "full", "16,8", "none").
    public func text(of value: HyperparameterValue) -> String {
        switch value {
        case .real(let x): return NumberFormat.shortest(x)
        case .integer(let x): return String(x)
        case .batchSize(.full): return "full"
        case .batchSize(.examples(let x)): return String(x)
        case .layers(let layers): return layers.isEmpty ? "none" : layers.map(String.init).joined(separator: ",")
        case .choice(let word): return word
        case .seed(let x): return String(x)
        }
    }

    /// "a", "a or b", "a, b or c".
    static func orList(_ words: [String]) -> String {
        guard words.count > 1 else { return words.first ?? "" }
        return words.dropLast().joined(separator: ", ") + " or " + (words.last ?? "")
    }
}

/// The hyperparameters as one list, in vocabulary order, and name look-up.
public enum HyperparameterCatalog {
    /// Every spec, in the vocabulary order (`HyperparameterName.allCases`).
    public static var all: [HyperparameterSpec] { HyperparameterName.allCases.map(\.spec) }

    /// The spec for a name or alias (case-insensitive, underscores accepted for hyphens); nil if unknown.
    public static func spec(named nameOrAlias: String) -> HyperparameterSpec? {
        HyperparameterName(lookup: nameOrAlias)?.spec
    }

    /// Every name and alias, for completion and suggestions.
    public static var words: [String] { all.flatMap { [$0.name] + $0.aliases } }
}
