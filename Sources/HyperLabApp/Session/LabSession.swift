import Vocabulary
import Foundation
import Learning
import TerminalCharts
import Teaching

/// Receives a training's epochs as they arrive, to draw the curves live; and is asked whether to stop.
public protocol TrainingObserver: AnyObject {
    /// Called after each epoch with every epoch of the run so far.
    func trainingProgress(history: [EpochRecord], task: LearningTask, totalEpochs: Int)
    /// Polled between batches; true stops the training (Ctrl-C).
    func shouldStopTraining() -> Bool
    /// Called once when the training ends, before its report is rendered.
    func trainingFinished()
}

/// The lab: the dataset, model and settings the learner has chosen, the trainer and the runs.
///
/// `execute` turns one command line into `Output` values; it never prints and never crashes on
/// input: every failure is one `.error` line and the session goes on.
public final class LabSession {
    /// Files and drawing options.
    public let environment: AppEnvironment
    /// The dataset name or CSV path in use.
    public internal(set) var datasetName = "breast-cancer"
    /// CSV options given to `use`.
    var datasetTarget: String?
    var datasetClassification: Bool?
    var datasetNoise: Double?
    /// The loaded dataset (loaded on first need, so start-up stays fast).
    var loadedDataset: Dataset?
    /// Seconds a `use` load runs before it shows a progress line (tests set 0).
    var loadProgressDelay = 1.0
    /// The model in use.
    public internal(set) var model: ModelKind = .logistic
    /// The hyperparameters the learner set, canonical name to text as typed.
    public internal(set) var overrides: [String: String] = [:]
    /// Retrain after every `set` when true.
    public internal(set) var autoTrain = true
    /// Diagnose every training and show its findings as hints when true (`set hints off|on`);
    /// `why` diagnoses on demand either way.
    public internal(set) var hintsEnabled = true
    /// When a training is diagnosed: `.synchronous` (the default: deterministic output for pipes and
    /// `hyperlab train`), `.background` (the REPL on a terminal), `.onDemand` (replayed sessions).
    public var diagnosisTiming: DiagnosisTiming = .synchronous
    /// The last run's diagnosis input and the background job, if any.
    var diagnosisState = DiagnosisState()
    /// The trainer of the latest run, kept for `continue`, `params` and `plot boundary`.
    var trainer: Trainer?
    /// The hyperparameters the trainer was built with.
    var trainerSettings: Hyperparameters?
    /// This session's runs, oldest first.
    public internal(set) var runs: [Run] = []
    /// What the latest finished search (`tune`, `sweep`) found, for a lesson's `search.` goals; nil before any.
    public internal(set) var lastSearch: SearchFacts?
    /// How many searches have finished in this session (a lesson compares it before and after a command).
    public internal(set) var searchCount = 0
    /// The decision regions of each run on a 2-feature classification dataset, by run number, drawn from
    /// that run's final weights (kept so `plot boundary RUN` shows any run; the latest `maximumKeptBoundaries`).
    var boundaries: [Int: Heatmap] = [:]
    /// How many runs keep their decision regions.
    static let maximumKeptBoundaries = 50
    /// Receives live progress during training.
    public weak var observer: TrainingObserver?

    /// Makes a session on the default dataset and model.
    public init(environment: AppEnvironment) {
        self.environment = environment
    }

    // MARK: - State

    /// The hyperparameters in force: the defaults for this model and dataset with the learner's changes applied.
    public func currentHyperparameters() throws(CommandError) -> Hyperparameters {
        var hyperparameters = Hyperparameters.defaults(model: model, dataset: datasetName)
        for spec in HyperparameterCatalog.all {
            guard let text = overrides[spec.name] else { continue }
            do { try hyperparameters.set(spec.name, to: text) } catch { throw .vocabulary(error) }
        }
        return hyperparameters
    }

    /// The dataset in use, loading it on first need.
    public func dataset() throws(CommandError) -> Dataset {
        if let loadedDataset { return loadedDataset }
        let seed = (try? currentHyperparameters().seed) ?? 0
        do {
            let data = try DatasetCatalog.load(datasetName, datasetsDirectory: environment.datasetsDirectory, seed: seed,
                                               noise: datasetNoise, target: datasetTarget, classification: datasetClassification)
            loadedDataset = data
            return data
        } catch {
            throw .learning(error)
        }
    }

    // MARK: - Commands

    /// Runs one command line. Never throws: failures come back as one `.error` output.
    /// Commands of the lessons and the quiz need a `LabConsole` and are refused here.
    public func execute(_ line: String) -> [Output] {
        execute(line, console: nil)
    }

    /// Runs one command given as words (no quoting needed: a word may hold spaces), as from the shell.
    /// Never throws: failures come back as one `.error` output.
    public func execute(words: [String]) -> [Output] {
        do {
            return try CommandRegistry.dispatch(words, in: CommandContext(lab: self, console: nil))
        } catch {
            return [.error(error.message)]
        }
    }

    /// Runs one line through the command registry, with `console` for the lessons and quiz commands.
    func execute(_ line: String, console: LabConsole?) -> [Output] {
        do {
            return try CommandRegistry.dispatch(try splitCommandWords(line), in: CommandContext(lab: self, console: console))
        } catch {
            return [.error(error.message)]
        }
    }






    /// Puts every changed hyperparameter except the seed back to the default for the new dataset
    /// or model (a learning rate good for one is often wrong for another), and says which.
    func dropOverrides() -> String {
        let dropped = HyperparameterCatalog.all.compactMap { spec in spec.name != "seed" ? overrides[spec.name].map { "\(spec.name) \($0)" } : nil }
        overrides = overrides.filter { $0.key == "seed" }
        guard !dropped.isEmpty else { return "" }
        return "Settings are back to this setup's defaults (dropped: \(dropped.joined(separator: ", "))). "
    }




    var isSynthetic: Bool { DatasetCatalog.syntheticNames.contains(datasetName) }

    /// `NAME VALUE NAME VALUE ...` or `NAME=VALUE ...` into pairs.
    static func settingPairs(_ arguments: [String]) throws(CommandError) -> [(String, String)] {
        var pairs: [(String, String)] = []
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            if let equals = word.firstIndex(of: "=") {
                pairs.append((String(word[..<equals]), String(word[word.index(after: equals)...])))
                index += 1
            } else if index + 1 < arguments.count {
                pairs.append((word, arguments[index + 1]))
                index += 2
            } else {
                if let spec = HyperparameterCatalog.spec(named: word) {
                    throw CommandError("set \(spec.name) needs a value (\(spec.rangeText)); e.g. set \(spec.name) \(spec.defaultText)")
                }
                throw CommandError("set needs a name and a value, e.g. `set learning-rate 0.1`")
            }
        }
        if pairs.isEmpty { throw CommandError("set needs a name and a value, e.g. `set learning-rate 0.1`; `show` lists the names") }
        return pairs
    }




    // MARK: - Training

    /// Trains from the initial weights with the current settings and records a run.
    public func train() throws(CommandError) -> [Output] {
        let data = try dataset()
        let hyperparameters = try currentHyperparameters()
        if model.check(data.task) != nil { throw .learning(.modelDoesNotFit(model, data.task)) }
        let newTrainer: Trainer
        do { newTrainer = try Trainer(dataset: data, model: model, hyperparameters: hyperparameters) } catch {
            throw .learning(error)
        }
        trainer = newTrainer
        trainerSettings = hyperparameters
        return [runTrainer(newTrainer, data: data, hyperparameters: hyperparameters, epochs: nil)]
    }



    /// Trains `trainer` for `epochs` more (nil: the settings' epochs), records the run, and returns it
    /// with its hints: notes about the run (Ctrl-C, no validation rows), then the findings of its
    /// diagnosis when it was made at once (`diagnosisTiming`), else the REPL shows them later.
    func runTrainer(_ trainer: Trainer, data: Dataset, hyperparameters: Hyperparameters, epochs: Int?) -> Output {
        diagnosisState.cancelPending()
        let observer = self.observer
        let total = (trainer.history.last?.epoch ?? 0) + (epochs ?? hyperparameters.epochs)
        let startHistory = trainer.history
        var seen = startHistory
        let outcome = trainer.train(
            epochs: epochs,
            shouldStop: { observer?.shouldStopTraining() ?? false },
            onEpoch: { record in
                guard let observer else { return }
                seen.append(record)
                observer.trainingProgress(history: seen, task: data.task, totalEpochs: total)
            })
        observer?.trainingFinished()
        let changed = HyperparameterCatalog.all.compactMap { spec -> (name: String, value: String)? in
            guard overrides[spec.name] != nil, let value = hyperparameters.text(of: spec.name) else { return nil }
            return (spec.name, value)
        }
        let run = Run(id: runs.count + 1, datasetName: datasetName, model: model, hyperparameters: hyperparameters,
                      changed: changed, history: trainer.history, outcome: outcome, task: data.task)
        runs.append(run)
        if data.task.isClassification && data.featureCount == 2 && !run.history.isEmpty {
            boundaries[run.id] = try? ChartBuilder.boundary(trainer: trainer, dataset: data, title: "decision regions, run \(run.id)")
            boundaries[run.id - Self.maximumKeptBoundaries] = nil
        }
        var hints: [String] = []
        if outcome.interrupted { hints.append("Stopped by Ctrl-C after epoch \(run.history.last?.epoch ?? 0); `continue` goes on from here.") }
        if hyperparameters.validationFraction > 0 && trainer.validationRowCount == 0 {
            hints.append("No validation curve: with \(data.rowCount) rows\(data.task.isClassification ? " in \(data.task.label)" : "") no row could be held out for validation-fraction \(NumberFormat.setting(hyperparameters.validationFraction)). Use more data (or fewer classes).")
        }
        if let diagnosis = diagnoseAfterTraining(run, data: data, hyperparameters: hyperparameters) {
            return .run(runs.last(where: { $0.id == run.id }) ?? run, hints: hints + diagnosis.hints)
        }
        return .run(run, hints: hints)
    }

    // MARK: - Runs and charts





    /// One shell line that starts hyperlab in this setup and trains: `hyperlab --dataset ... --model ... --set NAME=VALUE ...`.
    public func shareLine() throws(CommandError) -> String {
        var parts = ["hyperlab", "--dataset", shellQuote(datasetName), "--model", model.rawValue]
        if let datasetTarget { parts += ["--target", shellQuote(datasetTarget)] }
        if let datasetNoise { parts += ["--noise", NumberFormat.setting(datasetNoise)] }
        if datasetClassification == true { parts.append("--classification") }
        for spec in HyperparameterCatalog.all {
            guard let text = overrides[spec.name] else { continue }
            parts += ["--set", shellQuote("\(spec.name)=\(text)")]
        }
        return parts.joined(separator: " ")
    }
}

/// Quotes a word for a POSIX shell when it holds anything but safe characters.
func shellQuote(_ word: String) -> String {
    let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=,:+")
    if !word.isEmpty && word.allSatisfy({ safe.contains($0) }) { return word }
    return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
