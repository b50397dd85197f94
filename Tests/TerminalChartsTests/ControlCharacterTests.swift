import Vocabulary
import Testing
import TerminalCharts

@Suite struct ControlCharacterTests {
    @Test func everyC0C1AndDELControlIsEscapedExceptLineFeedAndTab() {
        for value in UInt32(0)...0x9F {
            let scalar = Unicode.Scalar(value)!
            let escaped = escapingControlCharacters("a\(scalar)b")
            let isControl = value < 0x20 || value >= 0x7F
            if value == 0x0A || value == 0x09 {
                #expect(escaped == "a\(scalar)b")
            } else if isControl {
                let hex = String(value, radix: 16)
                let expected = value < 0x80 ? "\\x" + (hex.count == 1 ? "0" + hex : hex) : "\\u00" + hex
                #expect(escaped == "a\(expected)b", "U+\(hex)")
            } else {
                #expect(escaped == "a\(scalar)b")
            }
        }
    }

    @Test func terminalAttacksAreShownNotActedOn() {
        // OSC 52 (write the clipboard), OSC 0 (window title), CSI (clear screen), 8-bit CSI.
        let attack = "\u{1B}]52;c;cm0gLXJmIH4=\u{07}\u{1B}]0;title\u{1B}\\\u{1B}[2J\u{9B}31m"
        #expect(escapingControlCharacters(attack) == "\\x1b]52;c;cm0gLXJmIH4=\\x07\\x1b]0;title\\x1b\\\\x1b[2J\\u009b31m")
        #expect(escapingControlCharacters("line\nnext\tcell", keepingLineBreaks: false) == "line\\x0anext\\x09cell")
        #expect(escapingControlCharacters("line\r\n") == "line\\x0d\n")
    }

    @Test func ordinaryTextIsUnchanged() {
        let text = "Taux d'apprentissage η = 0.1 · 学習率 🎯 \\x1b stays as typed\n\ttab"
        #expect(escapingControlCharacters(text) == text)
        #expect(escapingControlCharacters("") == "")
    }
}
