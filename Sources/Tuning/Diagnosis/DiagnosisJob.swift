import Vocabulary
import Foundation

/// A diagnosis running on its own thread, so that the caller can draw the chart and the summary
/// line first and show the findings when they are ready.
///
/// Start it right after a training; poll `result`, or `wait(seconds:)` for it; `cancel()` (e.g. on
/// Ctrl-C, or when a new training starts) makes the probes stop at their next batch. All methods
/// may be called from any thread.
public final class DiagnosisJob: @unchecked Sendable {
    private let condition = NSCondition()
    private var finished: RunDiagnosis?
    private var stopRequested = false

    /// Starts diagnosing `input` within `budget` on a new thread. `shouldStop` is polled as well as
    /// `cancel()` (pass the REPL's Ctrl-C flag); `completion`, when given, runs on that thread with
    /// the result.
    public init(_ input: DiagnosisInput, budget: DiagnosisBudget = .standard,
                shouldStop: @escaping @Sendable () -> Bool = { false },
                completion: (@Sendable (RunDiagnosis) -> Void)? = nil) {
        Thread.detachNewThread { [self] in
            let result = Diagnostician.diagnose(input, budget: budget, shouldStop: { [self] in
                shouldStop() || isCancelled
            })
            condition.lock()
            finished = result
            condition.broadcast()
            condition.unlock()
            completion?(result)
        }
    }

    /// Asks the probes to stop; the result then holds the findings complete so far (`cancelled`).
    public func cancel() {
        condition.lock()
        stopRequested = true
        condition.unlock()
    }

    /// True once `cancel()` was called.
    public var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopRequested
    }

    /// The diagnosis when it is done, else nil (does not block).
    public var result: RunDiagnosis? {
        condition.lock()
        defer { condition.unlock() }
        return finished
    }

    /// Blocks up to `seconds` for the diagnosis; nil when it is not done by then.
    public func wait(seconds: Double = .infinity) -> RunDiagnosis? {
        let deadline = seconds.isFinite ? Date(timeIntervalSinceNow: max(0, seconds)) : Date.distantFuture
        condition.lock()
        defer { condition.unlock() }
        while finished == nil {
            if !condition.wait(until: deadline) { break }
        }
        return finished
    }
}
