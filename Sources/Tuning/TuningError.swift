import Vocabulary

/// Why a search, a cross-validation, a surrogate fit or a search-space text failed: the one error type
/// of the `Tuning` layer. `message` is one plain line saying what is wrong and how to fix it.
public enum TuningError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A search space that cannot be read, e.g. `learning-rate=0..1:log: a :log range needs LOW > 0`.
    case searchSpace(String)
    /// Folds that cannot be made (k < 2, k above the row count, a model that does not fit the task).
    case crossValidation(String)
    /// The Gaussian-process surrogate cannot be fitted (empty, mismatched or non-finite data).
    case surrogate(String)
    /// A search, sweep or curve that cannot run as asked (budget, values, an unknown hyperparameter).
    case search(String)

    /// The message, one line.
    public var message: String {
        switch self {
        case .searchSpace(let text), .crossValidation(let text), .surrogate(let text), .search(let text): return text
        }
    }

    /// Same as `message`.
    public var description: String { message }
}
