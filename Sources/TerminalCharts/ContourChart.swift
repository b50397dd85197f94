// Contour lines of a function on a 2-D grid with a path over them: the loss surface of two
// weights and the optimizer's trajectory across it.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Contour lines of a surface sampled on a grid, with a path drawn over them (start "S", end
/// "E", the lowest grid point "m"; an end in the lowest point's cell says so in its label instead).
///
/// `values[r][c]` is the surface at x = x.lower + c (x.upper - x.lower) / (columns - 1) and
/// y = y.lower + r (y.upper - y.lower) / (rows - 1): row 0 at the bottom, both ends included.
/// Contours are traced by marching squares with linear interpolation along cell edges (Lorensen
/// & Cline 1987, in its 2-D form; saddle cells are split by the mean of their corners), drawn as
/// grey dotted lines behind the path (cleared in the cells the path crosses); the path is a solid
/// line through (pathX[i], pathY[i]), i = 0 for epoch 0, with "*" at each epoch.
/// Non-finite grid values leave their cells without contours and are counted in a note.
public struct ContourChart: Sendable {
    /// Surface values, rows x columns (at least 2 x 2), row 0 at the bottom.
    public var values: [[Double]]
    /// The x values spanned by the columns (first column at the lower bound, last at the upper).
    public var x: ClosedRange<Double>
    /// The y values spanned by the rows.
    public var y: ClosedRange<Double>
    /// First coordinate of each path point, in order (epoch 0 first).
    public var pathX: [Double]
    /// Second coordinate of each path point.
    public var pathY: [Double]
    /// Contour levels; nil: `ContourChart.levels(for:count:)` with `levelCount`.
    public var levels: [Double]?
    /// Number of levels chosen when `levels` is nil.
    public var levelCount: Int = 5
    /// True to draw the path's glyph at every epoch (each step of the optimizer shows), not only
    /// every few cells.
    public var marksEveryEpoch: Bool = true
    /// Legend name of the path.
    public var pathName: String = "path"
    /// Line above the plot.
    public var title: String?
    /// Name of the x axis (the first weight).
    public var xLabel: String?
    /// Name of the y axis (the second weight).
    public var yLabel: String?

    /// A contour chart of `values` over `x` x `y` with the path (`pathX`, `pathY`); see the properties.
    public init(values: [[Double]], x: ClosedRange<Double>, y: ClosedRange<Double>, pathX: [Double], pathY: [Double],
                levels: [Double]? = nil, title: String? = nil, xLabel: String? = nil, yLabel: String? = nil) {
        self.values = values
        self.x = x
        self.y = y
        self.pathX = pathX
        self.pathY = pathY
        self.levels = levels
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    /// `count` contour levels for a surface: when its finite values are all positive and span
    /// more than two decades, log-spaced (equal ratios) between the smallest and the largest,
    /// which puts more lines near the minimum of a loss; otherwise at the quantiles
    /// (i + 0.5) / count of the values, so every level encloses a similar share of the grid.
    /// Levels are rounded to 2 significant digits and repeated ones dropped; ascending.
    public static func levels(for values: [[Double]], count: Int) -> [Double] {
        let finite = values.flatMap { $0 }.filter(\.isFinite).sorted()
        guard let low = finite.first, let high = finite.last, high > low, count > 0 else { return [] }
        var levels: [Double] = []
        if low > 0 && high / low > ScalePolicy.logSpanRatio {
            let a = log10(low), b = log10(high)
            for i in 0..<count { levels.append(pow(10, a + (b - a) * (Double(i) + 0.5) / Double(count))) }
        } else {
            for i in 0..<count {
                let q = (Double(i) + 0.5) / Double(count) * Double(finite.count - 1)
                let lower = Int(q.rounded(.down)), upper = min(finite.count - 1, lower + 1)
                let t = q - Double(lower)
                levels.append(finite[lower] * (1 - t) + finite[upper] * t)
            }
        }
        var rounded: [Double] = []
        for level in levels {
            let r = Double(formatSignificant(level, digits: 2)) ?? level
            if rounded.last != r && r > low && r < high { rounded.append(r) }
        }
        return rounded
    }

    /// Contour segments of `values` at `level` in grid coordinates (column, row), each as
    /// two points; cells with a non-finite corner are skipped.
    static func segments(_ values: [[Double]], level: Double) -> [(Double, Double, Double, Double)] {
        let rows = values.count, columns = values.first?.count ?? 0
        guard rows >= 2, columns >= 2 else { return [] }
        var result: [(Double, Double, Double, Double)] = []
        for r in 0..<(rows - 1) {
            for c in 0..<(columns - 1) {
                // Corners counter-clockwise from bottom-left: a (c, r), b (c+1, r), d (c+1, r+1), e (c, r+1).
                let a = values[r][c], b = values[r][c + 1], d = values[r + 1][c + 1], e = values[r + 1][c]
                guard a.isFinite, b.isFinite, d.isFinite, e.isFinite else { continue }
                func t(_ p: Double, _ q: Double) -> Double { p == q ? 0.5 : (level - p) / (q - p) }
                // Crossing points on each edge where the level lies between its two ends.
                var crossings: [(Double, Double)] = []
                let bottom = (a < level) != (b < level), right = (b < level) != (d < level)
                let top = (e < level) != (d < level), left = (a < level) != (e < level)
                if bottom { crossings.append((Double(c) + t(a, b), Double(r))) }
                if right { crossings.append((Double(c + 1), Double(r) + t(b, d))) }
                if top { crossings.append((Double(c) + t(e, d), Double(r + 1))) }
                if left { crossings.append((Double(c), Double(r) + t(a, e))) }
                if crossings.count == 2 {
                    result.append((crossings[0].0, crossings[0].1, crossings[1].0, crossings[1].1))
                } else if crossings.count == 4 {
                    // Saddle: the centre value decides which corners are joined.
                    let centre = (a + b + d + e) / 4
                    if (centre < level) == (a < level) {
                        // a's side is connected through the centre: pair bottom with right, top with left.
                        result.append((crossings[0].0, crossings[0].1, crossings[1].0, crossings[1].1))
                        result.append((crossings[2].0, crossings[2].1, crossings[3].0, crossings[3].1))
                    } else {
                        result.append((crossings[0].0, crossings[0].1, crossings[3].0, crossings[3].1))
                        result.append((crossings[1].0, crossings[1].1, crossings[2].0, crossings[2].1))
                    }
                }
            }
        }
        return result
    }

    /// The chart as text, with the size promises of `LineChart.render`; one line saying what is
    /// wrong when the grid has fewer than 2 x 2 values, ragged rows or an empty range.
    public func render(_ options: RenderOptions) -> String {
        switch lineChart(options) {
        case .success(let chart): return chart.render(options)
        case .failure(let problem): return problem.message
        }
    }

    /// Why a contour chart cannot be drawn.
    public struct Problem: Error, Sendable {
        /// One plain sentence.
        public var message: String
    }

    /// The line chart that draws this picture for `options` (contours as one grey dotted series,
    /// the path, markers), or the problem with the input.
    public func lineChart(_ options: RenderOptions) -> Result<LineChart, Problem> {
        let rows = values.count, columns = values.first?.count ?? 0
        guard rows >= 2, columns >= 2 else {
            return .failure(Problem(message: "Contour chart needs a grid of at least 2 x 2 values."))
        }
        if let bad = values.firstIndex(where: { $0.count != columns }) {
            return .failure(Problem(message: "Contour grid rows differ in length: row 0 has \(columns) values, row \(bad) has \(values[bad].count)."))
        }
        guard x.lowerBound.isFinite, x.upperBound.isFinite, y.lowerBound.isFinite, y.upperBound.isFinite,
              x.lowerBound < x.upperBound, y.lowerBound < y.upperBound else {
            return .failure(Problem(message: "Contour chart ranges must be two different finite numbers, lower first."))
        }
        let chosen = (levels ?? ContourChart.levels(for: values, count: levelCount)).filter(\.isFinite).sorted()
        let dx = (x.upperBound - x.lowerBound) / Double(columns - 1)
        let dy = (y.upperBound - y.lowerBound) / Double(rows - 1)
        var xs: [Double] = [], ys: [Double] = []
        for level in chosen {
            for s in ContourChart.segments(values, level: level) {
                xs += [x.lowerBound + s.0 * dx, x.lowerBound + s.2 * dx, .nan]
                ys += [y.lowerBound + s.1 * dy, y.lowerBound + s.3 * dy, .nan]
            }
        }
        let ascii = options.charset == .ascii
        let levelText = chosen.map { formatSignificant($0, digits: 2) }.joined(separator: ", ")
        var contours = Series(name: chosen.isEmpty ? "no contour (flat surface)" : "contours at \(levelText)", xs: xs, ys: ys)
        contours.glyph = ascii ? "." : "·"
        contours.colorOverride = Palette.reference
        contours.patternOverride = LinePattern.all[1]
        contours.isBackdrop = true
        contours.stampsGlyph = false
        // NaN separators are breaks, not values: they are not counted as left out.
        contours.countsBreaks = false

        var best: (Double, Int, Int)?
        var notFinite = 0
        for r in 0..<rows {
            for c in 0..<columns {
                let v = values[r][c]
                if !v.isFinite { notFinite += 1; continue }
                if best == nil || v < best!.0 { best = (v, r, c) }
            }
        }
        let lowest = best.map { (value: $0.0, x: x.lowerBound + Double($0.2) * dx, y: y.lowerBound + Double($0.1) * dy) }
        let lowestText = lowest.map { "lowest grid value \(formatSignificant($0.value, digits: 3))" }

        var markers: [PointMarker] = []
        let count = min(pathX.count, pathY.count)
        // An end in the lowest grid point's cell would hide its "m": the end's label says it instead.
        // A cell is at least one grid step, and about the range over the plot's columns and rows
        // (the width and height less the axes, title and legend lines).
        var endHidesLowest = false
        if count > 1, let lowest {
            let cellX = max(dx, (x.upperBound - x.lowerBound) / Double(max(1, options.width - 8)))
            let cellY = max(dy, (y.upperBound - y.lowerBound) / Double(max(1, options.height - 8)))
            endHidesLowest = abs(pathX[count - 1] - lowest.x) <= cellX && abs(pathY[count - 1] - lowest.y) <= cellY
        }
        if count > 0 {
            markers.append(PointMarker(x: pathX[0], y: pathY[0], glyph: "S", label: "start (epoch 0)"))
            if count > 1 {
                let label = "end (epoch \(count - 1))" + (endHidesLowest ? ", at the \(lowestText ?? "")" : "")
                markers.append(PointMarker(x: pathX[count - 1], y: pathY[count - 1], glyph: "E", label: label))
            }
        }
        var path = Series(name: pathName, xs: Array(pathX.prefix(count)), ys: Array(pathY.prefix(count)), style: .line, markers: markers)
        path.glyph = "*"
        path.patternOverride = LinePattern.all[0]
        path.marksEveryPoint = marksEveryEpoch
        var series = [contours, path]
        if let lowest, let lowestText, !endHidesLowest {
            var minimum = Series(name: lowestText, xs: [lowest.x], ys: [lowest.y], style: .points)
            minimum.glyph = "m"
            minimum.colorOverride = Palette.reference
            series.append(minimum)
        }
        var chart = LineChart(series: series, title: title, xLabel: xLabel, yLabel: yLabel, yRange: nil)
        chart.extraNotes = notFinite > 0 ? ["\(notFinite) of \(rows * columns) grid values are not finite (no contours there)."] : []
        return .success(chart)
    }
}
