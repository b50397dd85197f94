/// A name or value that is not in the vocabulary, with what is allowed.
///
/// The one error type of the `Vocabulary` layer; `description` is one plain sentence for the learner.
public enum VocabularyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `name` is not a hyperparameter or alias; `known` lists the canonical names.
    case unknownHyperparameter(name: String, known: [String])
    /// `text` is not a decimal number (hexadecimal such as `0x10` is refused too).
    case notANumber(HyperparameterName, text: String)
    /// `text` is not a whole number.
    case notAWholeNumber(HyperparameterName, text: String)
    /// `text` is not one of the allowed words.
    case notAChoice(HyperparameterName, text: String)
    /// `text` is a value of the right kind outside the allowed range.
    case outOfRange(HyperparameterName, text: String)

    /// One sentence: what is wrong and what is allowed.
    public var description: String {
        switch self {
        case .unknownHyperparameter(let name, let known):
            return "unknown hyperparameter '\(name)': use one of \(known.joined(separator: ", "))"
        case .notANumber(let name, let text):
            return "\(name.rawValue) must be a number, not '\(text)' (\(name.spec.rangeText))"
        case .notAWholeNumber(let name, let text):
            return "\(name.rawValue) must be a whole number, not '\(text)' (\(name.spec.rangeText))"
        case .notAChoice(let name, let text):
            switch name.spec.domain {
            case .layers: return "hidden-layers must be whole numbers separated by commas, like 16,8 (or none), not '\(text)'"
            case .batchSize: return "batch-size must be a whole number or 'full', not '\(text)' (\(name.spec.rangeText))"
            default: return "\(name.rawValue) must be one of \(name.spec.allowedValues.joined(separator: ", ")), not '\(text)'"
            }
        case .outOfRange(let name, let text):
            return "\(name.rawValue) \(text) is out of range: \(name.spec.rangeText)"
        }
    }

    /// The same as `description`.
    public var message: String { description }
}
