import Vocabulary
import Foundation
import Learning
import Testing
@testable import HyperLabApp

/// The hints under each run, checked on real runs that show each case, and the help texts'
/// "Try:" claims run exactly as written.
@Suite("hints and claims")
struct DiagnosisTests {
    static func lastRun(_ lines: [String]) throws -> (Run, [String]) {
        let session = LabSessionTests.makeSession()
        var last: (Run, [String])?
        for line in lines {
            for output in session.execute(line) {
                if case .run(let run, let hints) = output { last = (run, hints) }
                if case .error(let message) = output { Issue.record("\(line): \(message)") }
            }
        }
        return try #require(last)
    }

    @Test("degree 15 on the noisy sine is read as overfitting")
    func overfitting() throws {
        let (run, hints) = try Self.lastRun(["use sine", "set degree 15"])
        #expect(hints.contains { $0.hasPrefix("Overfitting") }, "\(hints)")
        let final = try #require(run.final?.validationLoss)
        let lowest = try #require(run.history.compactMap(\.validationLoss).min())
        #expect(final > 1.1 * lowest)
    }

    @Test("a straight line through the sine, and l2 10 on degree 15, are read as underfitting, not overfitting")
    func underfitting() throws {
        for lines in [["use sine", "set degree 1"], ["use sine", "set auto off", "set degree 15", "set l2 10", "train"]] {
            let (_, hints) = try Self.lastRun(lines)
            #expect(hints.contains { $0.hasPrefix("Underfitting") }, "\(lines): \(hints)")
            #expect(!hints.contains { $0.hasPrefix("Overfitting") }, "\(lines): \(hints)")
        }
    }

    @Test("a vanishing learning rate is read as too small, and 97% accuracy with a high loss is not underfitting")
    func learningRateTooSmallAndOverconfidence() throws {
        let (_, tiny) = try Self.lastRun(["use digits", "model mlp", "set learning-rate 1e-300"])
        #expect(tiny.first?.hasPrefix("The training loss hardly moved") == true, "\(tiny)")
        let (run, confident) = try Self.lastRun(["use digits", "model mlp", "set learning-rate 0.2"])
        #expect((run.final?.trainAccuracy ?? 0) >= 0.9)
        #expect(!confident.contains { $0.hasPrefix("Underfitting") }, "\(confident)")
    }

    @Test("degree 3 on the sine gets neither hint")
    func goodFit() throws {
        let (_, hints) = try Self.lastRun(["use sine", "set degree 3"])
        #expect(!hints.contains { $0.hasPrefix("Overfitting") || $0.hasPrefix("Underfitting") }, "\(hints)")
    }

    @Test("the baseline loss is the variance for regression and the class entropy for classification")
    func baseline() {
        // Targets 1, 2, 3, 4: mean 2.5, population variance (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25.
        #expect(abs(Diagnosis.baselineLoss(targets: [1, 2, 3, 4], task: .regression) - 1.25) < 1e-12)
        // Two balanced classes: entropy ln 2.
        #expect(abs(Diagnosis.baselineLoss(targets: [0, 1, 0, 1], task: .classification(classes: ["a", "b"])) - log(2)) < 1e-12)
    }

    @Test("every help text's `Try:` claim happens when run exactly as written")
    func helpClaims() throws {
        for spec in HyperparameterCatalog.all {
            guard let tryThis = spec.guide.tryThis else { continue }
            // "use breast-cancer, model logistic, set learning-rate 50: the run diverges"
            let parts = tryThis.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            let commands = parts[0].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let (run, hints) = try Self.lastRun(commands)
            if parts.count > 1 && parts[1].contains("diverges") {
                #expect(run.outcome.diverged, "\(spec.name): \(tryThis)")
                #expect(hints.first?.hasPrefix("Diverged") == true)
            } else {
                Issue.record("\(spec.name): claim `\(tryThis)` has no check; add one here")
            }
        }
    }
}
