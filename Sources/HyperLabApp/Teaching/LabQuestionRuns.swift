import Vocabulary
import Learning
import TerminalCharts
import Teaching
import Foundation

/// Trains the hidden runs of a quiz lab question with the real engine and draws them.
enum LabQuestionRuns {
    /// The trained runs of `setup` with `seed`, in the order of `setup.runs`.
    ///
    /// Each run is trained in a fresh lab session (`session(_:run:seed:environment:questionFolder:)`) under
    /// `budget`: a run whose work estimate is over it is not trained, and the time limit, Ctrl-C, SIGTERM and
    /// SIGHUP stop the training (`BudgetObserver`); each of these throws instead of drawing a partial curve.
    /// - Parameters:
    ///   - questionFolder: the folder of the question's file, where a CSV the question names is looked up
    ///     (then the datasets folder); nil: the quiz folder of `environment.lessonsDirectory`.
    /// - Throws: `CommandError` when a setting or dataset of the question is invalid, its path is refused
    ///   (`LessonPaths`), or the budget stopped a run.
    static func train(_ setup: LabSetup, seed: UInt64, environment: AppEnvironment, questionFolder: String? = nil,
                      budget: CostBudget = .standard) throws(CommandError) -> [Run] {
        var runs: [Run] = []
        let folder = questionFolder ?? environment.lessonsDirectory + "/quiz"
        for labRun in setup.runs {
            let session = try session(setup, run: labRun, seed: seed, environment: environment, questionFolder: folder)
            session.diagnosisTiming = .onDemand   // the chart is the question: no hint is shown
            if let refusal = budget.refusal(of: "train", in: session) { throw CommandError(refusal) }
            let observer = BudgetObserver(timeLimit: budget.timeLimit)
            session.observer = observer
            let run = try session.trainOnce().run
            if let reason = observer.stopReason { throw CommandError("the run `\(labRun.label)` was " + reason) }
            runs.append(run)
        }
        return runs
    }

    /// A fresh lab session set up for one run of a lab question: the defaults for the model and dataset, then
    /// the run's settings, then the seed, as the quiz format documents. A dataset that is not built in is a CSV
    /// path resolved inside `questionFolder` or the datasets folder (`LessonPaths.resolve`: no absolute path,
    /// no `..`, links resolved and kept inside, regular files only).
    /// - Throws: `CommandError` for an invalid setting or a refused path.
    static func session(_ setup: LabSetup, run: LabRun, seed: UInt64, environment: AppEnvironment,
                        questionFolder: String) throws(CommandError) -> LabSession {
        let session = LabSession(environment: environment)
        let settings = run.hyperparameters.map { "\($0.name)=\($0.value)" } + ["seed=\(seed)"]
        var dataset = setup.dataset
        if !DatasetCatalog.allNames.contains(dataset) {
            do {
                dataset = try LessonPaths.resolve(dataset, lessonFolder: questionFolder, datasetsFolder: environment.datasetsDirectory).path
            } catch {
                throw .teaching(error)
            }
        }
        try session.configure(dataset: dataset, noise: setup.noise, model: setup.model, settings: settings)
        return session
    }

    /// The curves the quiz's lab check reads.
    static func curves(_ runs: [Run]) -> [LabCurve] {
        runs.map { run in
            // Curves count epochs from 1: the epoch-0 record is left out.
            let trained = run.history.filter { $0.epoch > 0 }
            let hasValidation = trained.contains { $0.validationLoss != nil }
            return LabCurve(trainLoss: trained.map(\.trainLoss),
                            validationLoss: hasValidation ? trained.map { $0.validationLoss ?? .nan } : nil,
                            diverged: run.outcome.diverged)
        }
    }

    /// The chart shown before the question, with no setting named: one curve per run and set
    /// (labelled by the run's label when there are several runs).
    static func chart(_ setup: LabSetup, runs: [Run]) -> LineChart {
        let accuracy = setup.chart == "accuracy"
        var series: [Series] = []
        for (labRun, run) in zip(setup.runs, runs) {
            let prefix = setup.runs.count > 1 ? "\(labRun.label) " : ""
            series += ChartBuilder.curveSeries(history: Array(run.history), accuracy: accuracy, outcome: run.outcome, namePrefix: prefix)
        }
        let task = runs.first?.task ?? .regression
        return LineChart(series: series, title: "the mystery run" + (runs.count > 1 ? "s" : ""), xLabel: "epoch",
                         yLabel: accuracy ? "accuracy" : "loss (\(task.lossName))").withScalePolicy()
    }
}
