import Vocabulary
import Foundation
import Testing
@testable import TerminalCharts

@Suite struct NumberAndTickTests {
    /// Fixed notation is checked against Foundation's printf-style formatting of the same value
    /// (an independent implementation), for values that are exact in both.
    @Test func fixedNotationMatchesPrintf() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<2000 {
            let n = Int64.random(in: -99_999...99_999, using: &generator)
            let e = Int.random(in: -6...3, using: &generator)
            let decimals = max(0, -e)
            let value = e >= 0 ? Double(n) * pow(10, Double(e)) : Double(n) / pow(10, Double(-e))
            let expected = String(format: "%.\(decimals)f", value)
            let got = formatFixed(n, exponent: e, decimals: decimals)
            // printf writes "-0.0" for negative zero; our n == 0 has no sign.
            #expect(got == expected || (n == 0 && expected.hasPrefix("-")), "\(n)e\(e): \(got) vs \(expected)")
        }
    }

    /// Scientific labels parse back to the value they stand for.
    @Test func scientificNotationParsesBack() {
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<2000 {
            let n = Int64.random(in: -9_999...9_999, using: &generator)
            let e = Int.random(in: -320...300, using: &generator)
            let text = formatScientific(n, exponent: e)
            guard let parsed = Double(text) else { Issue.record("unparsable \(text)"); continue }
            let expected = Double("\(n)e\(e)")!
            #expect(parsed == expected, "\(n)e\(e) -> \(text)")
            #expect(!text.contains("e+") && !text.contains("e0") && !text.contains("e-0"))
        }
        #expect(formatScientific(12, exponent: -10) == "1.2e-9")
        #expect(formatScientific(10, exponent: -9) == "1e-8")
    }

    /// Rounding to significant digits agrees with printf's %.{d-1}e rounding.
    @Test func significantDigitsMatchPrintf() {
        var generator = SeededGenerator(seed: 3)
        for _ in 0..<2000 {
            let value = Double.random(in: -1...1, using: &generator) * pow(10, Double(Int.random(in: -12...12, using: &generator)))
            let text = formatSignificant(value, digits: 3)
            let reference = Double(String(format: "%.2e", value))!
            #expect(Double(text) == reference, "\(value): \(text) vs \(reference)")
        }
        #expect(formatSignificant(.nan) == "NaN")
        #expect(formatSignificant(-.infinity) == "-inf")
        #expect(formatSignificant(0.5) == "0.5")
        #expect(formatSignificant(1234567) == "1.23e6")
    }

    /// Over random ranges: ticks are consecutive multiples of one step m x 10^k with m in {1, 2, 5},
    /// cover the data, every label parses to its tick value, and all labels have the decimals of the step.
    @Test func linearTicksAreNiceAndCoverTheData() {
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<3000 {
            let center = Double.random(in: -1...1, using: &generator) * pow(10, Double(Int.random(in: -10...10, using: &generator)))
            let span = abs(center) * Double.random(in: 0.001...3, using: &generator) + pow(10, Double(Int.random(in: -12...8, using: &generator)))
            let low = center - span / 2, high = center + span / 2
            let maxTicks = Int.random(in: 2...12, using: &generator)
            let axis = TickMaker.linear(lower: low, upper: high, maxTicks: maxTicks, integerSteps: false) { _ in true }
            #expect(axis.ticks.count >= 2 && axis.ticks.count <= maxTicks + 1)
            let values = axis.ticks.map(\.coordinate)
            let step = (values.last! - values.first!) / Double(values.count - 1)
            // Covered up to a billionth of a step (the rounding tolerance of the tick search).
            #expect(axis.lower <= low + step * 1e-9 && axis.upper >= high - step * 1e-9, "\(low)...\(high) -> \(axis.lower)...\(axis.upper)")
            let mantissa = step / pow(10, floor(log10(step)))
            #expect([1.0, 2.0, 5.0].contains { abs($0 - mantissa) < 1e-6 } || abs(mantissa - 10) < 1e-6, "step \(step)")
            for (tick, next) in zip(axis.ticks, axis.ticks.dropFirst()) {
                #expect(abs((next.coordinate - tick.coordinate) - step) <= step * 1e-6)
            }
            for tick in axis.ticks {
                let parsed = Double(tick.label)
                #expect(parsed != nil, "label \(tick.label)")
                if let parsed { #expect(abs(parsed - tick.coordinate) <= step * 1e-9, "\(tick.label) vs \(tick.coordinate)") }
            }
            let fixed = axis.ticks.filter { !$0.label.contains("e") }.map(\.label)
            let decimals = Set(fixed.map { $0.split(separator: ".").dropFirst().first?.count ?? 0 })
            #expect(decimals.count <= 1, "mixed decimals \(fixed)")
            #expect(Set(axis.ticks.map(\.label)).count == axis.ticks.count, "duplicate labels")
        }
    }

    /// Log axes end at the data rounded out to 1, 2, 3 or 5 x 10^n (no padding by whole decades),
    /// both ends labelled, decades (or every k-th decade) in between.
    @Test func logTicksKeepTheDataEndsWithBothLabelled() {
        let axis = TickMaker.logTight(lowerExponent: log10(3e-5), upperExponent: log10(0.7), maxTicks: 8) { _ in true }
        #expect(axis.ticks.map(\.label) == ["3e-5", "1e-4", "1e-3", "1e-2", "1e-1", "1"])
        let wide = TickMaker.logTight(lowerExponent: 0, upperExponent: 292.5, maxTicks: 8) { _ in true }
        #expect(wide.ticks.map(\.label) == ["1", "1e50", "1e100", "1e150", "1e200", "1e250", "5e292"])
        let narrow = TickMaker.logTight(lowerExponent: log10(0.2), upperExponent: log10(0.8), maxTicks: 8) { _ in true }
        #expect(narrow.ticks.map(\.label) == ["0.2", "0.5", "1"])
        let compare = TickMaker.logTight(lowerExponent: log10(0.12), upperExponent: log10(45), maxTicks: 8) { _ in true }
        #expect(compare.ticks.first?.label == "0.1" && compare.ticks.last?.label == "50")
        #expect(abs(compare.upper - log10(50)) < 1e-12 && abs(compare.lower + 1) < 1e-12)
    }

    @Test func displayWidthCountsCells() {
        // Widths per Unicode EastAsianWidth.txt (U+65E5 W, U+FF21 F) and emoji-data.txt (U+1F600 Emoji_Presentation).
        #expect(displayWidth("loss") == 4)
        #expect(displayWidth("日本") == 4)
        #expect(displayWidth("Ａ") == 2)
        #expect(displayWidth("e\u{301}") == 1)
        #expect(displayWidth("😀") == 2)
        #expect(displayWidth("⠁⣿") == 2)
        #expect(displayWidth("a\u{200B}b") == 2)
    }
}
