import Foundation
import Testing
@testable import TerminalCharts

/// Loss curves of the form a * exp(-epoch / tau) + floor, a typical shape of training.
private func decay(_ n: Int, a: Double, tau: Double, floor: Double) -> [Double] {
    (1...n).map { a * exp(-Double($0) / tau) + floor }
}

@Suite struct LineChartSnapshotTests {
    let options = RenderOptions(width: 80, height: 20)

    func trainingChart() -> LineChart {
        LineChart(series: [Series(name: "training", ys: decay(200, a: 2, tau: 30, floor: 0.1)),
                           Series(name: "validation", ys: decay(200, a: 2, tau: 40, floor: 0.25))],
                  title: "Loss per epoch", xLabel: "epoch", yLabel: "loss",
                  reference: ReferenceLine(y: 0.05, label: "best possible loss 0.05"))
    }

    @Test func trainingAndValidationBraille() {
        let text = trainingChart().render(options)
        checkShape(text, options)
        assertSnapshot(text, named: "line-two-series-braille")
    }

    @Test func trainingAndValidationASCII() {
        var ascii = options
        ascii.charset = .ascii
        let text = trainingChart().render(ascii)
        checkShape(text, ascii)
        #expect(text.unicodeScalars.allSatisfy { $0.value < 0x80 })
        assertSnapshot(text, named: "line-two-series-ascii")
    }
}
