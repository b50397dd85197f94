import Vocabulary
import Foundation
import Learning
import Testing
@testable import Tuning

/// The parts of the diagnosis: numbers, the paired tests, the budget, cancelling, threading, JSON,
/// early stopping, and runs whose cause is not the learning rate.
@Suite("diagnosis parts")
struct DiagnosisUnitTests {
    @Test("suggested values are rounded to 1-2 significant digits and print without float noise")
    func numbers() {
        #expect(DiagnosisNumbers.rounded(0.10500000000000001) == 0.1)
        #expect(DiagnosisNumbers.setting(DiagnosisNumbers.rounded(0.1 * 3)) == "0.3")
        #expect(DiagnosisNumbers.setting(1.0000000000000001e-11) == "1e-11")
        #expect(DiagnosisNumbers.setting(DiagnosisNumbers.rounded(0.00025, digits: 2)) == "2.5e-4")
        #expect(DiagnosisNumbers.setting(300) == "300")
        #expect(DiagnosisNumbers.setting(0.05) == "0.05")
        #expect(DiagnosisNumbers.loss(0.31234) == "0.312")
        #expect(DiagnosisNumbers.loss(3117.4) == "3117")
        #expect(DiagnosisNumbers.loss(.infinity) == "infinite")
    }

    @Test("paired statistics match hand computations")
    func pairedTests() {
        // d = 1, 2, 3, 4: mean 2.5, sample sd √(5/3), t = 2.5 / (√(5/3) / 2) = 3.873.
        #expect(abs(PairedTest.meanStatistic([1, 2, 3, 4]) - 2.5 / ((5.0 / 3).squareRoot() / 2)) < 1e-12)
        // d = 1, -2, 3, 4, 5: ranks of |d| are 1..5, W+ = 1 + 3 + 4 + 5 = 13; n = 5: mean 7.5,
        // variance 5·6·11/24 = 13.75, z = 5.5 / √13.75 = 1.4832.
        #expect(abs(PairedTest.signedRankStatistic([1, -2, 3, 4, 5]) - 5.5 / 13.75.squareRoot()) < 1e-12)
        // Ties share their average rank: |d| = 1, 1, 2 → ranks 1.5, 1.5, 3; W+ = 1.5 + 3 = 4.5;
        // n = 3: mean 3, variance 3·4·7/24 = 3.5.
        #expect(abs(PairedTest.signedRankStatistic([1, -1, 2]) - 1.5 / 3.5.squareRoot()) < 1e-12)
        // One huge row hides a gain from the mean test but not from the rank test.
        let d = [1000.0] + Array(repeating: 0.01, count: 15) + [-0.001, -0.002]
        #expect(PairedTest.meanStatistic(d) < 2)
        #expect(PairedTest.signedRankStatistic(d) >= 2)
        #expect(!PairedTest.favours([0.1, -0.1, 0.1, -0.1]))
    }

    @Test("findings encode as {kind, text, evidence} with kebab-case kinds; non-finite numbers as null")
    func json() throws {
        let finding = Finding(kind: .learningRateTooSmall, text: "t",
                              evidence: [Evidence(measure: "validation loss", value: 0.31, source: "this run"),
                                         Evidence(measure: "training loss", value: .infinity, source: "probe learning-rate 10")],
                              advice: nil)
        let data = try JSONEncoder().encode([finding])
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(object[0]["kind"] as? String == "learning-rate-too-small")
        #expect(object[0]["text"] as? String == "t")
        let evidence = try #require(object[0]["evidence"] as? [[String: Any]])
        #expect(evidence[0]["value"] as? Double == 0.31)
        #expect(evidence[1]["value"] == nil || evidence[1]["value"] is NSNull)
        #expect(FindingKind.allCases.count == 10)
        #expect(try JSONDecoder().decode([Finding].self, from: data) == [finding])

        // The dictionary form for the app's --json object.
        let advice = Advice(model: nil, settings: [.init(name: "learning-rate", value: "0.3")], commands: ["set learning-rate 0.3"],
                            measuredLoss: 0.09, runLoss: 0.31)
        let advised = Finding(kind: .learningRateTooSmall, text: "t", evidence: finding.evidence, advice: advice)
        let dictionary = advised.jsonObject
        let text = try #require(String(data: try JSONSerialization.data(withJSONObject: dictionary, options: [.sortedKeys]), encoding: .utf8))
        #expect(text.contains(#""kind":"learning-rate-too-small""#))
        #expect(text.contains(#""settings":{"learning-rate":"0.3"}"#))
        #expect(text.contains(#""measured_loss":0.09"#))
        #expect(text.contains(#""value":null"#))
        #expect(finding.jsonObject["advice"] == nil)
    }

    @Test("early stopping that fired: the restored epoch is reported, and no advice sets early stopping or more epochs")
    func earlyStopping() throws {
        let run = DiagnosisCase(name: "sine degree 15, early-stopping 10", dataset: DiagnosisData.named("sine"), model: .linear,
                                settings: [("degree", "15"), ("early-stopping", "10")])
        for seed: UInt64 in [1, 2, 3] {
            let input = try run.run(seed: seed)
            let restored = try #require(input.restoredEpoch)
            #expect(input.reportedRecord?.epoch == restored)
            #expect(restored < (input.history.last?.epoch ?? 0))
            let diagnosis = Diagnostician.diagnose(input, budget: .deterministic)
            #expect(!diagnosis.findings.contains { $0.kind == .stillImproving }, "\(describe(diagnosis))")
            // Only a model switch restates it (the new model's defaults would turn it off).
            #expect(!diagnosis.findings.contains { $0.advice?.model == nil && $0.advice?.settings.contains { $0.name == "early-stopping" } ?? false },
                    "\(describe(diagnosis))")
            try DiagnosisChecks.consistent(diagnosis, with: input)
            try DiagnosisChecks.adviceHelps(diagnosis, input: input)
        }
    }

    /// Targets near 1e308: the squared errors overflow whatever the step size.
    static func hugeTargets(_ seed: UInt64) -> Dataset {
        var rng = SeededGenerator(seed: seed, stream: 5)
        let n = 100
        let x = (0..<n).map { _ in rng.uniform(0, 1) }
        let y = x.map { 1e308 * (0.5 + 0.4 * $0) }
        return Dataset(name: "huge", featureNames: ["x"], targetName: "y", features: Matrix(rows: n, columns: 1, values: x),
                       targets: y, task: .regression)
    }

    @Test("a divergence on targets near 1e308 is not blamed on the learning rate")
    func hugeData() throws {
        for rate in ["0.05", "1e-10"] {
            let data = Self.hugeTargets(1)
            var h = Hyperparameters.defaults(model: .linear, dataset: "huge")
            try h.set("learning-rate", to: rate)
            let trainer = try Trainer(dataset: data, model: .linear, hyperparameters: h)
            let outcome = trainer.train()
            let input = DiagnosisInput(dataset: data, model: .linear, hyperparameters: h, history: trainer.history, outcome: outcome)
            let diagnosis = Diagnostician.diagnose(input, budget: .deterministic)
            #expect(!diagnosis.findings.contains { $0.kind == .learningRateTooHigh }, "\(rate): \(describe(diagnosis))")
            #expect(!diagnosis.findings.contains { $0.advice?.settings.contains { $0.name == "learning-rate" } ?? false })
            if input.diverged {
                let text = try #require(diagnosis.findings.first { $0.kind == .diverged }?.text)
                #expect(text.contains("not shown to be the cause"), "\(text)")
                #expect(text.contains("too large for double precision"), "\(text)")
            }
        }
    }

    @Test("without validation rows the fit is not judged; a broken optimization still is")
    func noValidationRows() throws {
        let overfit = try DiagnosisCase(name: "sine 15, no validation", dataset: DiagnosisData.named("sine"), model: .linear,
                                        settings: [("degree", "15"), ("validation-fraction", "0")]).run(seed: 1)
        let quiet = Diagnostician.diagnose(overfit, budget: .deterministic)
        #expect(quiet.findings.isEmpty, "\(describe(quiet))")
        let slow = try DiagnosisCase(name: "bc lr 1e-4, no validation", dataset: DiagnosisData.named("breast-cancer"), model: .logistic,
                                     settings: [("learning-rate", "0.0001"), ("validation-fraction", "0")]).run(seed: 1)
        let told = Diagnostician.diagnose(slow, budget: .deterministic)
        #expect(told.findings.map(\.kind) == [.learningRateTooSmall], "\(describe(told))")
        #expect(told.findings.first?.text.contains("training loss reaches") == true)
        try DiagnosisChecks.adviceHelps(told, input: slow)
    }

    @Test("an interrupted run gets no findings")
    func interrupted() throws {
        let input = try DiagnosisCase(name: "bc", dataset: DiagnosisData.named("breast-cancer"), model: .logistic, settings: []).run(seed: 1)
        let stopped = DiagnosisInput(dataset: input.dataset, model: input.model, hyperparameters: input.hyperparameters,
                                     history: input.history, diverged: false, restoredEpoch: nil, interrupted: true)
        #expect(Diagnostician.diagnose(stopped, budget: .deterministic).findings.isEmpty)
    }

    @Test("over budget or cancelled, nothing is stated without its evidence")
    func budgetAndCancel() throws {
        let input = try DiagnosisCase(name: "circles", dataset: DiagnosisData.named("circles"), model: .logistic, settings: []).run(seed: 1)
        let poor = Diagnostician.diagnose(input, budget: DiagnosisBudget(maximumCost: 1e6, maximumSeconds: .infinity))
        #expect(!poor.complete)
        #expect(poor.cost <= 1e6)
        #expect(poor.findings.isEmpty, "\(describe(poor))")
        let cancelled = Diagnostician.diagnose(input, budget: .deterministic, shouldStop: { true })
        #expect(cancelled.cancelled && !cancelled.complete)
        #expect(cancelled.findings.isEmpty && cancelled.probes.isEmpty)
    }

    @Test("stopped in the middle of a probe: the probe is dropped, and no verdict is given without it")
    func stoppedMidway() throws {
        let input = try DiagnosisCase(name: "circles", dataset: DiagnosisData.named("circles"), model: .logistic, settings: []).run(seed: 1)
        final class Counter: @unchecked Sendable { var polls = 0 }
        let counter = Counter()
        // The retrained run polls once per batch (8 batches x 100 epochs) plus once before it starts;
        // stop during the first probe.
        let stopped = Diagnostician.diagnose(input, budget: .deterministic, shouldStop: {
            counter.polls += 1
            return counter.polls > 1000
        })
        #expect(stopped.cancelled && !stopped.complete)
        #expect(stopped.findings.isEmpty, "\(describe(stopped))")
        #expect(stopped.probes.isEmpty)
    }

    @Test("a job on another thread gives the same diagnosis, and stops when cancelled")
    func job() throws {
        let input = try DiagnosisCase(name: "circles", dataset: DiagnosisData.named("circles"), model: .logistic, settings: []).run(seed: 2)
        let direct = Diagnostician.diagnose(input, budget: .deterministic)
        let job = DiagnosisJob(input, budget: .deterministic)
        let result = try #require(job.wait(seconds: 60))
        #expect(result.findings == direct.findings)
        #expect(result.probes == direct.probes)

        let stopped = DiagnosisJob(input, budget: .deterministic, shouldStop: { true })
        let early = try #require(stopped.wait(seconds: 60))
        #expect(early.cancelled && early.findings.isEmpty)
    }
}
