// Heatmaps: a grid of values shown as shades (and colours), for the decision regions of a
// 2-D classifier with its training points drawn over them, or for the results of a grid search.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What one heatmap axis shows.
public enum HeatmapAxis: Sendable {
    /// A continuous range in data units: grid columns (or rows) split it into equal parts and the
    /// axis gets nice ticks inside it. For decision regions over two features.
    case range(ClosedRange<Double>)
    /// One value per grid column (or row), e.g. the learning rates of a grid search, written
    /// compactly ("1e-4", "0.01", "16"); the cells are equally wide whatever the spacing of the
    /// values, so log-spaced values read as a log axis.
    case values([Double])
    /// One text label per grid column (or row).
    case labels([String])
}

/// How grid values turn into shades and colours.
public enum HeatmapScale: Sendable {
    /// Values in up to 5 levels with nice bounds covering the range (nil: the finite values of
    /// the grid); values outside the range take the end levels.
    case levels(ClosedRange<Double>?)
    /// Each value is a class index 0..<names.count (rounded); each class its own shade and colour.
    case classes([String])
}

/// A point drawn over a heatmap with the glyph of its class.
public struct OverlayPoint: Sendable {
    /// Horizontal position: data units on a `.range` axis, else the grid column index (0-based).
    public var x: Double
    /// Vertical position: data units on a `.range` axis, else the grid row index (0-based, 0 at the bottom).
    public var y: Double
    /// Class of the point: selects its glyph (o, x, +, *, @, %, &, $) and colour.
    public var classIndex: Int

    /// A point at (`x`, `y`) of class `classIndex`.
    public init(x: Double, y: Double, classIndex: Int) {
        self.x = x
        self.y = y
        self.classIndex = classIndex
    }
}

/// A grid of values drawn as shades with a legend, optionally with points over it.
///
/// `values` holds rows x columns: `values[r][c]` is the cell at the c-th x position (left to
/// right) and the r-th y position counted from the bottom (row 0 has the smallest y). NaN and
/// infinite values are drawn as "?" and counted in a note. Problems with the input (ragged rows,
/// axis label counts that do not match the grid, an empty range) give one line saying what
/// is wrong instead of a chart.
public struct Heatmap: Sendable {
    /// Grid values, rows x columns, row 0 at the bottom.
    public var values: [[Double]]
    /// Horizontal axis (columns).
    public var x: HeatmapAxis
    /// Vertical axis (rows).
    public var y: HeatmapAxis
    /// Shading of the values.
    public var scale: HeatmapScale
    /// Points drawn over the cells with their class glyph.
    public var points: [OverlayPoint]
    /// Legend names of the point classes; empty: the names of a `.classes` scale, else "class 0", "class 1", ...
    public var pointClassNames: [String]
    /// Line above the plot, centred.
    public var title: String?
    /// Name of the x axis, centred under its labels.
    public var xLabel: String?
    /// Name of the y axis, on its own line above the plot.
    public var yLabel: String?
    /// Writes each cell's value (3 significant digits) inside it when the cells are big enough (grid searches).
    public var showValues: Bool
    /// Grid cell (row, column) to mark with brackets around its value (e.g. the best setting of a grid search).
    public var highlight: (row: Int, column: Int)?
    /// For a `.classes` scale: per cell, the probability the model gives its predicted class
    /// (same rows x columns as `values`, 0...1). In colour, cells are paler the closer the model
    /// is to guessing (see `ConfidenceLevel`); nil: every cell in its class's strong colour.
    public var confidence: [[Double]]? = nil
    /// Points held out for validation, drawn with their own glyphs (O X # ...) so that they
    /// differ from the training `points` (o x + ...) with or without colour.
    public var validationPoints: [OverlayPoint] = []
    /// When both axes are `.range`: size the plot so one data unit is as long across as down,
    /// taking a terminal cell as `cellAspect` times as tall as wide (circles stay round); unused
    /// lines go blank at the bottom.
    public var keepAspectRatio: Bool = false
    /// With `keepAspectRatio`: the legend and notes go to the right of the plot when they fit
    /// there in as many lines as the plot has rows (a compact map for small screens); else below.
    public var legendBeside: Bool = false

    /// Height / width of a terminal cell assumed by `keepAspectRatio` (most fonts: about 2).
    public static let cellAspect: Double = 2

    /// A heatmap of `values` (rows x columns, row 0 at the bottom); see the properties.
    public init(values: [[Double]], x: HeatmapAxis, y: HeatmapAxis, scale: HeatmapScale = .levels(nil),
                points: [OverlayPoint] = [], pointClassNames: [String] = [], title: String? = nil,
                xLabel: String? = nil, yLabel: String? = nil, showValues: Bool = false,
                highlight: (row: Int, column: Int)? = nil) {
        self.values = values
        self.x = x
        self.y = y
        self.scale = scale
        self.points = points
        self.pointClassNames = pointClassNames
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.showValues = showValues
        self.highlight = highlight
    }

    /// The heatmap as text: exactly `options.height` lines, none wider than `options.width`
    /// cells; one line saying what is wrong when the input is unusable or the size too small.
    public func render(_ options: RenderOptions) -> String {
        HeatmapRenderer(map: self, options: options).render()
    }
}

private let pointGlyphs: [UInt32] = [0x6F, 0x78, 0x2B, 0x2A, 0x40, 0x25, 0x26, 0x24]   // o x + * @ % & $
private let validationGlyphs: [UInt32] = [0x4F, 0x58, 0x23, 0x41, 0x57, 0x3D, 0x48, 0x53] // O X # A W = H S

/// How sure a classifier is at one cell, in three levels (0 strong, 1 medium, 2 pale), from the
/// probability p of its predicted class among k classes: the margin m = (p - 1/k) / (1 - 1/k)
/// runs from 0 (a guess, p = 1/k) to 1 (certain); m >= 0.6 is strong, m >= 0.2 medium, else pale.
/// For two classes: p >= 0.8 strong, p >= 0.6 medium.
public enum ConfidenceLevel {
    /// Least margin of the strong level.
    public static let strongMargin = 0.6
    /// Least margin of the medium level.
    public static let mediumMargin = 0.2

    /// Level 0 (strong), 1 (medium) or 2 (pale) of probability `probability` among `classes`
    /// classes (at least 2 assumed); NaN counts as strong (no information to pale it).
    public static func level(probability: Double, classes: Int) -> Int {
        guard probability.isFinite else { return 0 }
        let k = Double(max(2, classes))
        let margin = (probability - 1 / k) / (1 - 1 / k)
        return margin >= strongMargin ? 0 : (margin >= mediumMargin ? 1 : 2)
    }

    /// The probability with margin `margin` among `classes` classes: 1/k + margin (1 - 1/k).
    public static func probability(margin: Double, classes: Double) -> Double {
        1 / classes + margin * (1 - 1 / classes)
    }
}
private let unicodeShades: [UInt32] = [0x20, 0x2591, 0x2592, 0x2593, 0x2588]          // space ░ ▒ ▓ █
private let asciiShades: [UInt32] = [0x20, 0x2E, 0x3A, 0x3D, 0x23]                      // space . : = #
private let unicodeClassShades: [UInt32] = [0x20, 0x2591, 0x2592, 0x2593, 0x2588, 0xB7, 0x3A, 0x7E]
private let asciiClassShades: [UInt32] = [0x20, 0x2E, 0x3A, 0x3D, 0x23, 0x2C, 0x3B, 0x7E]

/// How grid indices map onto plot cells along one axis.
private struct AxisCells {
    /// Plot cells along the axis.
    var length: Int
    /// Plot cells of each grid index when every index has its own block (blocks differ by at most one cell); nil when sampled.
    var blocks: [Range<Int>]?
    /// Grid index shown in plot cell i (along increasing data: left to right, bottom to top).
    var index: [Int]
}

private struct HeatmapRenderer {
    let map: Heatmap
    let options: RenderOptions
    let ascii: Bool

    init(map: Heatmap, options: RenderOptions) {
        self.map = map
        self.options = options
        ascii = options.charset == .ascii
    }

    func validate() -> String? {
        let rows = map.values.count
        guard rows > 0, let columns = map.values.first?.count, columns > 0 else {
            return "Heatmap has no values: give at least one row with at least one value."
        }
        if let bad = map.values.firstIndex(where: { $0.count != columns }) {
            return "Heatmap rows differ in length: row 0 has \(columns) values, row \(bad) has \(map.values[bad].count); give every row the same number of values."
        }
        for (name, axis, count) in [("x", map.x, columns), ("y", map.y, rows)] {
            switch axis {
            case .range(let range):
                if !range.lowerBound.isFinite || !range.upperBound.isFinite || range.lowerBound >= range.upperBound {
                    return "Heatmap \(name) range must be two different finite numbers, lower first."
                }
            case .values(let values):
                if values.count != count {
                    return "Heatmap has \(count) \(name == "x" ? "columns" : "rows") but \(values.count) \(name) values; give one value per \(name == "x" ? "column" : "row")."
                }
            case .labels(let labels):
                if labels.count != count {
                    return "Heatmap has \(count) \(name == "x" ? "columns" : "rows") but \(labels.count) \(name) labels; give one label per \(name == "x" ? "column" : "row")."
                }
            }
        }
        if let confidence = map.confidence,
           confidence.count != rows || confidence.contains(where: { $0.count != columns }) {
            return "Heatmap confidence must have the same rows x columns as the values (\(rows) x \(columns))."
        }
        if case .classes(let names) = map.scale, names.isEmpty {
            return "Heatmap class scale needs at least one class name."
        }
        if case .levels(let range?) = map.scale,
           !range.lowerBound.isFinite || !range.upperBound.isFinite {
            return "Heatmap level range must be finite."
        }
        return nil
    }

    /// Cells for `count` grid indices in at most `available` plot cells.
    static func cells(count: Int, available: Int, categorical: Bool) -> AxisCells {
        let index = (0..<available).map { min(count - 1, $0 * count / available) }
        guard categorical && count <= available else { return AxisCells(length: available, blocks: nil, index: index) }
        var blocks: [Range<Int>] = []
        var start = 0
        for i in 0..<count {
            var end = start
            while end < available && index[end] == i { end += 1 }
            blocks.append(start..<end)
            start = end
        }
        return AxisCells(length: available, blocks: blocks, index: index)
    }

    static func isCategorical(_ axis: HeatmapAxis) -> Bool {
        if case .range = axis { return false }
        return true
    }

    static func categoryLabels(_ axis: HeatmapAxis) -> [String] {
        switch axis {
        case .range: return []
        case .values(let values): return values.map { formatSignificant($0) }
        case .labels(let labels): return labels.map(singleLine)
        }
    }

    func render() -> String {
        if let problem = validate() { return problem }
        if let problem = sizeProblem(options, kind: "Heatmap") { return problem }
        let width = options.width, height = options.height
        let rows = map.values.count, columns = map.values[0].count

        // Scale: level bounds or classes.
        var notFinite = 0
        var finiteMin = Double.infinity, finiteMax = -Double.infinity
        for row in map.values {
            for v in row {
                if v.isFinite { finiteMin = min(finiteMin, v); finiteMax = max(finiteMax, v) } else { notFinite += 1 }
            }
        }
        var levelTicks: [Tick] = []
        var classNames: [String] = []
        var outOfClass = 0
        switch map.scale {
        case .levels(let range):
            var low = range?.lowerBound ?? finiteMin, high = range?.upperBound ?? finiteMax
            if !low.isFinite || !high.isFinite { low = 0; high = 1 }
            if low > high { swap(&low, &high) }
            if high - low <= max(abs(low), abs(high)) * 1e-12 {
                let pad = low == 0 ? 1 : abs(low) * 0.1
                low -= pad; high += pad
            }
            // At most 5 levels: one shade each.
            levelTicks = TickMaker.linear(lower: low, upper: high, maxTicks: 6, integerSteps: false) { $0.ticks.count <= 6 }.ticks
            if levelTicks.count < 2 {
                levelTicks = [Tick(coordinate: low, label: formatSignificant(low)), Tick(coordinate: high, label: formatSignificant(high))]
            }
        case .classes(let names):
            classNames = names.map(singleLine)
        }
        let shades = ascii ? asciiShades : unicodeShades
        let classShades = ascii ? asciiClassShades : unicodeClassShades
        let levelCount = levelTicks.count - 1

        let regionColors = Palette.regions(options.theme)
        /// Shade scalar and colour of a value (for classes, at confidence level `level`); nil for values that cannot be shown.
        func shade(_ v: Double, level: Int = 0) -> (scalar: UInt32, color: UInt8, light: Bool)? {
            guard v.isFinite else { return nil }
            if !classNames.isEmpty {
                let rounded = v.rounded()
                guard rounded >= 0 && rounded < Double(classNames.count) else { return nil }
                let index = Int(rounded)
                return (classShades[index % classShades.count], regionColors[index % regionColors.count][level], false)
            }
            var level = levelCount - 1
            for i in 1..<levelTicks.count where v < levelTicks[i].coordinate { level = i - 1; break }
            let shadeIndex = levelCount <= 1 ? shades.count / 2 : (level * (shades.count - 1) + (levelCount - 1) / 2) / (levelCount - 1)
            let rampIndex = levelCount <= 1 ? Palette.ramp.count / 2 : (level * (Palette.ramp.count - 1) + (levelCount - 1) / 2) / (levelCount - 1)
            return (shades[shadeIndex], Palette.ramp[rampIndex], rampIndex >= 3)
        }
        if !classNames.isEmpty {
            for row in map.values { for v in row where v.isFinite && shade(v) == nil { outOfClass += 1 } }
        }

        // Legend.
        var legend: [LegendEntry] = []
        if classNames.isEmpty {
            for i in 0..<levelCount {
                let mid = (levelTicks[i].coordinate + levelTicks[i + 1].coordinate) / 2
                guard let s = shade(mid) else { continue }
                legend.append(swatch(s, text: "\(levelTicks[i].label)..\(levelTicks[i + 1].label)"))
            }
        } else {
            for (i, name) in classNames.enumerated() {
                if let s = shade(Double(i)) { legend.append(swatch(s, text: name)) }
            }
        }
        let unsureScalar: UInt32 = ascii ? 0x2D : 0xB7        // - or ·
        let unsureBelow = ConfidenceLevel.probability(margin: ConfidenceLevel.mediumMargin, classes: Double(max(2, classNames.count)))
        if map.confidence != nil && !classNames.isEmpty {
            legend.append(LegendEntry(glyph: ascii ? "[-]" : "[·]",
                                      text: "unsure (probability of its class below \(formatSignificant(unsureBelow, digits: 2)))"))
        }
        if notFinite + outOfClass > 0 { legend.append(LegendEntry(glyph: "[?]", text: "no value")) }
        let pointNames: [String] = map.pointClassNames.isEmpty ? classNames : map.pointClassNames.map(singleLine)
        let usedClasses = Set(map.points.map(\.classIndex)).sorted()
        var pointLegend: [LegendEntry] = []
        let validationClasses = Set(map.validationPoints.map(\.classIndex)).sorted()
        for c in usedClasses where c >= 0 {
            let glyph = String(Character(Unicode.Scalar(pointGlyphs[c % pointGlyphs.count])!))
            let name = c < pointNames.count ? pointNames[c] : "class \(c)"
            pointLegend.append(LegendEntry(glyph: glyph, text: name, color: Palette.seriesColor(c, options.theme)))
        }
        // Validation points: one entry listing their glyphs, class by class in the order above.
        let validationGlyphList = validationClasses.filter { $0 >= 0 }
            .map { String(Character(Unicode.Scalar(validationGlyphs[$0 % validationGlyphs.count])!)) }
        if !validationGlyphList.isEmpty {
            pointLegend.append(LegendEntry(glyph: validationGlyphList.joined(separator: " "), text: "validation, same classes"))
        }

        // Notes.
        var notes: [String] = []
        if notFinite > 0 { notes.append("\(notFinite) of \(rows * columns) cells have no finite value (shown as ?).") }
        if outOfClass > 0 { notes.append("\(outOfClass) cells hold no class index 0...\(classNames.count - 1) (shown as ?).") }
        let xCategorical = Self.isCategorical(map.x), yCategorical = Self.isCategorical(map.y)

        let legendLines = packLegend(legend, width: width, ascii: ascii) + packLegend(pointLegend, width: width, ascii: ascii)
        let title = map.title.map(singleLine).flatMap { $0.isEmpty ? nil : $0 }
        let yName = map.yLabel.map(singleLine).flatMap { $0.isEmpty ? nil : $0 }
        let xName = map.xLabel.map(singleLine).flatMap { $0.isEmpty ? nil : $0 }
        // Points are checked before layout so the note line count is known.
        var pointsOutside = 0
        for point in map.points + map.validationPoints where !isInside(point) { pointsOutside += 1 }
        if pointsOutside > 0 { notes.append("\(pointsOutside) of \(map.points.count + map.validationPoints.count) points lie outside the grid and are left out.") }
        if map.confidence != nil && !classNames.isEmpty && options.color {
            let medium = ConfidenceLevel.probability(margin: ConfidenceLevel.strongMargin, classes: Double(max(2, classNames.count)))
            notes.append("Paler colours: the model is less sure (probability of its class below \(formatSignificant(medium, digits: 2)); palest below \(formatSignificant(unsureBelow, digits: 2)), marked \(ascii ? "-" : "·")).")
        }
        let noteLines = notes.flatMap { wordWrap($0, width: width, ascii: ascii) }
        let beside = map.legendBeside && map.keepAspectRatio
        let fixedRows = (title == nil ? 0 : 1) + (yName == nil ? 0 : 1) + 2 + (xName == nil ? 0 : 1)
            + (beside ? 0 : legendLines.count + noteLines.count)
        let availableHeight = height - fixedRows
        if availableHeight < 3 || width < 12 {
            return tooSmall(neededHeight: fixedRows + 3)
        }

        // y axis: cells and labels (a second pass with fewer rows keeps the aspect ratio).
        var (yCells, yLabelAt) = yLayout(available: availableHeight, rows: rows, categorical: yCategorical)
        var aspectWidth: Int?
        if map.keepAspectRatio, case .range(let xr) = map.x, case .range(let yr) = map.y {
            let plotLeft = (yLabelAt.values.map(displayWidth).max() ?? 0) + 1
            let usable = width - plotLeft - min(4, (width - plotLeft) / 10)
            let xSpan = xr.upperBound - xr.lowerBound, ySpan = yr.upperBound - yr.lowerBound
            // Cell width / cell height = 1 / cellAspect, so equal data units need
            // plotWidth / plotHeight = cellAspect * xSpan / ySpan.
            let ratio = Heatmap.cellAspect * xSpan / ySpan
            let fittingHeight = max(3, Int((Double(usable) / ratio).rounded(.down)))
            if fittingHeight < yCells.length {
                (yCells, yLabelAt) = yLayout(available: fittingHeight, rows: rows, categorical: yCategorical)
            }
            aspectWidth = max(10, min(usable, Int((Double(yCells.length) * ratio).rounded())))
        }
        let plotHeight = yCells.length
        let yLabelWidth = yLabelAt.values.map(displayWidth).max() ?? 0
        let plotLeft = yLabelWidth + 1

        // x axis: cells and labels.
        let availableWidth = width - plotLeft
        if availableWidth < 10 { return tooSmall(neededHeight: max(height, fixedRows + 3)) }
        var xCells = Self.cells(count: columns, available: availableWidth, categorical: xCategorical)
        var labelRow = TextRow(width: width)
        var xTickColumns: [Int] = []
        if xCategorical {
            let labels = Self.categoryLabels(map.x)
            for c in 0..<columns {
                let cellsOfColumn = (0..<xCells.length).filter { xCells.index[$0] == c }
                guard !cellsOfColumn.isEmpty else { continue }
                let center = cellsOfColumn[(cellsOfColumn.count - 1) / 2]
                let text = truncated(labels[c], toWidth: max(1, cellsOfColumn.count > 1 ? max(cellsOfColumn.count - 1, 4) : 4), ascii: ascii)
                let w = displayWidth(text)
                let start = max(0, min(plotLeft + center - (w - 1) / 2, width - w))
                if labelRow.isFree(column: start, textWidth: w, gap: 1) {
                    labelRow.place(text, at: start)
                    xTickColumns.append(center)
                }
            }
        } else if case .range(let range) = map.x {
            // Room on the right for half of the last label.
            let reserve = min(4, availableWidth / 10)
            xCells = Self.cells(count: columns, available: aspectWidth ?? (availableWidth - reserve), categorical: false)
            let length = xCells.length
            var placed: [(Int, Int, String)] = []
            _ = TickMaker.linear(lower: range.lowerBound, upper: range.upperBound, maxTicks: max(2, length / 10 + 1),
                                 integerSteps: false, tight: true) { axis in
                placed.removeAll()
                var previousEnd = Int.min / 2
                for tick in axis.ticks {
                    let column = Self.cellIndex(axis.fraction(tick.coordinate), count: length)
                    let w = displayWidth(tick.label)
                    let start = max(0, min(plotLeft + column - (w - 1) / 2, width - w))
                    if start < previousEnd + 2 { return false }
                    previousEnd = start + w
                    placed.append((column, start, tick.label))
                }
                return true
            }
            for (column, start, label) in placed {
                labelRow.place(label, at: start)
                xTickColumns.append(column)
            }
        }
        let plotWidth = xCells.length
        // Legend and notes beside the plot when they fit there, else below it (a second layout).
        var sideLines: [(plain: String, colored: String)] = []
        let sideColumn = plotLeft + plotWidth + 3
        if beside {
            let sideWidth = width - sideColumn
            if sideWidth >= 16 {
                sideLines = packLegend(legend, width: sideWidth, ascii: ascii) + packLegend(pointLegend, width: sideWidth, ascii: ascii)
                    + notes.flatMap { wordWrap($0, width: sideWidth, ascii: ascii) }.map { (plain: $0, colored: $0) }
            }
            if sideWidth < 16 || sideLines.count > plotHeight {
                var below = map
                below.legendBeside = false
                return HeatmapRenderer(map: below, options: options).render()
            }
        }

        // Cells.
        var cellScalar = [UInt32](repeating: 0x3F, count: plotWidth * plotHeight)
        var cellColor = [UInt8](repeating: 0, count: plotWidth * plotHeight)
        var cellLight = [Bool](repeating: false, count: plotWidth * plotHeight)
        var textColor = [UInt8](repeating: 0, count: plotWidth * plotHeight)   // 0: the cell's own
        for r in 0..<plotHeight {
            let gridRow = yCells.index[plotHeight - 1 - r]
            for c in 0..<plotWidth {
                let i = r * plotWidth + c
                let gridColumn = xCells.index[c]
                let level = map.confidence.map { ConfidenceLevel.level(probability: $0[gridRow][gridColumn], classes: classNames.count) } ?? 0
                if let s = shade(map.values[gridRow][gridColumn], level: level) {
                    cellScalar[i] = level == 2 ? unsureScalar : s.scalar
                    cellColor[i] = s.color
                    cellLight[i] = s.light
                    if level == 2 { textColor[i] = Palette.reference }      // the dot shows on the pale colour
                }
            }
        }
        // Values written into the cells of a grid with equal blocks.
        if (map.showValues || map.highlight != nil), let columnBlocks = xCells.blocks, let rowBlocks = yCells.blocks {
            for gridRow in 0..<rows {
                for gridColumn in 0..<columns {
                    let blockWidth = columnBlocks[gridColumn].count
                    // Row blocks count from the bottom; plot rows from the top.
                    let rowBlock = rowBlocks[gridRow]
                    let value = map.values[gridRow][gridColumn]
                    let marked = map.highlight.map { $0.row == gridRow && $0.column == gridColumn } ?? false
                    guard map.showValues || marked else { continue }
                    var text = map.showValues ? formatSignificant(value) : ""
                    text = marked ? "[" + text + "]" : (text.isEmpty ? text : " " + text + " ")
                    guard text.count <= blockWidth else { continue }
                    let top = plotHeight - rowBlock.upperBound
                    let r = top + (rowBlock.count - 1) / 2
                    let start = columnBlocks[gridColumn].lowerBound + (blockWidth - text.count) / 2
                    for (k, scalar) in text.unicodeScalars.enumerated() {
                        let i = r * plotWidth + start + k
                        cellScalar[i] = scalar.value
                        textColor[i] = cellLight[i] ? 16 : 231
                    }
                }
            }
        }
        // Points over the cells: training, then validation; black or white, whichever contrasts
        // more with the cell (at least 4.58:1), the class colour on cells without a colour.
        for (glyphs, points) in [(pointGlyphs, map.points), (validationGlyphs, map.validationPoints)] {
            for point in points where isInside(point) {
                guard let (column, row) = cellOf(point, xCells: xCells, plotHeight: plotHeight, yCells: yCells) else { continue }
                let i = row * plotWidth + column
                cellScalar[i] = point.classIndex >= 0 ? glyphs[point.classIndex % glyphs.count] : 0x3F
                textColor[i] = cellColor[i] != 0 ? Palette.pointColor(on: cellColor[i])
                    : (point.classIndex >= 0 ? Palette.seriesColor(point.classIndex, options.theme) : 231)
            }
        }

        // Assemble.
        var out: [UInt8] = []
        out.reserveCapacity((width + 8) * height * (options.color ? 8 : 3))
        var firstLine = true
        func newLine() {
            if !firstLine { out.append(0x0A) }
            firstLine = false
        }
        if let title {
            newLine()
            appendTitle(title, to: &out, width: width, ascii: ascii, color: options.color)
        }
        if let yName {
            newLine()
            appendASCII(truncated(yName, toWidth: width, ascii: ascii), to: &out)
        }
        for r in 0..<plotHeight {
            newLine()
            if let label = yLabelAt[r] {
                out.append(contentsOf: repeatElement(0x20, count: yLabelWidth - displayWidth(label)))
                appendASCII(label, to: &out)
                appendScalar(ascii ? 0x2B : 0x2524, to: &out)
            } else {
                out.append(contentsOf: repeatElement(0x20, count: yLabelWidth))
                appendScalar(ascii ? 0x7C : 0x2502, to: &out)
            }
            var last = plotWidth - 1
            if !options.color {
                while last >= 0 && cellScalar[r * plotWidth + last] == 0x20 { last -= 1 }
            }
            var currentStyle = ""
            for c in 0...max(0, last) where last >= 0 {
                let i = r * plotWidth + c
                if options.color {
                    var style = ""
                    if cellColor[i] != 0 {
                        style = Palette.background(cellColor[i]) + Palette.foreground(textColor[i] != 0 ? textColor[i] : cellColor[i])
                    } else if textColor[i] != 0 {
                        style = Palette.foreground(textColor[i])
                    }
                    if style != currentStyle {
                        appendASCII(style.isEmpty ? Palette.reset : Palette.reset + style, to: &out)
                        currentStyle = style
                    }
                }
                appendScalar(cellScalar[i], to: &out)
            }
            if options.color && !currentStyle.isEmpty { appendASCII(Palette.reset, to: &out) }
            if r < sideLines.count {
                out.append(contentsOf: repeatElement(0x20, count: max(0, sideColumn - plotLeft - max(0, last + 1))))
                appendASCII(options.color ? sideLines[r].colored : sideLines[r].plain, to: &out)
            }
        }
        newLine()
        out.append(contentsOf: repeatElement(0x20, count: yLabelWidth))
        appendScalar(ascii ? 0x2B : 0x2514, to: &out)
        let tickSet = Set(xTickColumns)
        for c in 0..<plotWidth {
            appendScalar(tickSet.contains(c) ? (ascii ? 0x2B : 0x252C) : (ascii ? 0x2D : 0x2500), to: &out)
        }
        newLine()
        appendASCII(labelRow.text, to: &out)
        appendFooter(to: &out, axisName: xName, plotLeft: plotLeft, plotWidth: plotWidth, width: width, ascii: ascii,
                     legendLines: beside ? [] : legendLines, noteLines: beside ? [] : noteLines, color: options.color)
        // Lines left over by a kept aspect ratio stay blank, so the output has exactly `height` lines.
        for _ in 0..<max(0, availableHeight - plotHeight) { out.append(0x0A) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The plot rows for `rows` grid rows in at most `available` lines, and the y label of each labelled plot row (0 = top).
    func yLayout(available: Int, rows: Int, categorical yCategorical: Bool) -> (AxisCells, [Int: String]) {
        let yCells = Self.cells(count: rows, available: available, categorical: yCategorical)
        let plotHeight = yCells.length
        var yLabelAt = [Int: String]()
        let maxLabelWidth = max(4, options.width / 4)
        if yCategorical {
            let labels = Self.categoryLabels(map.y).map { truncated($0, toWidth: maxLabelWidth, ascii: ascii) }
            for r in 0..<rows {
                // Middle plot row of grid row r, counted from the top.
                let cellsOfRow = (0..<plotHeight).filter { yCells.index[plotHeight - 1 - $0] == r }
                guard !cellsOfRow.isEmpty else { continue }
                let at = cellsOfRow[(cellsOfRow.count - 1) / 2]
                yLabelAt[at] = labels[r]
            }
        } else if case .range(let range) = map.y {
            let minimumGap = plotHeight >= 5 ? 2 : 1
            let axis = TickMaker.linear(lower: range.lowerBound, upper: range.upperBound, maxTicks: max(2, plotHeight / 3 + 1),
                                        integerSteps: false, tight: true) { axis in
                var previous = Int.max
                for tick in axis.ticks {
                    let row = plotHeight - 1 - Self.cellIndex(axis.fraction(tick.coordinate), count: plotHeight)
                    if previous != Int.max && previous - row < minimumGap { return false }
                    previous = row
                }
                return true
            }
            for tick in axis.ticks {
                yLabelAt[plotHeight - 1 - Self.cellIndex(axis.fraction(tick.coordinate), count: plotHeight)] = tick.label
            }
        }
        return (yCells, yLabelAt)
    }

    func swatch(_ s: (scalar: UInt32, color: UInt8, light: Bool), text: String) -> LegendEntry {
        let character = String(Character(Unicode.Scalar(s.scalar)!))
        let colored = "[" + Palette.background(s.color) + Palette.foreground(s.color) + character + Palette.reset + "]"
        return LegendEntry(glyph: "[" + character + "]", text: text, coloredGlyph: colored)
    }

    func tooSmall(neededHeight: Int) -> String {
        "Heatmap too small to draw: \(options.width)x\(options.height) cells given, at least 24x\(neededHeight) needed; enlarge the terminal, or give --width and --height."
    }

    /// Index 0..<count for a fraction 0...1 of an axis made of `count` equal cells.
    static func cellIndex(_ fraction: Double, count: Int) -> Int {
        guard fraction.isFinite else { return 0 }
        return max(0, min(count - 1, Int(floor(fraction * Double(count)))))
    }

    /// Fraction 0...1 of a point coordinate along an axis, nil outside.
    static func fraction(_ value: Double, axis: HeatmapAxis, count: Int) -> Double? {
        guard value.isFinite else { return nil }
        let f: Double
        switch axis {
        case .range(let range):
            f = (value - range.lowerBound) / (range.upperBound - range.lowerBound)
        case .values, .labels:
            f = (value + 0.5) / Double(count)
        }
        return f >= 0 && f <= 1 ? f : nil
    }

    func isInside(_ point: OverlayPoint) -> Bool {
        Self.fraction(point.x, axis: map.x, count: map.values[0].count) != nil
            && Self.fraction(point.y, axis: map.y, count: map.values.count) != nil
    }

    func cellOf(_ point: OverlayPoint, xCells: AxisCells, plotHeight: Int, yCells: AxisCells) -> (Int, Int)? {
        guard let fx = Self.fraction(point.x, axis: map.x, count: map.values[0].count),
              let fy = Self.fraction(point.y, axis: map.y, count: map.values.count) else { return nil }
        let column = Self.cellIndex(fx, count: xCells.length)
        let row = plotHeight - 1 - Self.cellIndex(fy, count: plotHeight)
        return (column, row)
    }
}
