import Vocabulary
import Testing
@testable import HyperLabApp

@Suite("command words, suggestions and completion")
struct CommandParsingTests {
    @Test func wordsQuotesAndComments() throws {
        #expect(try splitCommandWords("  set   lr 0.1 ") == ["set", "lr", "0.1"])
        #expect(try splitCommandWords("use \"my data.csv\" --target 'sale price'") == ["use", "my data.csv", "--target", "sale price"])
        #expect(try splitCommandWords("train # go") == ["train"])
        #expect(try splitCommandWords("set hidden-layers \"\"") == ["set", "hidden-layers", ""])
        #expect(throws: CommandError.self) { try splitCommandWords("use \"open") }
    }

    @Test("edit distance: textbook values")
    func editDistances() {
        // Levenshtein's classic example (kitten -> sitting) is 3 edits; a swap of neighbours is one.
        #expect(editDistance("kitten", "sitting") == 3)
        #expect(editDistance("ab", "ba") == 1)
        #expect(editDistance("", "abc") == 3)
        #expect(editDistance("train", "train") == 0)
        #expect(editDistance("TRAIN", "train") == 0)
    }

    @Test func suggestions() {
        #expect(didYouMean("sett", among: CommandRegistry.words).contains("`set`"))
        #expect(didYouMean("trian", among: CommandRegistry.words).contains("`train`"))
        #expect(didYouMean("zzzzzzzz", among: CommandRegistry.words).isEmpty)
    }

    @Test func completion() {
        let order = CommandRegistry.all.map { $0.name }
        #expect(Completion.candidates(lineBeforeCursor: "sh") == order.filter { $0 == "show" || $0 == "share" })
        #expect(Completion.candidates(lineBeforeCursor: "set learning-r") == ["learning-rate"])
        #expect(Completion.candidates(lineBeforeCursor: "set optimizer ").sorted() == ["adam", "sgd"])
        #expect(Completion.candidates(lineBeforeCursor: "set auto o").sorted() == ["off", "on"])
        #expect(Completion.candidates(lineBeforeCursor: "use ir") == ["iris"])
        #expect(Completion.candidates(lineBeforeCursor: "model m") == ["mlp"])
        #expect(Completion.candidates(lineBeforeCursor: "plot b") == ["boundary"])
        #expect(Completion.candidates(lineBeforeCursor: "set lr 0.1 epo") == ["epochs"])
    }

    @Test func settingPairs() throws {
        let pairs = try LabSession.settingPairs(["lr=0.1", "epochs", "50"])
        #expect(pairs.map(\.0) == ["lr", "epochs"])
        #expect(pairs.map(\.1) == ["0.1", "50"])
        #expect(throws: CommandError.self) { try LabSession.settingPairs(["epochs"]) }
        #expect(throws: CommandError.self) { try LabSession.settingPairs([]) }
    }

    @Test func shellQuoting() {
        #expect(shellQuote("iris") == "iris")
        #expect(shellQuote("my data.csv") == "'my data.csv'")
        #expect(shellQuote("it's") == "'it'\\''s'")
    }
}

@Suite("prose wrapping on a terminal")
struct WrapTests {
    @Test("lines break at spaces, fit the width, keep every word in order and hang under the label column")
    func wrapsAtWords() {
        let renderer = Renderer(options: .init(width: 50, height: 10), wrapWidth: 50)
        let text = "  label                 the summary of a command that is much longer than fifty cells, so it wraps\nshort line"
        let wrapped = renderer.wrap(text)
        let lines = wrapped.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { $0.count <= 50 }, "\(lines)")
        #expect(lines.last == "short line")
        #expect(lines[1].hasPrefix(String(repeating: " ", count: 24)) && !lines[1].hasPrefix(String(repeating: " ", count: 25)), "\(lines)")
        let words = { (s: String) in s.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init) }
        #expect(words(wrapped) == words(text))
        #expect(Renderer(options: .init(), wrapWidth: nil).wrap(text) == text)
    }
}
