import Foundation
import Testing
@testable import TerminalCharts

/// A minimal VT100 screen: enough of ECMA-48 (CR, LF, CUU, EL, ED, DECTCEM, private modes) to
/// check what a sequence of redraws leaves on screen. Written independently of LiveRedraw.
private struct Screen {
    var lines: [[Character]] = [[]]
    var row = 0, column = 0
    var cursorVisible = true

    mutating func write(_ text: String) {
        var chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\u{1B}" {
                // ESC [ params final
                var j = i + 2
                var params = ""
                while j < chars.count, !(chars[j].asciiValue.map { $0 >= 0x40 && $0 <= 0x7E } ?? false) {
                    params.append(chars[j]); j += 1
                }
                let final = chars[j]
                switch final {
                case "A": row = max(0, row - (Int(params) ?? 1))
                case "K": if row < lines.count && column < lines[row].count { lines[row].removeSubrange(column...) }
                case "J":
                    if row < lines.count && column < lines[row].count { lines[row].removeSubrange(column...) }
                    if row + 1 < lines.count { lines.removeSubrange((row + 1)...) }
                case "l": if params == "?25" { cursorVisible = false }
                case "h": if params == "?25" { cursorVisible = true }
                default: break
                }
                i = j + 1
                continue
            }
            if c == "\r" { column = 0 } else if c == "\n" {
                row += 1; column = 0
                while lines.count <= row { lines.append([]) }
            } else {
                while lines[row].count < column { lines[row].append(" ") }
                if column < lines[row].count { lines[row][column] = c } else { lines[row].append(c) }
                column += 1
            }
            i += 1
        }
        chars.removeAll()
    }

    var text: String { lines.map { String($0) }.joined(separator: "\n") }
}

@Suite struct TerminalTests {
    @Test func colorChoice() {
        #expect(ColorChoice.auto.resolve(isTerminal: true, environment: ["TERM": "xterm"]))
        #expect(!ColorChoice.auto.resolve(isTerminal: false, environment: ["TERM": "xterm"]))
        #expect(!ColorChoice.auto.resolve(isTerminal: true, environment: ["TERM": "xterm", "NO_COLOR": "1"]))
        #expect(ColorChoice.auto.resolve(isTerminal: true, environment: ["TERM": "xterm", "NO_COLOR": ""]))
        // TERM unset or empty: nothing says the terminal understands colour codes.
        #expect(!ColorChoice.auto.resolve(isTerminal: true, environment: [:]))
        #expect(!ColorChoice.auto.resolve(isTerminal: true, environment: ["TERM": ""]))
        #expect(!ColorChoice.auto.resolve(isTerminal: true, environment: ["TERM": "dumb"]))
        #expect(ColorChoice.always.resolve(isTerminal: false, environment: ["NO_COLOR": "1"]))
        #expect(!ColorChoice.never.resolve(isTerminal: true, environment: [:]))
        #expect(ColorChoice(rawValue: "always") == .always)
    }

    @Test func charsetAndSize() {
        #expect(charsetFor(environment: ["TERM": "dumb"]) == .ascii)
        #expect(charsetFor(environment: ["TERM": "xterm-256color", "LANG": "en_US.UTF-8"]) == .braille)
        // Braille needs a UTF-8 locale: LC_ALL, else LC_CTYPE, else LANG; none set is the C locale.
        #expect(charsetFor(environment: ["TERM": "xterm-256color"]) == .ascii)
        #expect(charsetFor(environment: ["LANG": "C"]) == .ascii)
        #expect(charsetFor(environment: ["LANG": "C.utf8"]) == .braille)
        #expect(charsetFor(environment: ["LC_ALL": "POSIX", "LANG": "en_US.UTF-8"]) == .ascii)
        #expect(charsetFor(environment: ["LC_ALL": "", "LC_CTYPE": "de_DE.UTF-8", "LANG": "C"]) == .braille)
        #expect(charsetFor(environment: ["LC_CTYPE": "en_US.ISO-8859-1", "LANG": "en_US.UTF-8"]) == .ascii)
        #expect(TerminalSize.fromEnvironment(["COLUMNS": "120", "LINES": "40"])! == (120, 40))
        #expect(TerminalSize.fromEnvironment(["COLUMNS": "abc", "LINES": "40"]) == nil)
        #expect(TerminalSize.fromEnvironment(["COLUMNS": "0", "LINES": "40"]) == nil)
        // Under `swift test` standard input is not a terminal at all here, so the ioctl fails and
        // the environment decides (a descriptor that is not open can never be a terminal).
        #expect(TerminalSize.current(fileDescriptor: -1, environment: ["COLUMNS": "90", "LINES": "30"])! == (90, 30))
        #expect(TerminalSize.current(fileDescriptor: -1, environment: [:]) == nil)
        #expect(!isTerminal(fileDescriptor: -1))
    }

    @Test func liveOnlyOnATerminal() {
        #expect(LiveRedraw.isLive(isTerminal: true, environment: ["TERM": "xterm"]))
        #expect(!LiveRedraw.isLive(isTerminal: false, environment: ["TERM": "xterm"]))
        #expect(!LiveRedraw.isLive(isTerminal: true, environment: ["TERM": "dumb"]))
    }

    @Test func redrawBytes() {
        // First frame: nothing to move over.
        #expect(LiveRedraw.redraw(previousLineCount: 0, frame: "ab\ncd") ==
                "\u{1B}[?25l\u{1B}[?2026hab\u{1B}[K\ncd\u{1B}[K\n\u{1B}[?2026l\u{1B}[?25h")
        // Shorter frame over three lines: up 3, two lines, clear the rest.
        #expect(LiveRedraw.redraw(previousLineCount: 3, frame: "x\ny") ==
                "\u{1B}[?25l\u{1B}[?2026h\u{1B}[3A\rx\u{1B}[K\ny\u{1B}[K\n\u{1B}[J\u{1B}[?2026l\u{1B}[?25h")
        #expect(LiveRedraw.lineCount("a\nb\n") == 2)
        #expect(LiveRedraw.lineCount("") == 0)
    }

    /// Successive frames of different lengths leave exactly the last frame on screen, below
    /// what was there before, with the cursor visible again.
    @Test func redrawLeavesOnlyTheLastFrame() {
        var screen = Screen()
        screen.write("$ hyperlab train\n")
        var live = LiveRedraw()
        let frames = ["epoch 1\nloss 2.00000\n[#   ]", "epoch 2\nloss 1.5\n[##  ]\nextra line",
                      "epoch 3\nloss 1\n[### ]"]
        for frame in frames {
            screen.write(live.frame(frame))
            #expect(screen.cursorVisible)
        }
        screen.write(live.finish())
        #expect(screen.text == "$ hyperlab train\n" + frames[2] + "\n")
        #expect(live.previousLineCount == 3)
    }

    /// The colour rendering carries ANSI codes of two distinct series colours, and shows exactly
    /// the text of the colourless rendering once the escapes are removed.
    @Test func colorSnapshotStripsToPlainText() {
        let chart = LineChart(series: [Series(name: "training", ys: (1...50).map { 1 / Double($0) }),
                                       Series(name: "validation", ys: (1...50).map { 1.2 / Double($0) + 0.05 })],
                              title: "Loss", reference: ReferenceLine(y: 0.02, label: "best"))
        let colored = chart.render(RenderOptions(width: 60, height: 14, color: true))
        let plain = chart.render(RenderOptions(width: 60, height: 14, color: false))
        #expect(strippingEscapes(colored) == plain)
        #expect(!plain.contains("\u{1B}"))
        #expect(colored.contains("\u{1B}[38;5;32m"))    // blue: first series
        #expect(colored.contains("\u{1B}[38;5;214m"))   // orange: second series
        #expect(colored.contains("\u{1B}[0m"))
        checkShape(colored, RenderOptions(width: 60, height: 14))
        assertSnapshot(colored, named: "line-color")
    }
}

@Suite struct TerminalPolicyTests {
    @Test func throttle() {
        var throttle = RedrawThrottle(start: 10)
        let answers = [10.05, 10.1, 10.15, 10.25].map { throttle.isDue(now: $0) }
        // A training shorter than 100 ms never redraws; then at most one frame per 100 ms.
        #expect(answers == [false, true, false, true])
    }

    @Test func optionsForOutput() {
        // Descriptor -1 is never a terminal: no colour in auto, size from the environment.
        let piped = RenderOptions.forOutput(fileDescriptor: -1, environment: ["COLUMNS": "100", "LINES": "50", "LANG": "C.UTF-8"])
        #expect(piped.width == 100 && piped.height == 24 && !piped.color && piped.charset == .braille)
        let explicit = RenderOptions.forOutput(fileDescriptor: -1, environment: ["TERM": "dumb"], color: .always,
                                               width: 60, height: 15)
        #expect(explicit.width == 60 && explicit.height == 15 && explicit.color && explicit.charset == .ascii)
        let fallback = RenderOptions.forOutput(fileDescriptor: -1, environment: [:])
        #expect(fallback.width == 80 && fallback.height == 20)
    }

    @Test func hugeSizesAreRefused() {
        let chart = LineChart(series: [Series(name: "a", ys: [1, 2])])
        let text = chart.render(RenderOptions(width: 1_000_000, height: 1_000_000))
        #expect(text.hasPrefix("Chart too large to draw"))
        let map = Heatmap(values: [[1e300, 0]], x: .labels(["a", "b"]), y: .labels(["r"]), scale: .classes(["p", "q"]))
        #expect(map.render(RenderOptions(width: 5000, height: 10)).hasPrefix("Heatmap too large"))
        // A huge value on a class scale is no class: shown as ? and counted, not a crash.
        #expect(map.render(RenderOptions(width: 40, height: 10)).contains("1 cells hold no class index"))
    }
}
