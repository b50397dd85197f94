import Learning
import Tuning

/// The search commands: `sweep`, `learning-curve` and `tune`.
enum TuningCommands {
    /// Runs one search command on the lab's dataset, model and settings.
    static func execute(_ word: String, _ arguments: [String], lab: LabSession) -> [Output] {
        [.error("`\(word)` is not available yet")]
    }
}
