import Foundation
import Testing
@testable import LineEditor

@Suite struct CompletionTests {
    @Test func currentWordIsTheTextAfterTheLastSpaceOrTab() {
        #expect(Completion.currentWord(of: "set learning-r") == "learning-r")
        #expect(Completion.currentWord(of: "set learning-rate ") == "")
        #expect(Completion.currentWord(of: "") == "")
        #expect(Completion.currentWord(of: "he") == "he")
        #expect(Completion.currentWord(of: "use\tdata/ir") == "data/ir")
        #expect(Completion.currentWord(of: "use  café/ré") == "café/ré")
    }

    @Test func lineBeforeCursorCountsUTF8Bytes() {
        // "use café/ré" is 13 bytes: é takes two. A cursor after "café" is at byte 9, not 8.
        let text = strdup("use café/ré")
        defer { free(text) }
        #expect(Completion.prefix(of: text, byteCount: 9) == "use café")
        #expect(Completion.prefix(of: text, byteCount: 13) == "use café/ré")
        #expect(Completion.prefix(of: text, byteCount: 99) == "use café/ré")   // clamped to the text
        #expect(Completion.prefix(of: text, byteCount: 0) == "")
        #expect(Completion.prefix(of: text, byteCount: -1) == "")
        // Half of é: replaced, never a crash.
        #expect(Completion.prefix(of: text, byteCount: 8) == "use caf\u{FFFD}")
        #expect(Completion.prefix(of: nil, byteCount: 3) == "")
        #expect(Completion.currentWord(of: Completion.prefix(of: text, byteCount: 13)) == "café/ré")
    }

    @Test func matchesKeepPrefixedCandidatesOnceInOrder() {
        let candidates = ["learning-rate", "l2", "l1", "learning-rate", "epochs", "lr"]
        #expect(Completion.matches(for: "l", among: candidates) == ["learning-rate", "l2", "l1", "lr"])
        #expect(Completion.matches(for: "", among: candidates) == ["learning-rate", "l2", "l1", "epochs", "lr"])
        #expect(Completion.matches(for: "x", among: candidates).isEmpty)
    }

    @Test func commonPrefixStopsAtTheFirstDifferenceAndNeverSplitsUTF8() {
        #expect(Completion.commonPrefix(of: ["learning-rate", "learning-schedule"]) == "learning-")
        #expect(Completion.commonPrefix(of: ["abc"]) == "abc")
        #expect(Completion.commonPrefix(of: []) == "")
        #expect(Completion.commonPrefix(of: ["abc", "xyz"]) == "")
        // "é" (C3 A9) and "è" (C3 A8) share their first UTF-8 byte; the prefix must not keep it.
        let prefix = Completion.commonPrefix(of: ["caé", "caè"])
        #expect(prefix == "ca")
        #expect(Array(prefix.utf8) == [0x63, 0x61])
    }

    @Test func readlineListPutsTheReplacementFirst() {
        let words = ["alpha", "beta", "bravo", "learning-rate", "learning-schedule"]
        #expect(Completion.readlineList(for: "al", among: words) == ["alpha"])
        #expect(Completion.readlineList(for: "b", among: words) == ["b", "beta", "bravo"])
        #expect(Completion.readlineList(for: "lea", among: words) == ["learning-", "learning-rate", "learning-schedule"])
        #expect(Completion.readlineList(for: "z", among: words) == nil)
    }

    @Test func fileNameMarkerCannotBeTyped() {
        #expect(LineEditor.fileNameCompletion.unicodeScalars.first == "\u{0}")
    }
}

@Suite struct PromptMarkerTests {
    @Test func escapeSequencesAreWrapped() {
        let bold = "\u{1B}[1mdemo>\u{1B}[0m "
        #expect(LineEditor.markingInvisible(bold) == "\u{01}\u{1B}[1m\u{02}demo>\u{01}\u{1B}[0m\u{02} ")
        #expect(LineEditor.markingInvisible("plain> ") == "plain> ")
        #expect(LineEditor.markingInvisible("\u{1B}[38;5;208mx") == "\u{01}\u{1B}[38;5;208m\u{02}x")
        // OSC (window title) ended by BEL, and a two-character escape.
        #expect(LineEditor.markingInvisible("\u{1B}]0;title\u{07}> ") == "\u{01}\u{1B}]0;title\u{07}\u{02}> ")
        #expect(LineEditor.markingInvisible("\u{1B}7a") == "\u{01}\u{1B}7\u{02}a")
        // An unfinished sequence is wrapped to the end rather than left to confuse readline.
        #expect(LineEditor.markingInvisible("a\u{1B}[1") == "a\u{01}\u{1B}[1\u{02}")
    }

    @Test func wrappingTwiceChangesNothing() {
        let prompt = "\u{1B}[1;32mhyperlab\u{1B}[0m (iris)> "
        let once = LineEditor.markingInvisible(prompt)
        #expect(LineEditor.markingInvisible(once) == once)
        #expect(LineEditor.removingInvisibleMarkers(once) == prompt)
    }

    @Test func visibleWidthIsUnchangedByWrapping() {
        // What readline counts: everything outside \001...\002.
        func visible(_ text: String) -> String {
            var inside = false
            var out = ""
            for scalar in text.unicodeScalars {
                if scalar == "\u{01}" { inside = true } else if scalar == "\u{02}" { inside = false } else if !inside { out.unicodeScalars.append(scalar) }
            }
            return out
        }
        #expect(visible(LineEditor.markingInvisible("\u{1B}[1mdemo>\u{1B}[0m ")) == "demo> ")
        #expect(visible(LineEditor.markingInvisible("\u{1B}[31mé\u{1B}[m\u{1B}[2m→\u{1B}[22m")) == "é→")
    }
}
