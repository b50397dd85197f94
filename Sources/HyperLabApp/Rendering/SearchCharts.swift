import Vocabulary
import TerminalCharts

extension ChartBuilder {
    /// A sweep's validation curve: training and validation loss at each evaluated value, every
    /// evaluated value marked on both lines, the lowest validation loss marked "B"; the y scale
    /// by `ScalePolicy`, and x on a log axis when `logX` (values spaced by factors, as the sweep
    /// chose them) or when `ScalePolicy.xScale` finds the values log-spaced.
    static func sweep(xs: [Double], train: [Double], validation: [Double], title: String, xLabel: String, logX: Bool) -> LineChart {
        let training = Series(name: "training", xs: xs, ys: train, style: .line, marksEveryPoint: true)
        var checked = Series(name: "validation", xs: xs, ys: validation, style: .line, marksEveryPoint: true)
        if let best = validation.indices.filter({ validation[$0].isFinite }).min(by: { validation[$0] < validation[$1] }) {
            checked.markers = [.best(x: xs[best], y: validation[best])]
        }
        var chart = LineChart(series: [training, checked], title: title, xLabel: xLabel, yLabel: "loss").withScalePolicy(sweepX: true)
        if logX { chart.xScale = .log }
        return chart
    }

    /// Best-so-far curves of searches (one per strategy: name and (evaluation, best value)
    /// points), every evaluation marked, the best of each marked "B". With a known `optimum`
    /// (built-in objectives such as branin or gramacy-lee) the chart plots the regret, the best
    /// value so far minus the optimum (`ScalePolicy.regret`), on a log y axis, so that searches
    /// a factor apart stay apart; else the best values on the `ScalePolicy` scale.
    static func bestSoFar(_ searches: [(name: String, points: [(Double, Double)])], optimum: Double?, title: String) -> LineChart {
        let series = searches.map { search -> Series in
            let xs = search.points.map(\.0)
            let values = search.points.map(\.1)
            let ys = optimum.map { ScalePolicy.regret(bestSoFarOf: values, optimum: $0) } ?? values
            var line = Series(name: search.name, xs: xs, ys: ys, style: .line, marksEveryPoint: true)
            if let last = ys.indices.last(where: { ys[$0].isFinite }) {
                let label = "best \(search.name): \(NumberFormat.loss(values[last]))" + (optimum.map { " (gap \(NumberFormat.loss(values[last] - $0)))" } ?? "")
                line.markers = [.best(x: xs[last], y: ys[last], label: label)]
            }
            return line
        }
        if let optimum {
            var chart = LineChart(series: series, title: title, xLabel: "evaluations",
                                  yLabel: "best value - global minimum \(NumberFormat.loss(optimum)) (log scale)")
            chart.yScale = .log
            return chart
        }
        return LineChart(series: series, title: title, xLabel: "evaluations", yLabel: "best value").withScalePolicy()
    }
}
