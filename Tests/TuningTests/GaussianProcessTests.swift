import Vocabulary
import Foundation
import Testing
@testable import Tuning

/// Independent computation: the 3 x 3 inverse by the cofactor (adjugate) formula, not Cholesky.
func inverse3(_ a: [[Double]]) -> [[Double]] {
    func c(_ r: Int, _ k: Int) -> Double {
        let rows = (0..<3).filter { $0 != r }, cols = (0..<3).filter { $0 != k }
        let m = a[rows[0]][cols[0]] * a[rows[1]][cols[1]] - a[rows[0]][cols[1]] * a[rows[1]][cols[0]]
        return ((r + k) % 2 == 0 ? 1 : -1) * m
    }
    let det = a[0][0] * c(0, 0) + a[0][1] * c(0, 1) + a[0][2] * c(0, 2)
    return (0..<3).map { i in (0..<3).map { j in c(j, i) / det } }
}

func determinant3(_ a: [[Double]]) -> Double {
    a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
        + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0])
}

/// Matern 5/2 written out again from Rasmussen and Williams (2006), eq. 4.17, with r = |x - x'| / l.
func maternDirect(_ x: [Double], _ y: [Double], s2: Double, l: [Double]) -> Double {
    var r2 = 0.0
    for i in x.indices { r2 += pow((x[i] - y[i]) / l[i], 2) }
    let r = r2.squareRoot()
    return s2 * (1 + 5.0.squareRoot() * r + 5 * r * r / 3) * exp(-5.0.squareRoot() * r)
}

@Suite struct GaussianProcessTests {
    let x: [[Double]] = [[0.1, 0.2], [0.5, 0.9], [0.8, 0.4]]
    let y: [Double] = [1.3, -0.4, 0.7]
    let h = GaussianProcess.Hyperparameters(signalVariance: 1.7, lengthScales: [0.4, 0.6], noiseVariance: 0.05)

    @Test func posteriorMatchesCofactorInverse() throws {
        let gp = try GaussianProcess(inputs: x, targets: y, hyperparameters: h)
        let m = y.reduce(0, +) / 3
        var k = (0..<3).map { i in (0..<3).map { j in maternDirect(x[i], x[j], s2: h.signalVariance, l: h.lengthScales) } }
        for i in 0..<3 { k[i][i] += h.noiseVariance }
        let kinv = inverse3(k)
        for point in [[0.3, 0.3], [0.5, 0.9], [0.95, 0.05], [0.6, 0.5]] {
            let ks = (0..<3).map { maternDirect(point, x[$0], s2: h.signalVariance, l: h.lengthScales) }
            var mean = m, quad = 0.0
            for i in 0..<3 {
                for j in 0..<3 {
                    mean += ks[i] * kinv[i][j] * (y[j] - m)
                    quad += ks[i] * kinv[i][j] * ks[j]
                }
            }
            let variance = h.signalVariance - quad
            let p = gp.predict(point)
            #expect(abs(p.mean - mean) < 1e-7, "mean at \(point): \(p.mean) vs \(mean)")
            #expect(abs(p.variance - variance) < 1e-7, "variance at \(point): \(p.variance) vs \(variance)")
        }
        // Log marginal likelihood, Rasmussen and Williams (2006) eq. 2.30, with the cofactor inverse and determinant.
        var fit = 0.0
        for i in 0..<3 { for j in 0..<3 { fit += (y[i] - m) * kinv[i][j] * (y[j] - m) } }
        let lml = -0.5 * fit - 0.5 * log(determinant3(k)) - 1.5 * log(2 * Double.pi)
        #expect(abs(gp.logMarginalLikelihood - lml) < 1e-7)
    }

    @Test func repeatedPointsDoNotBreakTheFactorization() throws {
        let xs: [[Double]] = [[0.5], [0.5], [0.5], [0.2], [0.2]]
        let ys: [Double] = [1, 1, 1.0000001, 3, 3]
        let noiseless = GaussianProcess.Hyperparameters(signalVariance: 1, lengthScales: [0.3], noiseVariance: 0)
        let gp = try GaussianProcess(inputs: xs, targets: ys, hyperparameters: noiseless)
        let p = gp.predict([0.5])
        #expect(p.mean.isFinite && p.variance.isFinite)
        #expect(abs(p.mean - 1) < 1e-3)
        #expect(gp.jitter > 0)
        let fitted = try GaussianProcess.fitted(inputs: xs, targets: ys, seed: 1)
        #expect(fitted.predict([0.35]).mean.isFinite)
    }

    @Test func fittingDoesNotLowerTheLikelihoodOfTheDefaultStart() throws {
        // 12 points of a smooth function; the fit must do at least as well as its own starting hyperparameters.
        let xs = (0..<12).map { [Double($0) / 11] }
        let ys = xs.map { sin(6 * $0[0]) + 0.5 * $0[0] }
        let fitted = try GaussianProcess.fitted(inputs: xs, targets: ys, seed: 4)
        let mean = ys.reduce(0, +) / 12
        let variance = ys.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 12
        let start = try GaussianProcess(inputs: xs, targets: ys, hyperparameters: .init(
            signalVariance: variance, lengthScales: [0.3], noiseVariance: 1e-3 * variance))
        #expect(fitted.logMarginalLikelihood >= start.logMarginalLikelihood - 1e-9)
        // And it interpolates a held-out point of the smooth function well.
        #expect(abs(fitted.predict([0.5]).mean - (sin(3) + 0.25)) < 0.05)
    }

    @Test func rejectsBadData() {
        #expect(throws: TuningError.self) { try GaussianProcess.fitted(inputs: [], targets: []) }
        #expect(throws: TuningError.self) { try GaussianProcess.fitted(inputs: [[0.1], [0.2, 0.3]], targets: [1, 2]) }
        #expect(throws: TuningError.self) { try GaussianProcess.fitted(inputs: [[0.1]], targets: [.nan]) }
    }
}

@Suite struct ExpectedImprovementTests {
    /// E[max(best - Y, 0)] for Y ~ N(mu, sigma^2) by composite Simpson integration over [mu - 12 sigma, best].
    func integrated(mean: Double, sd: Double, best: Double) -> Double {
        let a = min(mean, best) - 12 * sd
        guard best > a else { return 0 }
        let n = 20000
        let h = (best - a) / Double(n)
        var sum = 0.0
        for i in 0...n {
            let y = a + Double(i) * h
            let f = (best - y) * exp(-0.5 * pow((y - mean) / sd, 2)) / (sd * (2 * Double.pi).squareRoot())
            sum += f * (i == 0 || i == n ? 1 : (i % 2 == 1 ? 4 : 2))
        }
        return sum * h / 3
    }

    @Test(arguments: [(0.0, 1.0, 0.0), (1.0, 0.5, 0.2), (-2.0, 3.0, 1.5), (5.0, 0.1, 4.5), (0.3, 2.0, -1.0)])
    func closedFormMatchesIntegration(mean: Double, sd: Double, best: Double) {
        let closed = ExpectedImprovement.value(mean: mean, standardDeviation: sd, best: best)
        let numeric = integrated(mean: mean, sd: sd, best: best)
        #expect(abs(closed - numeric) <= 1e-9 + 1e-7 * numeric, "\(closed) vs \(numeric)")
        #expect(abs(ExpectedImprovement.logValue(mean: mean, standardDeviation: sd, best: best) - log(numeric)) < 1e-5)
    }

    @Test func logValueIsAccurateInTheFarTail() {
        // z = -8 and -15: EI itself cancels or underflows; compare ln EI with ln of the integral.
        for (mean, best) in [(8.0, 0.0), (15.0, 0.0)] {
            let numeric = integrated(mean: mean, sd: 1, best: best)
            let l = ExpectedImprovement.logValue(mean: mean, standardDeviation: 1, best: best)
            #expect(abs(l - log(numeric)) < 1e-3, "\(l) vs \(log(numeric))")
        }
    }

    @Test func zeroDeviationIsThePlainImprovement() {
        #expect(ExpectedImprovement.value(mean: 1, standardDeviation: 0, best: 3) == 2)
        #expect(ExpectedImprovement.value(mean: 4, standardDeviation: 0, best: 3) == 0)
    }
}

@Suite struct LikelihoodGradientTests {
    /// The analytic gradient of -ln p(y | X, theta) against central finite differences of the value.
    @Test func gradientMatchesFiniteDifferences() throws {
        var inputs: [[Double]] = []
        var targets: [Double] = []
        for i in 0..<9 {
            let a = Double(i) / 8, b = Double((i * 5) % 9) / 8
            let first: Double = i % 3 == 0 ? 1 : 0
            inputs.append([a, b, first, 1 - first])
            targets.append(sin(4 * a) + b * b + 0.3 * first)
        }
        let groups = [0, 1, 2, 2]
        let pairs = PairwiseDifferences(inputs.flatMap { $0 }, n: 9, d: 4, groups: groups, groupCount: 3)
        let theta = [0.3, log(0.4), log(0.7), log(1.3), log(0.01)]
        let (_, gradient) = negativeLogLikelihoodAndGradient(theta: theta, pairs: pairs, targets: targets)
        for k in theta.indices {
            var up = theta, down = theta
            up[k] += 1e-5
            down[k] -= 1e-5
            let numeric = (negativeLogLikelihoodAndGradient(theta: up, pairs: pairs, targets: targets).value
                - negativeLogLikelihoodAndGradient(theta: down, pairs: pairs, targets: targets).value) / 2e-5
            #expect(abs(gradient[k] - numeric) < 1e-5 * max(1, abs(numeric)), "component \(k): \(gradient[k]) vs \(numeric)")
        }
    }

    @Test func lbfgsFindsTheRosenbrockMinimum() {
        // Rosenbrock's function, minimum 0 at (1, 1).
        let r = lbfgs(start: [-1.2, 1], maxIterations: 200) { x in
            let a = 1 - x[0], b = x[1] - x[0] * x[0]
            return (a * a + 100 * b * b, [-2 * a - 400 * x[0] * b, 200 * b])
        }
        #expect(abs(r.x[0] - 1) < 1e-4 && abs(r.x[1] - 1) < 1e-4)
    }
}
