import Vocabulary
import Foundation
import Learning
import LineEditor

/// The cost limits of commands that a lesson or quiz file makes hyperlab run without the learner
/// typing them (`lessons check`, quiz lab questions): a file from someone else must not make the
/// program train for minutes.
///
/// Three limits, all reported per step:
/// - a work estimate checked before each command: for a training, epochs x training rows x model
///   parameters (each epoch visits every training row once, and one forward and backward pass costs
///   about a constant times the parameter count); a search multiplies it by its trainings (`--budget`,
///   sweep values, learning-curve steps, times `--folds`). A command over `maximumWork` is not run.
/// - the number of trainings of one command (a search's trials times its folds): each training has a
///   fixed cost (set-up, evaluation) that the work estimate does not count, so a command over
///   `maximumTrainings` is not run either.
/// - a wall-clock `timeLimit` per step, polled between batches and between a search's trainings
///   (`BudgetObserver`), which also stops at Ctrl-C (`InterruptFlag`) and SIGTERM/SIGHUP
///   (`TerminationRequest`).
public struct CostBudget: Sendable, Equatable {
    /// Largest work estimate (epochs x rows x parameters, summed over a command's trainings) one command may have.
    public var maximumWork: Double
    /// Most trainings one command may start (a search's trials x folds).
    public var maximumTrainings: Int
    /// Seconds one step (an experiment's setup and solution, one seed of a lab question) may take.
    public var timeLimit: Double

    /// Makes a budget.
    public init(maximumWork: Double, maximumTrainings: Int = 200, timeLimit: Double) {
        self.maximumWork = maximumWork
        self.maximumTrainings = maximumTrainings
        self.timeLimit = timeLimit
    }

    /// The budget of `lessons check` and of quiz lab questions: 2 x 10^9 units of work, 200 trainings
    /// per command (a `tune --budget 40` with 5 folds) and 60 seconds per step.
    public static let standard = CostBudget(maximumWork: 2e9, maximumTrainings: 200, timeLimit: 60)

    /// Why `command` would go over `maximumWork` in `session`'s current state, nil when it fits (or
    /// when it does not train: settings, `use`, text). The estimate uses the dataset, model and
    /// settings in force, so `set epochs ...` before `train` counts.
    public func refusal(of command: String, in session: LabSession) -> String? {
        let trainings = Self.trainingCount(of: command)
        if trainings > Double(maximumTrainings) {
            return "over the cost budget: `\(command)` would run \(Int(trainings)) trainings (trials x folds), more than the limit of "
                + "\(maximumTrainings); use a smaller --budget or fewer --folds"
        }
        guard let work = Self.estimatedWork(of: command, in: session), work > maximumWork else { return nil }
        return "over the cost budget: `\(command)` would do about \(Self.scientific(work)) units of work "
            + "(epochs x training rows x parameters, times the trainings of a search), more than the limit of "
            + "\(Self.scientific(maximumWork)); use fewer epochs, rows, hidden units or trainings"
    }

    /// The work estimate of `command` (see the type's notes); nil for a command that does not train
    /// or when the setup cannot be read (the command then reports its own error). A `set` counts as the
    /// training it may start (with its new values), since a lesson's `set` retrains.
    public static func estimatedWork(of command: String, in session: LabSession) -> Double? {
        let words = command.split(separator: " ").map { $0.lowercased() }
        guard let first = words.first, ["train", "set", "continue", "tune", "sweep", "learning-curve"].contains(first) else { return nil }
        guard var hyperparameters = try? session.currentHyperparameters(), let data = try? session.dataset() else { return nil }
        if first == "set" {  // a retraining `set`: the training it would start, with its new values
            var names = words.dropFirst().flatMap { $0.split(separator: "=").map(String.init) }[...]
            while names.count >= 2 {
                try? hyperparameters.set(names[names.startIndex], to: names[names.startIndex + 1])
                names = names.dropFirst(2)
            }
        }
        let rows = Double(data.rowCount) * (1 - min(max(hyperparameters.validationFraction, 0), 1))
        let training = Double(hyperparameters.epochs) * max(rows, 1) * Double(parameterCount(data: data, model: session.model, hyperparameters: hyperparameters))
        if first == "continue" {
            let more = words.count > 1 ? Double(words[1]) ?? Double(hyperparameters.epochs) : Double(hyperparameters.epochs)
            return training / Double(max(hyperparameters.epochs, 1)) * more
        }
        return training * trainingCount(of: command)
    }

    /// How many trainings `command` starts: 1 for `train`, `set` and `continue`; for a search its trials
    /// (`--budget N`, default 20; the values of a sweep list, or `--steps N`, default 10, for a range or a
    /// learning curve) times its folds (`--folds K`, default 5); 0 for a command that does not train
    /// (`tune --objective` draws a built-in function).
    public static func trainingCount(of command: String) -> Double {
        let words = command.split(separator: " ").map { $0.lowercased() }
        func option(_ name: String) -> Double? {
            guard let index = words.firstIndex(of: name), index + 1 < words.count else { return nil }
            return Double(words[index + 1])
        }
        let folds = max(option("--folds") ?? 5, 1)
        switch words.first {
        case "train", "set", "continue":
            return 1
        case "tune":
            return words.contains("--objective") ? 0 : (option("--budget") ?? 20) * folds
        case "sweep":
            guard words.count > 2 else { return folds }
            let points = words[2].contains("..") ? (option("--steps") ?? 10) : Double(words[2].split(separator: ",").count)
            return points * folds
        case "learning-curve":
            return (option("--steps") ?? 10) * folds
        default:
            return 0
        }
    }

    /// Weights and biases of `model` on `data`: (inputs + 1) x outputs per layer, where the inputs
    /// are the features (times `degree` for a polynomial linear model) and the outputs one per class
    /// (softmax), else one.
    static func parameterCount(data: Dataset, model: ModelKind, hyperparameters: Hyperparameters) -> Int {
        let inputs = data.featureCount * max(1, model == .linear ? hyperparameters.degree : 1)
        let outputs = model == .softmax ? max(2, data.task.classes.count) : 1
        let layers = [inputs] + (model == .mlp ? hyperparameters.hiddenLayers : []) + [outputs]
        return zip(layers, layers.dropFirst()).reduce(0) { $0 + ($1.0 + 1) * $1.1 }
    }

    /// `value` as `2.0e9`.
    static func scientific(_ value: Double) -> String { String(format: "%.1e", value) }
}

/// Watches the trainings and searches of one step of a budgeted check: stops them once the step's
/// time limit has passed, at Ctrl-C, or after SIGTERM/SIGHUP, and remembers which.
public final class BudgetObserver: TrainingObserver {
    /// When the step started (seconds since the reference date).
    public let start: Double
    /// The step's time limit in seconds.
    public let timeLimit: Double
    /// True once the time limit stopped a training or search.
    public private(set) var timedOut = false

    /// An observer whose clock starts now.
    public init(timeLimit: Double) {
        self.start = Date().timeIntervalSinceReferenceDate
        self.timeLimit = timeLimit
    }

    /// True when the step was stopped by Ctrl-C, SIGTERM or SIGHUP.
    public static var isInterrupted: Bool { InterruptFlag.isRaised || TerminationRequest.isRequested }

    /// Nothing drawn: a check reports one line per step.
    public func trainingProgress(history: [EpochRecord], task: LearningTask, totalEpochs: Int) {}

    /// True once the time limit passed or an interrupt or termination was requested.
    public func shouldStopTraining() -> Bool {
        if Self.isInterrupted { return true }
        if Date().timeIntervalSinceReferenceDate - start > timeLimit { timedOut = true }
        return timedOut
    }

    /// Nothing to erase.
    public func trainingFinished() {}

    /// What stopped the check: "Ctrl-C" or "a termination request".
    public static var stopMessage: String { TerminationRequest.isRequested ? "a termination request" : "Ctrl-C" }

    /// The step's verdict after a stopped command: the time-limit or interruption message, nil when neither happened.
    public var stopReason: String? {
        if Self.isInterrupted { return "stopped by " + Self.stopMessage }
        if timedOut { return "over the time limit of \(Int(timeLimit)) s for one step; use smaller settings" }
        return nil
    }
}
