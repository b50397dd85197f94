import Vocabulary
import Learning
import TerminalCharts
import Tuning

/// What a command produced: a value, rendered to text by `Renderer`.
///
/// Commands never print; tests assert on these values and on their rendered text.
public enum Output: Sendable {
    /// Plain text, one or more lines.
    case text(String)
    /// One plain line saying what is wrong and how to fix it; the command failed.
    case error(String)
    /// A finished (or stopped) training: chart, summary line and hints.
    case run(Run, hints: [String])
    /// The diagnosis of run `run`: its findings as hints, or with `detailed` (the `why` command)
    /// each with its evidence and measured advice, and the probes trained.
    case diagnosis(RunDiagnosis, run: Int, detailed: Bool)
    /// A line chart.
    case chart(LineChart)
    /// A heatmap (decision regions, grid-search results).
    case heatmap(Heatmap)
    /// Contour lines of a loss surface with the optimizer's path over them (`plot path`).
    case contour(ContourChart)
    /// A training to watch (`watch`): played with keys on a terminal, else its last frame.
    case animation(TrainingAnimation)
    /// Screens shown one at a time (the frames of `tune bayes --explain`), each a list of outputs. On a
    /// terminal the REPL pages them (Enter next, `b` back, `q` stop) from page `start` (0-based; nil: the
    /// first); elsewhere every page is written in order, or only page `start` when it is given.
    case pages([[Output]], start: Int?)
    /// The learner asked to leave.
    case quit

    /// True when this output reports a failure.
    public var isError: Bool {
        if case .error = self { return true }
        return false
    }
}
