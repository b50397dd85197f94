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
