#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Ctrl-C (SIGINT) as a flag that long-running work polls, so that an interrupted training stops
/// and the program lives on.
///
/// After `install()`, SIGINT no longer ends the process: the handler only raises an atomic flag
/// (an async-signal-safe store). A training loop checks `isRaised` between batches and stops;
/// the app calls `clear()` before starting new work. `LineEditor.readLine(prompt:)` also uses the
/// flag: a Ctrl-C while a line is being typed clears that line; the flag is cleared on entry to
/// `readLine` and after it handled such a Ctrl-C, so a stale Ctrl-C never cancels the next line.
///
/// The handler is installed with `SA_RESTART`, so reads and writes in progress are resumed rather
/// than failing with `EINTR`; `poll(2)` still wakes up, which is how `readLine` notices Ctrl-C.
public enum InterruptFlag {
    /// The flag itself; a `static let` initialized by `install()` before any handler can run,
    /// so the handler never runs a lazy initializer.
    static let raised = Atomic<Bool>(false)
    /// Set on SIGWINCH (terminal resized) while no readline handler is installed; read by the line editor.
    static let resized = Atomic<Bool>(false)
    /// Whether `install()` already ran.
    private static let installed = Atomic<Bool>(false)

    /// Installs the SIGINT handler that raises the flag (and a SIGWINCH handler that notes terminal
    /// resizes for the line editor). Idempotent; call it once at start-up, before the first training.
    /// Creating an interactive `LineEditor` calls it too.
    public static func install() {
        // Touch both atomics so that their lazy initialization happens here, not in a handler.
        raised.store(false, ordering: .sequentiallyConsistent)
        resized.store(false, ordering: .sequentiallyConsistent)
        guard !installed.exchange(true, ordering: .sequentiallyConsistent) else { return }
        setHandler(SIGINT) { _ in InterruptFlag.raised.store(true, ordering: .relaxed) }
        setHandler(SIGWINCH) { _ in InterruptFlag.resized.store(true, ordering: .relaxed) }
    }

    /// True once SIGINT arrived after the last `clear()`.
    public static var isRaised: Bool { raised.load(ordering: .relaxed) }

    /// Lowers the flag (call it before starting work that polls `isRaised`).
    public static func clear() { raised.store(false, ordering: .relaxed) }

    /// Raises the flag as SIGINT would; for tests and for code that wants to stop work itself.
    public static func raise() { raised.store(true, ordering: .relaxed) }

    /// Installs `handler` for `signal` with `SA_RESTART` and an empty mask.
    private static func setHandler(_ signal: Int32, _ handler: @convention(c) (Int32) -> Void) {
        #if os(Linux)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handler
        action.sa_flags = Int32(SA_RESTART)
        sigemptyset(&action.sa_mask)
        _ = sigaction(signal, &action, nil)
        #else
        var action = sigaction()
        action.__sigaction_u.__sa_handler = handler
        action.sa_flags = SA_RESTART
        sigemptyset(&action.sa_mask)
        _ = sigaction(signal, &action, nil)
        #endif
    }
}
