import Vocabulary
import Foundation
import Learning
import Testing
@testable import Tuning

/// The solution runs of the lessons' experiments (Lessons/*.md, seed 1: setup, then solution) and
/// the goal each step sets out to show: the diagnosis must not contradict any of them. This is what
/// `lessons check` is to do for every lesson file through `StepGoal.contradictions(in:)`.
@Suite("diagnosis of the lessons' solution runs")
struct DiagnosisLessonTests {
    struct Step: Sendable, CustomStringConvertible {
        let lesson: String
        let run: DiagnosisCase
        let goal: StepGoal
        var description: String { "\(lesson): \(run.name)" }
    }

    static func step(_ lesson: String, _ dataset: String, _ model: ModelKind, _ settings: [(String, String)], _ goal: StepGoal) -> Step {
        Step(lesson: lesson, run: DiagnosisCase(name: "\(dataset) \(model.rawValue) " + settings.map { "\($0.0) \($0.1)" }.joined(separator: ", "),
                                                dataset: DiagnosisData.named(dataset), model: model, settings: settings), goal: goal)
    }

    static let steps: [Step] = [
        step("01", "plane", .linear, [("epochs", "100")], .goodFit),
        step("01", "iris", .softmax, [("learning-rate", "0.0005")], .slowLearning),
        step("02", "plane", .linear, [("batch-size", "full"), ("learning-rate", "2")], .divergence),
        step("02", "plane", .linear, [("batch-size", "full"), ("learning-rate", "0.9")], .divergence),
        step("02", "breast-cancer", .logistic, [("learning-rate", "0.0001")], .slowLearning),
        step("03", "breast-cancer", .logistic, [("batch-size", "1")], .noisyTraining),
        step("03", "breast-cancer", .logistic, [("batch-size", "full"), ("epochs", "300")], .goodFit),
        step("04", "sine", .linear, [("degree", "1")], .underfitting),
        step("04", "sine", .linear, [("degree", "3")], .goodFit),
        step("04", "sine", .linear, [("degree", "20")], .overfitting),
        step("04", "circles", .mlp, [], .canFit),
        step("05", "sine", .linear, [("degree", "20"), ("l2", "1")], .smallGap),
        step("05", "sine", .linear, [("degree", "20"), ("l2", "10")], .underfitting),
        step("05", "breast-cancer", .mlp, [("l2", "0.01")], .goodFit),
        step("06", "sine", .linear, [("degree", "15"), ("validation-fraction", "0.5")], .overfitting),
        step("06", "breast-cancer", .mlp, [("early-stopping", "10")], .earlyStop),
        step("06", "circles", .mlp, [("early-stopping", "20")], .earlyStop),
        step("07", "breast-cancer", .logistic, [("batch-size", "full"), ("epochs", "5"), ("learning-rate", "3")], .goodFit),
        step("07", "spiral", .mlp, [("hidden-layers", "16,16"), ("learning-rate", "0.001")], .canFit),
        step("08", "spiral", .mlp, [("hidden-layers", "16,16")], .canFit),
        step("08", "sine", .linear, [("degree", "5")], .goodFit),
        step("08", "breast-cancer", .logistic, [], .goodFit),
    ]

    @Test("no finding contradicts the goal of a lesson step's solution", arguments: steps)
    func solution(_ step: Step) throws {
        let input = try step.run.run(seed: 1)
        let diagnosis = Diagnostician.diagnose(input, budget: .deterministic)
        let contradictions = step.goal.contradictions(in: diagnosis)
        #expect(contradictions.isEmpty, "\(step) (\(step.goal.rawValue)): \(describe(diagnosis))")
        try DiagnosisChecks.consistent(diagnosis, with: input)
        try DiagnosisChecks.adviceHelps(diagnosis, input: input)
    }

    /// The two steps whose goal the diagnosis once missed on some seeds: the straight line on `sine` (lesson 04,
    /// underfitting; it read as noise floor where degree 3 did not lower the validation loss by the material
    /// share) and degree 20 with l2 1 (lesson 05, small gap). Seeds 1-20, as `lessons check --seeds 1-20`.
    @Test("the capacity and regularization steps hold their goals on seeds 1-20", arguments: [
        step("04", "sine", .linear, [("degree", "1")], .underfitting),
        step("05", "sine", .linear, [("degree", "20"), ("l2", "1")], .smallGap),
    ])
    func acrossSeeds(_ step: Step) throws {
        for seed in UInt64(1)...20 {
            let input = try step.run.run(seed: seed)
            let diagnosis = Diagnostician.diagnose(input, budget: .deterministic)
            #expect(step.goal.contradictions(in: diagnosis).isEmpty, "seed \(seed) \(step) (\(step.goal.rawValue)): \(describe(diagnosis))")
            try DiagnosisChecks.consistent(diagnosis, with: input)
            try DiagnosisChecks.adviceHelps(diagnosis, input: input)
        }
    }

    @Test("a goal is contradicted by the kinds its table names and by no other")
    func goalTable() {
        let overfit = RunDiagnosis(findings: [Finding(kind: .overfitting, text: "t", evidence: [], advice: nil)],
                                   probes: [], complete: true, cancelled: false, cost: 0, seconds: 0)
        #expect(StepGoal.goodFit.contradictions(in: overfit).map(\.kind) == [.overfitting])
        #expect(StepGoal.overfitting.contradictions(in: overfit).isEmpty)
        for goal in StepGoal.allCases {
            // A step's own effect is never a contradiction.
            let own: FindingKind? = [.goodFit: FindingKind.goodFit, .overfitting: .overfitting, .divergence: .diverged,
                                     .slowLearning: .learningRateTooSmall][goal]
            if let own { #expect(!goal.contradictingKinds.contains(own)) }
        }
    }
}
