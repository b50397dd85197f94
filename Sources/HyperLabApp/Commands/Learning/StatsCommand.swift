import Foundation
import Learning
import Teaching
import TerminalCharts
import Tuning
import Vocabulary

/// `stats [TOPIC]`: quiz results per topic and over the days.
struct StatsCommand: LabCommand {
    static let name = "stats"
    static let usage = "stats [TOPIC]"
    static let summary = "quiz results per topic and over the days"
    static let details = "Answered, share right, due and flagged questions per topic, and a chart of your results by day."
    static let allowedInLessons = false

    static func completions(words: [String], partial: String, context: CompletionContext) -> [String] {
        words.count == 1 ? context.quizTopics : []
    }

    static func run(_ arguments: [String], in context: CommandContext) throws(CommandError) -> [Output] {
        try context.requireConsole(name).stats(arguments)
    }
}

extension LabConsole {
    fileprivate func stats(_ arguments: [String]) -> [Output] {
        let (bank, notes) = loadBank()
        let (progress, more) = loadQuizProgress()
        let topic = arguments.first
        if let topic, bank.topic(matching: topic) == nil {
            return [.error("no quiz topic `\(topic)`." + didYouMean(topic, among: bank.topics.map(\.id)) + " Topics: " + bank.topics.map(\.id).joined(separator: ", "))]
        }
        let stats = QuizStats(bank: bank, progress: progress, today: today(), topic: topic)
        var outputs = notes + more
        outputs.append(.text(stats.tableLines.joined(separator: "\n")))
        let days = stats.days
        if days.filter({ $0.correct + $0.wrong > 0 }).count >= 2 {
            let xs = days.map { Double($0.day - today()) }
            let ys = days.map { $0.shareCorrect ?? .nan }
            outputs.append(.chart(LineChart(series: [Series(name: "share right", xs: xs, ys: ys)],
                                            title: "quiz results by day", xLabel: "days from today", yLabel: "share right")))
        }
        return outputs
    }
}
