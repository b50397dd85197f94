import Foundation
import Learning
import Teaching
import TerminalCharts
import Tuning
import Vocabulary

/// `lessons`: list the lessons with your progress in each.
struct LessonsCommand: LabCommand {
    static let name = "lessons"
    static let usage = "lessons"
    static let summary = "list the lessons with your progress in each"
    static let details = "Lessons are files in Lessons/ (see Lessons/README.md to write your own)."
    static let allowedInLessons = false

    static func run(_ arguments: [String], in context: CommandContext) throws(CommandError) -> [Output] {
        try context.requireConsole(name).lessonsOverview(arguments)
    }
}

extension LabConsole {
    fileprivate func lessonsOverview(_ arguments: [String]) -> [Output] {
        guard arguments.isEmpty else { return [.error("`lessons` takes no arguments; `lesson NAME` starts one")] }
        let book = loadBook()
        let (loaded, notes) = loadProgress()
        var outputs = notes
        guard let record = loaded else { return outputs }
        if book.lessons.isEmpty && book.errors.isEmpty {
            return outputs + [.error("no lessons found in \(environment.lessonsDirectory); point --lessons DIR or HYPERLAB_HOME at hyperlab's folder")]
        }
        var lines = ["Lessons (`lesson NUMBER` or `lesson NAME` starts or resumes one):"]
        lines += book.overview(progress: record).map { "  " + $0 }
        for error in book.errors { lines.append("note: \(error)") }
        outputs.append(.text(lines.joined(separator: "\n")))
        return outputs
    }
}
