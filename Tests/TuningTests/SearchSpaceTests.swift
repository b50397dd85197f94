import Vocabulary
import Foundation
import Learning
import Testing
@testable import Tuning

@Suite struct SearchSpaceTests {
    @Test func parsesTheIssueExample() throws {
        let s = try SearchSpace.parse("learning-rate=1e-4..1:log l2=1e-6..1:log hidden-layers=8|16|32 epochs=10..200:int")
        #expect(s.names == ["learning-rate", "l2", "hidden-layers", "epochs"])
        #expect(s.dimensions[0].kind == .real(low: 1e-4, high: 1, log: true))
        #expect(s.dimensions[1].kind == .real(low: 1e-6, high: 1, log: true))
        #expect(s.dimensions[2].kind == .choice(["8", "16", "32"]))
        #expect(s.dimensions[3].kind == .integer(low: 10, high: 200, log: false))
        #expect(s.dimensions[0].isLog && !s.dimensions[3].isLog)
        // The canonical text parses back to the same space.
        #expect(try SearchSpace.parse(s.text) == s)
        #expect(s.text == "learning-rate=0.0001..1:log l2=1e-06..1:log hidden-layers=8|16|32 epochs=10..200:int")
    }

    @Test func acceptsCombinedOptionsAndFixedValues() throws {
        let s = try SearchSpace.parse(items: ["batch-size=8..256:int:log", "optimizer=adam", "momentum=0..0.99"])
        #expect(s.dimensions[0].kind == .integer(low: 8, high: 256, log: true))
        #expect(s.dimensions[1].kind == .choice(["adam"]))
        #expect(s.dimensions[2].kind == .real(low: 0, high: 0.99, log: false))
        #expect(try SearchSpace.parse("b=8..256:log:int") == SearchSpace.parse("b=8..256:int:log"))
    }

    @Test(arguments: [
        ("", "empty search space"),
        ("learning-rate", "missing '='"),
        ("=1..2", "name before '=' is empty"),
        ("lr=", "nothing after '='"),
        ("lr=1e-4..", "HIGH bound"),
        ("lr=..1", "LOW bound"),
        ("lr=abc..1", "not a finite number"),
        ("lr=1..inf", "not a finite number"),
        ("lr=1..0.5", "LOW must be below HIGH"),
        ("lr=1..1", "LOW equals HIGH"),
        ("lr=0..1:log", "needs LOW > 0"),
        ("lr=1e-4..1:lg", "unknown option ':lg'"),
        ("epochs=10.5..200:int", "whole-number bounds"),
        ("layers=8||16", "non-empty values"),
        ("layers=8|16|8", "repeated"),
        ("layers=8|16:log", "ranges LOW..HIGH only"),
        ("lr=1..2 lr=3..4", "appears twice"),
        ("lr=1..2..3", "exactly one '..'"),
        ("l r=1..2", "missing '='"),
        ("a$=1..2", "may hold only"),
    ])
    func badSyntaxGivesOneLineMessage(text: String, expected: String) {
        #expect(throws: TuningError.self) { try SearchSpace.parse(text) }
        do {
            _ = try SearchSpace.parse(text)
        } catch {
            #expect(error.message.contains(expected), "message was: \(error.message)")
            #expect(!error.message.contains("\n"))
        }
    }

    @Test func gridOfFortyNineIsSevenBySevenLogSpaced() throws {
        let s = try SearchSpace.parse("learning-rate=1e-4..1:log l2=1e-6..1:log")
        #expect(s.gridLevelCounts(budget: 49) == [7, 7])
        #expect(s.gridLevelCounts(budget: 60) == [7, 8])  // the spare budget goes to the last range
        let points = s.gridSettings(budget: 49)
        #expect(points.count == 49)
        #expect(Set(points).count == 49)
        let rates = s.gridLevels(ofDimension: 0, count: 7).compactMap(\.number)
        // Log spacing: consecutive ratios are equal (10^(4/6)).
        for i in 1..<rates.count { #expect(abs(rates[i] / rates[i - 1] - pow(10, 4.0 / 6)) < 1e-9) }
        #expect(abs(rates[0] - 1e-4) < 1e-15 && abs(rates[6] - 1) < 1e-12)
        // Last dimension varies fastest.
        #expect(points[0].values[0] == points[6].values[0] && points[0].values[1] != points[1].values[1])
    }

    @Test func gridWithChoicesAndIntegerCaps() throws {
        let s = try SearchSpace.parse("hidden-layers=8|16|32 degree=1..3:int lr=0.01..1:log")
        // 3 choices leave 90/3 = 30 for the ranges; degree has only 3 values, so lr gets 10.
        #expect(s.gridLevelCounts(budget: 90) == [3, 3, 10])
        #expect(s.gridSettings(budget: 90).count == 90)
        // Choices alone exceed the budget: ranges at their middle, first points kept.
        let t = try SearchSpace.parse("a=1|2|3|4 lr=1..100:log")
        let g = t.gridSettings(budget: 3)
        #expect(g.count == 3)
        #expect(g.allSatisfy { abs(($0.number("lr") ?? 0) - 10) < 1e-9 })
    }

    @Test func randomDrawsStayInRangeAndAreLogUniform() throws {
        let s = try SearchSpace.parse("lr=1e-4..1:log e=10..20:int c=x|y")
        var rng = SeededGenerator(seed: 3)
        var below = 0
        var integers = Set<Int>()
        for _ in 0..<4000 {
            let p = s.randomSettings(&rng)
            let lr = try #require(p.number("lr"))
            #expect(lr >= 1e-4 && lr <= 1)
            if lr < 1e-2 { below += 1 }  // 1e-2 is the geometric middle of 1e-4..1
            if case .integer(let e) = p["e"] { integers.insert(e) } else { Issue.record("e is not an integer") }
        }
        // Log-uniform: half the draws below the geometric middle (binomial sd = 32).
        #expect(abs(below - 2000) < 160)
        #expect(integers == Set(10...20))
    }

    @Test func encodingScalesToUnitCubeWithOneHotChoices() throws {
        let s = try SearchSpace.parse("lr=1e-4..1:log e=10..20:int c=x|y|z f=only")
        let p = Settings(names: s.names, values: [.real(1e-2), .integer(15), .choice("y"), .choice("only")])
        let e = s.encode(p)
        #expect(e.count == 5)
        #expect(abs(e[0] - 0.5) < 1e-12 && abs(e[1] - 0.5) < 1e-12)
        #expect(Array(e[2...]) == [0, 1, 0])
        #expect(p.description == "lr=0.01 e=15 c=y f=only")
    }
}
