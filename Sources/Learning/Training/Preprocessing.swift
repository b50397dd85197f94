import Vocabulary

/// Train/validation split and the feature transformation fitted on the training rows.
public enum Split {
    /// Seeded split of `targets.count` rows. For classification (`classCount > 0`) each class is
    /// split on its own (stratified): round(fraction · class size) of its rows go to validation.
    /// For regression round(fraction · rows) random rows go to validation.
    /// Returns sorted training and validation row indices. `stream` picks an independent random
    /// stream of the seed (1, the default, is the trainer's validation split; a search's test set
    /// uses another, so that it is not the validation split of the same seed).
    public static func make(targets: [Double], classCount: Int, fraction: Double, seed: UInt64,
                            stream: UInt64 = 1) -> (training: [Int], validation: [Int]) {
        let n = targets.count
        guard fraction > 0 else { return (Array(0..<n), []) }
        var rng = SeededGenerator(seed: seed, stream: stream)
        var validation = [Int]()
        if classCount > 0 {
            var byClass = [[Int]](repeating: [], count: classCount)
            for (i, t) in targets.enumerated() { byClass[Int(t)].append(i) }
            for var rows in byClass {
                rng.shuffle(&rows)
                let count = Int((fraction * Double(rows.count)).rounded())
                validation.append(contentsOf: rows.prefix(count))
            }
        } else {
            var rows = Array(0..<n)
            rng.shuffle(&rows)
            validation = Array(rows.prefix(Int((fraction * Double(n)).rounded())))
        }
        var isValidation = [Bool](repeating: false, count: n)
        for v in validation { isValidation[v] = true }
        return ((0..<n).filter { !isValidation[$0] }, validation.sorted())
    }

    /// The split of `dataset` that the trainer makes (``make(targets:classCount:fraction:seed:stream:)``),
    /// with, for regression on one feature, the rows of the smallest and largest `x` kept out of the
    /// held-out share (``keepingExtremesInTraining(_:x:)``), so held-out rows test interpolation.
    /// Returns sorted kept and held-out row indices.
    public static func holdOut(_ dataset: Dataset, fraction: Double, seed: UInt64,
                               stream: UInt64 = 1) -> (training: [Int], validation: [Int]) {
        var split = make(targets: dataset.targets, classCount: dataset.task.classes.count, fraction: fraction,
                         seed: seed, stream: stream)
        if !dataset.task.isClassification && dataset.featureCount == 1 {
            split = keepingExtremesInTraining(split, x: (0..<dataset.rowCount).map { dataset.features[$0, 0] })
        }
        return split
    }

    /// For regression on one feature `x`: the split with the rows of the smallest and largest `x` moved into
    /// training, so that every validation row lies inside the range the model was trained on and the
    /// validation loss measures interpolation, not extrapolation (a degree-15 polynomial is unbounded
    /// outside its data, so one validation point beyond the range could dominate the loss). Each extreme
    /// validation row changes place with the training row whose `x` is closest to the median of the
    /// training rows; the sizes stay as they were. Ties at an extreme move every tied row.
    public static func keepingExtremesInTraining(_ split: (training: [Int], validation: [Int]), x: [Double]) -> (training: [Int], validation: [Int]) {
        guard !split.validation.isEmpty, split.training.count >= 3, let low = x.min(), let high = x.max(), low < high else { return split }
        var training = split.training
        var validation = split.validation
        let sortedTraining = training.map { x[$0] }.sorted()
        let median = sortedTraining[sortedTraining.count / 2]
        for (index, row) in validation.enumerated() where x[row] == low || x[row] == high {
            // The interior training row nearest the median (never an extreme itself).
            guard let position = training.indices.filter({ x[training[$0]] != low && x[training[$0]] != high })
                .min(by: { (abs(x[training[$0]] - median), training[$0]) < (abs(x[training[$1]] - median), training[$1]) }) else { break }
            let swapped = training[position]
            training[position] = row
            validation[index] = swapped
        }
        return (training.sorted(), validation.sorted())
    }
}

/// Maps raw feature rows to the model's inputs; every statistic is fitted on the training rows only.
///
/// - degree 1: z-score standardization, z = (x − mean) / sd with the population standard
///   deviation; a zero-variance column gets sd = 1, so it becomes 0, never NaN.
/// - degree d > 1: each raw column is scaled to [−1, 1] by the training minimum and maximum, the
///   features are all products of Legendre polynomials P_k of the scaled columns with total
///   degree 1...d (the same function space as the monomials of PolynomialFeatures, but far
///   better conditioned for gradient descent: L.N. Trefethen (2013), "Approximation Theory and
///   Approximation Practice", ch. 17), and those are z-scored as above.
struct Preprocessor: Sendable {
    /// Most expanded features accepted.
    static let maximumFeatures = 2000

    let degree: Int
    let inputCount: Int
    /// Per raw column: minimum and 2/(max − min) (degree > 1 only).
    let minimum: [Double]
    let scale: [Double]
    /// Exponent (Legendre order) of each raw column, per expanded feature.
    let terms: [[Int]]
    let mean: [Double]
    let deviation: [Double]

    var outputCount: Int { mean.count }

    /// Number of products of total degree 1...`degree` over `inputs` columns: C(inputs + degree, degree) − 1
    /// (saturating at 10^15).
    static func featureCount(inputs: Int, degree: Int) -> Int {
        var count = 1.0
        for i in 0..<degree { count = count * Double(inputs + degree - i) / Double(i + 1) }
        // Saturate instead of overflowing: callers only compare the count with a limit.
        return count < 1e15 ? Int(count.rounded()) - 1 : Int(1e15)
    }

    /// Fits on `raw` rows `rows` (rows x inputs).
    init(raw: Matrix, rows: [Int], degree: Int) {
        self.degree = degree
        inputCount = raw.columns
        let p = raw.columns
        if degree > 1 {
            var lo = [Double](repeating: .infinity, count: p)
            var hi = [Double](repeating: -.infinity, count: p)
            for r in rows {
                for j in 0..<p {
                    let x = raw.values[r * p + j]
                    lo[j] = min(lo[j], x)
                    hi[j] = max(hi[j], x)
                }
            }
            minimum = lo
            scale = (0..<p).map { hi[$0] > lo[$0] ? 2 / (hi[$0] - lo[$0]) : 0 }
            var all = [[Int]]()
            var current = [Int](repeating: 0, count: p)
            // Graded order: total degree 1, then 2, ...; within a degree, lexicographic from the first column.
            func emit(_ column: Int, _ remaining: Int) {
                if column == p - 1 {
                    current[column] = remaining
                    all.append(current)
                    current[column] = 0
                    return
                }
                var e = remaining
                while e >= 0 {
                    current[column] = e
                    emit(column + 1, remaining - e)
                    e -= 1
                }
                current[column] = 0
            }
            if p > 0 { for total in 1...degree { emit(0, total) } }
            terms = all
        } else {
            minimum = []
            scale = []
            terms = []
        }
        let width = degree > 1 ? terms.count : p
        var mean = [Double](repeating: 0, count: width)
        var deviation = [Double](repeating: 1, count: width)
        // The statistics of the unstandardized features. For degree 1 those are the raw values themselves
        // ((x − 0)/1 is x exactly), read in place; for degree > 1 the expanded training rows, computed once.
        let n = Double(max(rows.count, 1))
        // Row by row (the matrix's own order, one pass for the sums, one for the squares); each column still
        // adds its values in row order, so the results are those of a column-by-column loop, bit for bit.
        func statistics(_ values: UnsafeBufferPointer<Double>, rowIndex: (Int) -> Int, stride: Int) {
            var sums = [Double](repeating: 0, count: width)
            var squares = [Double](repeating: 0, count: width)
            sums.withUnsafeMutableBufferPointer { sum in
                for r in 0..<rows.count {
                    let base = rowIndex(r) * stride
                    for j in 0..<width { sum[j] += values[base + j] }
                }
            }
            let means = sums.map { $0 / n }
            squares.withUnsafeMutableBufferPointer { square in
                means.withUnsafeBufferPointer { m in
                    for r in 0..<rows.count {
                        let base = rowIndex(r) * stride
                        for j in 0..<width {
                            let d = values[base + j] - m[j]
                            square[j] += d * d
                        }
                    }
                }
            }
            for j in 0..<width {
                let sd = (squares[j] / n).squareRoot()
                mean[j] = means[j]
                deviation[j] = sd > 1e-12 * max(abs(means[j]), 1) ? sd : 1
            }
        }
        if degree > 1 {
            let partial = Preprocessor(degree: degree, inputCount: p, minimum: minimum, scale: scale, terms: terms,
                                       mean: mean, deviation: deviation)
            let expanded = partial.transform(raw, rows: rows)
            expanded.values.withUnsafeBufferPointer { statistics($0, rowIndex: { $0 }, stride: width) }
        } else {
            raw.values.withUnsafeBufferPointer { statistics($0, rowIndex: { rows[$0] }, stride: p) }
        }
        self.mean = mean
        self.deviation = deviation
    }

    private init(degree: Int, inputCount: Int, minimum: [Double], scale: [Double], terms: [[Int]], mean: [Double], deviation: [Double]) {
        self.degree = degree
        self.inputCount = inputCount
        self.minimum = minimum
        self.scale = scale
        self.terms = terms
        self.mean = mean
        self.deviation = deviation
    }

    /// The model inputs for `raw` rows `rows` (nil = all rows): rows x `outputCount`.
    func transform(_ raw: Matrix, rows: [Int]? = nil) -> Matrix {
        let indices = rows ?? Array(0..<raw.rows)
        let width = mean.count
        var out = [Double](repeating: 0, count: indices.count * width)
        out.withUnsafeMutableBufferPointer { o in
            forEachRow(raw, rows: indices) { index, row in
                (o.baseAddress! + index * width).update(from: row.baseAddress!, count: width)
            }
        }
        return Matrix(rows: indices.count, columns: width, values: out)
    }

    /// Calls `body` with each transformed row of `raw` rows `rows` in order: its position in `rows` and its
    /// `outputCount` values (a buffer reused from row to row). The same values as `transform`, without
    /// holding them all.
    func forEachRow(_ raw: Matrix, rows indices: [Int], _ body: (Int, UnsafeBufferPointer<Double>) -> Void) {
        let scratch = RowScratch(self)
        for (position, r) in indices.enumerated() {
            body(position, UnsafeBufferPointer(start: scratch.transform(raw, row: r, with: self), count: outputCount))
        }
    }

    /// Work space of `transformRow`: the row's outputs and the Legendre values of its columns.
    final class RowScratch {
        let output: UnsafeMutablePointer<Double>
        let legendre: UnsafeMutablePointer<Double>

        init(_ preprocessor: Preprocessor) {
            output = .allocate(capacity: max(preprocessor.outputCount, 1))
            legendre = .allocate(capacity: max(preprocessor.inputCount * (preprocessor.degree + 1), 1))
        }

        deinit {
            output.deallocate()
            legendre.deallocate()
        }

        /// The model inputs of raw row `r` (`outputCount` values at the returned pointer, valid until the
        /// next call).
        func transform(_ raw: Matrix, row r: Int, with preprocessor: Preprocessor) -> UnsafeMutablePointer<Double> {
            preprocessor.transformRow(raw, row: r, into: output, legendre: legendre)
            return output
        }
    }

    /// Writes the `outputCount` model inputs of raw row `r` to `o`; `legendre` holds inputCount x (degree + 1)
    /// values of work space (degree > 1 only).
    func transformRow(_ raw: Matrix, row r: Int, into o: UnsafeMutablePointer<Double>, legendre: UnsafeMutablePointer<Double>) {
        let p = inputCount
        raw.values.withUnsafeBufferPointer { values in
            let x = values.baseAddress! + r * p
            if degree <= 1 {
                for j in 0..<p { o[j] = (x[j] - mean[j]) / deviation[j] }
                return
            }
            // Legendre values P_0...P_degree of each scaled column, then the products.
            for j in 0..<p {
                let u = (x[j] - minimum[j]) * scale[j] - (scale[j] == 0 ? 0 : 1)
                let base = j * (degree + 1)
                legendre[base] = 1
                legendre[base + 1] = u
                if degree >= 2 {
                    for k in 1..<degree {
                        let kk = Double(k)
                        legendre[base + k + 1] = ((2 * kk + 1) * u * legendre[base + k] - kk * legendre[base + k - 1]) / (kk + 1)
                    }
                }
            }
            for (t, exponents) in terms.enumerated() {
                var product = 1.0
                for j in 0..<p where exponents[j] > 0 { product *= legendre[j * (degree + 1) + exponents[j]] }
                o[t] = (product - mean[t]) / deviation[t]
            }
        }
    }
}
