import Vocabulary
import Foundation
import Learning
import Testing
import Tuning
@testable import HyperLabApp

/// The hints under each run, checked on real runs that show each case, and the help texts'
/// "Try:" claims run exactly as written.
@Suite("hints and claims")
struct DiagnosisTests {
    static func lastRun(_ lines: [String], session: LabSession = LabSessionTests.makeSession()) throws -> (Run, [String]) {
        var last: (Run, [String])?
        for line in lines {
            for output in session.execute(line) {
                if case .run(let run, let hints) = output { last = (run, hints) }
                if case .error(let message) = output { Issue.record("\(line): \(message)") }
            }
        }
        return try #require(last)
    }

    /// The kinds of the run's findings; the hints must be their sentences, in order.
    static func kinds(_ run: Run, _ hints: [String]) throws -> [FindingKind] {
        let diagnosis = try #require(run.diagnosis, "the run was not diagnosed")
        #expect(hints.suffix(diagnosis.findings.count) == diagnosis.findings.map(\.text)[...], "\(hints)")
        return diagnosis.findings.map(\.kind)
    }

    @Test("degree 15 on the noisy sine is read as overfitting")
    func overfitting() throws {
        let (run, hints) = try Self.lastRun(["use sine", "set degree 15"])
        #expect(try Self.kinds(run, hints).contains(.overfitting), "\(hints)")
        #expect(hints.contains { $0.hasPrefix("Overfitting") }, "\(hints)")
        let final = try #require(run.final?.validationLoss)
        let lowest = try #require(run.history.compactMap(\.validationLoss).min())
        #expect(final > 1.1 * lowest)
    }

    @Test("a straight line through the sine cannot fit it, and l2 10 on degree 15 is held back by the penalty; neither is overfitting")
    func underfitting() throws {
        let (line, lineHints) = try Self.lastRun(["use sine", "set degree 1"])
        let lineKinds = try Self.kinds(line, lineHints)
        #expect(lineKinds.contains(.modelCannotFit), "\(lineHints)")
        #expect(!lineKinds.contains(.overfitting))
        let (penalized, penalizedHints) = try Self.lastRun(["use sine", "set auto off", "set degree 15", "set l2 10", "train"])
        let penalizedKinds = try Self.kinds(penalized, penalizedHints)
        #expect(penalizedKinds.contains(.underfittingByRegularization), "\(penalizedHints)")
        #expect(!penalizedKinds.contains(.overfitting))
        // The advice never suggests what is already set.
        for finding in penalized.diagnosis?.findings ?? [] {
            for setting in finding.advice?.settings ?? [] {
                #expect(penalized.hyperparameters.text(of: setting.name) != setting.value, "\(finding.text)")
            }
        }
    }

    @Test("a vanishing learning rate is read as too small, and 97% accuracy with a high loss is not told it cannot fit")
    func learningRateTooSmallAndOverconfidence() throws {
        let (tinyRun, tiny) = try Self.lastRun(["use digits", "model mlp", "set learning-rate 1e-300"])
        #expect(try Self.kinds(tinyRun, tiny).first == .learningRateTooSmall, "\(tiny)")
        // The suggested rate is short (rounded), not float noise.
        let advice = try #require(tinyRun.diagnosis?.findings.first?.advice)
        for setting in advice.settings { #expect(setting.value.count <= 6, "\(setting.value)") }
        let (run, confident) = try Self.lastRun(["use digits", "model mlp", "set learning-rate 0.2"])
        #expect((run.final?.trainAccuracy ?? 0) >= 0.9)
        let kinds = try Self.kinds(run, confident)
        #expect(!kinds.contains(.modelCannotFit) && !kinds.contains(.underfittingByRegularization), "\(confident)")
    }

    @Test("degree 3 on the sine is neither overfitting nor a model that cannot fit")
    func goodFit() throws {
        let (run, hints) = try Self.lastRun(["use sine", "set degree 3"])
        let kinds = try Self.kinds(run, hints)
        #expect(!kinds.contains(.overfitting) && !kinds.contains(.modelCannotFit), "\(hints)")
    }

    @Test("logistic regression on circles is told it cannot fit, and following the advice lowers the validation loss")
    func adviceHelps() throws {
        for setup in [["use circles", "model logistic", "train"], ["use sine", "set degree 1"], ["use breast-cancer", "set learning-rate 0.0001"]] {
            let session = LabSessionTests.makeSession()
            let (run, hints) = try Self.lastRun(setup, session: session)
            let advised = try #require(run.diagnosis?.findings.first { $0.advice != nil }, "\(setup): \(hints)")
            let before = try #require(run.reported?.validationLoss)
            // `model` does not train by itself: train after the advice's commands when they did not.
            for command in advised.advice?.commands ?? [] { #expect(LabSessionTests.errors(session.execute(command)).isEmpty, "\(command)") }
            if session.runs.last?.id == run.id { _ = session.execute("train") }
            let after = try #require(session.runs.last)
            #expect(after.id == run.id + 1)
            let reached = try #require(after.reported?.validationLoss)
            #expect(reached < before, "\(setup): \(advised.text) (reached \(reached), was \(before))")
            if let measured = advised.advice?.measuredLoss { #expect(abs(reached - measured) <= 1e-9 * max(1, abs(measured)), "\(setup)") }
        }
    }

    @Test("the baseline loss is the variance for regression and the class entropy for classification")
    func baseline() {
        // Targets 1, 2, 3, 4: mean 2.5, population variance (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25.
        #expect(abs(LearningTask.regression.constantPredictionLoss(targets: [1, 2, 3, 4]) - 1.25) < 1e-12)
        // Two balanced classes: entropy ln 2.
        #expect(abs(LearningTask.classification(classes: ["a", "b"]).constantPredictionLoss(targets: [0, 1, 0, 1]) - log(2)) < 1e-12)
    }

    @Test("set hints off: no diagnosis after training, and `why` still explains the last run")
    func hintsOff() throws {
        let session = LabSessionTests.makeSession()
        let (quiet, quietHints) = try Self.lastRun(["set hints off", "set learning-rate 50"], session: session)
        #expect(quiet.diagnosis == nil)
        #expect(quietHints.isEmpty, "\(quietHints)")
        let why = session.execute("why")
        guard case .diagnosis(let diagnosis, let runID, true)? = why.first else { Issue.record("\(why)"); return }
        #expect(runID == quiet.id)
        #expect(diagnosis.findings.first?.kind == .diverged)
        let text = Renderer(options: session.environment.renderOptions()).render(why[0])
        #expect(text.contains("Diagnosis of run \(quiet.id)"))
        #expect(text.contains("epoch at which the run was stopped"), "\(text)")
        #expect(text.contains("Probes"), "\(text)")
        #expect(session.runs.last?.diagnosis == diagnosis)
        let (loud, _) = try Self.lastRun(["set hints on", "set learning-rate 0.5"], session: session)
        #expect(loud.diagnosis != nil)
        #expect(LabSessionTests.errors(session.execute("set hints maybe")).first?.contains("hints is on or off") == true)
    }

    @Test("`why` before any run is one plain error")
    func whyWithoutRun() {
        let errors = LabSessionTests.errors(LabSessionTests.makeSession().execute("why"))
        #expect(errors == ["no run to explain yet; `train` first"])
    }

    @Test("in the background the chart comes without findings, and the findings follow with the same kinds")
    func background() throws {
        let session = LabSessionTests.makeSession()
        session.diagnosisTiming = .background
        let (run, hints) = try Self.lastRun(["use sine", "set degree 15"], session: session)
        #expect(hints.isEmpty, "\(hints)")
        #expect(session.hasPendingDiagnosis)
        guard case .diagnosis(let diagnosis, let runID, false)? = session.awaitDiagnosis() else { Issue.record("no diagnosis"); return }
        #expect(runID == run.id)
        #expect(!session.hasPendingDiagnosis)
        #expect(session.runs.last?.diagnosis == diagnosis)
        let reference = Diagnostician.diagnose(DiagnosisInput(dataset: try session.dataset(), model: run.model, hyperparameters: run.hyperparameters,
                                                              history: Array(run.history), outcome: run.outcome), budget: .deterministic)
        if diagnosis.complete { #expect(diagnosis.findings.map(\.kind) == reference.findings.map(\.kind)) }
        // Stopped at once (Ctrl-C): the probes stop, and the hints say so.
        _ = try Self.lastRun(["set degree 14"], session: session)
        guard case .diagnosis(let stopped, _, _)? = session.awaitDiagnosis(shouldStop: { true }) else { Issue.record("no diagnosis"); return }
        if stopped.cancelled {
            #expect(stopped.hints.last?.contains("stopped by Ctrl-C") == true)
        }
    }

    @Test("after early stopping the summary line reports the restored epoch and its losses, and JSON carries the diagnosis")
    func earlyStoppingSummaryAndJSON() throws {
        let session = LabSessionTests.makeSession()
        let (run, _) = try Self.lastRun(["use sine", "set degree 15", "set early-stopping 10"], session: session)
        #expect(run.outcome.stoppedEarly)
        let restored = try #require(run.outcome.restoredBestEpoch)
        let record = try #require(run.reported)
        #expect(record.epoch == restored)
        #expect(restored < (run.final?.epoch ?? 0))
        let line = Renderer(options: session.environment.renderOptions()).summaryLine(run)
        #expect(line.contains("restored epoch \(restored): train \(NumberFormat.loss(record.trainLoss))"), "\(line)")
        #expect(line.contains("validation \(NumberFormat.loss(record.validationLoss))"), "\(line)")
        // No hint suggests early stopping, which is already set.
        #expect(!(run.diagnosis?.findings ?? []).contains { $0.text.contains("set early-stopping") })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(session.json(of: run).utf8)) as? [String: Any])
        let diagnosis = try #require(object["diagnosis"] as? [[String: Any]])
        #expect(diagnosis.count == run.diagnosis?.findings.count)
        for (entry, finding) in zip(diagnosis, run.diagnosis?.findings ?? []) {
            #expect(entry["kind"] as? String == finding.kind.rawValue)
            #expect(entry["text"] as? String == finding.text)
            #expect((entry["evidence"] as? [[String: Any]])?.count == finding.evidence.count)
        }
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
