// The one scale policy of every hyperlab chart: when an axis is logarithmic, how far a flat
// curve may be zoomed, and how best-so-far values become a gap to a known optimum.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The scale policy shared by all charts, so that the same data always gets the same axes:
///
/// - **y axis**: log (base 10) when the plotted finite values are all >= 0 and the positive ones
///   span more than `logSpanRatio` (two decades), else linear. One decision per chart, taken
///   over all its series together, so every series of a chart shares one scale.
/// - **"log" in the axis title**: a log axis always says so ("loss (log scale)"); the renderer
///   adds the words when the caller's axis name does not contain "log".
/// - **No padding by whole decades**: a log axis ends at the data rounded outward to 1, 2, 3 or
///   5 x 10^n, not at the next power of ten.
/// - **Minimum span**: a linear y axis spans at least `minimumRelativeSpan` (10%) of the largest
///   absolute value drawn, so noise on a flat curve stays flat instead of being blown up to the
///   full height; the chart then says "flat: 0.6931 ± 0.0004" (middle ± half the range).
/// - **x axis**: log when the x values are positive, span at least a decade, and are more
///   evenly spaced in log10 than linearly (sweeps of learning rate or l2 at 1e-4, 1e-3, ...).
/// - **Regret**: best-so-far charts against a known optimum plot the gap
///   `min(values[0...i]) - optimum` on a log y axis (`regret(bestSoFarOf:optimum:)`).
public enum ScalePolicy {
    /// Largest / smallest positive value above which y is logarithmic (100: two decades).
    public static let logSpanRatio: Double = 100
    /// Least span of a linear y axis, as a share of the largest absolute value plotted.
    public static let minimumRelativeSpan: Double = 0.1

    /// The y scale for `values` (all series of one chart, plus any reference value): log when
    /// no finite value is negative and the positive finite values span more than `logSpanRatio`.
    /// NaN and infinities are ignored; zeros are allowed (a log chart leaves them out and counts them).
    public static func yScale(values: [Double]) -> AxisScale {
        var low = Double.infinity, high = 0.0
        for v in values where v.isFinite {
            if v < 0 { return .linear }
            if v > 0 { low = min(low, v); high = max(high, v) }
        }
        guard low.isFinite, high > 0 else { return .linear }
        return high / low > logSpanRatio ? .log : .linear
    }

    /// The y scale for the series of one chart (their ys and markers) and an optional reference line.
    public static func yScale(for series: [Series], reference: ReferenceLine? = nil) -> AxisScale {
        var values: [Double] = []
        for s in series {
            values.append(contentsOf: s.ys)
            values.append(contentsOf: s.markers.map(\.y))
        }
        if let reference { values.append(reference.y) }
        return yScale(values: values)
    }

    /// The x scale for sweep values: log when all finite values are positive, the largest is at
    /// least 10 times the smallest, and the distinct sorted values have steps more even in log10
    /// than in value (smaller coefficient of variation of the steps); two distinct values count
    /// as log-spaced when they differ by a factor of 100 or more. Else linear.
    public static func xScale(values: [Double]) -> AxisScale {
        let finite = values.filter(\.isFinite)
        guard !finite.isEmpty, finite.allSatisfy({ $0 > 0 }) else { return .linear }
        var distinct = Array(Set(finite)).sorted()
        distinct.removeAll { !$0.isFinite }
        guard let low = distinct.first, let high = distinct.last, high / low >= 10 else { return .linear }
        if distinct.count == 2 { return high / low >= 100 ? .log : .linear }
        func variation(_ v: [Double]) -> Double {
            let steps = zip(v.dropFirst(), v).map { $0 - $1 }
            let mean = steps.reduce(0, +) / Double(steps.count)
            let variance = steps.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(steps.count)
            return mean > 0 ? variance.squareRoot() / mean : .infinity
        }
        return variation(distinct.map { log10($0) }) < variation(distinct) ? .log : .linear
    }

    /// The gap to a known optimum of a best-so-far curve: element i is
    /// `min(values[0...i]) - optimum` (NaN values are skipped by the running minimum; NaN until
    /// the first number). Plot it on a log y axis: a gap of 0 (the optimum found) cannot be
    /// drawn there and is counted in the chart's note.
    public static func regret(bestSoFarOf values: [Double], optimum: Double) -> [Double] {
        var best = Double.nan
        return values.map { v in
            if !v.isNaN && (best.isNaN || v < best) { best = v }
            return best - optimum
        }
    }

    /// The text of a flat curve's note, "flat: 0.6931 ± 0.0004": the middle of `low...high` and
    /// half its width, to the decimal of half the width's first significant digit.
    static func flatNote(low: Double, high: Double) -> String {
        let middle = low / 2 + high / 2
        let half = (high - low) / 2
        guard half > 0, half.isFinite else { return "flat: " + formatSignificant(middle, digits: 4) + " (all equal)" }
        let magnitude = max(abs(middle), half)
        if magnitude >= 1e6 || magnitude < 1e-4 {
            return "flat: " + formatSignificant(middle, digits: 4) + " ± " + formatSignificant(half, digits: 1)
        }
        let decimals = max(0, -Int(floor(log10(half))))
        func fixed(_ v: Double) -> String {
            formatFixed(Int64((scaledByPowerOfTen(v, decimals)).rounded()), exponent: -decimals, decimals: decimals)
        }
        return "flat: " + fixed(middle) + " ± " + fixed(half)
    }
}

extension LineChart {
    /// This chart with its y scale chosen by `ScalePolicy` over all series and the reference
    /// line, and, when `sweepX` is true, its x scale too (`ScalePolicy.xScale` of all xs).
    public func withScalePolicy(sweepX: Bool = false) -> LineChart {
        var chart = self
        chart.yScale = ScalePolicy.yScale(for: series, reference: reference)
        if sweepX { chart.xScale = ScalePolicy.xScale(values: series.flatMap(\.xs)) }
        return chart
    }
}
