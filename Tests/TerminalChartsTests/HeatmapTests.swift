import Foundation
import Testing
@testable import TerminalCharts

/// A 2-D classifier's regions on a 24 x 48 grid over [-1.5, 1.5]^2: class 1 inside the circle
/// of radius 0.8, class 0 outside, and 40 training points on two rings (radius 0.5 and 1.2).
private func circleRegions() -> (values: [[Double]], points: [OverlayPoint]) {
    let rows = 24, columns = 48
    let values = (0..<rows).map { r in
        (0..<columns).map { c -> Double in
            let x = -1.5 + 3 * (Double(c) + 0.5) / Double(columns)
            let y = -1.5 + 3 * (Double(r) + 0.5) / Double(rows)
            return x * x + y * y < 0.64 ? 1 : 0
        }
    }
    var points: [OverlayPoint] = []
    for k in 0..<20 {
        let angle = Double(k) * 2 * Double.pi / 20
        points.append(OverlayPoint(x: 0.5 * cos(angle), y: 0.5 * sin(angle), classIndex: 1))
        points.append(OverlayPoint(x: 1.2 * cos(angle), y: 1.2 * sin(angle), classIndex: 0))
    }
    return (values, points)
}

/// Validation accuracy of a made-up grid search: best at learning rate 0.1, batch 32; NaN where
/// training diverged (learning rate 10).
private func gridSearch() -> Heatmap {
    let rates = [0.001, 0.01, 0.1, 1, 10]
    let batches = [8.0, 32, 128]
    let values = batches.map { b in
        rates.map { r -> Double in
            r >= 10 ? .nan : 0.95 - 0.04 * pow(log10(r) + 1, 2) - 0.01 * abs(log2(b / 32))
        }
    }
    return Heatmap(values: values, x: .values(rates), y: .values(batches), scale: .levels(nil),
                   title: "Validation accuracy", xLabel: "learning rate", yLabel: "batch size",
                   showValues: true, highlight: (row: 1, column: 2))
}

@Suite struct HeatmapTests {
    let options = RenderOptions(width: 80, height: 24)

    @Test func decisionRegionsWithPoints() {
        let (values, points) = circleRegions()
        let map = Heatmap(values: values, x: .range(-1.5...1.5), y: .range(-1.5...1.5),
                          scale: .classes(["outside", "inside"]), points: points,
                          title: "Decision regions", xLabel: "x1", yLabel: "x2")
        let text = map.render(options)
        checkShape(text, options)
        #expect(text.contains("[ ] outside   [░] inside"))
        #expect(text.contains("o outside   x inside"))
        // Every point is drawn: count the glyphs in the plot lines (above the x axis).
        let plotLines = text.split(separator: "\n").prefix { !$0.contains("└") }.filter { $0.contains("│") || $0.contains("┤") }
        let drawn = plotLines.map { $0.filter { $0 == "o" || $0 == "x" }.count }.reduce(0, +)
        #expect(drawn > 30 && drawn <= 40)   // a few points share a cell
        // The centre of the plot is inside the circle: shaded.
        let middle = plotLines[plotLines.count / 2]
        #expect(middle.contains("░"))
        assertSnapshot(text, named: "heatmap-decision-regions")
    }

    @Test func decisionRegionsASCII() {
        let (values, points) = circleRegions()
        let map = Heatmap(values: values, x: .range(-1.5...1.5), y: .range(-1.5...1.5),
                          scale: .classes(["outside", "inside"]), points: points, title: "Decision regions")
        assertASCIISnapshot(options, named: "heatmap-decision-regions-ascii", map.render)
    }

    @Test func gridSearchWithValuesAndNaN() {
        let text = gridSearch().render(options)
        checkShape(text, options)
        for label in ["0.001", "0.01", "0.1", "1", "10"] { #expect(text.contains(label)) }
        #expect(text.contains("[0.95]"))             // the highlighted best cell
        #expect(text.contains("3 of 15 cells have no finite value"))
        #expect(text.contains("[?] no value"))
        assertSnapshot(text, named: "heatmap-grid-search")
    }

    @Test func colorHeatmapStripsToPlainText() {
        let map = gridSearch()
        let colored = map.render(RenderOptions(width: 80, height: 24, color: true))
        #expect(trimmingLineEnds(strippingEscapes(colored)) == map.render(options))
        #expect(colored.contains("\u{1B}[48;5;"))
        let (values, points) = circleRegions()
        let regions = Heatmap(values: values, x: .range(-1.5...1.5), y: .range(-1.5...1.5),
                              scale: .classes(["outside", "inside"]), points: points)
        let coloredRegions = regions.render(RenderOptions(width: 60, height: 20, color: true))
        #expect(trimmingLineEnds(strippingEscapes(coloredRegions)) == regions.render(RenderOptions(width: 60, height: 20)))
        assertSnapshot(coloredRegions, named: "heatmap-decision-regions-color")
    }

    @Test func levelsLegendUsesNiceBounds() {
        // Probabilities 0...1 over a 10 x 10 grid (a linear ramp along x).
        let values = (0..<10).map { _ in (0..<10).map { Double($0) / 9 } }
        let text = Heatmap(values: values, x: .range(0...1), y: .range(0...1), scale: .levels(0...1)).render(options)
        checkShape(text, options)
        #expect(text.contains("[ ] 0.0..0.2   [░] 0.2..0.4   [▒] 0.4..0.6   [▓] 0.6..0.8   [█] 0.8..1.0"))
        // Darker from left to right on every plot line.
        let plotLine = text.split(separator: "\n")[5]
        let order: [Character] = [" ", "░", "▒", "▓", "█"]
        let ranks = plotLine.compactMap { order.firstIndex(of: $0) }
        #expect(ranks == ranks.sorted())
        assertSnapshot(text, named: "heatmap-levels")
    }

    @Test func badInputGivesOneLine() {
        let ragged = Heatmap(values: [[1, 2], [3]], x: .labels(["a", "b"]), y: .labels(["r", "s"]))
        #expect(ragged.render(options) == "Heatmap rows differ in length: row 0 has 2 values, row 1 has 1; give every row the same number of values.")
        let mismatch = Heatmap(values: [[1, 2]], x: .values([1, 2, 3]), y: .labels(["r"]))
        #expect(mismatch.render(options).hasPrefix("Heatmap has 2 columns but 3 x values"))
        let empty = Heatmap(values: [], x: .labels([]), y: .labels([]))
        #expect(!empty.render(options).contains("\n"))
        let badRange = Heatmap(values: [[1]], x: .range(1...1), y: .labels(["r"]))
        #expect(badRange.render(options).hasPrefix("Heatmap x range"))
        let tiny = Heatmap(values: [[1]], x: .labels(["a"]), y: .labels(["r"])).render(RenderOptions(width: 10, height: 3))
        #expect(tiny.hasPrefix("Heatmap too small to draw"))
    }

    @Test func pointsOutsideAreCounted() {
        let map = Heatmap(values: [[0, 1], [1, 0]], x: .range(0...1), y: .range(0...1), scale: .classes(["a", "b"]),
                          points: [OverlayPoint(x: 0.2, y: 0.2, classIndex: 0), OverlayPoint(x: 2, y: 0.5, classIndex: 1),
                                   OverlayPoint(x: .nan, y: 0.5, classIndex: 1)])
        let text = map.render(RenderOptions(width: 40, height: 12))
        checkShape(text, RenderOptions(width: 40, height: 12))
        #expect(text.contains("2 of 3 points lie outside the grid"))
    }
}
