import Vocabulary
import Foundation
import Testing
@testable import TerminalCharts
#if canImport(Glibc)
import Glibc
#endif

@Suite struct PropertyTests {
    /// 400 seeded random charts (sizes, magnitudes, scales, NaN/inf, empty series): every render
    /// keeps its size promise, y labels are numbers decreasing downwards, x labels are numbers
    /// increasing to the right with at least two spaces between them.
    @Test func randomChartsKeepTheirPromises() {
        var generator = SeededGenerator(seed: 2024)
        for trial in 0..<400 {
            let width = Int.random(in: 12...140, using: &generator)
            let height = Int.random(in: 4...45, using: &generator)
            let logY = Bool.random(using: &generator)
            let logX = Int.random(in: 0..<4, using: &generator) == 0
            let magnitude = pow(10, Double(Int.random(in: -12...12, using: &generator)))
            let offset = Bool.random(using: &generator) ? magnitude * Double.random(in: -5...5, using: &generator) : 0
            var series: [Series] = []
            for s in 0..<Int.random(in: 0...3, using: &generator) {
                let count = Int.random(in: 0...120, using: &generator)
                let start = logX ? pow(10, Double(Int.random(in: -6...2, using: &generator))) : Double(Int.random(in: -50...50, using: &generator))
                let xs = (0..<count).map { logX ? start * pow(1.3, Double($0)) : start + Double($0) }
                var ys = (0..<count).map { _ in offset + magnitude * Double.random(in: -1...3, using: &generator) }
                for i in ys.indices where Int.random(in: 0..<15, using: &generator) == 0 {
                    ys[i] = [Double.nan, .infinity, -.infinity][Int.random(in: 0..<3, using: &generator)]
                }
                series.append(Series(name: "series \(s)", xs: xs, ys: ys))
            }
            let chart = LineChart(series: series, title: trial % 3 == 0 ? "Trial \(trial)" : nil,
                                  xLabel: trial % 2 == 0 ? "x" : nil, xScale: logX ? .log : .linear,
                                  yScale: logY ? .log : .linear)
            let options = RenderOptions(width: width, height: height, charset: trial % 5 == 0 ? .ascii : .braille)
            let text = chart.render(options)
            checkShape(text, options)
            if text.hasPrefix("Chart too small") { continue }
            let tick: Character = options.charset == .ascii ? "+" : "┤"
            let corner: Character = options.charset == .ascii ? "+" : "└"
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let axisCharacters: Set<Character> = options.charset == .ascii ? ["+", "-"] : ["└", "─", "┬"]
            let axisIndex = lines.firstIndex { line in
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                return trimmed.first == corner && trimmed.count > 5 && trimmed.allSatisfy { axisCharacters.contains($0) }
            }
            guard let axisIndex else { Issue.record("no x axis in trial \(trial)"); continue }
            let yLabels = lines[..<axisIndex].compactMap { line -> Double? in
                guard let i = line.firstIndex(of: tick) else { return nil }
                let label = line[..<i].trimmingCharacters(in: .whitespaces)
                return label.isEmpty ? nil : Double(label)
            }
            #expect(yLabels == yLabels.sorted(by: >), "trial \(trial): y labels \(yLabels)")
            #expect(Set(yLabels).count == yLabels.count, "trial \(trial): repeated y labels")
            let labelLine = lines[axisIndex + 1]
            let xLabels = labelLine.split(separator: " ").map(String.init)
            let xValues = xLabels.compactMap(Double.init)
            #expect(xValues.count == xLabels.count, "trial \(trial): non-numeric x labels \(xLabels)")
            #expect(xValues == xValues.sorted() && Set(xValues).count == xValues.count, "trial \(trial): \(xLabels)")
            // At least two spaces between labels: never a single space between two label characters.
            #expect(!labelLine.matches(#"\S \S"#), "trial \(trial): labels one space apart: \(labelLine)")
        }
    }

    /// The TIOCGWINSZ path: a pseudo-terminal whose size is set with TIOCSWINSZ reports that size,
    /// counts as a terminal (colour in auto), and wins over COLUMNS/LINES. Linux: /dev/ptmx with
    /// the TIOCSPTLCK / TIOCGPTN requests (values from <asm-generic/ioctls.h>).
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/ptmx")))
    func terminalSizeFromAPseudoTerminal() throws {
        #if os(Linux)
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        try #require(master >= 0, "could not open /dev/ptmx")
        defer { close(master) }
        var unlock: Int32 = 0
        try #require(ioctl(master, UInt(0x4004_5431), &unlock) == 0)      // TIOCSPTLCK
        var number: UInt32 = 0
        try #require(ioctl(master, UInt(0x8004_5430), &number) == 0)      // TIOCGPTN
        let slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
        try #require(slave >= 0)
        defer { close(slave) }
        var size = winsize(ws_row: 33, ws_col: 101, ws_xpixel: 0, ws_ypixel: 0)
        try #require(ioctl(master, UInt(TIOCSWINSZ), &size) == 0)
        let measured = TerminalSize.current(fileDescriptor: slave, environment: ["COLUMNS": "50", "LINES": "10"])
        #expect(measured?.columns == 101 && measured?.rows == 33)
        #expect(isTerminal(fileDescriptor: slave))
        let options = RenderOptions.forOutput(fileDescriptor: slave, environment: ["TERM": "xterm"])
        #expect(options.width == 101 && options.height == 24 && options.color)
        let noColor = RenderOptions.forOutput(fileDescriptor: slave, environment: ["TERM": "xterm", "NO_COLOR": "1"])
        #expect(!noColor.color)
        #endif
    }
}

private extension String {
    /// True when the regular expression `pattern` matches somewhere in the string.
    func matches(_ pattern: String) -> Bool {
        range(of: pattern, options: .regularExpression) != nil
    }
}
