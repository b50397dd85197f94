import Vocabulary
import Foundation

/// The built-in datasets (five real CSV files in the datasets directory, six seeded synthetic
/// sets generated in code) and the loader for any CSV file.
public enum DatasetCatalog {
    /// The real datasets, each `<name>.csv` in the datasets directory; provenance in `Datasets/README.md`.
    public static var realNames: [String] { DatasetName.realNames }
    /// The synthetic datasets, generated from a seed (see `load`).
    public static var syntheticNames: [String] { DatasetName.syntheticNames }
    /// `realNames` then `syntheticNames`.
    public static var allNames: [String] { DatasetName.allNames }

    private static let realSummaries: [DatasetName: String] = [
        .breastCancer: "binary classification (malignant, benign), 569 rows x 30 features; Street, Wolberg, Mangasarian (1993), UCI Breast Cancer Wisconsin (Diagnostic), CC BY 4.0",
        .diabetes: "regression (disease progression after one year, about 25..346), 442 rows x 10 features in original units; Efron, Hastie, Johnstone, Tibshirani (2004), public data",
        .digits: "10-class classification (digits 0..9), 1797 rows x 64 features (8x8 pixels, 0..16); Alpaydin, Kaynak (1998), UCI Optical Recognition of Handwritten Digits, CC BY 4.0",
        .iris: "3-class classification (setosa, versicolor, virginica), 150 rows x 4 features in cm; Fisher (1936), public domain",
        .wine: "3-class classification (three cultivars), 178 rows x 13 features; Forina et al., UCI Wine, CC BY 4.0",
    ]

    /// One line for the dataset `name`: task, rows x features, source; nil for an unknown name.
    public static func summary(of name: String) -> String? {
        if let line = DatasetName(rawValue: name).flatMap({ realSummaries[$0] }) { return line }
        if let spec = SyntheticData.spec(name) {
            return spec.summary + "; synthetic, seeded; noise = \(spec.noiseMeaning) (default \(spec.defaultNoise))"
        }
        return nil
    }

    /// The default noise of a synthetic set, nil for other names.
    public static func defaultNoise(of name: String) -> Double? {
        SyntheticData.spec(name)?.defaultNoise
    }

    /// Loads a built-in set by name, or any CSV file by path.
    ///
    /// - Parameters:
    ///   - nameOrPath: a name from `allNames`, or a path to a CSV file (header row, one target column).
    ///   - datasetsDirectory: the folder holding the real sets' CSV files.
    ///   - seed: the seed of a synthetic set (ignored for files).
    ///   - noise: synthetic sets only, 0...5 (its meaning per set is in `summary(of:)`); nil = the set's default.
    ///   - target: the target column's name for a CSV file (default: the last column).
    ///   - classification: true forces classification, false regression; nil decides by the target
    ///     (numeric: regression, otherwise classification). Real sets default to their own task.
    ///     A classification target may have at most 100 classes (`CSVLoader.maximumClassCount`): a mostly
    ///     numeric target with a few text values is refused with the place of the first one, not made into classes.
    ///   - monitor: progress reports and a stop request (e.g. Ctrl-C) for long CSV loads; see `LoadMonitor`.
    /// - Returns: rows x features in raw units; class labels sorted (numerically when they are numbers).
    /// - Throws: `LearningError` naming the file, line and column and what to fix: unknown file, empty
    ///   file, header only, ragged row, non-numeric or missing value, one class only or too many classes,
    ///   not a text file, noise out of range or given for a file, a load stopped through `monitor`
    ///   (nothing is returned then).
    public static func load(_ nameOrPath: String, datasetsDirectory: String, seed: UInt64 = 0,
                            noise: Double? = nil, target: String? = nil,
                            classification: Bool? = nil, monitor: LoadMonitor? = nil) throws(LearningError) -> Dataset {
        if syntheticNames.contains(nameOrPath) {
            if target != nil {
                throw .targetOnSyntheticSet(nameOrPath)
            }
            if let set = try SyntheticData.generate(nameOrPath, seed: seed, noise: noise) {
                if classification == false && set.task.isClassification {
                    throw .wrongTask(dataset: nameOrPath, isClassification: true)
                }
                if classification == true && !set.task.isClassification {
                    throw .wrongTask(dataset: nameOrPath, isClassification: false)
                }
                return set
            }
        }
        if noise != nil {
            throw .noiseNeedsSyntheticSet(dataset: nameOrPath, synthetic: syntheticNames)
        }
        if realNames.contains(nameOrPath) {
            let directory = datasetsDirectory.hasSuffix("/") ? String(datasetsDirectory.dropLast()) : datasetsDirectory
            let path = (directory.isEmpty ? "." : directory) + "/" + nameOrPath + ".csv"
            let set = try CSVLoader.load(path: path, name: nameOrPath, target: target,
                                         classification: classification ?? (nameOrPath != DatasetName.diabetes.rawValue), monitor: monitor)
            return set
        }
        if !nameOrPath.contains("/") && !nameOrPath.contains(".") && !FileManager.default.fileExists(atPath: nameOrPath) {
            throw .unknownDataset(nameOrPath, known: allNames)
        }
        return try CSVLoader.load(path: nameOrPath, name: nameOrPath, target: target, classification: classification,
                                  monitor: monitor)
    }
}
