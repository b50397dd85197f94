import Vocabulary
import Foundation

/// One-sided tests that paired differences d_i (the run's loss on row i minus a probe's) are
/// positive beyond chance: the probe is better on the same rows, not just on average by luck.
enum PairedTest {
    /// The z value both tests must reach (one-sided, about 2.3%).
    static let z = 2.0

    /// True when the paired t statistic mean(d) / (sd(d)/√n) or the Wilcoxon signed-rank statistic
    /// reaches `z`. The mean test sees large gains on few rows; the rank test is not thrown off by
    /// one huge row loss (an extrapolated point), which inflates sd(d). Either alone is a test at
    /// about 2.3%; accepting either keeps the error below 5%.
    static func favours(_ d: [Double]) -> Bool {
        meanStatistic(d) >= z || signedRankStatistic(d) >= z
    }

    /// mean(d) / (s/√n), s the sample standard deviation; +infinity when every d_i is the same
    /// positive number, 0 for fewer than 2 values. Source: paired t statistic, D. Freedman,
    /// R. Pisani, R. Purves, *Statistics*, 4th ed. (2007), ch. 26.
    static func meanStatistic(_ d: [Double]) -> Double {
        let values = d.filter(\.isFinite)
        guard values.count >= 2 else { return 0 }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        if variance == 0 { return mean > 0 ? .infinity : 0 }
        return mean / (variance / n).squareRoot()
    }

    /// The normal approximation of the Wilcoxon signed-rank statistic: zero differences dropped, ties
    /// given their average rank, z = (W+ − n(n+1)/4) / √(n(n+1)(2n+1)/24), W+ the rank sum of the
    /// positive differences; 0 for fewer than 2 non-zero values. Source: F. Wilcoxon (1945),
    /// "Individual comparisons by ranking methods", Biometrics Bulletin 1(6); the normal
    /// approximation as in E.L. Lehmann, *Nonparametrics* (1975), ch. 3.
    static func signedRankStatistic(_ d: [Double]) -> Double {
        let values = d.filter { $0.isFinite && $0 != 0 }
        guard values.count >= 2 else { return 0 }
        let order = values.indices.sorted { abs(values[$0]) < abs(values[$1]) }
        var ranks = [Double](repeating: 0, count: values.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && abs(values[order[j + 1]]) == abs(values[order[i]]) { j += 1 }
            let average = Double(i + j) / 2 + 1
            for k in i...j { ranks[order[k]] = average }
            i = j + 1
        }
        let n = Double(values.count)
        let positive = values.indices.filter { values[$0] > 0 }.reduce(0.0) { $0 + ranks[$1] }
        let mean = n * (n + 1) / 4
        let deviation = (n * (n + 1) * (2 * n + 1) / 24).squareRoot()
        return (positive - mean) / deviation
    }
}
