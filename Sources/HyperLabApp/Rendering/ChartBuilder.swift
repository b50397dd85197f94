import Vocabulary
import Learning
import TerminalCharts

/// Turns runs into chart values (no drawing here: `TerminalCharts` draws).
enum ChartBuilder {
    /// Training and validation data loss against epoch. A log y axis is used when the losses
    /// span more than two decades (a diverging run), so the early epochs stay readable.
    static func lossChart(_ run: Run) -> LineChart {
        let epochs = run.history.map { Double($0.epoch) }
        var series = [Series(name: "training", xs: epochs, ys: run.history.map(\.trainLoss))]
        if run.history.contains(where: { $0.validationLoss != nil }) {
            series.append(Series(name: "validation", xs: epochs, ys: run.history.map { $0.validationLoss ?? .nan }))
        }
        return LineChart(series: series, title: "run \(run.id): \(run.model.rawValue) on \(run.datasetName)",
                         xLabel: "epoch", yLabel: "loss (\(run.task.lossName))",
                         yScale: prefersLogScale(series) ? .log : .linear)
    }

    /// Training and validation accuracy (share correct, 0 to 1) against epoch.
    static func accuracyChart(_ run: Run) -> LineChart {
        let epochs = run.history.map { Double($0.epoch) }
        var series = [Series(name: "training", xs: epochs, ys: run.history.map { $0.trainAccuracy ?? .nan })]
        if run.history.contains(where: { $0.validationAccuracy != nil }) {
            series.append(Series(name: "validation", xs: epochs, ys: run.history.map { $0.validationAccuracy ?? .nan }))
        }
        return LineChart(series: series, title: "run \(run.id): accuracy", xLabel: "epoch", yLabel: "accuracy")
    }

    /// The validation loss of several runs on one chart (training loss for a run without validation data),
    /// each run named by what differs among them (`differenceLabels`).
    static func comparison(_ runs: [Run]) -> LineChart {
        let series = zip(runs, differenceLabels(runs)).map { run, label -> Series in
            let hasValidation = run.history.contains { $0.validationLoss != nil }
            return Series(name: label + (hasValidation ? "" : " (training)"), xs: run.history.map { Double($0.epoch) },
                          ys: run.history.map { hasValidation ? ($0.validationLoss ?? .nan) : $0.trainLoss })
        }
        return LineChart(series: series, title: "validation loss by run", xLabel: "epoch",
                         yLabel: "loss", yScale: prefersLogScale(series) ? .log : .linear)
    }

    /// True when the positive finite values span more than two decades.
    static func prefersLogScale(_ series: [Series]) -> Bool {
        let values = series.flatMap(\.ys).filter { $0.isFinite && $0 > 0 }
        guard let low = values.min(), let high = values.max() else { return false }
        return high / low > 100
    }
}
