import Foundation
import Testing
@testable import TerminalCharts

/// The fit chart, the contour + path chart, decision regions with confidence, colours and frames.
@Suite struct PictureTests {
    let options = RenderOptions(width: 80, height: 20)

    /// A degree-15-like fit that swings wildly between the points: the data stay readable and
    /// the swings leave the chart (marked and counted).
    @Test func fitChartOfAnOverfittedCurve() {
        let trainX = (0..<12).map { Double($0) / 11 }
        let trainY = trainX.map { sin(2 * Double.pi * $0) + 0.1 * cos(17 * $0) }
        let validX = (0..<6).map { (Double($0) + 0.5) / 6 }
        let validY = validX.map { sin(2 * Double.pi * $0) }
        let curveX = FitChart.curvePositions(over: trainX + validX, count: 200)
        #expect(curveX.count == 200 && curveX.first == 0 && curveX.last == 1)
        // Interpolates the training points, but swings near the ends.
        let curveY = curveX.map { x in sin(2 * Double.pi * x) + 40 * pow(2 * x - 1, 14) * sin(60 * x) }
        let chart = FitChart(trainingX: trainX, trainingY: trainY, validationX: validX, validationY: validY,
                             curveX: curveX, curveY: curveY, title: "degree 15 on sine", xLabel: "x", yLabel: "y")
        let text = chart.render(options)
        checkShape(text, options)
        #expect(text.contains("o training") && text.contains("x validation") && text.contains("* fitted curve"))
        #expect(text.contains("above the y range") || text.contains("below the y range"))
        // The y axis stays near the data (about -1.5...1.5), not at the curve's swings of +-40.
        let labels = yTickLabels(text).compactMap(Double.init)
        #expect((labels.max() ?? 99) <= 2 && (labels.min() ?? -99) >= -2, "\(labels)")
        assertSnapshot(text, named: "fit-overfitted-sine")
    }

    /// Marching squares on x^2 + y^2 = r^2: every segment end lies on the circle (within the
    /// error of linear interpolation on a 0.1 grid).
    @Test func contourSegmentsLieOnTheLevelSet() {
        let n = 41
        let values = (0..<n).map { r in (0..<n).map { c -> Double in
            let x = -2 + 4 * Double(c) / Double(n - 1), y = -2 + 4 * Double(r) / Double(n - 1)
            return x * x + y * y
        } }
        let segments = ContourChart.segments(values, level: 1)
        #expect(segments.count > 40)
        for s in segments {
            for (gc, gr) in [(s.0, s.1), (s.2, s.3)] {
                let x = -2 + 4 * gc / Double(n - 1), y = -2 + 4 * gr / Double(n - 1)
                #expect(abs((x * x + y * y).squareRoot() - 1) < 0.01)
            }
        }
        // Quantile levels of a bowl lie strictly inside its range, ascending.
        let levels = ContourChart.levels(for: values, count: 5)
        #expect(levels.count == 5 && levels == levels.sorted() && levels.first! > 0 && levels.last! < 8)
        // Log-spaced when the surface spans more than two decades.
        let steep = values.map { $0.map { $0 + 0.001 } }
        let logLevels = ContourChart.levels(for: steep, count: 4)
        #expect(logLevels.count == 4)
        let ratios = zip(logLevels.dropFirst(), logLevels).map { $0 / $1 }
        #expect(ratios.allSatisfy { $0 > 3 }, "\(logLevels)")
    }

    /// Gradient descent on the valley w1^2 + 10 w2^2 with a too-large step zig-zags across it.
    static func valleyChart(rate: Double, epochs: Int) -> ContourChart {
        let n = 41
        let x = -5.0...5.0, y = -2.0...2.0
        let values = (0..<n).map { r in (0..<n).map { c -> Double in
            let w1 = -5 + 10 * Double(c) / Double(n - 1), w2 = -2 + 4 * Double(r) / Double(n - 1)
            return w1 * w1 + 10 * w2 * w2
        } }
        var w = (-4.5, 1.5)
        var xs = [w.0], ys = [w.1]
        for _ in 0..<epochs {
            w = (w.0 - rate * 2 * w.0, w.1 - rate * 20 * w.1)
            xs.append(w.0)
            ys.append(w.1)
        }
        var chart = ContourChart(values: values, x: x, y: y, pathX: xs, pathY: ys,
                                 title: "learning rate \(rate)", xLabel: "w1", yLabel: "w2")
        chart.pathName = "gradient descent"
        return chart
    }

    @Test func contourPathZigZagsAcrossTheValley() {
        let chart = Self.valleyChart(rate: 0.09, epochs: 25)
        // The oracle: w2 changes sign every step (factor 1 - 0.09 * 20 = -0.8).
        #expect(zip(chart.pathY.dropFirst(), chart.pathY).allSatisfy { $0 * $1 < 0 })
        let text = chart.render(options)
        checkShape(text, options)
        #expect(text.contains("S start (epoch 0)"))
        #expect(text.contains("contours at"))
        // After 25 epochs the end is in the lowest grid point's cell: the end's label says so, no hidden "m".
        #expect(text.contains("E end (epoch 25), at the lowest grid value 0") && !text.contains("m lowest"))
        // Three epochs do not get there: the lowest point keeps its own marker.
        let early = Self.valleyChart(rate: 0.09, epochs: 3).render(options)
        #expect(early.contains("E end (epoch 3)   m lowest grid value 0") || early.contains("m lowest grid value 0"))
        #expect(!early.contains("at the lowest"))
        assertSnapshot(text, named: "contour-path-zigzag")
        assertASCIISnapshot(options, named: "contour-path-zigzag-ascii", chart.render)
    }

    @Test func contourChartRefusesBadGrids() {
        #expect(ContourChart(values: [[1]], x: 0...1, y: 0...1, pathX: [], pathY: []).render(options)
                == "Contour chart needs a grid of at least 2 x 2 values.")
        #expect(ContourChart(values: [[1, 2], [3]], x: 0...1, y: 0...1, pathX: [], pathY: []).render(options).hasPrefix("Contour grid rows differ"))
        let flat = ContourChart(values: [[1, 1], [1, 1]], x: 0...1, y: 0...1, pathX: [0.5], pathY: [0.5]).render(options)
        checkShape(flat, options)
        #expect(flat.contains("no contour (flat surface)"))
    }

    /// Probabilities of a model that learned "inside the unit circle": sure far from the circle, unsure near it.
    static func circleProbabilities(columns: Int, rows: Int) -> [[[Double]]] {
        (0..<rows).map { r in (0..<columns).map { c -> [Double] in
            let x = -1.5 + 3 * (Double(c) + 0.5) / Double(columns), y = -1.5 + 3 * (Double(r) + 0.5) / Double(rows)
            let inside = 1 / (1 + exp(6 * ((x * x + y * y).squareRoot() - 1)))
            return [1 - inside, inside]
        } }
    }

    static func circleRegions() -> Heatmap {
        var training: [OverlayPoint] = [], validation: [OverlayPoint] = []
        for i in 0..<24 {
            let angle = Double(i) * 2 * Double.pi / 24
            let radius = i % 2 == 0 ? 0.5 : 1.3
            let point = OverlayPoint(x: radius * cos(angle), y: radius * sin(angle), classIndex: radius < 1 ? 1 : 0)
            if i % 3 == 2 { validation.append(point) } else { training.append(point) }
        }
        return Heatmap.decisionRegions(probabilities: circleProbabilities(columns: 60, rows: 30), x: -1.5...1.5, y: -1.5...1.5,
                                       classNames: ["outside", "inside"], training: training, validation: validation,
                                       title: "circles", xLabel: "x1", yLabel: "x2")
    }

    /// Circles stay round: the plot is about twice as many cells wide as tall for a square range.
    @Test func decisionRegionsKeepTheAspectRatio() {
        for (width, height) in [(80, 24), (100, 30), (60, 40)] {
            let o = RenderOptions(width: width, height: height)
            let text = Self.circleRegions().render(o)
            checkShape(text, o)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let plotRows = lines.filter { $0.contains("│") || $0.contains("┤") }.count
            guard let axis = lines.first(where: { $0.contains("└") }) else { Issue.record("no x axis"); continue }
            let plotColumns = axis.split(separator: "└").last.map { $0.count } ?? 0
            let ratio = Double(plotColumns) / Double(plotRows)
            #expect(abs(ratio - Heatmap.cellAspect) < 0.25, "\(width)x\(height): \(plotColumns) x \(plotRows)")
        }
    }

    @Test func decisionRegionsWithConfidenceAndValidationPoints() {
        let map = Self.circleRegions()
        let plain = map.render(RenderOptions(width: 80, height: 24))
        #expect(plain.contains("o outside") && plain.contains("x inside") && plain.contains("O X validation, same classes"))
        // Every validation point is drawn with its own glyph: 8 of them, in capitals.
        let plotText = plain.split(separator: "\n").filter { $0.contains("│") || $0.contains("┤") }.joined()
        #expect(plotText.filter { $0 == "O" || $0 == "X" }.count == 8)
        // Without colour, the cells where the model is unsure (p < 0.6, near the circle) show "·".
        #expect(plain.contains("[·] unsure (probability of its class below 0.6)"))
        let plotLines = plain.split(separator: "\n").filter { $0.contains("│") || $0.contains("┤") }
        let unsureCells = plotLines.reduce(0) { $0 + $1.filter { $0 == "·" }.count }
        #expect(unsureCells >= 10, "\(unsureCells) unsure cells")
        #expect(!plotLines.first!.contains("·") && !plotLines.last!.contains("·"))   // far from the circle: sure
        assertSnapshot(plain, named: "regions-confidence")
        let colored = map.render(RenderOptions(width: 80, height: 24, color: true))
        checkShape(colored, RenderOptions(width: 80, height: 24))
        #expect(colored.contains("Paler colours: the model is less sure"))
        // Three shades of each class are used: strong, medium and pale backgrounds.
        for shades in Palette.regions(.dark).prefix(2) {
            for shade in shades { #expect(colored.contains("\u{1B}[48;5;\(shade)m"), "shade \(shade)") }
        }
        assertSnapshot(colored, named: "regions-confidence-color")
        let light = map.render(RenderOptions(width: 80, height: 24, color: true, theme: .light))
        for shade in Palette.regions(.light)[1] { #expect(light.contains("\u{1B}[48;5;\(shade)m")) }
    }

    @Test func confidenceLevels() {
        #expect(ConfidenceLevel.level(probability: 0.95, classes: 2) == 0)
        #expect(ConfidenceLevel.level(probability: 0.7, classes: 2) == 1)
        #expect(ConfidenceLevel.level(probability: 0.55, classes: 2) == 2)
        #expect(ConfidenceLevel.level(probability: 0.5, classes: 3) == 1)   // margin (0.5 - 1/3) / (2/3) = 0.25
        #expect(abs(ConfidenceLevel.probability(margin: 0.6, classes: 2) - 0.8) < 1e-12)
        #expect(Heatmap.mostProbable([0.2]) == (0, 0.8))
        #expect(Heatmap.mostProbable([0.1, 0.6, 0.3]) == (1, 0.6))
        #expect(Heatmap.mostProbable([]).0.isNaN)
    }

    /// WCAG 2.1 relative luminance against known values, then the contrast of every point colour
    /// on every region colour (both themes, all confidence levels), and of every series colour
    /// on its theme's background.
    @Test func contrastOfThePalettes() {
        #expect(relativeLuminance(xterm: 16) == 0)
        #expect(abs(relativeLuminance(xterm: 231) - 1) < 1e-12)
        // #777777 on white is the classic 4.48:1 (WebAIM contrast checker).
        #expect(abs(contrastRatio(relativeLuminance(red: 0x77, green: 0x77, blue: 0x77), 1) - 4.48) < 0.01)
        // xterm 214 is #ffaf00: L = 0.2126 + 0.7152 * ((175/255 + 0.055)/1.055)^2.4.
        let expected214 = 0.2126 + 0.7152 * pow((175.0 / 255 + 0.055) / 1.055, 2.4)
        #expect(abs(relativeLuminance(xterm: 214) - expected214) < 1e-12)
        #expect(xtermRGB(24) == (0, 95, 135) && xtermRGB(244) == (128, 128, 128) && xtermRGB(9) == (255, 0, 0))

        for theme in Theme.allCases {
            for shades in Palette.regions(theme) {
                for background in shades {
                    let point = Palette.pointColor(on: background)
                    let ratio = contrastRatio(relativeLuminance(xterm: point), relativeLuminance(xterm: background))
                    #expect(ratio >= 3, "point \(point) on region \(background) (\(theme)): \(ratio):1")
                }
            }
            let page = theme == .dark ? 0.0 : 1.0
            for color in Palette.series(theme) {
                let ratio = contrastRatio(relativeLuminance(xterm: color), page)
                #expect(ratio >= 3, "series colour \(color) on the \(theme) background: \(ratio):1")
            }
        }
        // And in a rendered map: each point glyph's colour against its cell's background.
        let colored = Self.circleRegions().render(RenderOptions(width: 80, height: 24, color: true))
        let pattern = try! NSRegularExpression(pattern: "\u{1B}\\[48;5;(\\d+)m\u{1B}\\[38;5;(\\d+)m[oxOX]")
        let matches = pattern.matches(in: colored, range: NSRange(colored.startIndex..., in: colored))
        #expect(matches.count >= 10)
        for match in matches {
            let ns = colored as NSString
            let background = UInt8(ns.substring(with: match.range(at: 1)))!, foreground = UInt8(ns.substring(with: match.range(at: 2)))!
            #expect(contrastRatio(relativeLuminance(xterm: foreground), relativeLuminance(xterm: background)) >= 3)
        }
    }

    /// The first five series colours have no two similar hues (hue within 30 degrees and
    /// luminance contrast under 1.5:1); the two Okabe-Ito oranges never meet below six series.
    @Test func seriesColoursAreDistinct() {
        func hue(_ c: UInt8) -> Double {
            let (r, g, b) = xtermRGB(c)
            let (R, G, B) = (Double(r), Double(g), Double(b))
            let mx = max(R, G, B), mn = min(R, G, B)
            guard mx > mn else { return 0 }
            var h: Double
            if mx == R { h = (G - B) / (mx - mn) } else if mx == G { h = 2 + (B - R) / (mx - mn) } else { h = 4 + (R - G) / (mx - mn) }
            h *= 60
            return h < 0 ? h + 360 : h
        }
        for theme in Theme.allCases {
            let colors = Array(Palette.series(theme).prefix(5))
            for i in 0..<colors.count {
                for j in (i + 1)..<colors.count {
                    let d = abs(hue(colors[i]) - hue(colors[j]))
                    let hueGap = min(d, 360 - d)
                    let contrast = contrastRatio(relativeLuminance(xterm: colors[i]), relativeLuminance(xterm: colors[j]))
                    #expect(hueGap >= 30 || contrast >= 1.5, "\(theme): \(colors[i]) and \(colors[j])")
                }
            }
            #expect(!(colors.contains(214) && colors.contains(166)))
        }
        #expect(Set(Palette.series(.dark)).count == 8 && Set(Palette.series(.light)).count == 8)
    }

    /// A light theme swaps in the darker variants (orange 136, not 214, which is 1.8:1 on white).
    @Test func lightThemeDrawsDarkerSeriesColours() {
        let chart = Self.lossChart()
        let light = chart.render(RenderOptions(width: 60, height: 14, color: true, theme: .light))
        let dark = chart.render(RenderOptions(width: 60, height: 14, color: true, theme: .dark))
        #expect(light.contains("\u{1B}[38;5;25m") && light.contains("\u{1B}[38;5;136m") && !light.contains("\u{1B}[38;5;214m"))
        #expect(dark.contains("\u{1B}[38;5;32m") && dark.contains("\u{1B}[38;5;214m"))
        #expect(strippingEscapes(light) == strippingEscapes(dark))
        #expect(contrastRatio(relativeLuminance(xterm: 214), 1) < 2)     // why: the dark theme's orange on white
    }

    @Test func themeGuessFromCOLORFGBG() {
        #expect(Theme.guess(environment: ["COLORFGBG": "15;0"]) == .dark)
        #expect(Theme.guess(environment: ["COLORFGBG": "0;15"]) == .light)
        #expect(Theme.guess(environment: ["COLORFGBG": "0;default;7"]) == .light)
        #expect(Theme.guess(environment: ["COLORFGBG": "7;8"]) == .dark)
        #expect(Theme.guess(environment: ["COLORFGBG": "default"]) == nil)
        #expect(Theme.guess(environment: [:]) == nil)
        #expect(RenderOptions.forOutput(fileDescriptor: -1, environment: ["COLORFGBG": "0;15"]).theme == .light)
        #expect(RenderOptions.forOutput(fileDescriptor: -1, environment: ["COLORFGBG": "0;15"], theme: .dark).theme == .dark)
    }

    static func lossChart() -> LineChart {
        LineChart(series: [Series(name: "training", ys: (0...40).map { 0.69 * exp(-Double($0) / 12) + 0.05 }, firstX: 0),
                           Series(name: "validation", ys: (0...40).map { 0.69 * exp(-Double($0) / 14) + 0.09 }, firstX: 0)],
                  xLabel: "epoch", yLabel: "loss")
    }

    @Test func barsRiseFromZeroAndZeroDaysStayOnTheAxis() {
        // Counts per day: a bar at x = 2 of height 8, nothing at the zero days between.
        let chart = LineChart(series: [Series(name: "answers", xs: [0, 1, 2, 3, 4], ys: [0, 0, 8, 0, 0], style: .bars)],
                              xLabel: "day", yLabel: "answers", yRange: 0...8)
        let lines = chart.render(RenderOptions(width: 40, height: 14, charset: .ascii)).split(separator: "\n").map(String.init)
        let plotRows = lines.filter { $0.contains("|") || $0.contains("+") }.filter { !$0.contains("-") }
        // The bar's column holds the glyph on every plot row from the top value down to zero.
        let columns = plotRows.map { row in row.indices.filter { row[$0] == "*" }.map { row.distance(from: row.startIndex, to: $0) } }
        let barColumn = columns.first { !$0.isEmpty }?.first
        #expect(barColumn != nil)
        let rowsWithBar = columns.filter { $0.contains(barColumn ?? -1) }.count
        #expect(rowsWithBar >= plotRows.count - 1, "a bar from 8 down to 0 spans the plot: \(lines.joined(separator: "\n"))")
        // No segment joins the bar to its zero neighbours: no glyph outside the bar's column above the axis.
        #expect(columns.dropLast().allSatisfy { $0.allSatisfy { abs($0 - (barColumn ?? 0)) <= 1 } })
    }

    @Test func statusLineTakesTheCompactKeysWhenTheFullOnesDoNotFit() {
        let status = TrainingStatus(epoch: 52, totalEpochs: 100, epochsPerSecond: 20, state: .playing,
                                    hint: "space pause · n step · + faster · - slower · Enter finish · Ctrl-C stop",
                                    compactHint: "keys: space n + - Enter Ctrl-C")
        #expect(status.line(width: 120).hasSuffix("Enter finish · Ctrl-C stop"))
        #expect(status.line(width: 80) == "epoch 52/100 · 20 epochs/s · playing · keys: space n + - Enter Ctrl-C")
        // Narrower than even the compact line: cut, never wider than the screen.
        #expect(displayWidth(status.line(width: 40)) <= 40)
    }

    @Test func animationFramesSideBySideAndStacked() {
        #expect(LiveFrame.arrangement(width: 120) == .sideBySide && LiveFrame.arrangement(width: 80) == .stacked)
        let status = TrainingStatus(epoch: 40, totalEpochs: 200, epochsPerSecond: 20, state: .paused,
                                    hint: "space play · n step · + faster · - slower · f finish")
        #expect(status.line(width: 200) == "epoch 40/200 · 20 epochs/s · paused · space play · n step · + faster · - slower · f finish")
        for (width, height, name) in [(120, 40, "frame-120x40"), (80, 24, "frame-80x24")] {
            let o = RenderOptions(width: width, height: height)
            let frame = LiveFrame.compose(loss: Self.lossChart(), regions: Self.circleRegions(), status: status, options: o)
            checkShape(frame, o)
            #expect(frame.hasSuffix(status.line(width: width)))
            assertSnapshot(frame, named: name)
            // Colour changes no visible character (the confidence note differs by design, so it is left out here).
            var colour = o
            colour.color = true
            var hardRegions = Self.circleRegions()
            hardRegions.confidence = nil
            let colored = LiveFrame.compose(loss: Self.lossChart(), regions: hardRegions, status: status, options: colour)
            #expect(trimmingLineEnds(strippingEscapes(colored))
                    == LiveFrame.compose(loss: Self.lossChart(), regions: hardRegions, status: status, options: o))
        }
        let alone = LiveFrame.compose(loss: Self.lossChart(), regions: nil, status: status, options: RenderOptions(width: 80, height: 24))
        checkShape(alone, RenderOptions(width: 80, height: 24))
        // Redrawing a frame over the previous one moves up exactly its line count.
        var live = LiveRedraw()
        _ = live.frame(alone)
        #expect(live.frame(alone).contains("\u{1B}[24A"))
    }
}
