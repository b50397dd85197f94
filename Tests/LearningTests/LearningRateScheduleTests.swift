import Vocabulary
import Foundation
import Testing
@testable import Learning

/// Learning-rate schedules: the rate of every epoch against the closed forms, and the rates the
/// trainer records.
@Suite struct LearningRateScheduleTests {
    static func settings(_ schedule: LearningRateSchedule, epochs: Int, warmup: Int = 0, rate: Double = 0.3) -> Hyperparameters {
        var h = Hyperparameters()
        h.schedule = schedule
        h.epochs = epochs
        h.warmup = warmup
        h.learningRate = rate
        return h
    }

    @Test func cosineIsTheSGDRClosedForm() {
        // η·(1 + cos(π·t/T))/2 with t = e − 1 (Loshchilov and Hutter 2017, eq. 5, η_min = 0).
        let h = Self.settings(.cosine, epochs: 50)
        for e in 1...50 {
            let expected = 0.3 * (1 + cos(Double.pi * Double(e - 1) / 50)) / 2
            #expect(abs(h.learningRate(epoch: e) - expected) < 1e-15, "epoch \(e)")
        }
        #expect(h.learningRate(epoch: 1) == 0.3)
        #expect(abs(h.learningRate(epoch: 26) - 0.15) < 1e-15)   // half-way: half the rate
        #expect(h.learningRate(epoch: 50) > 0 && h.learningRate(epoch: 50) < 0.3 * 0.001)
        // Past the cycle (continue): a warm restart at the full rate, the same cycle again.
        #expect(h.learningRate(epoch: 51) == 0.3)
        #expect(h.learningRate(epoch: 77) == h.learningRate(epoch: 27))
    }

    @Test func stepDividesByTenAtHalfAndThreeQuarters() {
        let h = Self.settings(.step, epochs: 100)
        for e in 1...100 {
            let expected = e <= 50 ? 0.3 : (e <= 75 ? 0.03 : 0.003)
            #expect(abs(h.learningRate(epoch: e) - expected) < 1e-16, "epoch \(e)")
        }
        // An odd cycle: drops at t >= T/2 and t >= 3T/4 (t = e − 1), i.e. MultiStepLR([⌈T/2⌉, ⌈3T/4⌉]).
        let odd = Self.settings(.step, epochs: 7)
        #expect((1...7).map { odd.learningRate(epoch: $0) / 0.3 }.map { ($0 * 1000).rounded() / 1000 }
                == [1, 1, 1, 1, 0.1, 0.1, 0.01])
    }

    @Test func warmupRampsLinearlyThenTheScheduleRunsOverTheRest() {
        let h = Self.settings(.cosine, epochs: 25, warmup: 5)
        for e in 1...5 { #expect(abs(h.learningRate(epoch: e) - 0.3 * Double(e) / 5) < 1e-15) }
        for e in 6...25 {
            let expected = 0.3 * (1 + cos(Double.pi * Double(e - 6) / 20)) / 2
            #expect(abs(h.learningRate(epoch: e) - expected) < 1e-15, "epoch \(e)")
        }
        #expect(h.learningRate(epoch: 26) == 0.3)   // the restart has no second warm-up
        let constant = Self.settings(.constant, epochs: 10, warmup: 4)
        let expected = [0.075, 0.15, 0.225, 0.3] + Array(repeating: 0.3, count: 8)
        for e in 1...12 { #expect(abs(constant.learningRate(epoch: e) - expected[e - 1]) < 1e-15, "epoch \(e)") }
        let allWarmup = Self.settings(.step, epochs: 3, warmup: 6)
        #expect(abs(allWarmup.learningRate(epoch: 3) - 0.15) < 1e-15 && allWarmup.learningRate(epoch: 9) == 0.3)
        #expect(Self.settings(.constant, epochs: 5).learningRate(epoch: 0) == 0.3)
    }

    @Test func theHistoryRecordsTheRateOfEachEpochAndContinuingEqualsOneRun() throws {
        let data = try Support.load("breast-cancer")
        var h = Hyperparameters.defaults(model: .logistic, dataset: "breast-cancer")
        h.schedule = .cosine
        h.warmup = 2
        h.epochs = 12
        let whole = try Trainer(dataset: data, model: .logistic, hyperparameters: h)
        _ = whole.train(epochs: 20)
        #expect(whole.history.first?.epoch == 0 && whole.history.first?.learningRate == nil)
        #expect(whole.history.dropFirst().map(\.learningRate) == (1...20).map { h.learningRate(epoch: $0) })
        #expect(whole.evaluate().learningRate == h.learningRate(epoch: 20))
        let parts = try Trainer(dataset: data, model: .logistic, hyperparameters: h)
        #expect(parts.evaluate().learningRate == nil)
        _ = parts.train(epochs: 7)
        _ = parts.train(epochs: 13)
        #expect(parts.history == whole.history)
        #expect(parts.parameters == whole.parameters)
    }

    /// The claim of `help schedule`: with mini-batches a constant rate keeps bouncing around the
    /// minimum, a decaying one settles. Linear regression on plane, batches of 8, every row for
    /// training; the minimum of the training loss is the least-squares fit (normal equations).
    @Test(arguments: [LearningRateSchedule.cosine, .step])
    func withMiniBatchesADecayingRateSettlesWhereAConstantOneBounces(_ schedule: LearningRateSchedule) throws {
        for seed: UInt64 in 1...5 {
            let data = try Support.load("plane", seed: seed)
            let n = data.rowCount
            let fit = Support.leastSquares(data)
            let minimum = (0..<n).reduce(0.0) { total, i in
                let e = fit[0] * data.features[i, 0] + fit[1] * data.features[i, 1] + fit[2] - data.targets[i]
                return total + e * e
            } / Double(n)
            func excess(_ schedule: LearningRateSchedule) throws -> (final: Double, spread: Double) {
                var h = Hyperparameters.defaults(model: .linear, dataset: "plane")
                h.seed = seed
                h.validationFraction = 0
                h.batchSize = .examples(8)
                h.learningRate = 0.05
                h.epochs = 60
                h.schedule = schedule
                let outcome = try Trainer(dataset: data, model: .linear, hyperparameters: h).train()
                let last = outcome.history.suffix(10).map { $0.trainLoss - minimum }
                return (try #require(last.last), (last.max() ?? 0) - (last.min() ?? 0))
            }
            let constant = try excess(.constant), decaying = try excess(schedule)
            #expect(constant.final > 0 && decaying.final >= 0)
            #expect(decaying.final < constant.final / 5, "seed \(seed): excess loss \(decaying.final) (\(schedule)) vs \(constant.final) (constant)")
            #expect(decaying.spread < constant.spread / 5, "seed \(seed): spread \(decaying.spread) vs \(constant.spread)")
        }
    }
}
