import Vocabulary
import Testing
@testable import Learning

/// The compact history gives back exactly the records it was given.
@Suite struct EpochHistoryTests {
    func records(from first: Int, count: Int, classification: Bool, validation: (Int) -> Bool) -> [EpochRecord] {
        var rng = SeededGenerator(seed: 5)
        let special: [Double] = [.nan, -.nan, .infinity, -.infinity, -0.0, Double(nan: 7, signaling: false)]
        return (0..<count).map { i in
            let loss = i % 7 == 3 ? special[i % special.count] : rng.nextUnit()
            return EpochRecord(epoch: first + i, trainLoss: loss, validationLoss: validation(i) ? rng.nextUnit() : nil,
                               objective: loss * 2, trainAccuracy: classification ? rng.nextUnit() : nil,
                               validationAccuracy: classification && validation(i) ? rng.nextUnit() : nil)
        }
    }

    func expectSame(_ history: EpochHistory, _ records: [EpochRecord]) {
        #expect(history.count == records.count)
        func bits(_ x: Double?) -> UInt64? { x?.bitPattern }
        for (a, b) in zip(history, records) {
            #expect(a.epoch == b.epoch && a.trainLoss.bitPattern == b.trainLoss.bitPattern && a.objective.bitPattern == b.objective.bitPattern)
            #expect(bits(a.validationLoss) == bits(b.validationLoss) && bits(a.trainAccuracy) == bits(b.trainAccuracy)
                    && bits(a.validationAccuracy) == bits(b.validationAccuracy))
        }
    }

    @Test func recordsComeBackBitForBit() {
        let cases: [(Bool, (Int) -> Bool)] = [(false, { _ in false }), (true, { _ in true }), (true, { $0 >= 10 }), (false, { $0 % 3 == 0 })]
        for (classification, validation) in cases {
            let records = records(from: 4, count: 50, classification: classification, validation: validation)
            var history = EpochHistory()
            history.append(contentsOf: records.prefix(20))
            history.append(contentsOf: records.dropFirst(20))
            expectSame(history, records)
            #expect(history.firstEpoch == 4 && history.last?.epoch == 53)
        }
        // Regression without validation: two numbers per epoch.
        let plain = EpochHistory(records(from: 1, count: 1000, classification: false, validation: { _ in false }))
        #expect(plain.storageBytes == 16_000)
        var cleared = plain
        cleared.removeAll()
        #expect(cleared.isEmpty && cleared.firstEpoch == 1)
    }

    @Test func anOutcomeWithoutItsRecordsKeepsEverythingElse() {
        let outcome = TrainingOutcome(history: records(from: 1, count: 5, classification: false, validation: { _ in true }),
                                      diverged: true, divergedAt: 5, reason: "diverged", stoppedEarly: false,
                                      restoredBestEpoch: nil, interrupted: false, seconds: 1.5, parameters: [], parametersInDataUnits: nil)
        let light = outcome.droppingHistory()
        #expect(light.history.isEmpty && light.diverged && light.divergedAt == 5 && light.reason == "diverged" && light.seconds == 1.5)
    }
}
