import Vocabulary
import Foundation
import Learning

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
/// Inputs are expected in the unit cube [0, 1]^d (``SearchSpace`` encodes settings that way). Coordinates
/// may share a length scale (`coordinateGroups`), e.g. the one-hot coordinates of one choice.
public struct GaussianProcess: Sendable {
    /// Kernel and noise hyperparameters, in the units of the targets.
    public struct Hyperparameters: Sendable, Equatable {
        /// Signal variance s2 (target units squared), > 0.
        public var signalVariance: Double
        /// One length scale per coordinate group (unit-cube units), each > 0; by default a group is one coordinate.
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
    /// The length-scale group of each input coordinate (d entries in 0..<lengthScales.count).
    public let coordinateGroups: [Int]

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
    ///   - coordinateGroups: the length-scale group of each coordinate (nil: one group per coordinate).
    /// - Throws: ``TuningError`` for empty or mismatched data, non-finite values, bad groups, or
    ///   hyperparameters that are not positive (one length scale per group).
    public init(inputs: [[Double]], targets: [Double], hyperparameters: Hyperparameters,
                coordinateGroups: [Int]? = nil) throws(TuningError) {
        guard !inputs.isEmpty, inputs.count == targets.count else {
            throw TuningError.surrogate("a Gaussian process needs at least one observation and one target per input row")
        }
        let d = inputs[0].count
        guard inputs.allSatisfy({ $0.count == d && $0.allSatisfy(\.isFinite) }), targets.allSatisfy(\.isFinite) else {
            throw TuningError.surrogate("Gaussian-process inputs must be rows of equal width with finite values, and targets finite")
        }
        let h = hyperparameters
        let groups = coordinateGroups ?? Array(0..<d)
        let groupCount = try checkedGroupCount(groups, width: d)
        guard h.signalVariance > 0, h.signalVariance.isFinite, h.noiseVariance >= 0, h.noiseVariance.isFinite,
              h.lengthScales.count == groupCount, h.lengthScales.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw TuningError.surrogate("Gaussian-process hyperparameters must be positive and finite, one length scale per coordinate group")
        }
        self.coordinateGroups = groups
        self.inputs = inputs
        self.targets = targets
        self.hyperparameters = h
        self.n = inputs.count
        self.d = d
        self.flatInputs = inputs.flatMap { $0 }
        self.inverseSquaredScales = groups.map { 1 / (h.lengthScales[$0] * h.lengthScales[$0]) }
        let m = targets.reduce(0, +) / Double(targets.count)
        self.priorMean = m
        let pairs = PairwiseDifferences(flatInputs, n: n, d: d, groups: groups, groupCount: groupCount)
        let centered = targets.map { $0 - m }
        let fit = conditionedFactor(pairs: pairs, inverseSquaredScales: h.lengthScales.map { 1 / ($0 * $0) },
                                    signalVariance: h.signalVariance, noiseVariance: h.noiseVariance, targets: centered)
        self.lower = fit.lower
        self.alpha = fit.alpha
        self.jitter = fit.jitter
        self.logMarginalLikelihood = fit.logLikelihood
    }

    /// Fits the hyperparameters by maximizing the log marginal likelihood (type-II maximum likelihood,
    /// Rasmussen and Williams 2006, section 5.4.1, gradient from eq. 5.9) and conditions on the data.
    ///
    /// Targets are standardized for the search; signal variance is kept in [0.05, 1000], length scales in
    /// [0.01, 10] and noise variance in [1e-6, 1] (standardized units, all in log space, by a smooth penalty
    /// outside the box). The search is L-BFGS (Nocedal and Wright, *Numerical Optimization*, 2nd ed. 2006,
    /// Algorithm 7.4) with backtracking, from `warmStart` if given (else a default start) and `restarts`
    /// random starts drawn from `seed`. The best fit is converted back to target units.
    /// - Parameters:
    ///   - inputs: n rows x d coordinates in [0, 1], n >= 1.
    ///   - targets: n finite values.
    ///   - coordinateGroups: the length-scale group of each coordinate (nil: one group per coordinate).
    ///   - seed: seeds the random restarts.
    ///   - warmStart: hyperparameters of a previous fit (target units) to start from.
    ///   - restarts: number of random starts besides the default or warm start.
    ///   - maxIterations: L-BFGS iterations per start, >= 1.
    /// - Throws: ``TuningError`` for empty, mismatched or non-finite data, or bad groups.
    public static func fitted(inputs: [[Double]], targets: [Double], coordinateGroups: [Int]? = nil, seed: UInt64 = 0,
                              warmStart: Hyperparameters? = nil, restarts: Int = 1,
                              maxIterations: Int = 50) throws(TuningError) -> GaussianProcess {
        guard !inputs.isEmpty, inputs.count == targets.count else {
            throw TuningError.surrogate("a Gaussian process needs at least one observation and one target per input row")
        }
        let n = inputs.count, d = inputs[0].count
        guard inputs.allSatisfy({ $0.count == d && $0.allSatisfy(\.isFinite) }), targets.allSatisfy(\.isFinite) else {
            throw TuningError.surrogate("Gaussian-process inputs must be rows of equal width with finite values, and targets finite")
        }
        let groups = coordinateGroups ?? Array(0..<d)
        let g = try checkedGroupCount(groups, width: d)
        let mean = targets.reduce(0, +) / Double(n)
        var variance = targets.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)
        if !(variance > 1e-300) { variance = 1 }
        let scale = variance.squareRoot()
        let standardized = targets.map { ($0 - mean) / scale }
        let pairs = PairwiseDifferences(inputs.flatMap { $0 }, n: n, d: d, groups: groups, groupCount: g)

        // theta = [ln s2, ln l_1 ... ln l_g, ln noise] in standardized units.
        let lowerBound = [log(0.05)] + [Double](repeating: log(0.01), count: g) + [log(1e-6)]
        let upperBound = [log(1000.0)] + [Double](repeating: log(10.0), count: g) + [log(1.0)]
        func clamp(_ t: [Double]) -> [Double] {
            var c = t
            for i in c.indices { c[i] = min(upperBound[i], max(lowerBound[i], c[i].isFinite ? c[i] : 0)) }
            return c
        }
        let workspace = LikelihoodWorkspace(n: n)
        func objective(_ t: [Double], withGradient: Bool) -> (value: Double, gradient: [Double]) {
            var r = negativeLogLikelihoodAndGradient(theta: t, pairs: pairs, targets: standardized, workspace: workspace,
                                                     withGradient: withGradient)
            for i in t.indices {
                let excess = t[i] > upperBound[i] ? t[i] - upperBound[i] : (t[i] < lowerBound[i] ? t[i] - lowerBound[i] : 0)
                r.value += 10 * excess * excess
                if withGradient { r.gradient[i] += 20 * excess }
            }
            return r
        }
        var starts: [[Double]] = []
        let defaultStart = [0] + [Double](repeating: log(0.3), count: g) + [log(1e-3)]
        if let w = warmStart, w.lengthScales.count == g, w.signalVariance > 0, w.lengthScales.allSatisfy({ $0 > 0 }) {
            starts.append(clamp([log(w.signalVariance / variance)] + w.lengthScales.map { log($0) }
                                + [log(max(w.noiseVariance / variance, 1e-300))]))
            // The default start competes with the warm start while fits are cheap: otherwise a fit that once
            // fell into a short length scale (a surrogate that dips at each point and is flat between them)
            // keeps it although a smooth fit has a clearly higher likelihood (1.2 to 5 nats measured on
            // Gramacy-Lee from 8 to 15 points).
            if inputs.count <= 100 { starts.append(defaultStart) }
        } else {
            starts.append(defaultStart)
        }
        var rng = SeededGenerator(seed: seed)
        for _ in 0..<max(0, restarts) {
            starts.append((0..<(g + 2)).map { lowerBound[$0] + rng.nextUnit() * (upperBound[$0] - lowerBound[$0]) })
        }
        var best: (x: [Double], value: Double)?
        for s in starts {
            let r = lbfgs(start: s, maxIterations: max(1, maxIterations), gradientTolerance: 1e-3, relativeTolerance: 1e-7,
                          value: { objective($0, withGradient: false).value }, valueAndGradient: { objective($0, withGradient: true) })
            if r.value.isFinite, best.map({ r.value < $0.value }) ?? true { best = r }
        }
        let t = clamp(best?.x ?? starts[0])
        let h = Hyperparameters(signalVariance: exp(t[0]) * variance,
                                lengthScales: t[1..<(g + 1)].map { exp($0) },
                                noiseVariance: exp(t[g + 1]) * variance)
        return try GaussianProcess(inputs: inputs, targets: targets, hyperparameters: h, coordinateGroups: groups)
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
                                let kp = k.baseAddress!, Lp = L.baseAddress!
                                for i in 0..<n {
                                    let row = Lp + i &* n
                                    let v = (kp[i] - dot(row, kp, i)) / row[i]
                                    kp[i] = v
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

/// Squared coordinate differences of all pairs i > j, summed within each length-scale group and stored per
/// pair as `groupCount` consecutive values (pairs in the order (1,0), (2,0), (2,1), (3,0), ...).
struct PairwiseDifferences {
    let n: Int
    let d: Int
    let squared: [Double]  // n(n-1)/2 x d (d = number of groups)

    init(_ flat: [Double], n: Int, d width: Int, groups: [Int], groupCount: Int) {
        self.n = n
        self.d = groupCount
        var s = [Double](repeating: 0, count: n * (n - 1) / 2 * groupCount)
        var p = 0
        for i in 0..<n {
            for j in 0..<i {
                for c in 0..<width {
                    let diff = flat[i * width + c] - flat[j * width + c]
                    s[p + groups[c]] += diff * diff
                }
                p += groupCount
            }
        }
        squared = s
    }
}

/// The number of groups, checking that `groups` has one entry per coordinate and uses each of 0..<count.
func checkedGroupCount(_ groups: [Int], width: Int) throws(TuningError) -> Int {
    let count = (groups.max() ?? -1) + 1
    guard groups.count == width, groups.allSatisfy({ $0 >= 0 }), Set(groups).count == count else {
        throw TuningError.surrogate("coordinate groups must give each input coordinate a group in 0..<groups, using every group")
    }
    return count
}

/// Reused n x n buffers of the likelihood evaluations of one hyperparameter fit (no fresh pages per
/// evaluation): the kernel matrix (later overwritten by K^-1), its Cholesky factor, and L^-1 transposed;
/// and the hyperparameters the factor belongs to, so that the gradient at the point whose value was just
/// computed does not factor the same matrix again.
final class LikelihoodWorkspace {
    let n: Int
    var kernel: [Double]
    var lower: [Double]
    var inverseTransposed: [Double]
    var alpha: [Double]
    /// theta of the factor in `lower` and `alpha`, and its log likelihood; nil when they hold none.
    var factored: (theta: [Double], logLikelihood: Double)?

    init(n: Int) {
        self.n = n
        kernel = [Double](repeating: 0, count: n * n)
        lower = kernel
        inverseTransposed = kernel
        alpha = [Double](repeating: 0, count: n)
    }
}

/// Sum of a[k] * b[k] for k in 0..<count, with four-lane vector accumulators and fused multiply-add (the
/// summation order differs from a plain loop; the result agrees to rounding).
@inline(__always)
func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ count: Int) -> Double {
    var s0 = SIMD4<Double>(), s1 = SIMD4<Double>()
    var k = 0
    while k &+ 8 <= count {
        let a0 = UnsafeRawPointer(a + k).loadUnaligned(as: SIMD4<Double>.self)
        let b0 = UnsafeRawPointer(b + k).loadUnaligned(as: SIMD4<Double>.self)
        let a1 = UnsafeRawPointer(a + (k &+ 4)).loadUnaligned(as: SIMD4<Double>.self)
        let b1 = UnsafeRawPointer(b + (k &+ 4)).loadUnaligned(as: SIMD4<Double>.self)
        s0.addProduct(a0, b0)
        s1.addProduct(a1, b1)
        k &+= 8
    }
    if k &+ 4 <= count {
        s0.addProduct(UnsafeRawPointer(a + k).loadUnaligned(as: SIMD4<Double>.self),
                      UnsafeRawPointer(b + k).loadUnaligned(as: SIMD4<Double>.self))
        k &+= 4
    }
    var sum = (s0 + s1).sum()
    while k < count { sum = sum.addingProduct(a[k], b[k]); k &+= 1 }
    return sum
}

/// -ln p(y | X, theta) and its gradient for theta = [ln s2, ln l_1 ... ln l_g, ln noise] (Rasmussen and
/// Williams 2006, eqs. 2.30 and 5.9: d/dtheta ln p = 1/2 tr((alpha alpha^T - K^-1) dK/dtheta)), with
/// dk/d ln l_k = s2 (5/3)(1 + sqrt(5) r) exp(-sqrt(5) r) S_k / l_k^2 for the Matern 5/2 kernel
/// (S_k: the group's squared distance).
///
/// One inverse per evaluation: V = L^-1 (stored transposed, one triangular pass) and K^-1 = V^T V (lower
/// triangle, a second pass), both as contiguous vector dot products, in `workspace`'s reused buffers.
/// With `withGradient` false only the value is computed (one factorization, no inverse: a trial step of the
/// line search that may be rejected) and the gradient is empty; a following call with the same theta and
/// the same workspace reuses that factorization.
func negativeLogLikelihoodAndGradient(theta: [Double], pairs: PairwiseDifferences, targets y: [Double],
                                      workspace: LikelihoodWorkspace? = nil,
                                      withGradient: Bool = true) -> (value: Double, gradient: [Double]) {
    let n = pairs.n, g = pairs.d
    let work = workspace ?? LikelihoodWorkspace(n: n)
    let s2 = exp(theta[0]), noise = exp(theta[g + 1])
    let w = (0..<g).map { exp(-2 * theta[1 + $0]) }
    let logLikelihood: Double
    if let factored = work.factored, factored.theta == theta {
        logLikelihood = factored.logLikelihood
    } else {
        logLikelihood = factorInPlace(pairs: pairs, inverseSquaredScales: w, signalVariance: s2, noiseVariance: noise,
                                      targets: y, workspace: work).logLikelihood
        work.factored = (theta, logLikelihood)
    }
    guard withGradient else { return (logLikelihood.isFinite ? -logLikelihood : .infinity, []) }
    var gradient = [Double](repeating: 0, count: g + 2)
    guard logLikelihood.isFinite else { return (.infinity, gradient) }
    // Column j of V solves L v = e_j; v_i for i >= j, written to VT[j, i]. Then K^-1_ij = sum_{k >= i} V_ki V_kj
    // for j <= i, written over the kernel matrix (no longer needed).
    work.lower.withUnsafeBufferPointer { Lb in
        work.inverseTransposed.withUnsafeMutableBufferPointer { VTb in
            let L = Lb.baseAddress!, VT = VTb.baseAddress!
            for j in 0..<n {
                let row = VT + j &* n
                row[j] = 1 / L[j &* n &+ j]
                var i = j &+ 1
                while i < n {
                    let li = L + i &* n
                    row[i] = -dot(li + j, row + j, i &- j) / li[i]
                    i &+= 1
                }
            }
        }
    }
    work.inverseTransposed.withUnsafeBufferPointer { VTb in
        work.kernel.withUnsafeMutableBufferPointer { Kb in
            let VT = VTb.baseAddress!, Ki = Kb.baseAddress!
            for i in 0..<n {
                let ri = VT + i &* n
                for j in 0...i {
                    Ki[i &* n &+ j] = dot(ri + i, VT + (j &* n &+ i), n &- i)
                }
            }
        }
    }
    let alpha = work.alpha
    gradient.withUnsafeMutableBufferPointer { G in
        work.kernel.withUnsafeBufferPointer { Ki in
            pairs.squared.withUnsafeBufferPointer { sq in
                var p = 0
                for i in 0..<n {
                    for j in 0..<i {
                        let wij = alpha[i] * alpha[j] - Ki[i &* n &+ j]   // counted twice by symmetry, times 1/2
                        var r2 = 0.0
                        for c in 0..<g { r2 += w[c] * sq[p + c] }
                        let r5 = (5 * r2).squareRoot()
                        let e = exp(-r5)
                        G[0] += wij * s2 * (1 + r5 + 5 * r2 / 3) * e
                        let common = wij * s2 * (5.0 / 3.0) * (1 + r5) * e
                        for c in 0..<g { G[1 + c] += common * w[c] * sq[p + c] }
                        p += g
                    }
                    let wii = 0.5 * (alpha[i] * alpha[i] - Ki[i &* n &+ i])
                    G[0] += wii * s2
                    G[g + 1] += wii * noise
                }
            }
        }
    }
    for k in 0..<(g + 2) { gradient[k] = -gradient[k] }
    return (-logLikelihood, gradient)
}

/// Minimizes a smooth function by limited-memory BFGS (memory 6) with a backtracking Armijo line search.
/// Source: Nocedal and Wright, *Numerical Optimization*, 2nd ed., Springer 2006, Algorithms 7.4 and 3.1.
/// Stops after `maxIterations`, when the gradient norm is below `gradientTolerance`, or when a step improves
/// by less than `relativeTolerance` times max(1, |f|). Non-finite values are treated as +infinity (the step is shortened).
func lbfgs(start: [Double], maxIterations: Int, gradientTolerance: Double = 1e-5, relativeTolerance: Double = 1e-10, _ f: ([Double]) -> (value: Double, gradient: [Double])) -> (x: [Double], value: Double) {
    lbfgs(start: start, maxIterations: maxIterations, gradientTolerance: gradientTolerance, relativeTolerance: relativeTolerance,
          value: { f($0).value }, valueAndGradient: f)
}

/// As above, with the value on its own for the line search's trial points (`value`, cheaper when the
/// gradient costs more than the value) and value and gradient together (`valueAndGradient`) at the start
/// and at each accepted point. The two must agree: the iterates are the same as with one function.
func lbfgs(start: [Double], maxIterations: Int, gradientTolerance: Double, relativeTolerance: Double,
           value: ([Double]) -> Double, valueAndGradient f: ([Double]) -> (value: Double, gradient: [Double])) -> (x: [Double], value: Double) {
    let m = 6
    var x = start
    var (fx, gx) = f(x)
    guard fx.isFinite else { return (x, .infinity) }
    var sList: [[Double]] = [], yList: [[Double]] = [], rho: [Double] = []
    func dot(_ a: [Double], _ b: [Double]) -> Double { var s = 0.0; for i in a.indices { s += a[i] * b[i] }; return s }
    for _ in 0..<maxIterations {
        if dot(gx, gx).squareRoot() < gradientTolerance { break }
        // Two-loop recursion for the direction -H g.
        var q = gx
        var a = [Double](repeating: 0, count: sList.count)
        for k in stride(from: sList.count - 1, through: 0, by: -1) {
            a[k] = rho[k] * dot(sList[k], q)
            for i in q.indices { q[i] -= a[k] * yList[k][i] }
        }
        if let sl = sList.last, let yl = yList.last {
            let gamma = dot(sl, yl) / max(dot(yl, yl), 1e-300)
            for i in q.indices { q[i] *= gamma }
        } else {
            let norm = dot(gx, gx).squareRoot()
            for i in q.indices { q[i] /= max(norm, 1) }  // first step: at most unit length
        }
        for k in 0..<sList.count {
            let b = rho[k] * dot(yList[k], q)
            for i in q.indices { q[i] += sList[k][i] * (a[k] - b) }
        }
        var direction = q.map { -$0 }
        var slope = dot(gx, direction)
        if !(slope < 0) {  // not a descent direction: fall back to steepest descent
            direction = gx.map { -$0 }
            slope = -dot(gx, gx)
            sList.removeAll(); yList.removeAll(); rho.removeAll()
        }
        var t = 1.0
        var accepted: (x: [Double], f: Double, g: [Double])?
        for _ in 0..<30 {
            let xn = zip(x, direction).map { $0 + t * $1 }
            let fn = value(xn)
            if fn.isFinite && fn <= fx + 1e-4 * t * slope { accepted = (xn, fn, f(xn).gradient); break }
            t *= 0.5
        }
        guard let step = accepted else { break }
        let s = zip(step.x, x).map { $0 - $1 }
        let y = zip(step.g, gx).map { $0 - $1 }
        let sy = dot(s, y)
        let improvement = fx - step.f
        x = step.x; fx = step.f; gx = step.g
        if sy > 1e-12 {
            sList.append(s); yList.append(y); rho.append(1 / sy)
            if sList.count > m { sList.removeFirst(); yList.removeFirst(); rho.removeFirst() }
        }
        if improvement <= relativeTolerance * max(1, abs(fx)) { break }
    }
    return (x, fx)
}

/// Builds K = k(X, X) + (noise + jitter) I, factors it, solves for alpha and returns the log likelihood.
/// Jitter starts at 1e-10 s2 and grows tenfold until the factorization succeeds.
func conditionedFactor(pairs: PairwiseDifferences, inverseSquaredScales w: [Double], signalVariance s2: Double,
                       noiseVariance: Double, targets y: [Double])
    -> (lower: [Double], alpha: [Double], jitter: Double, logLikelihood: Double) {
    let work = LikelihoodWorkspace(n: pairs.n)
    let r = factorInPlace(pairs: pairs, inverseSquaredScales: w, signalVariance: s2, noiseVariance: noiseVariance,
                          targets: y, workspace: work)
    return (work.lower, work.alpha, r.jitter, r.logLikelihood)
}

/// As `conditionedFactor`, leaving K (lower triangle) in `workspace.kernel`, L in `workspace.lower` and
/// alpha in `workspace.alpha`.
func factorInPlace(pairs: PairwiseDifferences, inverseSquaredScales w: [Double], signalVariance s2: Double,
                   noiseVariance: Double, targets y: [Double], workspace work: LikelihoodWorkspace)
    -> (jitter: Double, logLikelihood: Double) {
    let n = pairs.n, d = pairs.d
    work.kernel.withUnsafeMutableBufferPointer { K in
        pairs.squared.withUnsafeBufferPointer { sq in
            w.withUnsafeBufferPointer { wp in
                var p = 0
                for i in 0..<n {
                    for j in 0..<i {
                        var r2 = 0.0
                        for c in 0..<d { r2 += wp[c] * sq[p + c] }
                        p += d
                        K[i &* n &+ j] = matern52(r2: r2, signalVariance: s2)
                    }
                    K[i &* n &+ i] = s2 + noiseVariance
                }
            }
        }
    }
    var jitter = 1e-10 * s2
    for _ in 0..<12 {
        work.lower.withUnsafeMutableBufferPointer { L in
            work.kernel.withUnsafeBufferPointer { K in
                for i in 0..<n { (L.baseAddress! + i &* n).update(from: K.baseAddress! + i &* n, count: i &+ 1) }
            }
        }
        if cholesky(&work.lower, n: n, diagonalAddition: jitter) { break }
        jitter *= 10
    }
    // alpha = L^-T L^-1 y
    for i in 0..<n { work.alpha[i] = y[i] }
    var logDet = 0.0
    work.lower.withUnsafeBufferPointer { Lb in
        work.alpha.withUnsafeMutableBufferPointer { ab in
            let Lp = Lb.baseAddress!, a = ab.baseAddress!
            for i in 0..<n {
                let li = Lp + i &* n
                a[i] = (a[i] - dot(li, a, i)) / li[i]
                logDet += log(li[i])
            }
            for i in stride(from: n - 1, through: 0, by: -1) {
                var sum = a[i]
                var j = i &+ 1
                while j < n { sum -= Lp[j &* n &+ i] * a[j]; j &+= 1 }
                a[i] = sum / Lp[i &* n &+ i]
            }
        }
    }
    var fit = 0.0
    for i in 0..<n { fit += y[i] * work.alpha[i] }
    let ll = -0.5 * fit - logDet - 0.5 * Double(n) * log(2 * Double.pi)
    return (jitter, ll.isFinite ? ll : -.infinity)
}

/// In-place Cholesky factorization A + diagonalAddition I = L L^T of a symmetric n x n matrix whose lower
/// triangle is filled (row-major; the upper triangle is ignored and set to zero). Returns false when a pivot
/// is not positive (not positive definite). Source: Golub and Van Loan, *Matrix Computations*, 4th ed.,
/// Algorithm 4.2.1 (row-oriented: every inner product runs over two contiguous rows).
func cholesky(_ a: inout [Double], n: Int, diagonalAddition: Double) -> Bool {
    a.withUnsafeMutableBufferPointer { Ab in
        let A = Ab.baseAddress!
        for i in 0..<n {
            let ri = A + i &* n
            var j = 0
            while j < i {
                let rj = A + j &* n
                ri[j] = (ri[j] - dot(ri, rj, j)) / rj[j]
                j &+= 1
            }
            let diag = ri[i] + diagonalAddition - dot(ri, ri, i)
            guard diag > 0, diag.isFinite else { return false }
            ri[i] = diag.squareRoot()
            var k = i &+ 1
            while k < n { ri[k] = 0; k &+= 1 }
        }
        return true
    }
}
