// Axis tick choice: "nice" values 1, 2, 5 x 10^n (Heckbert, "Nice numbers for graph labels",
// Graphics Gems, 1990), loose labelling (the axis is widened to the outer ticks, so both
// ends carry a label), decimals following the step, and decades on log axes.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Scale of an axis.
public enum AxisScale: Sendable {
    /// Equal distances for equal differences.
    case linear
    /// Equal distances for equal ratios (base 10); values <= 0 cannot be drawn and are left out and counted.
    case log
}

/// One labelled position on an axis; `coordinate` is the value (linear) or its log10 (log axes).
struct Tick: Equatable {
    var coordinate: Double
    var label: String
}

/// The drawn extent of an axis in coordinates (value, or log10 of it) and its ticks.
struct AxisLayout {
    var lower: Double
    var upper: Double
    var ticks: [Tick]

    /// Position of `coordinate` in 0...1 along the axis; robust when upper - lower overflows.
    func fraction(_ coordinate: Double) -> Double {
        let span = upper - lower
        if span.isFinite && span > 0 { return (coordinate - lower) / span }
        let halfSpan = upper / 2 - lower / 2
        return halfSpan > 0 ? (coordinate / 2 - lower / 2) / halfSpan : 0.5
    }
}

/// Decades between log-axis labels when not every decade fits (`TickMaker.logTight`).
private let niceDecadeStrides = [1, 2, 3, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000]

enum TickMaker {
    /// Linear ticks for data in `lower...upper` (lower < upper, both finite): the smallest nice
    /// step that gives at most `maxTicks` ticks (one more when no nice step gives fewer) and that `accept` takes; `integerSteps` forbids
    /// steps below 1 (epochs). Labels use fixed notation with as many decimals as the step
    /// needs, or compact scientific notation for steps below 1e-4 or values from 1e6.
    /// With `tight`, the axis keeps exactly `lower...upper` and only ticks inside it are labelled
    /// (heatmaps, whose grid covers exactly the given range).
    static func linear(lower: Double, upper: Double, maxTicks: Int, integerSteps: Bool, tight: Bool = false,
                       accept: (AxisLayout) -> Bool) -> AxisLayout {
        let maxTicks = max(2, maxTicks)
        var span = upper - lower
        if !span.isFinite { span = .greatestFiniteMagnitude }
        let rough = span / Double(maxTicks - 1)
        let e0 = Int(floor(log10(rough)))
        // A second pass allows one tick more: with only two ticks wanted, data that straddles a
        // multiple of every step >= its span needs three.
        for allowed in [maxTicks, maxTicks + 1] {
          for e in (e0 - 1)...(e0 + 3) {
            for m: Int64 in [1, 2, 5] {
                let step = Double(m) * powerOfTen(e)
                if integerSteps && step < 1 { continue }
                guard step.isFinite, step > 0 else { continue }
                let a = lower / step
                let b = upper / step
                guard abs(a) < 1e15, abs(b) < 1e15 else { continue }
                let kLow = tight ? Int64(ceil(a - 1e-9)) : Int64(floor(a + 1e-9))
                let kHigh = tight ? Int64(floor(b + 1e-9)) : Int64(ceil(b - 1e-9))
                let count = kHigh - kLow + 1
                guard count >= 2, count <= Int64(allowed) else { continue }
                let low = decimalValue(kLow * m, e)
                let high = decimalValue(kHigh * m, e)
                guard low.isFinite, high.isFinite, low < high else { continue }
                let scientific = e <= -5 || max(abs(low), abs(high)) >= 1e6
                var ticks: [Tick] = []
                ticks.reserveCapacity(Int(count))
                for k in kLow...kHigh {
                    let n = k * m
                    let label = scientific ? formatScientific(n, exponent: e)
                                           : formatFixed(n, exponent: e, decimals: max(0, -e))
                    ticks.append(Tick(coordinate: decimalValue(n, e), label: label))
                }
                let layout = AxisLayout(lower: tight ? lower : low, upper: tight ? upper : high, ticks: ticks)
                if accept(layout) { return layout }
            }
          }
        }
        // Nothing nice fits: keep the data range, label its ends if they fit, else nothing.
        let lowLabel = formatSignificant(lower), highLabel = formatSignificant(upper)
        let ends = AxisLayout(lower: lower, upper: upper, ticks: [
            Tick(coordinate: Double(lowLabel) ?? lower, label: lowLabel),
            Tick(coordinate: Double(highLabel) ?? upper, label: highLabel),
        ])
        if accept(ends) { return ends }
        return AxisLayout(lower: lower, upper: upper, ticks: [])
    }
}

/// Mantissas an end of a log axis may be rounded to (so the ends are round numbers).
private let logEndMantissas: [Int64] = [1, 2, 3, 5]

extension TickMaker {
    /// Log ticks that do not pad the axis by whole decades: each end of the data
    /// (`lowerExponent...upperExponent`, log10 of the values) is rounded outward to the nearest
    /// 1, 2, 3 or 5 x 10^n, and both ends are labelled. Between them: labels at 1, 2, 5 x 10^n
    /// when they fit, else at 1, 3 x 10^n, else every decade, else every k-th decade (k in 2, 3, 5,
    /// 10, ...); an inner label too close to an end is dropped when that is what keeps the labels
    /// apart (`accept` decides). Fixed notation when every label is within 1e-3...1e4, else scientific.
    static func logTight(lowerExponent: Double, upperExponent: Double, maxTicks: Int,
                         accept: (AxisLayout) -> Bool) -> AxisLayout {
        var low = roundedEnd(lowerExponent, up: false)
        var high = roundedEnd(upperExponent, up: true)
        if high.coordinate <= low.coordinate + 1e-9 {
            low = roundedEnd(lowerExponent - 0.15, up: false)
            high = roundedEnd(upperExponent + 0.15, up: true)
        }
        let scientific = low.exponent < -3 || high.exponent > 4 || (high.exponent == 4 && high.mantissa > 1)
        func tick(_ m: Int64, _ d: Int) -> Tick {
            Tick(coordinate: Double(d) + log10(Double(m)),
                 label: scientific ? formatScientific(m, exponent: d) : formatFixed(m, exponent: d, decimals: max(0, -d)))
        }
        let lowTick = tick(low.mantissa, low.exponent), highTick = tick(high.mantissa, high.exponent)
        let epsilon = 1e-9
        func inner(mantissas: [Int64], stride: Int) -> [Tick] {
            var ticks: [Tick] = []
            for d in low.exponent...high.exponent where d % stride == 0 || stride == 1 {
                for m in mantissas {
                    let t = tick(m, d)
                    if t.coordinate > lowTick.coordinate + epsilon && t.coordinate < highTick.coordinate - epsilon { ticks.append(t) }
                }
            }
            return ticks
        }
        let decades = high.exponent - low.exponent + 1
        var candidates: [[Tick]] = [inner(mantissas: [1, 2, 5], stride: 1), inner(mantissas: [1, 3], stride: 1)]
        for stride in niceDecadeStrides where stride == 1 || stride <= decades {
            candidates.append(inner(mantissas: [1], stride: stride))
        }
        candidates.append([])
        for ticks in candidates where ticks.count + 2 <= maxTicks {
            var variants = [ticks]
            if ticks.count >= 1 {
                variants.append(Array(ticks.dropFirst()))
                variants.append(Array(ticks.dropLast()))
            }
            if ticks.count >= 2 { variants.append(Array(ticks.dropFirst().dropLast())) }
            for variant in variants {
                let layout = AxisLayout(lower: lowTick.coordinate, upper: highTick.coordinate,
                                        ticks: [lowTick] + variant + [highTick])
                if accept(layout) { return layout }
            }
        }
        return AxisLayout(lower: lowTick.coordinate, upper: highTick.coordinate, ticks: [])
    }

    /// `exponent` (a log10) rounded down (or up) to the nearest m x 10^d with m in 1, 2, 3, 5.
    private static func roundedEnd(_ exponent: Double, up: Bool) -> (mantissa: Int64, exponent: Int, coordinate: Double) {
        let d = Int(floor(exponent + 1e-9))
        let fraction = exponent - Double(d)
        if up {
            for m in logEndMantissas where log10(Double(m)) >= fraction - 1e-9 {
                return (m, d, Double(d) + log10(Double(m)))
            }
            return (1, d + 1, Double(d + 1))
        }
        var best: Int64 = 1
        for m in logEndMantissas where log10(Double(m)) <= fraction + 1e-9 { best = m }
        return (best, d, Double(d) + log10(Double(best)))
    }
}
