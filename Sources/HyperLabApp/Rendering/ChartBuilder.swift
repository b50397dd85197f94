import Vocabulary
import Learning
import TerminalCharts

/// Turns runs into chart values (no drawing here: `TerminalCharts` draws).
enum ChartBuilder {
    /// Training and validation data loss against epoch, from epoch 0 (the loss before any
    /// training). Scales by `ScalePolicy` (log y past two decades, named on the axis); a diverged
    /// run ends in a "!" joined to the curve by a rise, and the epoch whose weights early
    /// stopping restored gets a vertical line.
    static func lossChart(_ run: Run) -> LineChart {
        curves(history: Array(run.history), task: run.task, accuracy: false, outcome: run.outcome,
               title: "run \(run.id): \(run.model.rawValue) on \(run.datasetName)")
    }

    /// Training and validation accuracy (share correct, 0 to 1) against epoch, from epoch 0,
    /// with the same divergence and early-stopping marks as `lossChart`.
    static func accuracyChart(_ run: Run) -> LineChart {
        curves(history: Array(run.history), task: run.task, accuracy: true, outcome: run.outcome, title: "run \(run.id): accuracy")
    }

    /// The training and validation curves of `history` (loss, or accuracy when `accuracy`), one
    /// series each, scaled by `ScalePolicy`. With an `outcome`: a "!" at the epoch where the run
    /// diverged (on the top edge when the loss there is not finite) joined to the curve, and
    /// the early-stopping line at the restored epoch.
    static func curves(history: [EpochRecord], task: LearningTask, accuracy: Bool, outcome: TrainingOutcome?,
                       title: String, namePrefix: String = "") -> LineChart {
        let series = curveSeries(history: history, accuracy: accuracy, outcome: outcome, namePrefix: namePrefix)
        var chart = LineChart(series: series, title: title, xLabel: "epoch",
                              yLabel: accuracy ? "accuracy" : "loss (\(task.lossName))")
        if let restored = outcome?.restoredBestEpoch, outcome?.stoppedEarly == true {
            chart.verticalLines = [.earlyStopping(epoch: Double(restored))]
        }
        return chart.withScalePolicy()
    }

    /// The series of `curves`: training, then validation when any epoch has validation data.
    static func curveSeries(history: [EpochRecord], accuracy: Bool, outcome: TrainingOutcome?, namePrefix: String = "") -> [Series] {
        let epochs = history.map { Double($0.epoch) }
        let trainValues = history.map { accuracy ? ($0.trainAccuracy ?? .nan) : $0.trainLoss }
        var training = Series(name: namePrefix + "training", xs: epochs, ys: trainValues)
        if let outcome, outcome.diverged, let at = outcome.divergedAt {
            let value = history.first { $0.epoch == at }.map { accuracy ? ($0.trainAccuracy ?? .nan) : $0.trainLoss } ?? .infinity
            training.markers.append(.divergence(x: Double(at), y: accuracy || !value.isFinite ? .infinity : value))
        }
        var series = [training]
        if history.contains(where: { $0.validationLoss != nil }) {
            series.append(Series(name: namePrefix + "validation", xs: epochs,
                                 ys: history.map { accuracy ? ($0.validationAccuracy ?? .nan) : ($0.validationLoss ?? .nan) }))
        }
        return series
    }

    /// The validation loss of several runs on one chart (training loss for a run without validation data),
    /// each run named by what differs among them (`differenceLabels`), on one scale (`ScalePolicy`),
    /// a diverged run marked where it diverged.
    static func comparison(_ runs: [Run]) -> LineChart {
        let series = zip(runs, differenceLabels(runs)).map { run, label -> Series in
            let hasValidation = run.history.contains { $0.validationLoss != nil }
            var series = Series(name: label + (hasValidation ? "" : " (training)"), xs: run.history.map { Double($0.epoch) },
                                ys: run.history.map { hasValidation ? ($0.validationLoss ?? .nan) : $0.trainLoss })
            if run.outcome.diverged, let at = run.outcome.divergedAt {
                series.markers.append(.divergence(x: Double(at)))
            }
            return series
        }
        return LineChart(series: series, title: "validation loss by run", xLabel: "epoch", yLabel: "loss").withScalePolicy()
    }
}
