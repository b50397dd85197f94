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
/// than failing with `EINTR`. It also writes a byte to a private pipe that `readLine` polls
/// together with standard input (D. J. Bernstein, "The self-pipe trick",
/// https://cr.yp.to/docs/selfpipe.html), which is how `readLine` notices Ctrl-C whichever thread
/// the signal was delivered to.
public enum InterruptFlag {
    /// The flag itself; a `static let` initialized by `install()` before any handler can run,
    /// so the handler never runs a lazy initializer.
    static let raised = Atomic<Bool>(false)
    /// Set on SIGWINCH (terminal resized) while no readline handler is installed; read by the line editor.
    static let resized = Atomic<Bool>(false)
    /// The write end of the wake-up pipe (-1 before `install()`): the handlers write a byte to it
    /// so that a thread waiting in `poll(2)` wakes up even when the signal went to another thread.
    static let wakeWrite = Atomic<Int32>(-1)
    /// The read end of the wake-up pipe (-1 before `install()`).
    static let wakeRead = Atomic<Int32>(-1)
    /// Whether `install()` already ran.
    private static let installed = Atomic<Bool>(false)

    /// Installs the SIGINT handler that raises the flag (and a SIGWINCH handler that notes terminal
    /// resizes for the line editor, and the SIGQUIT handler of `TerminationRequest`: Ctrl-\\ ends
    /// the program at once with status 131), and unblocks both signals on the calling thread (a parent may
    /// have started the program with them blocked). Idempotent; call it once at start-up, on the
    /// thread that will read lines, before the first training. Creating an interactive `LineEditor`
    /// calls it too.
    public static func install() {
        // Touch the atomics so that their lazy initialization happens here, not in a handler.
        raised.store(false, ordering: .sequentiallyConsistent)
        resized.store(false, ordering: .sequentiallyConsistent)
        guard !installed.exchange(true, ordering: .sequentiallyConsistent) else { return }
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            for fd in fds {
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            }
            wakeRead.store(fds[0], ordering: .sequentiallyConsistent)
            wakeWrite.store(fds[1], ordering: .sequentiallyConsistent)
        }
        setHandler(SIGINT) { _ in
            InterruptFlag.raised.store(true, ordering: .relaxed)
            InterruptFlag.wake()
        }
        setHandler(SIGWINCH) { _ in
            InterruptFlag.resized.store(true, ordering: .relaxed)
            InterruptFlag.wake()
        }
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        sigaddset(&unblock, SIGWINCH)
        _ = pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        TerminationRequest.installQuitHandler()
    }

    /// True once SIGINT arrived after the last `clear()`.
    public static var isRaised: Bool { raised.load(ordering: .relaxed) }

    /// Lowers the flag (call it before starting work that polls `isRaised`).
    public static func clear() { raised.store(false, ordering: .relaxed) }

    /// Raises the flag as SIGINT would; for tests and for code that wants to stop work itself.
    public static func raise() {
        raised.store(true, ordering: .relaxed)
        wake()
    }

    /// What `waitForInput(on:)` saw.
    enum InputState: Equatable {
        /// There is something to read (possibly end of file).
        case readable
        /// The descriptor is invalid, or hung up / failed with nothing left to read.
        case closed
        /// A signal handled here arrived (check `isRaised` and `resized`).
        case signal
    }

    /// Waits until `descriptor` is readable or closed, or a signal handled here arrived.
    static func waitForInput(on descriptor: Int32) -> InputState {
        let wake = wakeRead.load(ordering: .relaxed)
        // poll(2) skips entries with a negative descriptor.
        var requests = [pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0),
                        pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
        let ready = poll(&requests, 2, -1)
        if ready < 0 { return errno == EINTR ? .signal : .closed }
        if wake >= 0 && requests[1].revents != 0 {
            var drain = [UInt8](repeating: 0, count: 64)
            while drain.withUnsafeMutableBytes({ read(wake, $0.baseAddress, $0.count) }) > 0 {}
        }
        let events = requests[0].revents
        if events & Int16(POLLIN) != 0 { return .readable }
        if events & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { return .closed }
        return .signal
    }

    /// Writes one byte to the wake-up pipe; async-signal-safe (write(2) only, errno kept).
    static func wake() {
        let fd = wakeWrite.load(ordering: .relaxed)
        guard fd >= 0 else { return }
        let saved = errno
        var byte: UInt8 = 1
        _ = write(fd, &byte, 1)
        errno = saved
    }

    /// Installs `handler` for `signal` with `SA_RESTART` and an empty mask.
    static func setHandler(_ signal: Int32, _ handler: @convention(c) (Int32) -> Void) {
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
