import Foundation
import Testing
@testable import TerminalCharts

/// The y tick labels of a rendered line chart, top to bottom (the text left of ┤ or +).
func yTickLabels(_ text: String) -> [String] {
    text.split(separator: "\n").compactMap { line -> String? in
        guard let index = line.firstIndex(where: { $0 == "┤" }) else { return nil }
        let label = line[..<index].trimmingCharacters(in: .whitespaces)
        return label.isEmpty ? nil : label
    }
}

/// The x tick labels of a rendered braille line chart (the line after the one holding └).
func xTickLabels(_ text: String) -> [String] {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard let axis = lines.firstIndex(where: { $0.contains("└") }), axis + 1 < lines.count else { return [] }
    return lines[axis + 1].split(separator: " ").map(String.init)
}

/// The last line that starts with "Left out:" and the lines after it, joined.
func noteText(_ text: String) -> String {
    let lines = text.split(separator: "\n").map(String.init)
    guard let start = lines.firstIndex(where: { $0.hasPrefix("Left out:") }) else { return "" }
    return lines[start...].joined(separator: " ")
}

@Suite struct EdgeCaseTests {
    let options = RenderOptions(width: 80, height: 20)

    @Test func nanAndInfinityInsideASeries() {
        var ys = (1...60).map { 1.0 / Double($0) }
        ys[10] = .nan
        ys[11] = .nan
        ys[30] = .infinity
        ys[45] = -.infinity
        let nanCount = ys.filter(\.isNaN).count
        let plusInf = ys.filter { $0 == .infinity }.count
        let minusInf = ys.filter { $0 == -.infinity }.count
        let chart = LineChart(series: [Series(name: "training", ys: ys)], title: "A run that went wrong")
        let text = chart.render(options)
        checkShape(text, options)
        let note = noteText(text)
        #expect(note.contains("training: \(nanCount) NaN, \(plusInf) +inf, \(minusInf) -inf"))
        #expect(text.contains("^ left the chart upwards"))
        #expect(text.contains("v left the chart downwards"))
        // The finite values still set the axis: 1/60 ... 1 gives labels up to 1.0, not inf.
        #expect(yTickLabels(text).first == "1.0")
        assertSnapshot(text, named: "line-nan-inf")
    }

    @Test func allNaNSeriesNextToANormalOne() {
        let good = Series(name: "training", ys: (1...30).map { 2.0 / Double($0) })
        let bad = Series(name: "validation", ys: Array(repeating: .nan, count: 30))
        let text = LineChart(series: [good, bad]).render(options)
        checkShape(text, options)
        #expect(text.contains("+ validation (nothing to draw)"))
        #expect(noteText(text).contains("validation: 30 NaN"))
        assertSnapshot(text, named: "line-all-nan-beside-normal")
    }

    @Test func onlyAnAllNaNSeries() {
        let text = LineChart(series: [Series(name: "training", ys: [.nan, .nan, .nan])]).render(options)
        checkShape(text, options)
        #expect(noteText(text).contains("training: 3 NaN"))
        assertSnapshot(text, named: "line-only-nan")
    }

    @Test func emptySeriesNextToANormalOne() {
        let good = Series(name: "training", ys: [0.9, 0.7, 0.6, 0.55, 0.52])
        let empty = Series(name: "validation", ys: [])
        let text = LineChart(series: [good, empty]).render(options)
        checkShape(text, options)
        #expect(text.contains("+ validation (empty)"))
        assertSnapshot(text, named: "line-empty-beside-normal")
    }

    @Test func noSeriesAtAll() {
        let text = LineChart(series: []).render(options)
        checkShape(text, options)
        #expect(text.contains("No series to draw."))
    }

    @Test func onePoint() {
        let text = LineChart(series: [Series(name: "training", ys: [0.42])]).render(options)
        checkShape(text, options)
        // The single point is drawn as the series glyph, and the axes bracket it.
        #expect(text.split(separator: "\n").dropLast(3).contains { $0.contains("*") })
        let labels = yTickLabels(text).compactMap(Double.init)
        #expect(labels.min()! < 0.42 && labels.max()! > 0.42)
        #expect(xTickLabels(text).contains("1"))
        assertSnapshot(text, named: "line-one-point")
    }

    @Test func flatSeries() {
        let text = LineChart(series: [Series(name: "training", ys: Array(repeating: 0.5, count: 50))]).render(options)
        checkShape(text, options)
        let labels = yTickLabels(text).compactMap(Double.init)
        #expect(labels.count >= 2)
        #expect(labels.min()! < 0.5 && labels.max()! > 0.5)
        assertSnapshot(text, named: "line-flat")
    }

    @Test func tinyValuesLinear() {
        // 1e-9 ... 1e-8 in 40 equal steps.
        let ys = (0..<40).map { 1e-9 + 9e-9 * Double($0) / 39 }
        let text = LineChart(series: [Series(name: "gradient norm", ys: ys)]).render(options)
        checkShape(text, options)
        let labels = yTickLabels(text)
        #expect(labels.allSatisfy { $0 == "0" || $0.contains("e-") }, "compact scientific labels: \(labels)")
        #expect(Set(labels).count == labels.count, "no two labels alike: \(labels)")
        #expect(labels.first == "1e-8")
        assertSnapshot(text, named: "line-tiny-linear")
    }

    @Test func tinyValuesLog() {
        let ys = (0..<40).map { 1e-9 * pow(10, Double($0) / 39) }
        let text = LineChart(series: [Series(name: "gradient norm", ys: ys)], yScale: .log).render(options)
        checkShape(text, options)
        let labels = yTickLabels(text)
        #expect(labels.first == "1e-8")
        #expect(labels.last == "1e-9")
        assertSnapshot(text, named: "line-tiny-log")
    }

    @Test func hugeValuesLinear() {
        let ys = (0..<30).map { 1e300 * (1 + Double($0) / 10) }
        let text = LineChart(series: [Series(name: "loss", ys: ys)]).render(options)
        checkShape(text, options)
        let labels = yTickLabels(text)
        #expect(labels.allSatisfy { $0.hasSuffix("e300") }, "\(labels)")
        let values = labels.compactMap(Double.init)
        #expect(values.count == labels.count)
        #expect(values.max()! >= ys.max()! && values.min()! <= ys.min()!)
        assertSnapshot(text, named: "line-huge-linear")
    }

    @Test func divergingToHugeValuesLog() {
        // A loss that explodes from 1 to about 1e300 and then overflows to inf.
        var ys = (0..<40).map { pow(10, Double($0) * 7.5) }
        ys.append(.infinity)
        let text = LineChart(series: [Series(name: "training", ys: ys)], yScale: .log).render(options)
        checkShape(text, options)
        let labels = yTickLabels(text)
        #expect(labels.last == "1")
        #expect(labels.first.map { Double($0)! >= 1e292 } == true, "\(labels)")
        #expect(noteText(text).contains("1 +inf"))
        assertSnapshot(text, named: "line-huge-log")
    }

    @Test func nonPositiveValuesOnLogAxis() {
        let ys: [Double] = [1, 0.5, 0.2, 0, -0.1, 0.05, 0.02, 0.01, 0, 0.005]
        let dropped = ys.filter { $0 <= 0 }.count
        let text = LineChart(series: [Series(name: "training", ys: ys)], yScale: .log).render(options)
        checkShape(text, options)
        #expect(noteText(text).contains("training: \(dropped) <= 0 on the log y axis"))
        assertSnapshot(text, named: "line-log-nonpositive")
    }

    @Test func accuracyBetweenHalfAndOne() {
        let ys = (0..<50).map { 0.5 + 0.5 * (1 - exp(-Double($0) / 10)) }
        let text = LineChart(series: [Series(name: "accuracy", ys: ys)]).render(options)
        checkShape(text, options)
        #expect(yTickLabels(text) == ["1.0", "0.9", "0.8", "0.7", "0.6", "0.5"])
        assertSnapshot(text, named: "line-accuracy-half-to-one")
    }

    @Test func learningRatesOnLogX() {
        let rates = (0...16).map { pow(10, -4 + Double($0) / 4) }
        let loss = rates.map { r in 0.3 + 0.5 * pow(log10(r) + 2, 2) / 4 }
        let accuracy = rates.map { r in 0.95 - 0.4 * pow(log10(r) + 2, 2) / 4 }
        let chart = LineChart(series: [Series(name: "validation loss", xs: rates, ys: loss),
                                       Series(name: "validation accuracy", xs: rates, ys: accuracy)],
                              title: "Validation curve", xLabel: "learning rate", xScale: .log)
        let text = chart.render(options)
        checkShape(text, options)
        #expect(xTickLabels(text) == ["1e-4", "1e-3", "1e-2", "1e-1", "1"])
        assertSnapshot(text, named: "line-log-x-learning-rates")
    }

    @Test func tooSmallGivesOneLine() {
        let chart = LineChart(series: [Series(name: "training", ys: [1, 2, 3])], title: "t", xLabel: "x", yLabel: "y")
        for (w, h) in [(80, 5), (8, 20), (0, 0), (-3, 10)] {
            let text = chart.render(RenderOptions(width: w, height: h))
            #expect(!text.contains("\n"))
            #expect(text.hasPrefix("Chart too small to draw: \(w)x\(h) cells given"))
        }
    }

    @Test func divergenceMarkerAndPointsSeries() {
        var ys = (1...40).map { 1.0 / Double($0) + 0.1 }
        ys += [0.5, 3, 40, .nan, .nan]
        let run = Series(name: "training", xs: (1...ys.count).map(Double.init), ys: ys, style: .line,
                         markers: [PointMarker(x: 43, y: 40, glyph: "!", label: "diverged at epoch 43")])
        let checks = Series(name: "checkpoints", xs: [10, 20, 30], ys: [0.2, 0.15, 0.133], style: .points)
        let text = LineChart(series: [run, checks], yRange: 0...1).render(options)
        checkShape(text, options)
        #expect(text.contains("! diverged at epoch 43"))
        let above = ys.filter { $0 > 1 }.count
        #expect(noteText(text).contains("training: 2 NaN, \(above) above the y range"))
        assertSnapshot(text, named: "line-marker-points-yrange")
    }

    @Test func wideCharactersCountTwoCells() {
        let chart = LineChart(series: [Series(name: "訓練 loss", ys: [3, 2, 1.5, 1.2, 1.1]),
                                       Series(name: "検証 loss", ys: [3.1, 2.4, 2, 1.9, 1.95])],
                              title: "学習曲線 learning curve")
        let small = RenderOptions(width: 40, height: 12)
        let text = chart.render(small)
        checkShape(text, small)
        assertSnapshot(text, named: "line-wide-characters")
    }

    @Test func controlCharactersInNamesCannotBreakTheLayout() {
        let chart = LineChart(series: [Series(name: "a\nb\u{1B}[31m", ys: [1, 2])], title: "x\ry")
        let text = chart.render(options)
        checkShape(text, options)
        #expect(!text.contains("\u{1B}"))
        #expect(!text.contains("\r"))
    }
}
