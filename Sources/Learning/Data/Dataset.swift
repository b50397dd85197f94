import Vocabulary
/// A table of examples: one row per example, numeric features in raw units, one target.
public struct Dataset: Sendable {
    /// "breast-cancer", "circles", ... for built-in sets, or the CSV path as given.
    public let name: String
    /// One name per feature column (`featureCount` names).
    public let featureNames: [String]
    /// Name of the target column.
    public let targetName: String
    /// `rowCount x featureCount`, raw units (not standardized).
    public let features: Matrix
    /// `rowCount` values: the regression target, or the class index (0-based, as a `Double`).
    public let targets: [Double]
    /// Regression or classification (with the class names).
    public let task: LearningTask
    /// Problems that do not stop loading, one plain sentence each
    /// (e.g. "data.csv: constant column 'x' (column 3, every value 1): kept, it carries no information").
    public let warnings: [String]

    /// Number of examples.
    public var rowCount: Int { features.rows }
    /// Number of features.
    public var featureCount: Int { features.columns }

    /// A dataset from its parts.
    ///
    /// - Precondition: `features.rows == targets.count`, `featureNames.count == features.columns`, and
    ///   for classification every target is a valid class index.
    public init(name: String, featureNames: [String], targetName: String, features: Matrix,
                targets: [Double], task: LearningTask, warnings: [String] = []) {
        precondition(features.rows == targets.count && featureNames.count == features.columns,
                     "Dataset parts do not fit together")
        self.name = name
        self.featureNames = featureNames
        self.targetName = targetName
        self.features = features
        self.targets = targets
        self.task = task
        self.warnings = warnings
    }
}

/// Why a dataset could not be loaded, with where (file, 1-based line and column when known)
/// and what to do about it.
public struct DatasetError: Error, CustomStringConvertible, Equatable {
    /// The file, as given; nil when the problem is not about a file (e.g. an unknown name).
    public let file: String?
    /// 1-based line number in the file (the header is line 1).
    public let line: Int?
    /// 1-based column number (the first field of a row is column 1).
    public let column: Int?
    /// What is wrong and how to fix it, one or two plain sentences.
    public let message: String

    /// An error at an optional place.
    public init(file: String? = nil, line: Int? = nil, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// "path:line:column: message", leaving out the parts that are unknown.
    public var description: String {
        var place = [String]()
        if let file { place.append(file) }
        if let line { place.append(String(line)) }
        if let column { place.append(String(column)) }
        return place.isEmpty ? message : place.joined(separator: ":") + ": " + message
    }
}
