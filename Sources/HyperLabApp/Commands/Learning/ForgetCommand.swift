import Foundation
import Learning
import Teaching
import TerminalCharts
import Tuning
import Vocabulary

/// `forget LESSON`: clear your progress in one lesson.
struct ForgetCommand: LabCommand {
    static let name = "forget"
    static let usage = "forget LESSON"
    static let summary = "clear your progress in one lesson"
    static let details = "`forget 2` starts lesson 2 from scratch next time."
    static let allowedInLessons = false

    static func completions(words: [String], partial: String, context: CompletionContext) -> [String] {
        words.count == 1 ? context.lessonNames : []
    }

    static func run(_ arguments: [String], in context: CommandContext) throws(CommandError) -> [Output] {
        try context.requireConsole(name).forget(arguments)
    }
}

extension LabConsole {
    fileprivate func forget(_ arguments: [String]) -> [Output] {
        guard let name = arguments.first, arguments.count == 1 else { return [.error("forget needs one lesson name or number")] }
        guard let lesson = loadBook().lesson(matching: name) else {
            return [.error("no lesson `\(name)`." + didYouMean(name, among: loadBook().lessons.map(\.id)))]
        }
        let (opened, notes) = openStore()
        var outputs = notes
        guard let store = opened else { return outputs }
        let had: Bool
        do { had = try store.forgetLesson(lesson.id) } catch { return outputs + [.error(error.message)] }
        lessonBaseline[lesson.id] = nil
        outputs.append(.text(had ? "progress of lesson \(lesson.number) (\(lesson.id)) cleared" : "lesson \(lesson.number) had no progress to clear"))
        return outputs
    }
}
