import Foundation
import Teaching
import Vocabulary

/// `report [--markdown|--json]`: your progress to hand in to a teacher.
struct ReportCommand: LabCommand {
    static let name = "report"
    static let usage = "report [--markdown|--json]"
    static let summary = "your progress to hand in: lessons, steps, quiz retention, days practised"
    static let details = """
        Lessons finished, steps done (and skipped) per lesson, per quiz topic the questions seen, answers, reviews and \
        retention (the share of reviews, answers a day or more after the previous one, answered right), and the days \
        practised. Markdown by default (`--markdown`), or JSON with `--json`; `hyperlab report > report.md` writes it \
        from the shell.
        """
    static let allowedInLessons = false

    static func completions(words: [String], partial: String, context: CompletionContext) -> [String] {
        words.count == 1 ? ["--markdown", "--json"] : []
    }

    static func run(_ arguments: [String], in context: CommandContext) throws(CommandError) -> [Output] {
        let json: Bool
        switch arguments {
        case []: json = false
        case ["--markdown"]: json = false
        case ["--json"]: json = true
        default: throw CommandError("report takes --markdown or --json (got `\(arguments.joined(separator: " "))`). Usage: \(usage)")
        }
        return try context.requireConsole(name).report(json: json)
    }
}

extension LabConsole {
    fileprivate func report(json: Bool) -> [Output] {
        let (report, outputs) = loadReport()
        guard let report else { return outputs }
        let text = json ? report.json : report.markdown
        return outputs + [.text(text.hasSuffix("\n") ? String(text.dropLast()) : text)]
    }
}
