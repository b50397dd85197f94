import Vocabulary
import Foundation
import LineEditor
import TerminalCharts

/// A key of the `watch` animation.
public enum WatchKey: Sendable, Equatable {
    /// Space: pause, or play on.
    case pauseOrPlay
    /// `.` or `n`: show the next epoch (and pause).
    case step
    /// `+` (or `=`): twice as many epochs per second.
    case faster
    /// `-` (or `_`): half as many.
    case slower
    /// Enter: jump to the last epoch.
    case finish
    /// Ctrl-C, `q`, Escape or Ctrl-D: stop where it is.
    case stop
    /// Any other key (ignored).
    case other

    /// The key for the bytes of one key press.
    public init(bytes: [UInt8]) {
        switch bytes {
        case [0x20]: self = .pauseOrPlay
        case [0x2E], [0x6E], [0x1B, 0x5B, 0x43]: self = .step
        case [0x2B], [0x3D]: self = .faster
        case [0x2D], [0x5F]: self = .slower
        case [0x0D], [0x0A]: self = .finish
        case [0x03], [0x71], [0x51], [0x04], [0x1B]: self = .stop
        default: self = .other
        }
    }
}

/// Plays a `TrainingAnimation` in place on the terminal (`LiveRedraw`), one epoch per frame,
/// with keys: space pause/play, `.` or `n` one epoch, `+`/`-` faster/slower, Enter to the end,
/// Ctrl-C (or `q`) stop. The frame fills the terminal but its last line (`LiveFrame.compose`).
struct AnimationPlayer {
    /// The recorded training.
    let animation: TrainingAnimation
    /// Size, colour and theme.
    let environment: AppEnvironment

    /// The status-line hint naming the keys.
    static let keysHint = "space pause · n step · + faster · - slower · Enter finish · Ctrl-C stop"
    /// The keys hint for a narrow terminal (`help watch` explains each key); short enough for 80 columns
    /// after "epoch 10000/10000 · 2.5 epochs/s · playing · ".
    static let compactKeysHint = "keys: space n + - Enter Ctrl-C"
    /// Speeds allowed, in epochs per second.
    static let speeds: ClosedRange<Double> = 0.5...256

    /// The starting speed: the whole run in about 5 seconds, from 2 to 64 epochs per second.
    static func initialSpeed(epochs: Int) -> Double {
        min(64, max(2, (Double(epochs) / 5).rounded()))
    }

    /// Plays the animation until its end, Enter or Ctrl-C, and returns the last frame shown
    /// (left on screen).
    func play(keys: KeyReader) -> String {
        var options = environment.renderOptions()
        func fitToTerminal() -> (columns: Int, rows: Int) {
            let size = TerminalSize.current(fileDescriptor: 1, environment: environment.variables) ?? (80, 24)
            options.width = min(max(size.columns, AppEnvironment.widthRange.lowerBound), AppEnvironment.widthRange.upperBound)
            options.height = max(6, size.rows - 1)
            return size
        }
        let start = fitToTerminal()
        // One message instead of a flood of "too small" frames.
        guard start.columns >= Self.minimumSize.columns && start.rows >= Self.minimumSize.rows else {
            write("watch needs a terminal of at least \(Self.minimumSize.columns)x\(Self.minimumSize.rows) cells (this one is "
                  + "\(start.columns)x\(start.rows)); enlarge it and type `watch` again, or use `plot loss`\n")
            return ""
        }
        let last = max(0, animation.frameCount - 1)
        let total = animation.run.final?.epoch ?? 0
        var index = 0
        var speed = Self.initialSpeed(epochs: total)
        var paused = false
        var live = LiveRedraw()
        var shown = ""
        keys.discardTypeAhead()
        keys.withRawMode {
            while true {
                let finished = index >= last
                let state: TrainingStatus.State = finished ? .finished : (paused ? .paused : .playing)
                let status = TrainingStatus(epoch: animation.run.history[index].epoch, totalEpochs: total, epochsPerSecond: speed,
                                            state: state, hint: finished ? nil : Self.keysHint,
                                            compactHint: finished ? nil : Self.compactKeysHint)
                _ = fitToTerminal()   // follows a resize between frames
                shown = animation.frame(index, status: status, options: options)
                write(live.frame(shown))
                if finished { break }
                switch keys.readBytes(timeout: paused ? nil : 1 / speed) {
                case .timeout: index += 1
                case .gone: index = last
                case .key(let bytes):
                    switch WatchKey(bytes: bytes) {
                    case .pauseOrPlay: paused.toggle()
                    case .step: paused = true; index += 1
                    case .faster: speed = min(Self.speeds.upperBound, speed * 2)
                    case .slower: speed = max(Self.speeds.lowerBound, speed / 2)
                    case .finish: index = last
                    case .stop:
                        let status = TrainingStatus(epoch: animation.run.history[index].epoch, totalEpochs: total,
                                                    epochsPerSecond: speed, state: .stopped)
                        shown = animation.frame(index, status: status, options: options)
                        write(live.frame(shown))
                        return
                    case .other: break
                    }
                }
            }
        }
        write(live.finish() + "\n")
        return shown
    }

    /// The smallest terminal an animation is drawn in (columns, rows).
    static let minimumSize = (columns: 60, rows: 16)

    private func write(_ text: String) {
        StandardStreams.write(text)
    }
}
