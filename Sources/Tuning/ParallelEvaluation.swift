import Vocabulary
import Foundation

/// Runs the objective on `points`, on up to `workers` threads, and hands each result to `deliver` on the
/// calling thread in point order (see ``runInOrder(count:workers:shouldStop:job:deliver:)``).
/// - Returns: true when stopped before every point ran.
func evaluateInOrder(_ points: [Settings], workers: Int, objective: @escaping Objective,
                     shouldStop: () -> Bool,
                     deliver: (_ index: Int, _ result: Result<Double, TrialFailure>, _ seconds: Double) -> Void) -> Bool {
    runInOrder(count: points.count, workers: workers, shouldStop: shouldStop,
               job: { i in timedCall(objective, points[i]) },
               deliver: { i, r in deliver(i, r.0, r.1) })
}

/// Runs `job(0) ... job(count - 1)` on up to `workers` threads and hands each result to `deliver` on the
/// calling thread in index order, so what the caller sees never depends on thread timing.
/// Jobs start in index order; once `shouldStop` (polled on the calling thread between results and at
/// least every 50 ms) returns true, no new job starts and the running ones finish and are delivered,
/// so the delivered jobs are always a prefix 0..<k. With one worker, jobs run on the calling thread.
/// - Returns: true when stopped before every job ran.
func runInOrder<T: Sendable>(count: Int, workers: Int, shouldStop: () -> Bool,
                             job: @escaping @Sendable (Int) -> T, deliver: (Int, T) -> Void) -> Bool {
    let workerCount = max(1, min(workers, count))
    if workerCount <= 1 {
        for i in 0..<count {
            if shouldStop() { return true }
            deliver(i, job(i))
        }
        return false
    }
    let state = BatchState<T>()
    state.running = workerCount
    for _ in 0..<workerCount {
        Thread.detachNewThread {
            while true {
                state.condition.lock()
                if state.stop || state.next >= count {
                    state.running -= 1
                    state.condition.broadcast()
                    state.condition.unlock()
                    return
                }
                let i = state.next
                state.next += 1
                state.condition.unlock()
                let r = job(i)
                state.condition.lock()
                state.finished[i] = r
                state.condition.broadcast()
                state.condition.unlock()
            }
        }
    }
    var emitted = 0
    var stopped = false
    while true {
        state.condition.lock()
        if state.finished[emitted] == nil && state.running > 0 {
            _ = state.condition.wait(until: Date(timeIntervalSinceNow: 0.05))
        }
        var ready: [T] = []
        while let r = state.finished.removeValue(forKey: emitted + ready.count) { ready.append(r) }
        let allDone = state.running == 0
        state.condition.unlock()
        for r in ready {
            deliver(emitted, r)
            emitted += 1
        }
        if allDone { break }
        if !stopped && shouldStop() {
            stopped = true
            state.condition.lock()
            state.stop = true
            state.condition.unlock()
        }
    }
    return emitted < count
}

/// Shared state of one parallel batch, guarded by `condition`.
private final class BatchState<T: Sendable>: @unchecked Sendable {
    let condition = NSCondition()
    var next = 0
    var stop = false
    var running = 0
    var finished: [Int: T] = [:]
}

/// Calls the objective, turning a non-finite value into a failure, and measures the wall time in seconds.
func timedCall(_ objective: Objective, _ settings: Settings) -> (Result<Double, TrialFailure>, Double) {
    let start = ContinuousClock.now
    var r = objective(settings)
    if case .success(let v) = r, !v.isFinite {
        r = .failure(TrialFailure("the objective returned \(v) (not a finite number)"))
    }
    return (r, seconds(since: start))
}

/// Seconds elapsed since `start`.
func seconds(since start: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

/// Maps `body` over `0..<count` on up to `workers` threads; the output is in index order.
/// Used where independent pieces (cross-validation folds) may run at once.
func parallelMap<T: Sendable>(count: Int, workers: Int, _ body: @escaping @Sendable (Int) -> T) -> [T] {
    let workerCount = max(1, min(workers, count))
    if workerCount <= 1 { return (0..<count).map(body) }
    let box = MapBox<T>(count: count)
    let group = DispatchGroup()
    for _ in 0..<workerCount {
        group.enter()
        Thread.detachNewThread {
            while true {
                box.lock.lock()
                let i = box.next
                box.next += 1
                box.lock.unlock()
                if i >= count { break }
                let v = body(i)
                box.lock.lock()
                box.results[i] = v
                box.lock.unlock()
            }
            group.leave()
        }
    }
    group.wait()
    return box.results.compactMap { $0 }
}

private final class MapBox<T: Sendable>: @unchecked Sendable {
    let lock = NSLock()
    var next = 0
    var results: [T?]
    init(count: Int) { results = [T?](repeating: nil, count: count) }
}
