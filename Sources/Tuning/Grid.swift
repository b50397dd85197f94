import Vocabulary
import Foundation

extension SearchSpace {
    /// The number of grid levels of each dimension for a grid of at most `budget` points: every value of a
    /// choice, and for the ranges the same count k each where possible (k^ranges x choices <= budget,
    /// integer ranges capped at their number of whole values, the spare budget going to the other ranges).
    /// When the choices alone exceed the budget, ranges get one level (their middle).
    public func gridLevelCounts(budget: Int) -> [Int] {
        var counts = [Int](repeating: 1, count: dimensions.count)
        var choiceProduct = 1.0
        var ranges: [(index: Int, capacity: Double)] = []
        for (i, d) in dimensions.enumerated() {
            switch d.kind {
            case .choice(let values):
                counts[i] = values.count
                choiceProduct *= Double(values.count)
            case let .integer(lo, hi, _):
                ranges.append((i, Double(hi - lo + 1)))
            case .real:
                ranges.append((i, .infinity))
            }
        }
        var remaining = Double(max(1, budget)) / choiceProduct
        ranges.sort { $0.capacity < $1.capacity }
        for (k, r) in ranges.enumerated() {
            let left = Double(ranges.count - k)
            let even = remaining >= 1 ? floor(pow(remaining, 1 / left) + 1e-9) : 1
            let levels = max(1, min(r.capacity, even))
            counts[r.index] = Int(levels)
            remaining /= levels
        }
        return counts
    }

    /// The values of dimension `index` on a grid with `count` levels: evenly spaced from LOW to HIGH
    /// (in ln(value) for `:log`; reals rounded to 12 significant digits, whole numbers rounded, repeats
    /// dropped), the middle for one level,
    /// all values for a choice.
    public func gridLevels(ofDimension index: Int, count: Int) -> [ParameterValue] {
        let d = dimensions[index]
        if case .choice(let values) = d.kind { return values.map { .choice($0) } }
        if count <= 1 { return [d.value(atUnit: 0.5)] }
        var out: [ParameterValue] = []
        for i in 0..<count {
            var v = d.value(atUnit: Double(i) / Double(count - 1))
            // Grid values are shown and exported: drop the last-digit noise of exp(log(...)).
            if case .real(let x) = v, let r = Double(String(format: "%.12g", x)) { v = .real(r) }
            if !out.contains(v) { out.append(v) }
        }
        return out
    }

    /// All grid points for at most `budget` trials (see ``gridLevelCounts(budget:)``), the last dimension
    /// varying fastest. When the choices alone exceed the budget, the first `budget` points are kept.
    public func gridSettings(budget: Int) -> [Settings] {
        let counts = gridLevelCounts(budget: budget)
        let levels = dimensions.indices.map { gridLevels(ofDimension: $0, count: counts[$0]) }
        var points: [Settings] = []
        var index = [Int](repeating: 0, count: dimensions.count)
        let limit = max(1, budget)
        while points.count < limit {
            points.append(Settings(names: names, values: index.enumerated().map { levels[$0.offset][$0.element] }))
            var k = dimensions.count - 1
            while k >= 0 {
                index[k] += 1
                if index[k] < levels[k].count { break }
                index[k] = 0
                k -= 1
            }
            if k < 0 { break }
        }
        return points
    }
}
