import Vocabulary
import Foundation

/// Expected improvement for minimization, in closed form.
///
/// For a Gaussian prediction with mean mu and standard deviation sigma and the best value seen so far `best`,
/// EI = E[max(best - Y, 0)] = (best - mu) Phi(z) + sigma phi(z), z = (best - mu) / sigma
/// (Jones, Schonlau and Welch, "Efficient global optimization of expensive black-box functions",
/// Journal of Global Optimization 13, 1998, eq. 15). With sigma = 0 it is max(best - mu, 0).
public enum ExpectedImprovement {
    /// EI in the units of the objective (>= 0). NaN inputs give 0.
    public static func value(mean: Double, standardDeviation: Double, best: Double) -> Double {
        guard mean.isFinite, standardDeviation.isFinite, best.isFinite else { return 0 }
        guard standardDeviation > 0 else { return max(best - mean, 0) }
        let z = (best - mean) / standardDeviation
        return max(0, (best - mean) * normalCDF(z) + standardDeviation * normalPDF(z))
    }

    /// ln EI, accurate where EI underflows (far from the best), so that candidates can still be ranked.
    /// Uses ln(sigma) + ln(z Phi(z) + phi(z)), with the asymptotic series of the Mills ratio for z < -6
    /// (Abramowitz and Stegun, *Handbook of Mathematical Functions*, 26.2.12). Returns -infinity for no improvement.
    public static func logValue(mean: Double, standardDeviation: Double, best: Double) -> Double {
        guard mean.isFinite, standardDeviation.isFinite, best.isFinite else { return -.infinity }
        guard standardDeviation > 0 else { return log(max(best - mean, 0)) }
        let z = (best - mean) / standardDeviation
        if z > -6 {
            return log(standardDeviation) + log(max(z * normalCDF(z) + normalPDF(z), .leastNormalMagnitude))
        }
        // z Phi(z) + phi(z) = phi(z) / z^2 * (1 - 3/z^2 + 15/z^4 - ...) for z -> -infinity.
        let z2 = z * z
        let series = 1 - 3 / z2 + 15 / (z2 * z2) - 105 / (z2 * z2 * z2)
        return log(standardDeviation) - 0.5 * z2 - 0.5 * log(2 * Double.pi) - log(z2) + log(series)
    }
}

/// Standard normal density.
@inline(__always) func normalPDF(_ z: Double) -> Double { exp(-0.5 * z * z) / (2 * Double.pi).squareRoot() }

/// Standard normal distribution function, through erfc for accuracy in the lower tail.
@inline(__always) func normalCDF(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }
