import Vocabulary
import Foundation

/// Seeded generators for the synthetic datasets. Every set is a pure function of
/// (seed, noise): the same pair gives bit-identical rows.
enum SyntheticData {
    /// Facts about one synthetic set.
    struct Spec {
        /// Which built-in set.
        let dataset: DatasetName
        /// Its name as typed.
        var name: String { dataset.rawValue }
        let rows: Int
        let defaultNoise: Double
        /// Meaning of `noise` for this set, for summaries and errors.
        let noiseMeaning: String
        let summary: String
    }

    /// Largest noise accepted by any set.
    static let maximumNoise = 5.0

    static let specs: [Spec] = [
        Spec(dataset: .circles, rows: 300, defaultNoise: 0.1,
             noiseMeaning: "standard deviation of the Gaussian jitter added to both coordinates",
             summary: "binary classification, 300 rows x 2 features: a ring of radius 1 around a ring of radius 0.5, not linearly separable"),
        Spec(dataset: .xor, rows: 300, defaultNoise: 0.1,
             noiseMeaning: "standard deviation of the Gaussian jitter added to both coordinates after labelling",
             summary: "binary classification, 300 rows x 2 features: the class is whether x1 and x2 have the same sign (XOR), not linearly separable"),
        Spec(dataset: .spiral, rows: 300, defaultNoise: 0.2,
             noiseMeaning: "standard deviation of the Gaussian noise on the angle, in radians",
             summary: "3-class classification, 300 rows x 2 features: three interleaved spiral arms"),
        Spec(dataset: .gaussians, rows: 300, defaultNoise: 0.8,
             noiseMeaning: "standard deviation of each Gaussian blob",
             summary: "3-class classification, 300 rows x 2 features: three Gaussian blobs whose centres lie 2 apart from the origin"),
        Spec(dataset: .sine, rows: 40, defaultNoise: 0.25,
             noiseMeaning: "standard deviation of the Gaussian noise added to y",
             summary: "regression, 40 rows x 1 feature: y = sin(2 pi x) + noise for x in [0, 1], the classic set for polynomial under- and overfitting"),
        Spec(dataset: .plane, rows: 200, defaultNoise: 1.0,
             noiseMeaning: "standard deviation of the Gaussian noise added to y",
             summary: "regression, 200 rows x 2 features: y = 3 x1 - 2 x2 + 1 + noise for x1, x2 in [-5, 5]"),
    ]

    static func spec(_ name: String) -> Spec? { specs.first { $0.name == name } }

    /// Generates the set `name` (one of `specs`) with `seed` and `noise` (nil = the set's default).
    ///
    /// - Throws: `LearningError` when `noise` is outside 0...`maximumNoise` or not finite.
    static func generate(_ name: String, seed: UInt64, noise: Double?) throws(LearningError) -> Dataset? {
        guard let spec = spec(name) else { return nil }
        let noise = noise ?? spec.defaultNoise
        guard noise.isFinite, noise >= 0, noise <= maximumNoise else {
            throw .noiseOutOfRange(dataset: name, noise: noise, maximum: maximumNoise, meaning: spec.noiseMeaning, standard: spec.defaultNoise)
        }
        var rng = SeededGenerator(seed: seed, stream: 0x5EED_DA7A)
        var x = [Double]()
        var y = [Double]()
        let n = spec.rows
        switch name {
        case "circles":
            for i in 0..<n {
                let outer = i % 2 == 0
                let angle = rng.uniform(0, 2 * Double.pi)
                let radius = outer ? 1.0 : 0.5
                x.append(radius * cos(angle) + noise * rng.normal())
                x.append(radius * sin(angle) + noise * rng.normal())
                y.append(outer ? 1 : 0)
            }
            return Dataset(name: name, featureNames: ["x1", "x2"], targetName: "ring", features: Matrix(rows: n, columns: 2, values: x),
                           targets: y, task: .classification(classes: ["inner", "outer"]))
        case "xor":
            for _ in 0..<n {
                let a = rng.uniform(-1, 1), b = rng.uniform(-1, 1)
                y.append(a * b > 0 ? 1 : 0)
                x.append(a + noise * rng.normal())
                x.append(b + noise * rng.normal())
            }
            return Dataset(name: name, featureNames: ["x1", "x2"], targetName: "signs", features: Matrix(rows: n, columns: 2, values: x),
                           targets: y, task: .classification(classes: ["opposite", "same"]))
        case "spiral":
            let arms = 3
            let perArm = n / arms
            for arm in 0..<arms {
                for i in 0..<perArm {
                    let r = Double(i) / Double(perArm - 1)
                    let theta = Double(arm) * 2 * Double.pi / Double(arms) + 4 * r + noise * rng.normal()
                    x.append(r * cos(theta))
                    x.append(r * sin(theta))
                    y.append(Double(arm))
                }
            }
            return Dataset(name: name, featureNames: ["x1", "x2"], targetName: "arm", features: Matrix(rows: n, columns: 2, values: x),
                           targets: y, task: .classification(classes: ["arm1", "arm2", "arm3"]))
        case "gaussians":
            let blobs = 3
            for i in 0..<n {
                let blob = i % blobs
                let angle = Double.pi / 2 + Double(blob) * 2 * Double.pi / Double(blobs)
                x.append(2 * cos(angle) + noise * rng.normal())
                x.append(2 * sin(angle) + noise * rng.normal())
                y.append(Double(blob))
            }
            return Dataset(name: name, featureNames: ["x1", "x2"], targetName: "blob", features: Matrix(rows: n, columns: 2, values: x),
                           targets: y, task: .classification(classes: ["blob1", "blob2", "blob3"]))
        case "sine":
            for _ in 0..<n {
                let t = rng.nextUnit()
                x.append(t)
                y.append(sin(2 * Double.pi * t) + noise * rng.normal())
            }
            return Dataset(name: name, featureNames: ["x"], targetName: "y", features: Matrix(rows: n, columns: 1, values: x),
                           targets: y, task: .regression)
        case "plane":
            for _ in 0..<n {
                let a = rng.uniform(-5, 5), b = rng.uniform(-5, 5)
                x.append(a)
                x.append(b)
                y.append(3 * a - 2 * b + 1 + noise * rng.normal())
            }
            return Dataset(name: name, featureNames: ["x1", "x2"], targetName: "y", features: Matrix(rows: n, columns: 2, values: x),
                           targets: y, task: .regression)
        default:
            return nil
        }
    }
}
