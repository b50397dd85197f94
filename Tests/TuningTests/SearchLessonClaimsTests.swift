import Vocabulary
import Foundation
import Testing
@testable import Tuning

/// What lesson 7 says about Gramacy-Lee with a budget of 20, for every seed it names (the budget-35 claim is an
/// experiment that `lessons check` runs).
@Suite struct SearchLessonClaimsTests {
    @Test("budget 20 on Gramacy-Lee: grid and random never reach the global minimum for seeds 1-20, Bayes only for a few")
    func gramacyLeeBudgetTwenty() throws {
        let f = BuiltInObjective.gramacyLee
        func best(_ strategy: Strategy, seed: UInt64) throws -> Double {
            let r = try Tuner.run(space: f.space, objective: f.objective, options: TuningOptions(strategy: strategy, budget: 20, seed: seed))
            return try #require(r.best?.value)
        }
        #expect(try best(.grid, seed: 1) > f.minimum + 1e-3)
        var bayesFound: [UInt64] = []
        for seed in UInt64(1)...20 {
            #expect(try best(.random, seed: seed) > f.minimum + 1e-3, "random, seed \(seed)")
            if try best(.bayes, seed: seed) < f.minimum + 1e-3 { bayesFound.append(seed) }
        }
        #expect(bayesFound.count <= 5, "Bayes found it for seeds \(bayesFound)")
    }
}
