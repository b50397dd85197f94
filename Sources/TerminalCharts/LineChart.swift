// Line charts that stay readable when the data goes wrong (NaN, infinities, values <= 0 on
// log axes, flat or single-point series, empty series).
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How a series is drawn.
public enum SeriesStyle: Sendable {
    /// Consecutive points joined by straight segments (braille dots), the series glyph repeated along it.
    case line
    /// Each point drawn as the series glyph, not joined (a scatter).
    case points
    /// Each point drawn as a vertical bar from the x axis's zero (or the bottom edge when zero is
    /// off the chart or the y axis is logarithmic) up to the point, topped by the series glyph:
    /// counts per day or per bin, where joining neighbours would suggest values in between.
    case bars
}

/// One glyph at one point of a series, with a legend label (e.g. "!" at the epoch where
/// training diverged). A y that is NaN or +inf puts the glyph on the top edge, -inf (or
/// <= 0 on a log axis) on the bottom edge.
public struct PointMarker: Sendable {
    /// Position along the x axis, in data units.
    public var x: Double
    /// Position along the y axis, in data units (non-finite: on the edge, see above).
    public var y: Double
    /// The character drawn; it must take one terminal cell (else "?" is drawn).
    public var glyph: Character
    /// Text in the legend next to the glyph (markers with the same glyph and label share one entry).
    public var label: String
    /// True to continue the series' line from its last drawn point before `x` up (or down) to
    /// the marker: a divergence then shows as a rise from the curve to the marked point.
    public var joinsLine: Bool

    /// A marker drawing `glyph` at (`x`, `y`) with `label` in the legend.
    public init(x: Double, y: Double, glyph: Character, label: String, joinsLine: Bool = false) {
        self.x = x
        self.y = y
        self.glyph = glyph
        self.label = label
        self.joinsLine = joinsLine
    }

    /// The point where a run diverged: "!" at epoch `x`, joined to the curve by a rise from its
    /// last finite value. `y` is the value there; NaN or +inf (the default) puts the "!" on the
    /// top edge. Label: "diverged at epoch <x>" unless `label` is given.
    public static func divergence(x: Double, y: Double = .infinity, label: String? = nil) -> PointMarker {
        PointMarker(x: x, y: y, glyph: "!", label: label ?? "diverged at epoch \(formatSignificant(x, digits: 6))", joinsLine: true)
    }

    /// The best of a series (lowest loss of a sweep, best value of a search): "B" at (`x`, `y`),
    /// labelled "best: <y> at <x>" unless `label` is given.
    public static func best(x: Double, y: Double, label: String? = nil) -> PointMarker {
        PointMarker(x: x, y: y, glyph: "B",
                    label: label ?? "best: \(formatSignificant(y, digits: 4)) at \(formatSignificant(x, digits: 4))")
    }
}

/// A vertical line across the plot at one x (e.g. the epoch whose weights early stopping
/// restored), drawn behind the data and listed in the legend.
public struct VerticalLine: Sendable {
    /// Position along the x axis, in data units.
    public var x: Double
    /// Legend text.
    public var label: String

    /// A vertical line at `x` labelled `label`.
    public init(x: Double, label: String) {
        self.x = x
        self.label = label
    }

    /// The epoch whose weights early stopping kept: "early stop: weights of epoch <epoch> restored".
    public static func earlyStopping(epoch: Double) -> VerticalLine {
        VerticalLine(x: epoch, label: "early stop: weights of epoch \(formatSignificant(epoch, digits: 6)) restored")
    }
}

/// A named sequence of points. Points pair xs[i] with ys[i]; extra values in the longer
/// array are left out and counted in the chart's note. NaN and infinite values are allowed:
/// they break the line and are counted.
public struct Series: Sendable {
    /// Name shown in the legend.
    public var name: String
    /// x values, in data units (e.g. epochs, learning rates).
    public var xs: [Double]
    /// y values, in data units (e.g. loss).
    public var ys: [Double]
    /// Joined line or separate points.
    public var style: SeriesStyle
    /// Glyphs at single points, drawn in the series colour, listed in the legend.
    public var markers: [PointMarker]
    /// True to draw the series glyph at every point (the evaluated values of a sweep), not only
    /// every few cells along the line.
    public var marksEveryPoint: Bool
    /// The glyph of this series instead of the one of its position (`LineChart.glyph(forSeries:)`);
    /// it must take one terminal cell (else "?" is drawn).
    public var glyph: Character? = nil
    /// Drawing overrides for pictures built on a line chart (contours): colour, pattern, no stamps.
    var colorOverride: UInt8? = nil
    var patternOverride: LinePattern? = nil
    var stampsGlyph = true
    /// False when (NaN, NaN) points only separate pieces of the line and are not data.
    var countsBreaks = true
    /// True for a backdrop (contour lines): later series clear its dots in the cells they draw in.
    var isBackdrop = false

    /// A line series through (xs[i], ys[i]).
    public init(name: String, xs: [Double], ys: [Double]) {
        self.init(name: name, xs: xs, ys: ys, style: .line, markers: [])
    }

    /// A line series with xs = 1, 2, ..., ys.count (epochs).
    public init(name: String, ys: [Double]) {
        self.init(name: name, xs: (0..<ys.count).map { Double($0 + 1) }, ys: ys, style: .line, markers: [])
    }

    /// A line series with xs = first, first + 1, ... (epochs from `first`; 0 for a history
    /// that starts with the loss before any training).
    public init(name: String, ys: [Double], firstX: Int) {
        self.init(name: name, xs: (0..<ys.count).map { Double($0 + firstX) }, ys: ys, style: .line, markers: [])
    }

    /// A series with a drawing style and point markers; `marksEveryPoint` draws the glyph at every point.
    public init(name: String, xs: [Double], ys: [Double], style: SeriesStyle, markers: [PointMarker] = [],
                marksEveryPoint: Bool = false) {
        self.name = name
        self.xs = xs
        self.ys = ys
        self.style = style
        self.markers = markers
        self.marksEveryPoint = marksEveryPoint
    }
}

/// A horizontal line across the plot (e.g. the best achievable loss), listed in the legend.
public struct ReferenceLine: Sendable {
    /// Height of the line, in y data units.
    public var y: Double
    /// Legend text.
    public var label: String

    /// A reference line at `y` labelled `label`.
    public init(y: Double, label: String) {
        self.y = y
        self.label = label
    }
}

/// A chart of one or more series against shared axes, with ticks, a legend below the plot
/// and a note counting every value that could not be drawn.
public struct LineChart: Sendable {
    /// Line above the plot, centred.
    public var title: String?
    /// Name of the x axis, centred under the tick labels.
    public var xLabel: String?
    /// Name of the y axis, on its own line above the plot.
    public var yLabel: String?
    /// The series, drawn in order (later ones on top), each with its own colour and glyph.
    public var series: [Series]
    /// Linear or log10 x axis (log: x <= 0 left out and counted).
    public var xScale: AxisScale
    /// Linear or log10 y axis (log: y <= 0 left out and counted).
    public var yScale: AxisScale
    /// Optional horizontal line; the y axis is widened to include it.
    public var reference: ReferenceLine?
    /// Optional fixed y range (data units): points outside it are left out, marked on the edge
    /// and counted. Nil: the range of the data. Ignored (with a note) when empty, not finite,
    /// or not positive on a log axis.
    public var yRange: ClosedRange<Double>?
    /// Vertical lines behind the data (e.g. the early-stopping epoch), listed in the legend.
    public var verticalLines: [VerticalLine] = []
    /// Notes added by pictures built on a line chart (e.g. contour charts), printed first.
    var extraNotes: [String] = []

    /// A chart of `series`; see the properties for the other parameters.
    public init(series: [Series], title: String? = nil, xLabel: String? = nil, yLabel: String? = nil,
                xScale: AxisScale = .linear, yScale: AxisScale = .linear, reference: ReferenceLine? = nil,
                yRange: ClosedRange<Double>? = nil) {
        self.series = series
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xScale = xScale
        self.yScale = yScale
        self.reference = reference
        self.yRange = yRange
    }

    /// The glyph that identifies series number `index` (0-based) without colour.
    public static func glyph(forSeries index: Int) -> Character {
        seriesGlyphs[index % seriesGlyphs.count]
    }

    /// The dot pattern of series number `index` in braille: solid, dotted, dashed, sparse dots,
    /// then again. With its glyph it tells a series apart without colour along the whole line.
    public static func linePattern(forSeries index: Int) -> LinePattern {
        LinePattern.all[index % LinePattern.all.count]
    }

    /// The chart as text: exactly `options.height` lines (joined by "\n", no final newline),
    /// none wider than `options.width` cells. When the size cannot hold a plot of at least
    /// 10 x 3 cells with its labels, one line saying so and what size is needed. Never empty.
    public func render(_ options: RenderOptions) -> String {
        LineChartRenderer(chart: self, options: options).render()
    }
}

/// Series glyphs, told apart without colour; ASCII so that every terminal shows them in one cell.
private let seriesGlyphs: [Character] = ["*", "+", "o", "x", "#", "@", "%", "&"]

/// Which dots of a braille line are drawn: dot k along the line (k = 0, 1, ... from the first
/// point, Bresenham steps) is drawn when bit (k mod period) of `bits` is set.
public struct LinePattern: Sendable, Equatable {
    /// Bit i set: the i-th dot of each period is drawn.
    public var bits: UInt32
    /// Dots per repetition (1...32).
    public var period: Int
    /// A name for the legend and docs: "solid", "dotted", "dashed", "sparse".
    public var name: String

    static let all: [LinePattern] = [
        LinePattern(bits: 0b1, period: 1, name: "solid"),
        LinePattern(bits: 0b01, period: 2, name: "dotted"),
        LinePattern(bits: 0b00_1111, period: 6, name: "dashed"),
        LinePattern(bits: 0b001, period: 3, name: "sparse"),
    ]

    /// True when dot number `k` is drawn.
    @inline(__always) func draws(_ k: Int) -> Bool { period <= 1 || (bits >> UInt32(k % period)) & 1 == 1 }
}

/// Values of one series that could not be drawn, by reason.
private struct LeftOut {
    var nan = 0, positiveInfinity = 0, negativeInfinity = 0
    var yNotPositive = 0, xNotPositive = 0, xNotFinite = 0, unpaired = 0
    var above = 0, below = 0

    var isEmpty: Bool {
        nan + positiveInfinity + negativeInfinity + yNotPositive + xNotPositive + xNotFinite
            + unpaired + above + below == 0
    }

    var phrases: [String] {
        var parts: [String] = []
        if nan > 0 { parts.append("\(nan) NaN") }
        if positiveInfinity > 0 { parts.append("\(positiveInfinity) +inf") }
        if negativeInfinity > 0 { parts.append("\(negativeInfinity) -inf") }
        if yNotPositive > 0 { parts.append("\(yNotPositive) <= 0 on the log y axis") }
        if xNotPositive > 0 { parts.append("\(xNotPositive) with x <= 0 on the log x axis") }
        if xNotFinite > 0 { parts.append("\(xNotFinite) with x not finite") }
        if above > 0 { parts.append("\(above) above the y range") }
        if below > 0 { parts.append("\(below) below the y range") }
        if unpaired > 0 { parts.append("\(unpaired) without a matching x or y") }
        return parts
    }
}

/// A series converted to axis coordinates (log10 on log axes), with breaks as NaN.
private struct PreparedSeries {
    var name: String
    var glyph: UInt32
    var color: UInt8
    var style: SeriesStyle
    var xs: [Double] = []
    var ys: [Double] = []
    var drawable = 0
    var total = 0
    var edges: [(x: Double, top: Bool)] = []
    var markers: [(x: Double, y: Double?, top: Bool, glyph: UInt32, label: String, joins: Bool)] = []
    var rises: [(fromX: Double, fromY: Double, toX: Double)] = []
    var pattern = LinePattern.all[0]
    var marksEveryPoint = false
    var stampsGlyph = true
    var isBackdrop = false
    var leftOut = LeftOut()

    mutating func breakLine() {
        if let last = ys.last, !last.isNaN {
            xs.append(.nan)
            ys.append(.nan)
        }
    }
}

private struct LineChartRenderer {
    let chart: LineChart
    let options: RenderOptions
    let ascii: Bool

    init(chart: LineChart, options: RenderOptions) {
        self.chart = chart
        self.options = options
        ascii = options.charset == .ascii
    }

    static let minimumPlotWidth = 10
    static let minimumPlotHeight = 3

    func render() -> String {
        if let problem = sizeProblem(options, kind: "Chart") { return problem }
        let width = options.width
        let height = options.height

        // Validate the explicit y range in axis coordinates.
        var notes: [String] = chart.extraNotes
        var yClip: (low: Double, high: Double)?
        if let range = chart.yRange {
            let low = range.lowerBound, high = range.upperBound
            if !low.isFinite || !high.isFinite || low >= high {
                notes.append("y range ignored: it must be two different finite numbers.")
            } else if chart.yScale == .log && low <= 0 {
                notes.append("y range ignored: a log axis needs a lower end above 0.")
            } else {
                yClip = chart.yScale == .log ? (log10(low), log10(high)) : (low, high)
            }
        }

        let prepared = chart.series.enumerated().map { prepare($0.element, index: $0.offset, clip: yClip) }

        // Data extent in coordinates.
        var xMin = Double.infinity, xMax = -Double.infinity
        var yMin = Double.infinity, yMax = -Double.infinity
        for series in prepared {
            for (x, y) in zip(series.xs, series.ys) where !y.isNaN {
                xMin = min(xMin, x); xMax = max(xMax, x)
                yMin = min(yMin, y); yMax = max(yMax, y)
            }
            for edge in series.edges { xMin = min(xMin, edge.x); xMax = max(xMax, edge.x) }
            for marker in series.markers {
                xMin = min(xMin, marker.x); xMax = max(xMax, marker.x)
                if let y = marker.y { yMin = min(yMin, y); yMax = max(yMax, y) }
            }
        }
        var verticalCoordinates: [(x: Double, label: String)] = []
        for line in chart.verticalLines {
            guard line.x.isFinite, !(chart.xScale == .log && line.x <= 0) else {
                notes.append("Vertical line at \(formatSignificant(line.x)) left out: it has no place on the x axis.")
                continue
            }
            let x = chart.xScale == .log ? log10(line.x) : line.x
            verticalCoordinates.append((x, line.label))
            xMin = min(xMin, x); xMax = max(xMax, x)
        }
        // Minimum span (ScalePolicy): a nearly flat linear axis is not zoomed into its noise.
        let drawablePoints = prepared.reduce(0) { $0 + $1.drawable }
        if chart.yScale == .linear && yClip == nil && yMin.isFinite && yMax.isFinite && drawablePoints >= 2 {
            let magnitude = max(abs(yMin), abs(yMax))
            let minimumSpan = ScalePolicy.minimumRelativeSpan * magnitude
            if magnitude > 0 && yMax - yMin < minimumSpan {
                notes.append(ScalePolicy.flatNote(low: yMin, high: yMax))
                let middle = yMin / 2 + yMax / 2
                yMin = middle - minimumSpan / 2
                yMax = middle + minimumSpan / 2
            }
        }
        var referenceCoordinate: Double?
        if let reference = chart.reference {
            if !reference.y.isFinite {
                notes.append("Reference line \(formatSignificant(reference.y)) left out: it is not finite.")
            } else if chart.yScale == .log && reference.y <= 0 {
                notes.append("Reference line at \(formatSignificant(reference.y)) left out: the log y axis has no place for values <= 0.")
            } else {
                let y = chart.yScale == .log ? log10(reference.y) : reference.y
                if let clip = yClip, y < clip.low || y > clip.high {
                    notes.append("Reference line at \(formatSignificant(reference.y)) is outside the y range.")
                } else {
                    referenceCoordinate = y
                    yMin = min(yMin, y); yMax = max(yMax, y)
                }
            }
        }
        if let clip = yClip { yMin = clip.low; yMax = clip.high }
        let integerX = chart.xScale == .linear && chart.series.allSatisfy { series in
            series.xs.allSatisfy { !$0.isFinite || $0 == $0.rounded() }
        }
        (xMin, xMax) = Self.widened(xMin, xMax, log: chart.xScale == .log)
        (yMin, yMax) = Self.widened(yMin, yMax, log: chart.yScale == .log)

        // Legend and notes.
        var legend: [LegendEntry] = []
        var anyTop = false, anyBottom = false
        var leftOutParts: [String] = []
        var seenMarkers = Set<String>()
        for series in prepared {
            var text = singleLine(series.name)
            if series.drawable == 0 && series.markers.isEmpty {
                text += series.total == 0 ? " (empty)" : " (nothing to draw)"
            }
            let glyph = String(Character(Unicode.Scalar(series.glyph) ?? "?"))
            legend.append(LegendEntry(glyph: ascii || series.style != .line ? glyph : Self.patternSample(series.pattern) + glyph,
                                      text: text, color: series.color))
            for marker in series.markers {
                let key = "\(marker.glyph) \(marker.label)"
                if seenMarkers.insert(key).inserted {
                    legend.append(LegendEntry(glyph: String(Character(Unicode.Scalar(marker.glyph) ?? "?")), text: singleLine(marker.label), color: series.color))
                }
            }
            for edge in series.edges { if edge.top { anyTop = true } else { anyBottom = true } }
            let phrases = series.leftOut.phrases
            if !phrases.isEmpty {
                leftOutParts.append("\(singleLine(series.name)): " + phrases.joined(separator: ", "))
            }
        }
        if let reference = chart.reference, referenceCoordinate != nil {
            legend.append(LegendEntry(glyph: ascii ? "." : "┈", text: singleLine(reference.label), color: Palette.reference))
        }
        for line in verticalCoordinates {
            legend.append(LegendEntry(glyph: ascii ? ":" : "┊", text: singleLine(line.label), color: Palette.reference))
        }
        if anyTop { legend.append(LegendEntry(glyph: "^", text: "left the chart upwards")) }
        if anyBottom { legend.append(LegendEntry(glyph: "v", text: "left the chart downwards")) }
        if !leftOutParts.isEmpty {
            notes.insert("Left out: " + leftOutParts.joined(separator: "; ") + ".", at: 0)
        }
        if prepared.isEmpty { notes.append("No series to draw.") }

        let legendLines = packLegend(legend, width: width, ascii: ascii)
        let noteLines = notes.flatMap { wordWrap($0, width: width, ascii: ascii) }
        let title = chart.title.map(singleLine).flatMap { $0.isEmpty ? nil : $0 }
        let yLabel = Self.axisTitle(chart.yLabel, log: chart.yScale == .log)
        let xLabel = Self.axisTitle(chart.xLabel, log: chart.xScale == .log)
        let fixedRows = (title == nil ? 0 : 1) + (yLabel == nil ? 0 : 1) + 2 + (xLabel == nil ? 0 : 1)
            + legendLines.count + noteLines.count
        let plotHeight = height - fixedRows
        let dotsPerRow = ascii ? 1 : 4
        let dotsPerColumn = ascii ? 1 : 2

        if plotHeight < Self.minimumPlotHeight || width < Self.minimumPlotWidth + 2 {
            return tooSmall(neededWidth: Self.minimumPlotWidth + 8, neededHeight: fixedRows + Self.minimumPlotHeight)
        }

        // y ticks: at least one free row between labels.
        let dotHeight = plotHeight * dotsPerRow
        func row(_ coordinate: Double, _ axis: AxisLayout) -> Int {
            let dot = Self.dotIndex(1 - axis.fraction(coordinate), count: dotHeight)
            return dot / dotsPerRow
        }
        let yMaxTicks = max(2, plotHeight / 3 + 2)
        let minimumGap = plotHeight >= 5 ? 2 : 1
        let acceptY: (AxisLayout) -> Bool = { axis in
            var previous = Int.max
            for tick in axis.ticks {
                let r = row(tick.coordinate, axis)
                if previous != Int.max && previous - r < minimumGap { return false }
                previous = r
            }
            return true
        }
        let yAxis = chart.yScale == .log
            ? TickMaker.logTight(lowerExponent: yMin, upperExponent: yMax, maxTicks: yMaxTicks, accept: acceptY)
            : TickMaker.linear(lower: yMin, upper: yMax, maxTicks: yMaxTicks, integerSteps: false, accept: acceptY)
        let yLabelWidth = yAxis.ticks.map { displayWidth($0.label) }.max() ?? 0
        let plotLeft = yLabelWidth + 1

        // x ticks: labels at least two cells apart, inside the line.
        func xAxis(plotWidth: Int) -> (AxisLayout, [(Int, String)]) {
            let dotWidth = plotWidth * dotsPerColumn
            var placed: [(Int, String)] = []
            let maxTicks = max(2, plotWidth / 10 + 1)
            let accept: (AxisLayout) -> Bool = { axis in
                placed.removeAll(keepingCapacity: true)
                var previousEnd = Int.min / 2
                for tick in axis.ticks {
                    let column = Self.dotIndex(axis.fraction(tick.coordinate), count: dotWidth) / dotsPerColumn
                    let w = displayWidth(tick.label)
                    var start = plotLeft + column - (w - 1) / 2
                    start = max(0, min(start, width - w))
                    if start < previousEnd + 2 { return false }
                    previousEnd = start + w
                    placed.append((start, tick.label))
                }
                return true
            }
            let axis = chart.xScale == .log
                ? TickMaker.logTight(lowerExponent: xMin, upperExponent: xMax, maxTicks: maxTicks, accept: accept)
                : TickMaker.linear(lower: xMin, upper: xMax, maxTicks: maxTicks, integerSteps: integerX, accept: accept)
            if axis.ticks.isEmpty { placed.removeAll() }
            return (axis, placed)
        }
        let firstWidth = width - plotLeft
        var (xLayout, xPlaced) = xAxis(plotWidth: firstWidth)
        let rightMargin = (xLayout.ticks.last.map { displayWidth($0.label) } ?? 0) / 2
        let plotWidth = firstWidth - rightMargin
        if plotWidth < Self.minimumPlotWidth {
            return tooSmall(neededWidth: plotLeft + Self.minimumPlotWidth + rightMargin, neededHeight: max(height, fixedRows + Self.minimumPlotHeight))
        }
        if rightMargin > 0 { (xLayout, xPlaced) = xAxis(plotWidth: plotWidth) }

        // Draw.
        var canvas = Canvas(columns: plotWidth, rows: plotHeight, braille: !ascii)
        let dotWidth = canvas.dotWidth
        let xOf: (Double) -> Int = { Self.dotIndex(xLayout.fraction($0), count: dotWidth) }
        let yOf: (Double) -> Int = { Self.dotIndex(1 - yAxis.fraction($0), count: dotHeight) }
        let stampSpacing = max(6, plotWidth / 6)
        for line in verticalCoordinates {
            let column = canvas.cellColumn(xOf(line.x))
            for r in 0..<plotHeight {
                canvas.setBack(column: column, row: r, scalar: ascii ? 0x3A : 0x250A, color: Palette.reference)
            }
        }
        for (index, series) in prepared.enumerated() {
            let color = series.color
            canvas.drawingBackdrop = series.isBackdrop
            var nextStamp = stampSpacing / 3 + (index * stampSpacing) / max(1, prepared.count)
            var previous: (Int, Int)?
            var runLength = 0
            var stamped = false
            var lastPoint: (Int, Int)?
            var phase = 0
            for i in 0..<series.ys.count {
                let y = series.ys[i]
                if y.isNaN {
                    if runLength == 1 && series.stampsGlyph, let p = previous {
                        canvas.stamp(dotX: p.0, dotY: p.1, scalar: series.glyph, color: color)
                        stamped = true
                    }
                    previous = nil
                    runLength = 0
                    continue
                }
                let point = (xOf(series.xs[i]), yOf(y))
                lastPoint = point
                switch series.style {
                case .points:
                    canvas.stamp(dotX: point.0, dotY: point.1, scalar: series.glyph, color: color)
                    stamped = true
                case .bars:
                    let zeroOnChart = chart.yScale == .linear && yMin <= 0 && 0 <= yMax
                    let base = zeroOnChart ? yOf(0) : dotHeight - 1
                    canvas.line(point.0, base, point.0, point.1, color: color, asciiGlyph: series.glyph)
                    canvas.stamp(dotX: point.0, dotY: point.1, scalar: series.glyph, color: color)
                    stamped = true
                case .line:
                    if let p = previous {
                        canvas.line(p.0, p.1, point.0, point.1, color: color, asciiGlyph: series.glyph,
                                    pattern: series.pattern, phase: &phase)
                    } else {
                        canvas.plot(point.0, point.1, color: color, asciiGlyph: series.glyph)
                        phase = 1
                    }
                    let column = canvas.cellColumn(point.0)
                    if series.stampsGlyph && (series.marksEveryPoint || column >= nextStamp) {
                        canvas.stamp(dotX: point.0, dotY: point.1, scalar: series.glyph, color: color)
                        nextStamp = column + stampSpacing
                        stamped = true
                    }
                }
                previous = point
                runLength += 1
            }
            if runLength == 1 && series.stampsGlyph, let p = previous {
                canvas.stamp(dotX: p.0, dotY: p.1, scalar: series.glyph, color: color)
                stamped = true
            }
            // Every drawn series shows its glyph at least once (a short diverged run too).
            if !stamped && series.stampsGlyph, let p = lastPoint {
                canvas.stamp(dotX: p.0, dotY: p.1, scalar: series.glyph, color: color)
            }
            // A value that became +inf after a finite one: the line rises to the top edge there.
            for rise in series.rises {
                canvas.line(xOf(rise.fromX), yOf(rise.fromY), xOf(rise.toX), 0, color: color, asciiGlyph: series.glyph)
            }
            // Markers joined to the line (a divergence): from the last drawn point before them.
            for marker in series.markers where marker.joins {
                var from: (Double, Double)?
                for i in 0..<series.xs.count where !series.ys[i].isNaN && series.xs[i] < marker.x { from = (series.xs[i], series.ys[i]) }
                guard let from else { continue }
                let toY = marker.y.map(yOf) ?? (marker.top ? 0 : dotHeight - 1)
                canvas.line(xOf(from.0), yOf(from.1), xOf(marker.x), toY, color: color, asciiGlyph: series.glyph)
            }
        }
        for series in prepared {
            for edge in series.edges {
                canvas.stamp(column: canvas.cellColumn(xOf(edge.x)), row: edge.top ? 0 : plotHeight - 1,
                             scalar: edge.top ? 0x5E : 0x76, color: series.color)
            }
            for marker in series.markers {
                let column = canvas.cellColumn(xOf(marker.x))
                let row = marker.y.map { canvas.cellRow(yOf($0)) } ?? (marker.top ? 0 : plotHeight - 1)
                canvas.stamp(column: column, row: row, scalar: marker.glyph, color: series.color)
            }
        }
        let referenceRow = referenceCoordinate.map { canvas.cellRow(yOf($0)) } ?? -1

        // Assemble.
        var out: [UInt8] = []
        out.reserveCapacity((width + 16) * height * (options.color ? 4 : 2))
        var firstLine = true
        func newLine() {
            if !firstLine { out.append(0x0A) }
            firstLine = false
        }
        if let title {
            newLine()
            appendTitle(title, to: &out, width: width, ascii: ascii, color: options.color)
        }
        if let yLabel {
            newLine()
            appendASCII(truncated(yLabel, toWidth: width, ascii: ascii), to: &out)
        }
        var labelByRow = [Int: String]()
        for tick in yAxis.ticks { labelByRow[row(tick.coordinate, yAxis)] = tick.label }
        let axisScalar: UInt32 = ascii ? 0x7C : 0x2502          // | or │
        let tickScalar: UInt32 = ascii ? 0x2B : 0x2524          // + or ┤
        let referenceScalar: UInt32 = ascii ? 0x2E : 0x2508     // . or ┈
        for r in 0..<plotHeight {
            newLine()
            if let label = labelByRow[r] {
                out.append(contentsOf: repeatElement(0x20, count: yLabelWidth - displayWidth(label)))
                appendASCII(label, to: &out)
                appendScalar(tickScalar, to: &out)
            } else {
                out.append(contentsOf: repeatElement(0x20, count: yLabelWidth))
                appendScalar(axisScalar, to: &out)
            }
            let isReference = r == referenceRow
            canvas.appendRow(r, to: &out, color: options.color,
                             background: isReference ? referenceScalar : 0,
                             backgroundColor: isReference ? Palette.reference : 0)
        }
        // x axis line with tick marks.
        newLine()
        out.append(contentsOf: repeatElement(0x20, count: yLabelWidth))
        appendScalar(ascii ? 0x2B : 0x2514, to: &out)            // + or └
        var tickColumns = Set<Int>()
        for tick in xLayout.ticks {
            tickColumns.insert(Self.dotIndex(xLayout.fraction(tick.coordinate), count: dotWidth) / dotsPerColumn)
        }
        for c in 0..<plotWidth {
            appendScalar(tickColumns.contains(c) ? (ascii ? 0x2B : 0x252C) : (ascii ? 0x2D : 0x2500), to: &out)
        }
        // x tick labels.
        newLine()
        var labelRow = TextRow(width: width)
        for (start, label) in xPlaced { labelRow.place(label, at: start) }
        appendASCII(labelRow.text, to: &out)
        appendFooter(to: &out, axisName: xLabel, plotLeft: plotLeft, plotWidth: plotWidth, width: width, ascii: ascii,
                     legendLines: legendLines, noteLines: noteLines, color: options.color)
        return String(decoding: out, as: UTF8.self)
    }

    /// An axis name that says "log" whenever the axis is logarithmic (ScalePolicy): the name plus
    /// " (log scale)" unless it already contains "log"; "log scale" alone for an unnamed log axis.
    static func axisTitle(_ name: String?, log: Bool) -> String? {
        let text = name.map(singleLine).flatMap { $0.isEmpty ? nil : $0 }
        guard log else { return text }
        guard let text else { return "log scale" }
        return text.lowercased().contains("log") ? text : text + " (log scale)"
    }

    /// Three braille cells showing `pattern` as a horizontal line (the legend sample).
    static func patternSample(_ pattern: LinePattern) -> String {
        var canvas = Canvas(columns: 3, rows: 1, braille: true)
        var phase = 0
        canvas.line(0, 1, 5, 1, color: 0, asciiGlyph: 0, pattern: pattern, phase: &phase)
        var bytes: [UInt8] = []
        for c in 0..<3 { appendScalar(0x2800 + UInt32(canvas.bits[c]), to: &bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// One line explaining that the chart does not fit.
    func tooSmall(neededWidth: Int, neededHeight: Int) -> String {
        "Chart too small to draw: \(options.width)x\(options.height) cells given, at least \(max(neededWidth, 12))x\(neededHeight) needed; enlarge the terminal, or give --width and --height."
    }

    /// Index 0..<count for a fraction 0...1 (clamped; NaN -> 0).
    static func dotIndex(_ fraction: Double, count: Int) -> Int {
        guard fraction.isFinite else { return 0 }
        let value = (fraction * Double(count - 1)).rounded()
        if value <= 0 { return 0 }
        if value >= Double(count - 1) { return count - 1 }
        return Int(value)
    }

    /// A non-empty coordinate range around the data: a default when there is no data, a
    /// margin around a single value (10% of it, or 1 when it is 0; half a decade on log axes).
    static func widened(_ low: Double, _ high: Double, log: Bool) -> (Double, Double) {
        if !low.isFinite || !high.isFinite || low > high { return log ? (0, 1) : (0, 1) }
        let magnitude = max(abs(low), abs(high))
        if high - low > magnitude * 1e-12 && high - low > 0 { return (low, high) }
        let middle = low / 2 + high / 2
        if log { return (middle - 0.5, middle + 0.5) }
        let pad = middle == 0 ? 1 : abs(middle) * 0.1
        return (middle - pad, middle + pad)
    }

    private func prepare(_ series: Series, index: Int, clip: (low: Double, high: Double)?) -> PreparedSeries {
        var glyph = LineChart.glyph(forSeries: index).unicodeScalars.first?.value ?? 0x2A
        if let own = series.glyph {
            glyph = characterWidth(own) == 1 && own.unicodeScalars.count == 1 ? own.unicodeScalars.first!.value : 0x3F
        }
        var result = PreparedSeries(name: series.name, glyph: glyph,
                                    color: series.colorOverride ?? Palette.seriesColor(index, options.theme), style: series.style)
        result.pattern = series.patternOverride ?? LineChart.linePattern(forSeries: index)
        result.marksEveryPoint = series.marksEveryPoint
        result.stampsGlyph = series.stampsGlyph
        result.isBackdrop = series.isBackdrop
        let count = min(series.xs.count, series.ys.count)
        result.total = count
        result.leftOut.unpaired = abs(series.xs.count - series.ys.count)
        result.xs.reserveCapacity(count)
        result.ys.reserveCapacity(count)
        let logX = chart.xScale == .log, logY = chart.yScale == .log
        for i in 0..<count {
            let x = series.xs[i], y = series.ys[i]
            if !series.countsBreaks && x.isNaN && y.isNaN { result.breakLine(); continue }
            guard x.isFinite else { result.leftOut.xNotFinite += 1; result.breakLine(); continue }
            if logX && x <= 0 { result.leftOut.xNotPositive += 1; result.breakLine(); continue }
            let cx = logX ? log10(x) : x
            if y.isNaN { result.leftOut.nan += 1; result.breakLine(); continue }
            if y.isInfinite {
                if y > 0 { result.leftOut.positiveInfinity += 1 } else { result.leftOut.negativeInfinity += 1 }
                result.edges.append((cx, y > 0))
                if y > 0, let lastY = result.ys.last, !lastY.isNaN, let lastX = result.xs.last {
                    result.rises.append((lastX, lastY, cx))
                }
                result.breakLine()
                continue
            }
            if logY && y <= 0 { result.leftOut.yNotPositive += 1; result.breakLine(); continue }
            let cy = logY ? log10(y) : y
            if let clip {
                if cy > clip.high { result.leftOut.above += 1; result.edges.append((cx, true)); result.breakLine(); continue }
                if cy < clip.low { result.leftOut.below += 1; result.edges.append((cx, false)); result.breakLine(); continue }
            }
            result.xs.append(cx)
            result.ys.append(cy)
            result.drawable += 1
        }
        for marker in series.markers {
            guard marker.x.isFinite, !(logX && marker.x <= 0) else { continue }
            let cx = logX ? log10(marker.x) : marker.x
            var scalar = marker.glyph.unicodeScalars.first?.value ?? 0x3F
            if characterWidth(marker.glyph) != 1 || marker.glyph.unicodeScalars.count != 1 { scalar = 0x3F }
            var cy: Double? = nil
            var top = true
            if marker.y.isFinite && !(logY && marker.y <= 0) {
                let value = logY ? log10(marker.y) : marker.y
                if let clip, value > clip.high || value < clip.low {
                    top = value > clip.high
                } else {
                    cy = value
                }
            } else {
                top = marker.y.isNaN || marker.y > 0
            }
            result.markers.append((cx, cy, top, scalar, marker.label, marker.joinsLine))
        }
        return result
    }
}
