import Foundation
import Learning
import TerminalCharts

/// Receives a training's epochs as they arrive, to draw the curves live; and is asked whether to stop.
public protocol TrainingObserver: AnyObject {
    /// Called after each epoch with every epoch of the run so far.
    func trainingProgress(history: [EpochRecord], task: Task, totalEpochs: Int)
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
    public private(set) var datasetName = "breast-cancer"
    /// CSV options given to `use`.
    private var datasetTarget: String?
    private var datasetClassification: Bool?
    private var datasetNoise: Double?
    /// The loaded dataset (loaded on first need, so start-up stays fast).
    private var loadedDataset: Dataset?
    /// The model in use.
    public private(set) var model: ModelKind = .logistic
    /// The hyperparameters the learner set, canonical name to text as typed.
    public private(set) var overrides: [String: String] = [:]
    /// Retrain after every `set` when true.
    public private(set) var autoTrain = true
    /// The trainer of the latest run, kept for `continue`, `params` and `plot boundary`.
    private var trainer: Trainer?
    /// The hyperparameters the trainer was built with.
    private var trainerSettings: Hyperparameters?
    /// This session's runs, oldest first.
    public private(set) var runs: [Run] = []
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
            do { try hyperparameters.set(spec.name, to: text) } catch { throw CommandError(error.message) }
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
            throw CommandError(error.description)
        }
    }

    // MARK: - Commands

    /// Runs one command line. Never throws: failures come back as one `.error` output.
    public func execute(_ line: String) -> [Output] {
        do {
            let words = try splitCommandWords(line)
            guard let first = words.first else { return [] }
            return try dispatch(first, Array(words.dropFirst()))
        } catch {
            return [.error(error.message)]
        }
    }

    private func dispatch(_ word: String, _ arguments: [String]) throws(CommandError) -> [Output] {
        // `set lr=0.1` and `lr=0.1` style are accepted too.
        guard let command = CommandCatalog.command(named: word) else {
            if let spec = HyperparameterCatalog.spec(named: word.split(separator: "=").first.map(String.init) ?? word) {
                throw CommandError("`\(word)` is a hyperparameter, not a command: type `set \(spec.name) VALUE` to change it, or `help \(spec.name)`")
            }
            throw CommandError("unknown command `\(word)`." + didYouMean(word, among: CommandCatalog.words) + " Type `help` for the list.")
        }
        switch command.name {
        case "help": return [try help(arguments)]
        case "datasets": try expectNoArguments(command, arguments); return [datasetsList()]
        case "use": return try use(arguments)
        case "models": try expectNoArguments(command, arguments); return [modelsList()]
        case "model": return try chooseModel(arguments)
        case "set": return try set(arguments)
        case "unset": return try unset(arguments)
        case "show": try expectNoArguments(command, arguments); return [try show()]
        case "params": try expectNoArguments(command, arguments); return [try params()]
        case "train": try expectNoArguments(command, arguments); return try train()
        case "continue": return try continueTraining(arguments)
        case "reset": try expectNoArguments(command, arguments); return try reset()
        case "plot": return try plot(arguments)
        case "runs": try expectNoArguments(command, arguments); return [runsTable()]
        case "compare": return try compare(arguments)
        case "export": return try export(arguments)
        case "share": try expectNoArguments(command, arguments); return [.text(try shareLine())]
        case "quit": return [.quit]
        case "sweep", "learning-curve", "tune": return TuningCommands.execute(command.name, arguments, lab: self)
        default: throw CommandError("`\(command.name)` is not available here")
        }
    }

    private func expectNoArguments(_ command: CommandInfo, _ arguments: [String]) throws(CommandError) {
        if !arguments.isEmpty {
            throw CommandError("`\(command.name)` takes no arguments (got `\(arguments.joined(separator: " "))`). Usage: \(command.usage)")
        }
    }

    private func help(_ arguments: [String]) throws(CommandError) -> Output {
        guard let topic = arguments.first else {
            // Usages up to 30 characters share a column; a longer one puts its summary on the next line.
            let column = 32
            var lines = ["Commands (help COMMAND or help HYPERPARAMETER for more):"]
            for command in CommandCatalog.all {
                if command.usage.count < column - 1 {
                    lines.append("  " + command.usage.padding(toLength: column, withPad: " ", startingAt: 0) + command.summary)
                } else {
                    lines.append("  " + command.usage)
                    lines.append(String(repeating: " ", count: column + 2) + command.summary)
                }
            }
            lines.append("Hyperparameters: " + HyperparameterCatalog.all.map(\.name).joined(separator: ", "))
            return .text(lines.joined(separator: "\n"))
        }
        if let command = CommandCatalog.command(named: topic) {
            return .text("\(command.usage)\n  \(command.summary)\n  \(command.details)")
        }
        if let spec = HyperparameterCatalog.spec(named: topic) {
            return .text(hyperparameterHelp(spec))
        }
        let candidates = CommandCatalog.words + HyperparameterCatalog.all.flatMap { [$0.name] + $0.aliases }
        throw CommandError("no help for `\(topic)`." + didYouMean(topic, among: candidates) + " Type `help` for the list.")
    }

    private func hyperparameterHelp(_ spec: HyperparameterSpec) -> String {
        var lines = ["\(spec.name)" + (spec.aliases.isEmpty ? "" : " (also: \(spec.aliases.joined(separator: ", ")))") + ": \(spec.summary)"]
        let guide = HyperparameterGuide.guide(for: spec.name)
        if let guide { lines.append("  What it is: \(guide.what)") }
        lines.append("  Range: \(spec.rangeText)   Default: \(spec.defaultText)")
        if !spec.allowedValues.isEmpty { lines.append("  Values: \(spec.allowedValues.joined(separator: ", "))") }
        if let guide {
            lines.append("  Too small: \(guide.tooSmall)")
            lines.append("  Too large: \(guide.tooLarge)")
            lines.append("  In scikit-learn: \(guide.scikitLearn)   In Keras/PyTorch: \(guide.kerasPyTorch)")
            if let tryThis = guide.tryThis { lines.append("  Try: \(tryThis)") }
        }
        if spec.restartsTraining { lines.append("  Changing it changes the model itself, so `continue` is not possible afterwards: `train` starts again.") }
        return lines.joined(separator: "\n")
    }

    private func datasetsList() -> Output {
        var lines = ["Real datasets (Datasets/README.md has their sources):"]
        for name in DatasetCatalog.realNames {
            lines.append("  " + name.padding(toLength: 15, withPad: " ", startingAt: 0) + (DatasetCatalog.summary(of: name) ?? ""))
        }
        lines.append("Synthetic datasets (generated from the seed):")
        for name in DatasetCatalog.syntheticNames {
            lines.append("  " + name.padding(toLength: 15, withPad: " ", startingAt: 0) + (DatasetCatalog.summary(of: name) ?? ""))
        }
        lines.append("Or `use PATH.csv` for your own data. In use: \(datasetName)")
        return .text(lines.joined(separator: "\n"))
    }

    private func modelsList() -> Output {
        var lines = ["Models:"]
        for kind in ModelKind.allCases {
            lines.append("  " + kind.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0) + kind.summary + (kind == model ? "  (in use)" : ""))
        }
        return .text(lines.joined(separator: "\n"))
    }

    private func use(_ arguments: [String]) throws(CommandError) -> [Output] {
        var name: String?
        var target: String?
        var classification: Bool?
        var noise: Double?
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--target":
                guard index + 1 < arguments.count else { throw CommandError("--target needs a column name: use FILE.csv --target COLUMN") }
                target = arguments[index + 1]
                index += 1
            case "--classification": classification = true
            case "--noise":
                guard index + 1 < arguments.count, let value = Double(arguments[index + 1]), value.isFinite else {
                    throw CommandError("--noise needs a number, e.g. use circles --noise 0.2")
                }
                noise = value
                index += 1
            default:
                if argument.hasPrefix("--") { throw CommandError("unknown option `\(argument)` for use. Usage: \(CommandCatalog.command(named: "use")?.usage ?? "use NAME")") }
                if name != nil { throw CommandError("use takes one dataset (got `\(argument)` too); quote a path with spaces") }
                name = argument
            }
            index += 1
        }
        guard let name else {
            throw CommandError("use needs a dataset: one of " + DatasetCatalog.allNames.joined(separator: ", ") + ", or a CSV path")
        }
        let isBuiltIn = DatasetCatalog.allNames.contains(name)
        if !isBuiltIn && !name.contains("/") && !name.lowercased().hasSuffix(".csv") {
            throw CommandError("no dataset `\(name)`." + didYouMean(name, among: DatasetCatalog.allNames) + " Datasets: " + DatasetCatalog.allNames.joined(separator: ", ") + ", or a path to a CSV file")
        }
        let seed = (try? currentHyperparameters().seed) ?? 0
        let data: Dataset
        do {
            data = try DatasetCatalog.load(name, datasetsDirectory: environment.datasetsDirectory, seed: seed,
                                           noise: noise, target: target, classification: classification)
        } catch {
            throw CommandError(error.description)
        }
        datasetName = name
        datasetTarget = target
        datasetClassification = classification
        datasetNoise = noise
        loadedDataset = data
        trainer = nil
        trainerSettings = nil
        var outputs: [Output] = []
        var line = "Using \(name): \(data.rowCount) rows x \(data.featureCount) features, \(data.task.label)"
        if let problem = model.check(data.task) {
            let fitting = Self.defaultModel(for: data.task)
            line += ". \(problem); switched to `\(fitting.rawValue)`"
            model = fitting
        }
        outputs.append(.text(line + ". " + dropOverrides() + "Type `train` to see its curves."))
        for warning in data.warnings { outputs.append(.text("note: \(warning)")) }
        return outputs
    }

    /// Puts every changed hyperparameter except the seed back to the default for the new dataset
    /// or model (a learning rate good for one is often wrong for another), and says which.
    private func dropOverrides() -> String {
        let dropped = HyperparameterCatalog.all.compactMap { spec in spec.name != "seed" ? overrides[spec.name].map { "\(spec.name) \($0)" } : nil }
        overrides = overrides.filter { $0.key == "seed" }
        guard !dropped.isEmpty else { return "" }
        return "Settings are back to this setup's defaults (dropped: \(dropped.joined(separator: ", "))). "
    }

    /// The model a new dataset starts with: the simplest that fits its task.
    static func defaultModel(for task: Task) -> ModelKind {
        switch task {
        case .regression: return .linear
        case .classification(let classes): return classes.count == 2 ? .logistic : .softmax
        }
    }

    private func chooseModel(_ arguments: [String]) throws(CommandError) -> [Output] {
        guard arguments.count == 1, let name = arguments.first else {
            throw CommandError("model needs one name: " + ModelKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        guard let kind = ModelKind(rawValue: name.lowercased()) else {
            throw CommandError("no model `\(name)`." + didYouMean(name, among: ModelKind.allCases.map(\.rawValue)) + " Models: " + ModelKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let data = try dataset()
        if let problem = kind.check(data.task) { throw CommandError(problem) }
        model = kind
        trainer = nil
        trainerSettings = nil
        return [.text("Model: \(kind.rawValue) (\(kind.summary)). " + dropOverrides() + "Type `train` to train it.")]
    }

    private func set(_ arguments: [String]) throws(CommandError) -> [Output] {
        let pairs = try Self.settingPairs(arguments)
        var messages: [String] = []
        var trialOverrides = overrides
        for (name, value) in pairs {
            if name == "auto" {
                switch value.lowercased() {
                case "on", "true", "yes": autoTrain = true; messages.append("auto on: every `set` retrains at once")
                case "off", "false", "no": autoTrain = false; messages.append("auto off: make your changes, then type `train`")
                default: throw CommandError("auto is on or off (got `\(value)`)")
                }
                continue
            }
            guard let spec = HyperparameterCatalog.spec(named: name) else {
                let names = HyperparameterCatalog.all.flatMap { [$0.name] + $0.aliases } + ["auto"]
                throw CommandError("unknown hyperparameter `\(name)`." + didYouMean(name, among: names) + " Names: " + HyperparameterCatalog.all.map(\.name).joined(separator: ", "))
            }
            var probe = Hyperparameters.defaults(model: model, dataset: datasetName)
            do { try probe.set(spec.name, to: value) } catch { throw CommandError(error.message) }
            trialOverrides[spec.name] = value
            messages.append("\(spec.name) = \(probe.text(of: spec.name) ?? value)")
        }
        overrides = trialOverrides
        // A synthetic dataset is drawn from the seed: a new seed draws it again.
        if isSynthetic && pairs.contains(where: { HyperparameterCatalog.spec(named: $0.0)?.name == "seed" }) { loadedDataset = nil }
        var outputs: [Output] = [.text(messages.joined(separator: ", "))]
        if autoTrain && pairs.contains(where: { $0.0 != "auto" }) { outputs += try train() }
        return outputs
    }

    private var isSynthetic: Bool { DatasetCatalog.syntheticNames.contains(datasetName) }

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

    private func unset(_ arguments: [String]) throws(CommandError) -> [Output] {
        guard !arguments.isEmpty else { throw CommandError("unset needs a hyperparameter name, or `all`") }
        var outputs: [Output] = []
        for name in arguments {
            if name == "all" { overrides.removeAll(); outputs.append(.text("every hyperparameter is back to its default")); continue }
            guard let spec = HyperparameterCatalog.spec(named: name) else {
                throw CommandError("unknown hyperparameter `\(name)`." + didYouMean(name, among: HyperparameterCatalog.all.map(\.name)))
            }
            overrides[spec.name] = nil
            let value = Hyperparameters.defaults(model: model, dataset: datasetName).text(of: spec.name) ?? spec.defaultText
            outputs.append(.text("\(spec.name) = \(value) (default)"))
        }
        if autoTrain { outputs += try train() }
        return outputs
    }

    private func show() throws(CommandError) -> Output {
        let hyperparameters = try currentHyperparameters()
        let defaults = Hyperparameters.defaults(model: model, dataset: datasetName)
        var lines = ["dataset  \(datasetName)" + (loadedDataset.map { " (\($0.rowCount) rows x \($0.featureCount) features, \($0.task.label))" } ?? ""),
                     "model    \(model.rawValue)",
                     "auto     \(autoTrain ? "on" : "off")",
                     "Hyperparameters (* = changed from the default for this model and dataset):"]
        for spec in HyperparameterCatalog.all {
            let value = hyperparameters.text(of: spec.name) ?? "?"
            let changed = overrides[spec.name] != nil && value != defaults.text(of: spec.name)
            lines.append("  " + (changed ? "* " : "  ") + spec.name.padding(toLength: 20, withPad: " ", startingAt: 0) + value
                         + (changed ? "   (default \(defaults.text(of: spec.name) ?? spec.defaultText))" : ""))
        }
        return .text(lines.joined(separator: "\n"))
    }

    private func params() throws(CommandError) -> Output {
        guard let trainer, !runs.isEmpty else {
            throw CommandError("nothing is trained yet: type `train` first, then `params` shows what it learned")
        }
        let blocks = trainer.parameters
        let total = blocks.reduce(0) { $0 + $1.values.count }
        var lines = ["Parameters learned by training (\(total) numbers); hyperparameters are what you chose (`show`):"]
        for block in blocks {
            let values = block.values
            let finite = values.filter(\.isFinite)
            let mean = finite.isEmpty ? Double.nan : finite.reduce(0, +) / Double(finite.count)
            let norm = sqrt(finite.reduce(0) { $0 + $1 * $1 })
            let smallest = finite.min() ?? .nan, largest = finite.max() ?? .nan
            lines.append("  \(block.name)  \(block.rows) x \(block.columns)  mean \(formatLoss(mean))  min \(formatLoss(smallest))  max \(formatLoss(largest))  norm \(formatLoss(norm))")
            let preview = values.prefix(6).map { formatLoss($0) }.joined(separator: " ")
            lines.append("    first values: \(preview)\(values.count > 6 ? " ..." : "")")
        }
        return .text(lines.joined(separator: "\n"))
    }

    // MARK: - Training

    /// Trains from the initial weights with the current settings and records a run.
    public func train() throws(CommandError) -> [Output] {
        let data = try dataset()
        let hyperparameters = try currentHyperparameters()
        if let problem = model.check(data.task) { throw CommandError(problem) }
        let newTrainer: Trainer
        do { newTrainer = try Trainer(dataset: data, model: model, hyperparameters: hyperparameters) } catch {
            throw CommandError(error.message)
        }
        trainer = newTrainer
        trainerSettings = hyperparameters
        return [runTrainer(newTrainer, data: data, hyperparameters: hyperparameters, epochs: nil)]
    }

    private func continueTraining(_ arguments: [String]) throws(CommandError) -> [Output] {
        guard let trainer, let previous = trainerSettings, !runs.isEmpty else {
            throw CommandError("nothing to continue: type `train` first")
        }
        var epochs: Int?
        if let word = arguments.first {
            guard arguments.count == 1, let count = Int(word), count >= 1, count <= 100_000 else {
                throw CommandError("continue takes a number of epochs from 1 to 100000 (got `\(arguments.joined(separator: " "))`)")
            }
            epochs = count
        }
        let data = try dataset()
        let hyperparameters = try currentHyperparameters()
        for spec in HyperparameterCatalog.all where spec.restartsTraining {
            if hyperparameters.text(of: spec.name) != previous.text(of: spec.name) {
                throw CommandError("\(spec.name) changed since the last training, which changes the model itself: type `train` to start again")
            }
        }
        do { try trainer.update(hyperparameters) } catch { throw CommandError(error.message) }
        trainerSettings = hyperparameters
        return [runTrainer(trainer, data: data, hyperparameters: hyperparameters, epochs: epochs)]
    }

    private func reset() throws(CommandError) -> [Output] {
        guard let trainer else { return [.text("the weights are at their initial values (nothing trained yet)")] }
        trainer.reset()
        return [.text("weights reset to their initial values (seed \(trainerSettings?.seed ?? 0)); `continue` trains from there")]
    }

    private func runTrainer(_ trainer: Trainer, data: Dataset, hyperparameters: Hyperparameters, epochs: Int?) -> Output {
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
        let diagnosis = Diagnosis(history: run.history, outcome: outcome,
                                  baselineLoss: Diagnosis.baselineLoss(targets: data.targets, task: data.task))
        var hints = diagnosis.hints(hyperparameters: hyperparameters, model: model, reason: outcome.reason)
        if hyperparameters.validationFraction > 0 && trainer.validationRowCount == 0 {
            hints.append("No validation curve: with \(data.rowCount) rows\(data.task.isClassification ? " in \(data.task.label)" : "") no row could be held out for validation-fraction \(formatSetting(hyperparameters.validationFraction)). Use more data (or fewer classes).")
        }
        if outcome.interrupted { hints.insert("Stopped by Ctrl-C after epoch \(run.history.last?.epoch ?? 0); `continue` goes on from here.", at: 0) }
        return .run(run, hints: hints)
    }

    // MARK: - Runs and charts

    private func plot(_ arguments: [String]) throws(CommandError) -> [Output] {
        let kinds = ["loss", "accuracy", "boundary"]
        let kind = arguments.first ?? "loss"
        guard arguments.count <= 1, kinds.contains(kind) else {
            throw CommandError("plot takes one of loss, accuracy, boundary." + didYouMean(kind, among: kinds))
        }
        guard let run = runs.last else { throw CommandError("nothing to plot yet: type `train` first") }
        switch kind {
        case "loss": return [.chart(ChartBuilder.lossChart(run))]
        case "accuracy":
            guard run.task.isClassification else { throw CommandError("accuracy is for classification; this dataset is regression: `plot loss`") }
            return [.chart(ChartBuilder.accuracyChart(run))]
        default:
            let data = try dataset()
            guard let trainer else { throw CommandError("nothing to plot yet: type `train` first") }
            return [.heatmap(try ChartBuilder.boundary(trainer: trainer, dataset: data, title: "decision regions, run \(run.id)"))]
        }
    }

    private func runsTable() -> Output {
        guard !runs.isEmpty else { return .text("no runs yet: type `train`") }
        var lines = ["run  dataset          model     train loss   validation   epochs  settings changed"]
        for run in runs {
            let final = run.final
            let status = run.outcome.diverged ? " (diverged)" : run.outcome.interrupted ? " (stopped)" : ""
            lines.append(String(run.id).padding(toLength: 5, withPad: " ", startingAt: 0)
                         + run.datasetName.padding(toLength: 17, withPad: " ", startingAt: 0)
                         + run.model.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
                         + formatLoss(final?.trainLoss).padding(toLength: 13, withPad: " ", startingAt: 0)
                         + formatLoss(final?.validationLoss).padding(toLength: 13, withPad: " ", startingAt: 0)
                         + String(final?.epoch ?? 0).padding(toLength: 8, withPad: " ", startingAt: 0)
                         + (run.changed.isEmpty ? "defaults" : run.changed.map { "\($0.name)=\($0.value)" }.joined(separator: " ")) + status)
        }
        return .text(lines.joined(separator: "\n"))
    }

    private func compare(_ arguments: [String]) throws(CommandError) -> [Output] {
        guard !arguments.isEmpty else { throw CommandError("compare needs run numbers, e.g. `compare 1 2`; `runs` lists them") }
        var chosen: [Run] = []
        for word in arguments {
            guard let id = Int(word), id >= 1, id <= runs.count else {
                throw CommandError("no run `\(word)`: runs are numbered 1 to \(runs.count) (`runs` lists them)")
            }
            chosen.append(runs[id - 1])
        }
        var outputs: [Output] = [.chart(ChartBuilder.comparison(chosen))]
        if Set(chosen.map(\.datasetName)).count > 1 {
            outputs.append(.text("note: these runs used different datasets, so their losses are on different scales and not comparable"))
        }
        return outputs
    }

    private func export(_ arguments: [String]) throws(CommandError) -> [Output] {
        guard arguments.count == 1, let path = arguments.first else { throw CommandError("export needs one file name ending in .csv or .json") }
        guard let run = runs.last else { throw CommandError("nothing to export yet: type `train` first") }
        let text: String
        if path.lowercased().hasSuffix(".csv") {
            text = RunExport.csv(run)
        } else if path.lowercased().hasSuffix(".json") {
            text = RunExport.json(run) + "\n"
        } else {
            throw CommandError("export writes .csv or .json files (got `\(path)`)")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw CommandError("the folder \(folder) does not exist: create it first, or export to another path")
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CommandError("could not write \(path) (\(error.localizedDescription)): check that the folder is writable")
        }
        return [.text("wrote run \(run.id) (\(run.history.count) epochs) to \(path)")]
    }

    /// One shell line that starts hyperlab in this setup and trains: `hyperlab --dataset ... --model ... --set NAME=VALUE ...`.
    public func shareLine() throws(CommandError) -> String {
        var parts = ["hyperlab", "--dataset", shellQuote(datasetName), "--model", model.rawValue]
        if let datasetTarget { parts += ["--target", shellQuote(datasetTarget)] }
        if let datasetNoise { parts += ["--noise", formatSetting(datasetNoise)] }
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
