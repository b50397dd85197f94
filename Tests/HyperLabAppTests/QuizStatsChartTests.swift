import Foundation
import Testing
import Teaching
import TerminalCharts
@testable import HyperLabApp

@Suite struct QuizStatsChartTests {
    @Test func chartsHaveNoNaNAndAnHonestYRange() {
        let topic = QuizTopic(id: "t", title: "T")
        let bank = QuestionBank(topics: [topic], questions: [
            QuizQuestion(id: "q", topic: "t", prompt: "?", expected: .trueFalse(true), modelAnswer: nil, hints: [], explanation: "",
                         source: SourceLocation(file: "f", line: 1)),
        ])
        var progress = QuizProgress()
        var log: [ReviewEntry] = []
        for (day, grade) in [(0, ReviewGrade.good), (3, .again), (4, .good)] {
            let before = progress.cards["q"]
            let after = progress.record(questionID: "q", topic: "t", grade: grade, day: day)
            log.append(ReviewEntry(time: Date(), day: day, questionID: "q", topic: "t", grade: grade, counted: true, isOverride: false,
                                   elapsedDays: before.map { day - $0.lastDay }, before: before, after: after))
        }
        let charts = QuizStats(bank: bank, progress: progress, today: 6, reviews: log).charts
        #expect(charts.count == 2)
        #expect(charts.allSatisfy { $0.series.allSatisfy { $0.ys.allSatisfy { $0.isFinite } } })
        #expect(charts[0].yRange == 0...1 && charts[0].series[0].ys == [1, 0, 0, 1, 1, 0, 0])
        #expect(charts[1].yRange == 0...1 && charts[1].series[0].xs == [-3, -2] && charts[1].series[0].ys == [0, 1])
        // A new learner: one chart of zeros, no retention chart.
        #expect(QuizStats(bank: bank, progress: QuizProgress(), today: 6).charts.count == 1)
    }
}
