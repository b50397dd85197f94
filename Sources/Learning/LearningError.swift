import Vocabulary

/// Why a dataset could not be loaded or a training could not start: the one error type of the
/// `Learning` layer. Every case keeps its values (the file, 1-based line and column, the value
/// given, the allowed range), and `description` is one plain sentence saying what is wrong and how
/// to fix it; a problem in a file reads `path:line:column: sentence`, leaving out what is unknown.
public enum LearningError: Error, Sendable, Equatable, CustomStringConvertible {
    // MARK: Datasets

    /// A problem in the CSV file `file` at `line` (the header is line 1) and `column` (the first
    /// field is column 1), when known; `problem` says what is wrong and how to fix it.
    case dataFile(file: String, line: Int? = nil, column: Int? = nil, problem: String)
    /// `name` is neither a built-in dataset (`known`) nor a CSV file.
    case unknownDataset(String, known: [String])
    /// A noise level outside 0...`maximum` (or not finite) for the synthetic set `dataset`.
    case noiseOutOfRange(dataset: String, noise: Double, maximum: Double, meaning: String, standard: Double)
    /// Noise given for `dataset`, which is not one of the synthetic sets (`synthetic`).
    case noiseNeedsSyntheticSet(dataset: String, synthetic: [String])
    /// A target column asked of the synthetic set `dataset`, which has one target.
    case targetOnSyntheticSet(String)
    /// The set `dataset` is for classification (`isClassification`) and was asked for the other task.
    case wrongTask(dataset: String, isClassification: Bool)

    // MARK: Training

    /// `model` does not fit the dataset's task (linear on classes, logistic on more than two...).
    case modelDoesNotFit(ModelKind, LearningTask)
    /// No training rows are left after the validation split (`validationFraction`).
    case noTrainingRows(validationFraction: Double)
    /// Row indices outside 0..<`rowCount` of `dataset` (a caller's mistake, not the learner's).
    case rowsOutOfRange(rowCount: Int, dataset: String)
    /// The dataset `dataset` has no feature columns.
    case noFeatures(dataset: String)
    /// `early-stopping` above 0 without validation rows.
    case earlyStoppingNeedsValidation
    /// Polynomial features of `degree` on `inputs` features make `count` columns, over `maximum`.
    case tooManyPolynomialFeatures(degree: Int, inputs: Int, count: Int, maximum: Int)
    /// The run would need `bytes` of memory, over `limit`; `hiddenLayers` (empty without hidden
    /// layers), `batchRows` and `trainingRows` are the settings behind it.
    case tooMuchMemory(bytes: Double, limit: Double, hiddenLayers: [Int], batchRows: Int, trainingRows: Int)
    /// A hyperparameter outside its documented range (`name`, as the hyperparameters report it).
    case outOfRange(name: String)
    /// `continue` after changing `name`, which changes the model or its data.
    case needsRestart(HyperparameterName)

    /// The file a dataset problem is about; nil when it is not about a file.
    public var file: String? {
        if case .dataFile(let file, _, _, _) = self { return file }
        return nil
    }

    /// The 1-based line in `file`, when known.
    public var line: Int? {
        if case .dataFile(_, let line, _, _) = self { return line }
        return nil
    }

    /// The 1-based column in `file`, when known.
    public var column: Int? {
        if case .dataFile(_, _, let column, _) = self { return column }
        return nil
    }

    /// The sentence without the `file:line:column:` place: what is wrong and how to fix it.
    public var message: String {
        switch self {
        case .dataFile(_, _, _, let problem): return problem
        case .unknownDataset(let name, let known):
            return "unknown dataset '\(name)': use one of \(known.joined(separator: ", ")), or the path of a CSV file"
        case .noiseOutOfRange(let dataset, let noise, let maximum, let meaning, let standard):
            return "noise \(noise) is out of range for '\(dataset)': it must satisfy 0 <= noise <= \(maximum) (it is the \(meaning); default \(standard))"
        case .noiseNeedsSyntheticSet(let dataset, let synthetic):
            return "noise applies to the synthetic sets only (\(synthetic.joined(separator: ", "))), not to '\(dataset)'"
        case .targetOnSyntheticSet(let dataset):
            return "'\(dataset)' is a synthetic set with one target; a target column can only be chosen for a CSV file"
        case .wrongTask(let dataset, let isClassification):
            return isClassification ? "'\(dataset)' is a classification set: it cannot be loaded for regression"
                                    : "'\(dataset)' is a regression set: it cannot be loaded for classification"
        case .modelDoesNotFit(let model, let task):
            return model.check(task) ?? "\(model.rawValue) does not fit this dataset's task: choose another model"
        case .noTrainingRows(let fraction):
            return "no training rows: lower validation-fraction (now \(NumberFormat.shortest(fraction))) or use a dataset with more rows"
        case .rowsOutOfRange(let rowCount, let dataset): return "row indices must lie in 0..<\(rowCount), the rows of '\(dataset)'"
        case .noFeatures(let dataset): return "'\(dataset)' has no feature columns: a model needs at least one feature"
        case .earlyStoppingNeedsValidation:
            return "early-stopping needs validation rows: set validation-fraction above 0, or early-stopping 0"
        case .tooManyPolynomialFeatures(let degree, let inputs, let count, let maximum):
            let amount = count < 1_000_000 ? "\(count) polynomial features, more than" : "too many polynomial features (over a million; the limit is"
            let close = count < 1_000_000 ? "" : ")"
            return "degree \(degree) on \(inputs) features makes \(amount) \(maximum)\(close): use a lower degree"
        case .tooMuchMemory(let bytes, let limit, let hiddenLayers, let batchRows, let trainingRows):
            return "these settings need about \(MemoryEstimate.describe(bytes)) of memory to train "
                + "(\(hiddenLayers.isEmpty ? "" : "hidden-layers \(hiddenLayers.map(String.init).joined(separator: ",")), ")"
                + "batch-size \(batchRows) on \(trainingRows) training rows), over the \(MemoryEstimate.describe(limit)) hyperlab allows: "
                + "use a smaller batch-size or fewer hidden units"
        case .outOfRange(let name):
            return "\(name) is out of range: \(HyperparameterCatalog.spec(named: name)?.rangeText ?? "see help \(name)")"
        case .needsRestart(let name):
            return "changing \(name.rawValue) changes the model or its data, so the weights cannot be kept: start over (reset) instead of continuing"
        }
    }

    /// `path:line:column: message` for a problem in a file (leaving out the parts that are unknown),
    /// else the message.
    public var description: String {
        guard case .dataFile(let file, let line, let column, let problem) = self else { return message }
        let place = [file] + [line, column].compactMap { $0.map(String.init) }
        return place.joined(separator: ":") + ": " + problem
    }
}
