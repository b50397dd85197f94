import Vocabulary
import Learning
import TerminalCharts
import Teaching

/// Trains the hidden runs of a quiz lab question with the real engine and draws them.
enum LabQuestionRuns {
    /// The trained runs of `setup` with `seed`, in the order of `setup.runs`.
    ///
    /// Each run is trained in a fresh lab session: the defaults for the model and dataset, then
    /// the run's settings, then the seed, as the quiz format documents.
    /// - Throws: `CommandError` when a setting or dataset of the question is invalid.
    static func train(_ setup: LabSetup, seed: UInt64, environment: AppEnvironment) throws(CommandError) -> [Run] {
        var runs: [Run] = []
        for labRun in setup.runs {
            let session = LabSession(environment: environment)
            session.diagnosisTiming = .onDemand   // the chart is the question: no hint is shown
            let settings = labRun.hyperparameters.map { "\($0.name)=\($0.value)" } + ["seed=\(seed)"]
            try session.configure(dataset: setup.dataset, noise: setup.noise, model: setup.model, settings: settings)
            runs.append(try session.trainOnce().run)
        }
        return runs
    }

    /// The curves the quiz's lab check reads.
    static func curves(_ runs: [Run]) -> [LabCurve] {
        runs.map { run in
            let hasValidation = run.history.contains { $0.validationLoss != nil }
            return LabCurve(trainLoss: run.history.map(\.trainLoss),
                            validationLoss: hasValidation ? run.history.map { $0.validationLoss ?? .nan } : nil,
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
            let epochs = run.history.map { Double($0.epoch) }
            let train = run.history.map { accuracy ? ($0.trainAccuracy ?? .nan) : $0.trainLoss }
            series.append(Series(name: prefix + "training", xs: epochs, ys: train))
            if run.history.contains(where: { $0.validationLoss != nil }) {
                let validation = run.history.map { accuracy ? ($0.validationAccuracy ?? .nan) : ($0.validationLoss ?? .nan) }
                series.append(Series(name: prefix + "validation", xs: epochs, ys: validation))
            }
        }
        let task = runs.first?.task ?? .regression
        return LineChart(series: series, title: "the mystery run" + (runs.count > 1 ? "s" : ""), xLabel: "epoch",
                         yLabel: accuracy ? "accuracy" : "loss (\(task.lossName))",
                         yScale: !accuracy && ChartBuilder.prefersLogScale(series) ? .log : .linear)
    }
}
