import Vocabulary
import Foundation
import Testing
@testable import Tuning

@Suite struct EdgeCaseTests {
    @Test func fixedValueSpaceRunsEveryStrategy() throws {
        let space = try SearchSpace.parse("epochs=100")
        for strategy in Strategy.allCases {
            let r = try Tuner.run(space: space, objective: { s in .success(s.number("epochs") ?? .nan) },
                                  options: TuningOptions(strategy: strategy, budget: 4, seed: 1))
            #expect(r.best?.value == 100)
            #expect(r.trials.count == (strategy == .grid ? 1 : 4))
        }
    }

    @Test func gridOfOneIsTheMiddle() throws {
        let space = try SearchSpace.parse("lr=1e-4..1:log e=10..20:int")
        let g = space.gridSettings(budget: 1)
        #expect(g.count == 1)
        #expect(abs((g[0].number("lr") ?? 0) - 0.01) < 1e-12 && g[0].number("e") == 15)
    }

    @Test func logIntegerRangesStayInside() throws {
        let space = try SearchSpace.parse("batch=1..1024:int:log")
        let r = try Tuner.run(space: space, objective: { s in .success(abs(log2(s.number("batch") ?? 1) - 5)) },
                              options: TuningOptions(strategy: .bayes, budget: 15, seed: 2))
        #expect(r.trials.allSatisfy { t in (1...1024).contains(Int(t.settings.number("batch") ?? 0)) })
        #expect(r.best?.value == 0)  // finds 32
    }

    @Test func choiceOnlySpaceIsSearchedWithoutRepeats() throws {
        let space = try SearchSpace.parse("layers=8|16|32|64 act=relu|tanh")
        let objective: Objective = { s in
            .success(abs((s.number("layers") ?? 0) - 32) + (s["act"]?.text == "tanh" ? 0 : 1))
        }
        for seed in 0..<4 as Range<UInt64> {
            let r = try Tuner.run(space: space, objective: objective, options: TuningOptions(strategy: .bayes, budget: 10, seed: seed))
            // The random initial points may repeat; a model-based suggestion repeats only when all 8 settings are done.
            let n0 = BayesianOptions().initialCount(space: space, budget: 10)
            for i in n0..<r.trials.count {
                let earlier = Set(r.trials[..<i].map(\.settings))
                #expect(!earlier.contains(r.trials[i].settings) || earlier.count == 8, "seed \(seed), trial \(i + 1)")
            }
            #expect(r.best?.value == 0)
        }
    }
}
