import Teaching
import TerminalCharts

extension QuizStats {
    /// The charts of `stats`: answers per day as bars (every listed day, zeros included, y from 0), and, when at least one day
    /// had reviews, retention per day (only days with reviews, so never NaN; y fixed to 0...1 so that one bad day is
    /// not zoomed into a cliff). x is days from today (0 = today).
    var charts: [LineChart] {
        let answers = answersSeries
        var charts = [LineChart(series: [Series(name: answers.name, xs: answers.xs, ys: answers.ys, style: .bars)],
                                title: "quiz answers by day", xLabel: "days from today", yLabel: "answers", yRange: answers.yRange)]
        let retention = retentionSeries
        if !retention.xs.isEmpty {
            charts.append(LineChart(series: [Series(name: retention.name, xs: retention.xs, ys: retention.ys,
                                                    style: retention.xs.count < 2 ? .points : .line)],
                                    title: "retention by day (reviews answered right)", xLabel: "days from today",
                                    yLabel: "share", yRange: retention.yRange))
        }
        return charts
    }
}
