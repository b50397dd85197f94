import Vocabulary
import Foundation
import Learning
import Testing
@testable import Tuning

/// Canonical runs whose cause is known by construction, each diagnosed for seeds 1-10 (the seed of
/// the synthetic data and of the run). Every finding is checked against its run's curves, and every
/// piece of advice is applied and must lower the validation loss as it says.
@Suite("diagnosis of canonical cases")
struct DiagnosisCaseTests {
    static let seeds: [UInt64] = Array(1...10)

    /// What the diagnoses of a case must show.
    struct Expected: Sendable, CustomStringConvertible {
        let run: DiagnosisCase
        /// Kinds every seed's findings must consist of (one set per seed may be any of these).
        let allowed: [[FindingKind]]
        /// Seeds whose findings must equal `allowed[0]` at least this often.
        var atLeast: Int = 10
        /// Kinds no seed may get (checked on every seed, also when `allowed` is empty).
        var neverKind: [FindingKind] = []
        /// Models the advice must never switch to.
        var neverModel: [String] = []
        /// Hyperparameters the advice must never set.
        var neverSetting: [String] = []
        var description: String { run.name }
    }

    static let cases: [Expected] = [
        Expected(run: DiagnosisCase(name: "logistic on circles", dataset: DiagnosisData.named("circles"), model: .logistic, settings: []),
                 allowed: [[.modelCannotFit]]),
        Expected(run: DiagnosisCase(name: "logistic on xor", dataset: DiagnosisData.named("xor"), model: .logistic, settings: []),
                 allowed: [[.modelCannotFit]]),
        Expected(run: DiagnosisCase(name: "breast-cancer logistic, learning-rate 1e-4", dataset: DiagnosisData.named("breast-cancer"),
                                    model: .logistic, settings: [("learning-rate", "0.0001")]),
                 allowed: [[.learningRateTooSmall]], neverModel: ["mlp"]),
        Expected(run: DiagnosisCase(name: "digits mlp, learning-rate 1e-300", dataset: DiagnosisData.named("digits"),
                                    model: .mlp, settings: [("learning-rate", "1e-300")]),
                 allowed: [[.learningRateTooSmall]], neverSetting: ["hidden-layers"]),
        Expected(run: DiagnosisCase(name: "plane full batch, learning-rate 2", dataset: DiagnosisData.named("plane"), model: .linear,
                                    settings: [("batch-size", "full"), ("learning-rate", "2")]),
                 allowed: [[.diverged, .learningRateTooHigh]]),
        // Diverges on most seeds; on the others the loss swings up and down (rises in 40% of the epochs).
        Expected(run: DiagnosisCase(name: "breast-cancer logistic, learning-rate 50", dataset: DiagnosisData.named("breast-cancer"),
                                    model: .logistic, settings: [("learning-rate", "50")]),
                 allowed: [[.diverged, .learningRateTooHigh], [.learningRateTooHigh]], atLeast: 5),
        Expected(run: DiagnosisCase(name: "circles mlp, five sigmoid layers, sgd", dataset: DiagnosisData.named("circles"), model: .mlp,
                                    settings: [("hidden-layers", "16,16,16,16,16"), ("activation", "sigmoid"), ("optimizer", "sgd"), ("learning-rate", "0.1")]),
                 allowed: [[.optimizationStuck]], neverSetting: ["hidden-layers"]),
        Expected(run: DiagnosisCase(name: "breast-cancer logistic, l2 1", dataset: DiagnosisData.named("breast-cancer"), model: .logistic,
                                    settings: [("l2", "1")]),
                 allowed: [[.underfittingByRegularization]], neverModel: ["mlp"]),
        // Seed 5: the gains (degree 3: 0.121 instead of 0.242) miss both margins by a hair: no verdict.
        Expected(run: DiagnosisCase(name: "sine degree 15, l2 0", dataset: DiagnosisData.named("sine"), model: .linear,
                                    settings: [("degree", "15")]),
                 allowed: [[.overfitting], []], atLeast: 9),
        Expected(run: DiagnosisCase(name: "sine degree 3", dataset: DiagnosisData.named("sine"), model: .linear, settings: []),
                 allowed: [[.goodFit]]),
        Expected(run: DiagnosisCase(name: "noise-only target, linear", dataset: DiagnosisData.noiseOnly(classification: false), model: .linear, settings: []),
                 allowed: [[.noiseFloor]]),
        Expected(run: DiagnosisCase(name: "coin-flip classes, logistic", dataset: DiagnosisData.noiseOnly(classification: true), model: .logistic, settings: []),
                 allowed: [[.noiseFloor]]),
        // Minibatch sgd at learning-rate 0.05 on targets in the hundreds ends on a noisy step on some
        // seeds; then a smaller rate is measured to help. Never capacity advice.
        Expected(run: DiagnosisCase(name: "diabetes linear", dataset: DiagnosisData.named("diabetes"), model: .linear, settings: []),
                 allowed: [[.noiseFloor], [.learningRateTooHigh]], atLeast: 8, neverModel: ["mlp"], neverSetting: ["degree", "hidden-layers"]),
        Expected(run: DiagnosisCase(name: "softmax on overlapping gaussians (noise 1.5)", dataset: DiagnosisData.named("gaussians", noise: 1.5),
                                    model: .softmax, settings: []),
                 allowed: [[.noiseFloor]], neverModel: ["mlp"]),
        Expected(run: DiagnosisCase(name: "circles mlp, adam at learning-rate 1", dataset: DiagnosisData.named("circles"), model: .mlp,
                                    settings: [("learning-rate", "1")]),
                 allowed: [[.learningRateTooHigh]], neverSetting: ["hidden-layers"]),
        Expected(run: DiagnosisCase(name: "plane full batch, momentum 0.99", dataset: DiagnosisData.named("plane"), model: .linear,
                                    settings: [("batch-size", "full"), ("momentum", "0.99")]),
                 allowed: [[.learningRateTooHigh]], neverModel: ["mlp"]),
        // Momentum 0.99 (the heavy ball overshoots): never "still learning, continue", never capacity advice.
        Expected(run: DiagnosisCase(name: "breast-cancer logistic full batch, momentum 0.99", dataset: DiagnosisData.named("breast-cancer"),
                                    model: .logistic, settings: [("batch-size", "full"), ("momentum", "0.99"), ("optimizer", "sgd")]),
                 allowed: [], neverKind: [.stillImproving, .modelCannotFit], neverModel: ["mlp"]),
        // Adam at learning rate 1 on a network: a learning-rate problem, never capacity.
        Expected(run: DiagnosisCase(name: "digits mlp, adam at learning-rate 1", dataset: DiagnosisData.named("digits"), model: .mlp,
                                    settings: [("optimizer", "adam"), ("learning-rate", "1")]),
                 allowed: [], neverKind: [.modelCannotFit, .stillImproving, .goodFit], neverSetting: ["hidden-layers"]),
        // Runs that early stopping ended: never "set early-stopping", never "still improving" (checked in
        // `DiagnosisChecks.consistent` and here).
        Expected(run: DiagnosisCase(name: "breast-cancer mlp, early-stopping 10", dataset: DiagnosisData.named("breast-cancer"), model: .mlp,
                                    settings: [("early-stopping", "10")]),
                 allowed: [], neverKind: [.stillImproving], neverSetting: ["early-stopping"]),
        Expected(run: DiagnosisCase(name: "sine degree 20, early-stopping 5", dataset: DiagnosisData.named("sine"), model: .linear,
                                    settings: [("degree", "20"), ("early-stopping", "5")]),
                 allowed: [], neverKind: [.stillImproving], neverSetting: ["early-stopping"]),
        // Well separated classes: 100% accuracy on both sets while the cross-entropy still creeps down (the
        // weights grow). Never "still learning".
        Expected(run: DiagnosisCase(name: "softmax on separated gaussians (noise 0.3)", dataset: DiagnosisData.named("gaussians", noise: 0.3),
                                    model: .softmax, settings: []),
                 allowed: [], neverKind: [.stillImproving, .modelCannotFit, .overfitting, .noiseFloor], neverModel: ["mlp"]),
        Expected(run: DiagnosisCase(name: "breast-cancer logistic (the default setup)", dataset: DiagnosisData.named("breast-cancer"),
                                    model: .logistic, settings: []),
                 allowed: [[.goodFit]]),
        Expected(run: DiagnosisCase(name: "digits mlp (defaults)", dataset: DiagnosisData.named("digits"), model: .mlp, settings: []),
                 allowed: [[.goodFit]]),
    ]

    @Test("each canonical case gets its kind, on seeds 1-10", arguments: cases)
    func canonicalCase(_ expected: Expected) throws {
        var matchesFirst = 0
        for seed in Self.seeds {
            let input = try expected.run.run(seed: seed)
            let diagnosis = Diagnostician.diagnose(input, budget: .deterministic)
            let kinds = diagnosis.findings.map(\.kind)
            #expect(expected.allowed.isEmpty || expected.allowed.contains(kinds), "seed \(seed): \(describe(diagnosis))")
            #expect(!kinds.contains { expected.neverKind.contains($0) }, "seed \(seed): \(describe(diagnosis))")
            if kinds == expected.allowed.first { matchesFirst += 1 }
            #expect(diagnosis.complete)
            for finding in diagnosis.findings {
                if let advice = finding.advice {
                    #expect(!expected.neverModel.contains(advice.model ?? ""), "seed \(seed): \(finding.text)")
                    #expect(!advice.settings.contains { expected.neverSetting.contains($0.name) }, "seed \(seed): \(finding.text)")
                }
            }
            try DiagnosisChecks.consistent(diagnosis, with: input)
            try DiagnosisChecks.adviceHelps(diagnosis, input: input)
        }
        if !expected.allowed.isEmpty {
            #expect(matchesFirst >= expected.atLeast, "\(expected.run.name): \(matchesFirst) of \(Self.seeds.count) seeds")
        }
    }

    /// Lesson 05 fixes degree 15 with l2 1 (seed 1). On that seed the run must not be called
    /// overfitting; on other seeds it may be, but only where the validation loss really rose 10%
    /// above its lowest value while the training loss fell, and a simpler setting was measured to
    /// do better (the advice check).
    @Test("degree 15 with l2 1 (the regularization lesson's fix) is called overfitting only where its curve rose")
    func regularizedDegree15() throws {
        let run = DiagnosisCase(name: "sine degree 15, l2 1", dataset: DiagnosisData.named("sine"), model: .linear,
                                settings: [("degree", "15"), ("l2", "1")])
        for seed in Self.seeds {
            let input = try run.run(seed: seed)
            let diagnosis = Diagnostician.diagnose(input, budget: .deterministic)
            let kinds = diagnosis.findings.map(\.kind)
            if seed == 1 {
                #expect(!kinds.contains(.overfitting), "\(describe(diagnosis))")
            }
            if kinds.contains(.overfitting) {
                let validation = input.history.compactMap(\.validationLoss)
                let lowest = try #require(validation.min())
                #expect(try #require(validation.last) >= 1.1 * lowest, "seed \(seed): \(describe(diagnosis))")
            }
            try DiagnosisChecks.consistent(diagnosis, with: input)
            try DiagnosisChecks.adviceHelps(diagnosis, input: input)
        }
    }
}

/// Checks that hold for every diagnosis.
enum DiagnosisChecks {
    /// No finding contradicts the run's own curves.
    static func consistent(_ diagnosis: RunDiagnosis, with input: DiagnosisInput) throws {
        let reported = try #require(input.reportedRecord)
        let curve = input.history.filter { $0.epoch <= reported.epoch }
        let score: (EpochRecord) -> Double = { $0.validationLoss ?? $0.trainLoss }
        for finding in diagnosis.findings {
            switch finding.kind {
            case .diverged:
                #expect(input.diverged, "\(finding.text)")
            case .stillImproving:
                // The validation loss fell over the last fifth of the epochs, and early stopping did not fire.
                let tail = max(1, curve.count / 5)
                #expect(score(curve[curve.count - 1 - tail]) > score(reported), "\(finding.text)")
                #expect(input.restoredEpoch == nil)
            case .overfitting:
                // The validation loss is above its lowest value or far above the training loss.
                let lowest = curve.map(score).min() ?? .nan
                #expect(score(reported) > lowest || score(reported) > 2 * reported.trainLoss, "\(finding.text)")
            case .learningRateTooSmall:
                #expect(!input.diverged)
                #expect(curve.last.map { $0.trainLoss <= curve[0].trainLoss } ?? false, "\(finding.text)")
            case .learningRateTooHigh:
                // Diverged, or the training loss rose during the run.
                let rose = zip(curve, curve.dropFirst()).contains { $1.trainLoss > $0.trainLoss }
                #expect(input.diverged || rose, "\(finding.text)")
            case .goodFit, .noiseFloor:
                #expect(!input.diverged)
                // Advice only for a change measured to lower the score by a quarter or more (small against the
                // constant prediction's loss, so the verdict stands), and said so in the text.
                if let advice = finding.advice {
                    #expect(advice.measuredLoss <= 0.75 * advice.runLoss, "\(finding.text)")
                    #expect(finding.text.contains("lower here (tried)"), "\(finding.text)")
                }
            case .optimizationStuck, .modelCannotFit, .underfittingByRegularization:
                #expect(!input.diverged)
            }
            // Never advice to set what is already set, nor early stopping when it is on.
            if let advice = finding.advice, advice.model == nil {
                for setting in advice.settings {
                    #expect(input.hyperparameters.text(of: setting.name) != setting.value, "\(finding.text)")
                    if setting.name == "early-stopping" { #expect(input.hyperparameters.earlyStopping == 0) }
                    if let number = Double(setting.value), number != 0 {
                        // At most 2 significant digits, no float noise.
                        #expect(Double(String(format: "%.2g", number)) == number, "\(setting.name) \(setting.value)")
                        #expect(setting.value.count <= 6, "\(setting.name) \(setting.value)")
                    }
                }
            }
            #expect(!finding.text.contains("000000"), "\(finding.text)")
        }
    }

    /// Every piece of advice, applied to the run, lowers the validation loss to the measured value, at
    /// least 10% below the run's.
    static func adviceHelps(_ diagnosis: RunDiagnosis, input: DiagnosisInput) throws {
        let reported = try #require(input.reportedRecord)
        let runLoss = input.diverged ? Double.infinity : (reported.validationLoss ?? reported.trainLoss)
        for finding in diagnosis.findings {
            guard let advice = finding.advice else { continue }
            let (model, h) = try #require(advice.applied(to: input.model, input.hyperparameters, dataset: input.dataset.name))
            let trainer = try Trainer(dataset: input.dataset, model: model, hyperparameters: h)
            let outcome = trainer.train()
            #expect(!outcome.diverged, "\(finding.text)")
            let after = trainer.evaluate()
            let loss = after.validationLoss ?? after.trainLoss
            #expect(loss.isFinite && loss <= 0.9 * runLoss, "\(finding.text): \(loss) vs \(runLoss)")
            #expect(abs(loss - advice.measuredLoss) <= 1e-9 * max(1, abs(loss)), "\(finding.text): \(loss) vs \(advice.measuredLoss)")
        }
    }
}
