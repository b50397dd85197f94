/// The built-in datasets, by the name the learner types: five real CSV files in `Datasets/`
/// and six synthetic sets generated from the seed. The one list of these names.
public enum DatasetName: String, CaseIterable, Sendable {
    /// Breast Cancer Wisconsin (Diagnostic): 2 classes, 569 rows x 30 features.
    case breastCancer = "breast-cancer"
    /// Diabetes progression: regression, 442 rows x 10 features.
    case diabetes
    /// Optical digits: 10 classes, 1797 rows x 64 pixel features.
    case digits
    /// Fisher's iris: 3 classes, 150 rows x 4 features.
    case iris
    /// Wine cultivars: 3 classes, 178 rows x 13 features.
    case wine
    /// Two noisy concentric rings: 2 classes, not linearly separable.
    case circles
    /// XOR of the signs of two coordinates: 2 classes, not linearly separable.
    case xor
    /// Three interleaved spiral arms: 3 classes.
    case spiral
    /// Three Gaussian blobs: 3 classes.
    case gaussians
    /// y = sin(2πx) + noise: regression with one feature.
    case sine
    /// y = 3·x1 − 2·x2 + 1 + noise: regression with two features.
    case plane

    /// True for the sets generated from the seed (and `--noise`); false for the real CSV files.
    public var isSynthetic: Bool {
        switch self {
        case .breastCancer, .diabetes, .digits, .iris, .wine: return false
        case .circles, .xor, .spiral, .gaussians, .sine, .plane: return true
        }
    }

    /// The real datasets' names, in listing order.
    public static var realNames: [String] { allCases.filter { !$0.isSynthetic }.map(\.rawValue) }
    /// The synthetic datasets' names, in listing order.
    public static var syntheticNames: [String] { allCases.filter(\.isSynthetic).map(\.rawValue) }
    /// Every built-in name: the real ones, then the synthetic ones.
    public static var allNames: [String] { allCases.map(\.rawValue) }
}
