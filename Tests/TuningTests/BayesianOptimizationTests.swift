import Vocabulary
import Foundation
import Testing
@testable import Tuning

@Suite struct BayesianOptimizationTests {
    /// Over 10 seeds and 30 evaluations, Bayesian optimization's median best on Branin is within 1% of the
    /// global minimum 0.397887 (Dixon and Szego 1978) and below random search's median.
    @Test func braninMedianWithinOnePercent() throws {
        let f = BuiltInObjective.branin
        var bayes: [Double] = [], random: [Double] = []
        for seed in 0..<10 as Range<UInt64> {
            let b = try Tuner.run(space: f.space, objective: f.objective,
                                  options: TuningOptions(strategy: .bayes, budget: 30, seed: seed, workers: 1))
            let r = try Tuner.run(space: f.space, objective: f.objective,
                                  options: TuningOptions(strategy: .random, budget: 30, seed: seed, workers: 1))
            #expect(b.trials.count == 30 && r.trials.count == 30)
            bayes.append(try #require(b.best?.value))
            random.append(try #require(r.best?.value))
        }
        let mb = median(bayes), mr = median(random)
        print("branin medians over 10 seeds: bayes \(mb), random \(mr); bayes bests \(bayes.sorted())")
        #expect(mb <= f.minimum * 1.01)
        #expect(mb < mr)
    }
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}
