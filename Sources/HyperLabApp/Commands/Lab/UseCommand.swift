import Foundation
import Learning
import LineEditor
import Teaching
import TerminalCharts
import Tuning
import Vocabulary

/// `use NAME|PATH [--target COLUMN] [--classification] [--noise X]`: train on a built-in dataset or on your own CSV file.
struct UseCommand: LabCommand {
    static let name = "use"
    static let aliases = ["dataset"]
    static let usage = "use NAME|PATH [--target COLUMN] [--classification] [--noise X]"
    static let summary = "train on a built-in dataset or on your own CSV file"
    static let details = "`use iris` picks a built-in dataset; `use data/houses.csv --target price` reads a CSV file with a header row. The target is the last column unless --target names another; a target that is not numeric (or --classification) makes it a classification task. For a synthetic dataset, --noise sets how noisy it is (`use circles --noise 0.3`). If the current model does not fit the new task, hyperlab picks one that does and says so."

    static func completions(words: [String], partial: String, context: CompletionContext) -> [String] {
        if words.count == 1 && (partial.contains("/") || partial.hasPrefix(".") || partial.hasPrefix("~")) {
            return [LineEditor.fileNameCompletion]
        }
        return words.count == 1 ? DatasetName.allNames : ["--target", "--classification", "--noise"]
    }

    static func run(_ arguments: [String], in context: CommandContext) throws(CommandError) -> [Output] {
        try context.lab.use(arguments)
    }
}

extension LabSession {
    fileprivate func use(_ arguments: [String]) throws(CommandError) -> [Output] {
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
                if argument.hasPrefix("--") { throw CommandError("unknown option `\(argument)` for use. Usage: \(UseCommand.usage)") }
                if name != nil { throw CommandError("use takes one dataset (got `\(argument)` too); quote a path with spaces") }
                name = environment.expandingHome(argument)
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
        let watch = LoadWatch(lab: self, name: name)
        defer { watch.finish() }
        do {
            data = try DatasetCatalog.load(name, datasetsDirectory: environment.datasetsDirectory, seed: seed,
                                           noise: noise, target: target, classification: classification,
                                           monitor: watch.monitor(progressDelay: loadProgressDelay))
        } catch {
            if watch.stopped {
                throw CommandError("Loading \(name) stopped by Ctrl-C: nothing was loaded; still using \(datasetName).")
            }
            throw .learning(error)
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
            let fitting = ModelKind.simplest(for: data.task)
            line += ". \(problem); switched to `\(fitting.rawValue)`"
            model = fitting
        }
        outputs.append(.text(line + ". " + dropOverrides() + "Type `train` to see its curves."))
        for warning in data.warnings { outputs.append(.text("note: \(warning)")) }
        return outputs
    }
}

/// The progress line and the Ctrl-C check of one `use` load: a load that runs past the progress delay
/// (1 s) shows "loading NAME: 45%, 230000 rows (Ctrl-C stops)" in place through the lab's observer (a
/// `SearchObserver` draws it on a terminal only), and the observer's `shouldStopTraining` (Ctrl-C)
/// stops it between rows; nothing is kept then.
private final class LoadWatch {
    private weak var lab: LabSession?
    private let name: String
    /// True once the observer asked the load to stop.
    private(set) var stopped = false
    private var reported = false

    init(lab: LabSession, name: String) {
        self.lab = lab
        self.name = name
    }

    /// The monitor to hand to the loader; `progressDelay` seconds before the first progress line.
    func monitor(progressDelay: Double) -> LoadMonitor {
        LoadMonitor(progressDelay: progressDelay, progress: { [weak self] progress in
            guard let self, let observer = self.lab?.observer as? SearchObserver else { return }
            self.reported = true
            let percent = Int((100 * progress.fraction).rounded(.down))
            observer.searchProgress(done: percent, planned: 100, elapsedSeconds: max(1, progress.seconds),
                                    status: "loading \(self.name): \(percent)%, \(progress.rows) rows  (Ctrl-C stops)")
        }, shouldStop: { [weak self] in
            guard let self, self.lab?.observer?.shouldStopTraining() == true else { return false }
            self.stopped = true
            return true
        })
    }

    /// Erases the progress line, if one was drawn.
    func finish() {
        if reported { (lab?.observer as? SearchObserver)?.searchFinished() }
    }
}
