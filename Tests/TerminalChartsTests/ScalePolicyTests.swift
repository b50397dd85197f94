import Foundation
import Testing
@testable import TerminalCharts

/// The teacher's cases of issue 14, each a scale decision with its snapshot.
@Suite struct ScalePolicyTests {
    let options = RenderOptions(width: 80, height: 20)

    @Test func logOnlyPastTwoDecades() {
        #expect(ScalePolicy.yScale(values: [0.7, 0.5, 0.02]) == .linear)       // 35x: under two decades
        #expect(ScalePolicy.yScale(values: [0.7, 0.5, 0.005]) == .log)         // 140x
        #expect(ScalePolicy.yScale(values: [0.7, .nan, .infinity, 0, 0.005]) == .log)   // zeros left out, NaN ignored
        #expect(ScalePolicy.yScale(values: [-1, 50, 0.01]) == .linear)         // a negative value: never log
        #expect(ScalePolicy.yScale(values: []) == .linear)
        // One decision per chart: a series that alone would be linear shares the log axis.
        let a = Series(name: "a", ys: [0.5, 0.4]), b = Series(name: "b", ys: [0.5, 0.001])
        #expect(ScalePolicy.yScale(for: [a]) == .linear)
        #expect(ScalePolicy.yScale(for: [a, b]) == .log)
    }

    @Test func logSpacedSweepValues() {
        #expect(ScalePolicy.xScale(values: [1e-4, 1e-3, 1e-2, 1e-1, 1]) == .log)
        #expect(ScalePolicy.xScale(values: [1e-5, 3e-5, 1e-4, 3e-4, 1e-3]) == .log)
        #expect(ScalePolicy.xScale(values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) == .linear)
        #expect(ScalePolicy.xScale(values: [0, 1e-3, 1e-2]) == .linear)         // 0 has no place on a log axis
        #expect(ScalePolicy.xScale(values: [16, 32, 64, 128]) == .linear)      // under a decade
        #expect(ScalePolicy.xScale(values: [0.001, 1]) == .log)
    }

    @Test func regretIsTheGapOfTheRunningMinimum() {
        let regret = ScalePolicy.regret(bestSoFarOf: [.nan, 5, 7, 2, .nan, 3, 1], optimum: 1)
        #expect(regret[0].isNaN)
        #expect(Array(regret.dropFirst()) == [4, 4, 1, 1, 1, 0])
    }

    @Test func flatNoteText() {
        #expect(ScalePolicy.flatNote(low: 0.6927, high: 0.6935) == "flat: 0.6931 ± 0.0004")
        #expect(ScalePolicy.flatNote(low: 12, high: 12) == "flat: 12 (all equal)")
        #expect(ScalePolicy.flatNote(low: 2.5e7, high: 2.5e7 + 1000) == "flat: 2.5e7 ± 500")
    }

    /// A training loss stuck at ln 2 with noise of ±0.0004 stays a flat line: the axis spans at
    /// least 10% of the value, and the note gives the numbers.
    @Test func flatCurveIsNotZoomedBelowTheMinimumSpan() {
        let ys = (0...100).map { 0.6931 + 0.0004 * sin(Double($0) * 1.3) }
        let chart = LineChart(series: [Series(name: "training", ys: ys, firstX: 0)], xLabel: "epoch", yLabel: "loss")
            .withScalePolicy()
        #expect(chart.yScale == .linear)
        let text = chart.render(options)
        checkShape(text, options)
        let labels = yTickLabels(text).compactMap(Double.init)
        let span = (labels.max() ?? 0) - (labels.min() ?? 0)
        #expect(span >= ScalePolicy.minimumRelativeSpan * 0.6935 - 1e-12, "axis span \(span)")
        #expect(text.contains("flat: 0.6931 ± 0.0004"))
        // The noise is at most one row of the plot: all braille dots in at most two text rows.
        let rowsWithDots = text.split(separator: "\n").filter { $0.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) } }
        #expect(rowsWithDots.count <= 2)
        assertSnapshot(text, named: "scale-flat-ln2")
    }

    /// Epoch 0 is drawn; a run that diverges in epoch 1 rises from its start to the "!" on the top edge.
    @Test func divergenceInEpochOneRisesFromEpochZero() {
        var training = Series(name: "training", ys: [0.69, .infinity], firstX: 0)
        training.markers = [.divergence(x: 1)]
        let validation = Series(name: "validation", ys: [0.70, .nan], firstX: 0)
        let chart = LineChart(series: [training, validation], xLabel: "epoch", yLabel: "loss").withScalePolicy()
        let text = chart.render(options)
        checkShape(text, options)
        #expect(text.contains("! diverged at epoch 1"))
        #expect(xTickLabels(text).first == "0", "the x axis starts at epoch 0")
        // The rise: dots of the training line in the top plot row, beside the "!".
        let top = text.split(separator: "\n")[1]
        #expect(top.hasSuffix("!") && top.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) })
        assertSnapshot(text, named: "scale-diverged-epoch-1")
    }

    /// Early stopping: the epoch whose weights were restored is a vertical line in the legend.
    @Test func earlyStoppingEpochIsMarked() {
        let train: [Double] = (0...60).map { (epoch: Int) -> Double in exp(-Double(epoch) / 15) + 0.05 }
        let validation: [Double] = (0...60).map { (epoch: Int) -> Double in
            let late: Double = epoch > 25 ? 0.0002 * pow(Double(epoch - 25), 2) : 0
            return exp(-Double(epoch) / 15) + 0.2 + late
        }
        var chart = LineChart(series: [Series(name: "training", ys: train, firstX: 0),
                                       Series(name: "validation", ys: validation, firstX: 0)],
                              xLabel: "epoch", yLabel: "loss").withScalePolicy()
        chart.verticalLines = [.earlyStopping(epoch: 25)]
        let text = chart.render(options)
        checkShape(text, options)
        #expect(text.contains("┊ early stop: weights of epoch 25 restored"))
        assertSnapshot(text, named: "scale-early-stop")
    }

    /// `compare` of runs whose losses span 0.12...45: log, said on the axis, ends at 0.1 and 50
    /// (not padded to 0.1...100).
    @Test func compareLogAxisIsNotPaddedByDecades() {
        let first: [Double] = (0...40).map { (e: Int) -> Double in 45 * exp(-Double(e) / 6) + 0.12 }
        let second: [Double] = (0...40).map { (e: Int) -> Double in 2 * exp(-Double(e) / 10) + 0.3 }
        let third: [Double] = (0...40).map { (e: Int) -> Double in 0.9 - 0.01 * Double(e) / 4 }
        let runs = [first, second, third]
        let series = runs.enumerated().map { Series(name: "run \($0.offset + 1)", ys: $0.element, firstX: 0) }
        let chart = LineChart(series: series, title: "validation loss by run", xLabel: "epoch", yLabel: "loss").withScalePolicy()
        #expect(chart.yScale == .log)
        let text = chart.render(options)
        checkShape(text, options)
        #expect(text.contains("loss (log scale)"))
        let labels = yTickLabels(text)
        #expect(labels.first == "50" && labels.last == "0.1", "\(labels)")
        assertSnapshot(text, named: "scale-compare-log")
    }

    /// Linear when the values span under two decades, with no "log" anywhere.
    @Test func linearRunSaysNothingAboutLog() {
        let chart = LineChart(series: [Series(name: "training", ys: (0...50).map { 0.7 * exp(-Double($0) / 20) + 0.1 }, firstX: 0)],
                              xLabel: "epoch", yLabel: "loss").withScalePolicy()
        #expect(chart.yScale == .linear)
        #expect(!chart.render(options).contains("log"))
    }

    /// `sweep l2 ... --log`: log x (log-spaced values), log y (training loss spans 180x), every
    /// evaluated value marked, the best validation value marked "B", and the U visible.
    @Test func l2SweepOnLogAxesWithMarkedPoints() {
        let l2 = [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10]
        let train = [0.005, 0.01, 0.04, 0.12, 0.3, 0.55, 0.69]
        let validation = [0.9, 0.6, 0.35, 0.22, 0.31, 0.56, 0.69]
        let best = validation.indices.min { validation[$0] < validation[$1] }!
        let chart = LineChart(series: [Series(name: "training", xs: l2, ys: train, style: .line, marksEveryPoint: true),
                                       Series(name: "validation", xs: l2, ys: validation, style: .line,
                                              markers: [.best(x: l2[best], y: validation[best])], marksEveryPoint: true)],
                              title: "sweep l2", xLabel: "l2", yLabel: "loss").withScalePolicy(sweepX: true)
        #expect(chart.xScale == .log && chart.yScale == .log)
        let text = chart.render(options)
        checkShape(text, options)
        #expect(text.contains("l2 (log scale)") && text.contains("loss (log scale)"))
        #expect(text.contains("B best: 0.22 at 0.01"))
        // Every one of the 7 training values shows its glyph (alone, where no other glyph covers it).
        var trainingAlone = chart
        trainingAlone.series.removeLast()
        #expect(trainingAlone.render(options).filter { $0 == "*" }.count == 7 + 1)   // and one in the legend
        assertSnapshot(text, named: "scale-sweep-l2-log")
    }

    /// `learning-curve` on sine with degree 15: validation loss up to 3e21 next to 0.01 goes log.
    @Test func learningCurveWithHugeValidationLoss() {
        let sizes: [Double] = [10, 20, 40, 80, 160]
        let train = [1e-6, 0.002, 0.01, 0.011, 0.012]
        let validation = [3e21, 4e9, 12, 0.05, 0.02]
        let chart = LineChart(series: [Series(name: "training", xs: sizes, ys: train, style: .line, marksEveryPoint: true),
                                       Series(name: "validation", xs: sizes, ys: validation, style: .line, marksEveryPoint: true)],
                              title: "learning curve", xLabel: "training examples", yLabel: "loss").withScalePolicy()
        #expect(chart.yScale == .log)
        let text = chart.render(options)
        checkShape(text, options)
        assertSnapshot(text, named: "scale-learning-curve-huge")
    }

    /// `tune compare --objective branin`: best-so-far gaps to the known minimum 0.397887 on log y,
    /// so Bayes (0.398) and grid (1.94) are decades apart instead of merged near 0 of a 0...400 axis.
    @Test func braninRegretOnLogY() {
        let optimum = 0.397887
        let grid = [308, 120, 55, 17.5, 10.3, 5.1, 2.8, 2.2, 1.94, 1.94, 1.94, 1.94]
        let random = [150, 150, 24, 24, 3.1, 3.1, 1.2, 0.9, 0.9, 0.75, 0.75, 0.62]
        let bayes = [210, 45, 8.7, 1.1, 0.52, 0.43, 0.401, 0.399, 0.398, 0.398, 0.398, 0.398]
        let evaluations = (1...12).map(Double.init)
        let series = [("grid", grid), ("random", random), ("bayes", bayes)].map {
            Series(name: $0.0, xs: evaluations, ys: ScalePolicy.regret(bestSoFarOf: $0.1, optimum: optimum))
        }
        let chart = LineChart(series: series, title: "branin: gap to the known minimum 0.397887", xLabel: "evaluations",
                              yLabel: "best value - minimum").withScalePolicy()
        #expect(chart.yScale == .log)
        let text = chart.render(options)
        checkShape(text, options)
        #expect(text.contains("best value - minimum (log scale)"))
        assertSnapshot(text, named: "scale-branin-regret")
    }

    /// Without colour, the two series differ along the whole line: the braille cells of a solid
    /// and of a dotted flat line share no pattern.
    @Test func seriesDifferInGlyphAlongTheWholeLine() {
        let chart = LineChart(series: [Series(name: "training", ys: Array(repeating: 1, count: 60)),
                                       Series(name: "validation", ys: Array(repeating: 2, count: 60))])
        let rows = chart.render(RenderOptions(width: 60, height: 12)).split(separator: "\n")
        func braille(_ row: Substring) -> Set<Character> { Set(row.filter { ("\u{2801}"..."\u{28FF}").contains($0) }) }
        let withDots = rows.filter { !braille($0).isEmpty && $0.contains("┤") || $0.contains("│") && !braille($0).isEmpty }
        #expect(withDots.count == 2)
        if withDots.count == 2 {
            #expect(braille(withDots[0]).isDisjoint(with: braille(withDots[1])), "\(withDots)")
        }
        #expect(LineChart.linePattern(forSeries: 0) != LineChart.linePattern(forSeries: 1))
    }

    /// Under a C locale the chart is pure ASCII; with TERM unset there is no colour.
    @Test func localeAndTermDecideCharsetAndColour() {
        let c = RenderOptions.forOutput(fileDescriptor: -1, environment: ["LANG": "C", "TERM": "xterm"], color: .auto)
        #expect(c.charset == .ascii && !c.color)
        let text = LineChart(series: [Series(name: "t", ys: [3, 2, 1])]).render(c)
        #expect(text.unicodeScalars.allSatisfy { $0.value < 0x80 })
        #expect(!ColorChoice.auto.resolve(isTerminal: true, environment: ["LANG": "C.UTF-8"]))
    }
}
