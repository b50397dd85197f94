import Vocabulary
import Foundation
import Learning
import LineEditor
import Tuning

/// When the lab diagnoses a run (`Diagnostician` in `Tuning`: findings backed by the numbers of the
/// run and of short probe trainings on the same data, split and seed).
public enum DiagnosisTiming: Sendable, Equatable {
    /// Right after the training, before its output is returned, within `DiagnosisBudget.deterministic`
    /// (a cost bound only, so the same run always gets the same findings): for piped input and
    /// `hyperlab train`, whose output must not depend on the machine's speed.
    case synchronous
    /// On its own thread within `DiagnosisBudget.standard` (at most 3 seconds), so that the chart and
    /// the summary line appear at once; the REPL shows the findings when they are ready
    /// (`LabSession.awaitDiagnosis(shouldStop:)`).
    case background
    /// Only when asked for (`why`): sessions that replay commands (lesson checks, quiz lab questions).
    case onDemand
}

/// The diagnosis side of a lab session: the last run as the diagnosis reads it, and the job
/// diagnosing it in the background, if any.
struct DiagnosisState {
    /// The last training (run number and what the diagnosis needs), kept for `why`.
    var lastInput: (runID: Int, input: DiagnosisInput)?
    /// The background diagnosis of run `runID`, until its findings are collected.
    var pending: (runID: Int, job: DiagnosisJob)?

    /// Cancels the background diagnosis, if any (a new training makes it moot).
    mutating func cancelPending() {
        pending?.job.cancel()
        pending = nil
    }
}

extension LabSession {
    /// Starts or makes the diagnosis of run `run` (trained on `data` with `hyperparameters`, ending
    /// with `outcome`) as `diagnosisTiming` says; does nothing with hints off except keep the input for `why`.
    ///
    /// - Returns: the diagnosis when it was made here (`.synchronous`), else nil.
    func diagnoseAfterTraining(_ run: Run, data: Dataset, hyperparameters: Hyperparameters) -> RunDiagnosis? {
        let input = DiagnosisInput(dataset: data, model: run.model, hyperparameters: hyperparameters,
                                   history: Array(run.history), outcome: run.outcome)
        diagnosisState.lastInput = (run.id, input)
        guard hintsEnabled, !run.outcome.interrupted, !run.history.isEmpty else { return nil }
        switch diagnosisTiming {
        case .synchronous:
            let observer = self.observer
            let diagnosis = Diagnostician.diagnose(input, budget: .deterministic,
                                                   shouldStop: { observer?.shouldStopTraining() ?? false })
            record(diagnosis, runID: run.id)
            return diagnosis
        case .background:
            diagnosisState.pending = (run.id, DiagnosisJob(input, budget: .standard, shouldStop: Self.interruptRequested))
            return nil
        case .onDemand:
            return nil
        }
    }

    /// Polled by background diagnoses: true once Ctrl-C was pressed (the process-wide flag that the
    /// REPL's SIGINT handler raises; never raised when no handler is installed).
    static let interruptRequested: @Sendable () -> Bool = { InterruptFlag.isRaised }

    /// Keeps `diagnosis` with its run (for `why`, `export` and `--json`).
    func record(_ diagnosis: RunDiagnosis, runID: Int) {
        guard let index = runs.lastIndex(where: { $0.id == runID }) else { return }
        runs[index].diagnosis = diagnosis
    }

    /// True while a background diagnosis of the last run has not been collected.
    public var hasPendingDiagnosis: Bool { diagnosisState.pending != nil }

    /// Waits for the background diagnosis of the last run, if one is under way, and returns its
    /// findings as a `.diagnosis` output (nil when none is pending). `shouldStop` is polled about
    /// every 50 ms; when it returns true the probes stop and the findings complete so far are shown
    /// (with a note that the diagnosis was stopped). `waiting` is called once after `patience`
    /// seconds, for a "diagnosing..." line. Bounded: the standard budget stops probes after 3 seconds.
    public func awaitDiagnosis(shouldStop: () -> Bool = { false }, patience: Double = 0.3,
                               waiting: () -> Void = {}) -> Output? {
        guard let pending = diagnosisState.pending else { return nil }
        diagnosisState.pending = nil
        let start = Date()
        var announced = false
        var result = pending.job.result
        while result == nil {
            if shouldStop() { pending.job.cancel() }
            result = pending.job.wait(seconds: 0.05)
            if result == nil, !announced, Date().timeIntervalSince(start) >= patience {
                announced = true
                waiting()
            }
        }
        guard let diagnosis = result else { return nil }
        record(diagnosis, runID: pending.runID)
        return .diagnosis(diagnosis, run: pending.runID, detailed: false)
    }

    /// The full diagnosis of the last run, for `why`: the one already made when it is complete,
    /// else the background one when it finishes complete, else made now within
    /// `DiagnosisBudget.deterministic` (Ctrl-C stops it).
    ///
    /// - Throws: `CommandError` when no run was trained yet.
    func explainLastRun() throws(CommandError) -> (runID: Int, diagnosis: RunDiagnosis) {
        guard let last = diagnosisState.lastInput, let run = runs.last(where: { $0.id == last.runID }) else {
            throw CommandError("no run to explain yet; `train` first")
        }
        if let known = run.diagnosis, known.complete { return (run.id, known) }
        let observer = self.observer
        let stop = { observer?.shouldStopTraining() ?? false }
        if case .diagnosis(let background, _, _)? = awaitDiagnosis(shouldStop: stop), background.complete { return (run.id, background) }
        let diagnosis = Diagnostician.diagnose(last.input, budget: .deterministic, shouldStop: stop)
        record(diagnosis, runID: run.id)
        return (run.id, diagnosis)
    }
}

extension RunDiagnosis {
    /// The findings as the hints under a run, in order, and a note when Ctrl-C stopped the probes.
    var hints: [String] {
        findings.map(\.text) + (cancelled ? ["The diagnosis was stopped by Ctrl-C; `why` runs it in full."] : [])
    }
}
