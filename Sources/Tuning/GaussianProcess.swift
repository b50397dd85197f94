import Foundation

/// A problem with the data given to a Gaussian process.
public struct GaussianProcessError: Error, CustomStringConvertible, Equatable, Sendable {
    /// One line saying what is wrong.
    public let message: String
    /// Creates an error with the given message.
    public init(_ message: String) { self.message = message }
    /// Same as ``message``.
    public var description: String { message }
}

/// Gaussian-process regression with a Matern 5/2 kernel with one length scale per input coordinate
/// (automatic relevance determination) and a constant prior mean equal to the mean of the targets.
///
/// Kernel (Rasmussen and Williams, *Gaussian Processes for Machine Learning*, MIT Press 2006, eq. 4.17):
/// k(x, x') = s2 (1 + sqrt(5) r + 5 r^2 / 3) exp(-sqrt(5) r), with r^2 = sum_i (x_i - x'_i)^2 / l_i^2.
/// Posterior (ibid., Algorithm 2.1): with K = k(X, X) + (noise + jitter) I = L L^T and
/// alpha = K^-1 (y - m), the mean at x is m + k(x, X) alpha and the variance of the latent function is
/// k(x, x) - |L^-1 k(X, x)|^2. The jitter is a tiny multiple of s2 added to the diagonal, raised tenfold
/// until the Cholesky factorization succeeds, so repeated inputs never break it.
///
/// Inputs are expected in the unit cube [0, 1]^d (``SearchSpace`` encodes settings that way).
public struct GaussianProcess: Sendable {
    /// Kernel and noise hyperparameters, in the units of the targets.
    public struct Hyperparameters: Sendable, Equatable {
        /// Signal variance s2 (target units squared), > 0.
        public var signalVariance: Double
        /// One length scale per input coordinate (unit-cube units), each > 0.
        public var lengthScales: [Double]
        /// Observation noise variance (target units squared), >= 0.
        public var noiseVariance: Double
        /// Creates hyperparameters.
        public init(signalVariance: Double, lengthScales: [Double], noiseVariance: Double) {
            self.signalVariance = signalVariance
            self.lengthScales = lengthScales
            self.noiseVariance = noiseVariance
        }
    }

    /// The observed inputs, n rows x d coordinates.
    public let inputs: [[Double]]
    /// The observed targets, n values.
    public let targets: [Double]
    /// The hyperparameters in use.
    public let hyperparameters: Hyperparameters
    /// The constant prior mean: the mean of ``targets``.
    public let priorMean: Double
    /// The jitter that was added to the diagonal besides the noise variance.
    public let jitter: Double
    /// ln p(y | X, hyperparameters) (Rasmussen and Williams 2006, eq. 2.30), in nats.
    public let logMarginalLikelihood: Double

    let n: Int
    let d: Int
    let flatInputs: [Double]       // n x d
    let inverseSquaredScales: [Double]
    let lower: [Double]            // n x n Cholesky factor, row-major, lower triangle
    let alpha: [Double]

    /// Conditions the process on data with fixed hyperparameters.
    /// - Parameters:
    ///   - inputs: n rows x d coordinates, n >= 1, all rows the same width, finite.
    ///   - targets: n finite values.
    /// - Throws: ``GaussianProcessError`` for empty or mismatched data, non-finite values, or
    ///   hyperparameters that are not positive (length scales count must equal d).
    public init(inputs: [[Double]], targets: [Double], hyperparameters: Hyperparameters) throws(GaussianProcessError) {
        guard !inputs.isEmpty, inputs.count == targets.count else {
            throw GaussianProcessError("a Gaussian process needs at least one observation and one target per input row")
        }
        let d = inputs[0].count
        guard inputs.allSatisfy({ $0.count == d && $0.allSatisfy(\.isFinite) }), targets.allSatisfy(\.isFinite) else {
            throw GaussianProcessError("Gaussian-process inputs must be rows of equal width with finite values, and targets finite")
        }
        let h = hyperparameters
        guard h.signalVariance > 0, h.signalVariance.isFinite, h.noiseVariance >= 0, h.noiseVariance.isFinite,
              h.lengthScales.count == d, h.lengthScales.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw GaussianProcessError("Gaussian-process hyperparameters must be positive and finite, one length scale per input coordinate")
        }
        self.inputs = inputs
        self.targets = targets
        self.hyperparameters = h
        self.n = inputs.count
        self.d = d
        self.flatInputs = inputs.flatMap { $0 }
        self.inverseSquaredScales = h.lengthScales.map { 1 / ($0 * $0) }
        let m = targets.reduce(0, +) / Double(targets.count)
        self.priorMean = m
        let pairs = PairwiseDifferences(flatInputs, n: n, d: d)
        let centered = targets.map { $0 - m }
        let fit = conditionedFactor(pairs: pairs, inverseSquaredScales: inverseSquaredScales,
                                    signalVariance: h.signalVariance, noiseVariance: h.noiseVariance, targets: centered)
        self.lower = fit.lower
        self.alpha = fit.alpha
        self.jitter = fit.jitter
        self.logMarginalLikelihood = fit.logLikelihood
    }

    /// Fits the hyperparameters by maximizing the log marginal likelihood (type-II maximum likelihood,
    /// Rasmussen and Williams 2006, section 5.4.1) and conditions on the data.
    ///
    /// Targets are standardized for the search; signal variance is searched in [0.05, 20], length scales in
    /// [0.01, 10] and noise variance in [1e-6, 1] (standardized units, all in log space) by Nelder-Mead from a
    /// default start, `warmStart` if given, and `restarts` random starts drawn from `seed`. The best fit is
    /// converted back to target units.
    /// - Parameters:
    ///   - inputs: n rows x d coordinates in [0, 1], n >= 1.
    ///   - targets: n finite values.
    ///   - seed: seeds the random restarts.
    ///   - warmStart: hyperparameters of a previous fit (target units) to start from.
    ///   - restarts: number of random starts besides the default and warm starts.
    /// - Throws: ``GaussianProcessError`` for empty, mismatched or non-finite data.
    public static func fitted(inputs: [[Double]], targets: [Double], seed: UInt64 = 0,
                              warmStart: Hyperparameters? = nil, restarts: Int = 1) throws(GaussianProcessError) -> GaussianProcess {
        guard !inputs.isEmpty, inputs.count == targets.count else {
            throw GaussianProcessError("a Gaussian process needs at least one observation and one target per input row")
        }
        let n = inputs.count, d = inputs[0].count
        guard inputs.allSatisfy({ $0.count == d && $0.allSatisfy(\.isFinite) }), targets.allSatisfy(\.isFinite) else {
            throw GaussianProcessError("Gaussian-process inputs must be rows of equal width with finite values, and targets finite")
        }
        let mean = targets.reduce(0, +) / Double(n)
        var variance = targets.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)
        if !(variance > 1e-300) { variance = 1 }
        let scale = variance.squareRoot()
        let standardized = targets.map { ($0 - mean) / scale }
        let pairs = PairwiseDifferences(inputs.flatMap { $0 }, n: n, d: d)

        // theta = [ln s2, ln l_1 ... ln l_d, ln noise] in standardized units.
        let lowerBound = [log(0.05)] + [Double](repeating: log(0.01), count: d) + [log(1e-6)]
        let upperBound = [log(20.0)] + [Double](repeating: log(10.0), count: d) + [log(1.0)]
        func clamp(_ t: [Double]) -> [Double] {
            var c = t
            for i in c.indices { c[i] = min(upperBound[i], max(lowerBound[i], c[i].isFinite ? c[i] : 0)) }
            return c
        }
        func objective(_ t: [Double]) -> Double {
            let c = clamp(t)
            var outside = 0.0
            for i in t.indices { outside += (t[i] - c[i]) * (t[i] - c[i]) }
            let scales = c[1...d].map { exp(-2 * $0) }
            let fit = conditionedFactor(pairs: pairs, inverseSquaredScales: scales, signalVariance: exp(c[0]),
                                        noiseVariance: exp(c[d + 1]), targets: standardized)
            return -fit.logLikelihood + 10 * outside
        }
        var starts: [[Double]] = [[0] + [Double](repeating: log(0.3), count: d) + [log(1e-3)]]
        if let w = warmStart, w.lengthScales.count == d, w.signalVariance > 0, w.lengthScales.allSatisfy({ $0 > 0 }) {
            starts.append(clamp([log(w.signalVariance / variance)] + w.lengthScales.map { log($0) }
                                + [log(max(w.noiseVariance / variance, 1e-300))]))
        }
        var rng = SeededRandom(seed: seed)
        for _ in 0..<max(0, restarts) {
            starts.append((0..<(d + 2)).map { lowerBound[$0] + rng.unit() * (upperBound[$0] - lowerBound[$0]) })
        }
        var best: (x: [Double], value: Double)?
        for s in starts {
            let r = nelderMead(start: s, step: 0.7, maxEvaluations: 40 * (d + 2), tolerance: 1e-6, objective)
            if best == nil || r.value < best!.value { best = r }
        }
        let t = clamp(best?.x ?? starts[0])
        let h = Hyperparameters(signalVariance: exp(t[0]) * variance,
                                lengthScales: t[1...d].map { exp($0) },
                                noiseVariance: exp(t[d + 1]) * variance)
        return try GaussianProcess(inputs: inputs, targets: targets, hyperparameters: h)
    }

    /// Posterior mean (target units) and variance of the latent function (target units squared, >= 0) at `x`
    /// (d coordinates). Observation noise is not included in the variance.
    public func predict(_ x: [Double]) -> (mean: Double, variance: Double) {
        var kStar = [Double](repeating: 0, count: n)
        return predict(x, scratch: &kStar)
    }

    /// As ``predict(_:)`` with caller-owned scratch of n entries (avoids an allocation per point).
    func predict(_ x: [Double], scratch kStar: inout [Double]) -> (mean: Double, variance: Double) {
        let s2 = hyperparameters.signalVariance
        let n = self.n, d = self.d
        var mean = priorMean
        var variance = s2
        flatInputs.withUnsafeBufferPointer { X in
            inverseSquaredScales.withUnsafeBufferPointer { w in
                x.withUnsafeBufferPointer { xp in
                    kStar.withUnsafeMutableBufferPointer { k in
                        alpha.withUnsafeBufferPointer { a in
                            lower.withUnsafeBufferPointer { L in
                                var m = 0.0
                                for i in 0..<n {
                                    var r2 = 0.0
                                    let row = i * d
                                    for j in 0..<d {
                                        let diff = X[row + j] - xp[j]
                                        r2 += w[j] * diff * diff
                                    }
                                    let kv = matern52(r2: r2, signalVariance: s2)
                                    k[i] = kv
                                    m += kv * a[i]
                                }
                                mean += m
                                // Forward substitution L v = k, in place.
                                var vv = 0.0
                                for i in 0..<n {
                                    var sum = k[i]
                                    let row = i * n
                                    for j in 0..<i { sum -= L[row + j] * k[j] }
                                    let v = sum / L[row + i]
                                    k[i] = v
                                    vv += v * v
                                }
                                variance -= vv
                            }
                        }
                    }
                }
            }
        }
        return (mean, max(0, variance))
    }
}

/// Matern 5/2 covariance from the squared scaled distance r^2 (Rasmussen and Williams 2006, eq. 4.17).
@inline(__always)
func matern52(r2: Double, signalVariance: Double) -> Double {
    let r5 = (5 * r2).squareRoot()
    return signalVariance * (1 + r5 + 5 * r2 / 3) * exp(-r5)
}

/// Squared coordinate differences of all pairs i < j, stored per pair as d consecutive values.
struct PairwiseDifferences {
    let n: Int
    let d: Int
    let squared: [Double]  // n(n-1)/2 x d

    init(_ flat: [Double], n: Int, d: Int) {
        self.n = n
        self.d = d
        var s = [Double](repeating: 0, count: n * (n - 1) / 2 * d)
        var p = 0
        for i in 0..<n {
            for j in 0..<i {
                for c in 0..<d {
                    let diff = flat[i * d + c] - flat[j * d + c]
                    s[p] = diff * diff
                    p += 1
                }
            }
        }
        squared = s
    }
}

/// Builds K = k(X, X) + (noise + jitter) I, factors it, solves for alpha and returns the log likelihood.
/// Jitter starts at 1e-10 s2 and grows tenfold until the factorization succeeds.
func conditionedFactor(pairs: PairwiseDifferences, inverseSquaredScales w: [Double], signalVariance s2: Double,
                       noiseVariance: Double, targets y: [Double])
    -> (lower: [Double], alpha: [Double], jitter: Double, logLikelihood: Double) {
    let n = pairs.n, d = pairs.d
    var base = [Double](repeating: 0, count: n * n)
    base.withUnsafeMutableBufferPointer { K in
        pairs.squared.withUnsafeBufferPointer { sq in
            w.withUnsafeBufferPointer { wp in
                var p = 0
                for i in 0..<n {
                    for j in 0..<i {
                        var r2 = 0.0
                        for c in 0..<d { r2 += wp[c] * sq[p + c] }
                        p += d
                        K[i * n + j] = matern52(r2: r2, signalVariance: s2)
                    }
                    K[i * n + i] = s2 + noiseVariance
                }
            }
        }
    }
    var jitter = 1e-10 * s2
    var L = base
    for _ in 0..<12 {
        L = base
        if cholesky(&L, n: n, diagonalAddition: jitter) { break }
        jitter *= 10
    }
    // alpha = L^-T L^-1 y
    var alpha = y
    var logDet = 0.0
    L.withUnsafeBufferPointer { Lp in
        alpha.withUnsafeMutableBufferPointer { a in
            for i in 0..<n {
                var sum = a[i]
                for j in 0..<i { sum -= Lp[i * n + j] * a[j] }
                a[i] = sum / Lp[i * n + i]
                logDet += log(Lp[i * n + i])
            }
            for i in stride(from: n - 1, through: 0, by: -1) {
                var sum = a[i]
                for j in (i + 1)..<max(i + 1, n) { sum -= Lp[j * n + i] * a[j] }
                a[i] = sum / Lp[i * n + i]
            }
        }
    }
    var fit = 0.0
    for i in 0..<n { fit += y[i] * alpha[i] }
    let ll = -0.5 * fit - logDet - 0.5 * Double(n) * log(2 * Double.pi)
    return (L, alpha, jitter, ll.isFinite ? ll : -.infinity)
}

/// In-place Cholesky factorization A + diagonalAddition I = L L^T of a symmetric n x n matrix whose lower
/// triangle is filled (row-major). Returns false when a pivot is not positive (not positive definite).
/// Source: Golub and Van Loan, *Matrix Computations*, 4th ed., Algorithm 4.2.1.
func cholesky(_ a: inout [Double], n: Int, diagonalAddition: Double) -> Bool {
    a.withUnsafeMutableBufferPointer { A in
        for j in 0..<n {
            var diag = A[j * n + j] + diagonalAddition
            for k in 0..<j { diag -= A[j * n + k] * A[j * n + k] }
            guard diag > 0, diag.isFinite else { return false }
            let ljj = diag.squareRoot()
            A[j * n + j] = ljj
            for i in (j + 1)..<max(j + 1, n) {
                var sum = A[i * n + j]
                for k in 0..<j { sum -= A[i * n + k] * A[j * n + k] }
                A[i * n + j] = sum / ljj
            }
        }
        // Clear the upper triangle.
        for i in 0..<n { for j in (i + 1)..<max(i + 1, n) { A[i * n + j] = 0 } }
        return true
    }
}
