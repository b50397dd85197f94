import Foundation
import Learning
import Teaching
import TerminalCharts
import Tuning
import Vocabulary

/// `stats [TOPIC] [--json]`: quiz results per topic and over the days.
struct StatsCommand: LabCommand {
    static let name = "stats"
    static let usage = "stats [TOPIC] [--json]"
    static let summary = "quiz results per topic and over the days"
    static let details = """
        Per topic: questions, answers, retention (the share of reviews, answers a day or more after the previous \
        one, answered right), due today, due in the next 7 days, never answered, and the flagged questions by name \
        (missed 3 times since you last recalled them on a later day); then charts of your answers and retention by \
        day. `stats learning-rate` shows one topic; `stats --json` prints the same numbers as JSON.
        """
    static let allowedInLessons = false

    static func completions(words: [String], partial: String, context: CompletionContext) -> [String] {
        words.count == 1 ? context.quizTopics + ["--json"] : []
    }

    static func run(_ arguments: [String], in context: CommandContext) throws(CommandError) -> [Output] {
        try context.requireConsole(name).stats(arguments)
    }
}

extension LabConsole {
    fileprivate func stats(_ arguments: [String]) -> [Output] {
        let json = arguments.contains("--json")
        let words = arguments.filter { $0 != "--json" }
        if let option = words.first(where: { $0.hasPrefix("-") }) {
            return [.error("unknown option \(option); stats takes a topic and --json")]
        }
        guard words.count <= 1 else {
            return [.error("stats takes one topic at most (got \(words.joined(separator: " "))); write e.g. stats learning-rate")]
        }
        var (bank, outputs) = loadBank()
        var topic: String?
        if let text = words.first {
            do { topic = try QuizStats.resolveTopic(text, in: bank).id } catch { return outputs + [.error(error.message)] }
        }
        let (progress, notes) = loadQuizProgress()
        outputs += notes
        guard let progress else { return outputs }
        let (reviews, more) = loadReviews(sinceDay: today() - QuizStats.maximumDays)
        outputs += more
        guard let reviews else { return outputs }
        let stats = QuizStats(bank: bank, progress: progress, today: today(), topic: topic, reviews: reviews)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            do {
                return outputs + [.text(String(decoding: try encoder.encode(stats), as: UTF8.self))]
            } catch {
                return outputs + [.error("the stats could not be written as JSON (\(error))")]
            }
        }
        outputs.append(.text(stats.tableLines.joined(separator: "\n")))
        outputs += stats.charts.map { .chart($0) }
        return outputs
    }
}
