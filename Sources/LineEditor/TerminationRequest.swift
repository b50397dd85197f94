#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The terminal settings found at start-up, put back by the signal handlers before the program
/// ends at once (readline leaves the terminal in raw mode with bracketed paste on). Written once by
/// `TerminationRequest.installQuitHandler()` before any handler that reads it is installed.
nonisolated(unsafe) private var startupTerminal = termios()

/// How the program ends on SIGQUIT, SIGTERM and SIGHUP.
///
/// - SIGQUIT (Ctrl-\\): the program ends at once, also during a training, with exit status 131
///   (128 + 3, what a shell reports for a process ended by SIGQUIT) and without a crash report or
///   core dump: the handler restores the terminal settings of start-up, turns bracketed paste off,
///   and calls `_exit(131)`. Nothing is saved: Ctrl-\\ is the "leave now" key; the learner's state
///   is written after each change, so nothing already done is lost. Installed by
///   `InterruptFlag.install()`.
/// - SIGTERM and SIGHUP: the first one only records the request (`isRequested`, `signal`) and
///   raises `InterruptFlag`, so a training or other long computation stops at its next poll; the
///   line editor's `readLine` then returns `.endOfInput`, and the REPL ends through its usual path
///   (saving what it saves at the end) and should exit with `exitStatus`. Long computations that do
///   not poll `InterruptFlag` can poll `isRequested`. A second SIGTERM or SIGHUP ends the program at
///   once (status 128 + signal, terminal restored), so a program stuck in a computation can still
///   be stopped. Installed by `install()`, which creating a `LineEditor` calls.
public enum TerminationRequest {
    /// The signal number of the first SIGTERM or SIGHUP received, 0 while none arrived.
    static let received = Atomic<Int32>(0)
    /// True when standard input was a terminal at installation (its settings are then restored).
    static let restoresTerminal = Atomic<Bool>(false)
    /// True when standard output was a terminal at installation (bracketed paste is then turned off).
    static let outputIsTerminal = Atomic<Bool>(false)
    private static let quitInstalled = Atomic<Bool>(false)
    private static let installed = Atomic<Bool>(false)

    /// True once SIGTERM or SIGHUP arrived: save and end cleanly.
    public static var isRequested: Bool { received.load(ordering: .relaxed) != 0 }

    /// The first SIGTERM or SIGHUP received (`SIGTERM` = 15, `SIGHUP` = 1), nil while none arrived.
    public static var signal: Int32? {
        let number = received.load(ordering: .relaxed)
        return number == 0 ? nil : number
    }

    /// The exit status to end with after a requested termination: 128 + the signal number (143 for
    /// SIGTERM, 129 for SIGHUP), as a shell reports a process ended by that signal; nil while no
    /// termination was requested.
    public static var exitStatus: Int32? { signal.map { 128 + $0 } }

    /// The exit status used on SIGQUIT: 131 (128 + SIGQUIT).
    public static let quitExitStatus: Int32 = 128 + SIGQUIT

    /// Installs the SIGTERM and SIGHUP handlers (and the SIGQUIT one); idempotent. Call it once at
    /// start-up on the thread that reads lines; `LineEditor.init` does.
    public static func install() {
        installQuitHandler()
        _ = received.load(ordering: .sequentiallyConsistent)  // initialized here, never in a handler
        guard !installed.exchange(true, ordering: .sequentiallyConsistent) else { return }
        InterruptFlag.install()
        let handler: @convention(c) (Int32) -> Void = { number in
            if TerminationRequest.received.compareExchange(expected: 0, desired: number, ordering: .relaxed).exchanged {
                InterruptFlag.raised.store(true, ordering: .relaxed)
                InterruptFlag.wake()
            } else {
                TerminationRequest.endNow(status: 128 + number)
            }
        }
        InterruptFlag.setHandler(SIGTERM, handler)
        InterruptFlag.setHandler(SIGHUP, handler)
        unblock([SIGTERM, SIGHUP])
    }

    /// Records a termination request as SIGTERM would; for tests.
    static func request(_ number: Int32) {
        if received.compareExchange(expected: 0, desired: number, ordering: .relaxed).exchanged {
            InterruptFlag.raise()
        }
    }

    /// Forgets a request; for tests.
    static func reset() { received.store(0, ordering: .relaxed) }

    /// Installs the SIGQUIT handler (see the type's notes); idempotent.
    static func installQuitHandler() {
        guard !quitInstalled.exchange(true, ordering: .sequentiallyConsistent) else { return }
        _ = restoresTerminal.load(ordering: .sequentiallyConsistent)
        _ = outputIsTerminal.load(ordering: .sequentiallyConsistent)
        if isatty(0) == 1 && tcgetattr(0, &startupTerminal) == 0 {
            restoresTerminal.store(true, ordering: .sequentiallyConsistent)
        }
        outputIsTerminal.store(isatty(1) == 1, ordering: .sequentiallyConsistent)
        InterruptFlag.setHandler(SIGQUIT) { _ in
            TerminationRequest.endNow(status: TerminationRequest.quitExitStatus)
        }
        unblock([SIGQUIT])
    }

    /// Puts the terminal back as it was at start-up and ends the process with `status`.
    /// Async-signal-safe: tcsetattr(3), write(2) and _exit(2) only.
    static func endNow(status: Int32) -> Never {
        if outputIsTerminal.load(ordering: .relaxed) {
            let reset: StaticString = "\u{1B}[?2004l\n"
            _ = StandardStreams.systemWrite(1, reset.utf8Start, reset.utf8CodeUnitCount)
        }
        if restoresTerminal.load(ordering: .relaxed) {
            _ = tcsetattr(0, TCSANOW, &startupTerminal)
        }
        _exit(status)
    }

    /// Unblocks `signals` on the calling thread (a parent may have started the program with them blocked).
    private static func unblock(_ signals: [Int32]) {
        var set = sigset_t()
        sigemptyset(&set)
        for number in signals { sigaddset(&set, number) }
        _ = pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }
}
