import Foundation
import Learning
import Teaching
import TerminalCharts
import Tuning
import Vocabulary

/// `lesson NAME|NUMBER`: start or resume a lesson.
struct StartLessonCommand: LabCommand {
    static let name = "lesson"
    static let usage = "lesson NAME|NUMBER"
    static let summary = "start or resume a lesson"
    static let details = "Inside a lesson: `next`, `back`, `hint` (more each time), `skip` (shows the answer), `restart`, `bye` (leave; progress is kept). Every lab command works inside a lesson too."
    static let allowedInLessons = false

    static func completions(words: [String], partial: String, context: CompletionContext) -> [String] {
        words.count == 1 ? context.lessonNames : []
    }

    static func run(_ arguments: [String], in context: CommandContext) throws(CommandError) -> [Output] {
        try context.requireConsole(name).startLesson(arguments)
    }
}

extension LabConsole {
    /// Why `lesson NAME` would not start a lesson (no lesson by that name or number, with a suggestion), nil when it
    /// would: checked before the lab opens with a lesson from the shell.
    public func lessonProblem(_ name: String) -> String? {
        let book = loadBook()
        guard book.lesson(matching: name) == nil else { return nil }
        return "no lesson `\(name)`." + didYouMean(name, among: book.lessons.map(\.id)) + " `hyperlab lessons` lists them"
    }

    fileprivate func startLesson(_ arguments: [String]) -> [Output] {
        let book = loadBook()
        guard let name = arguments.first, arguments.count == 1 else {
            return [.error("lesson needs one name or number, e.g. `lesson 1` or `lesson learning-rate`; `lessons` lists them")]
        }
        guard let lesson = book.lesson(matching: name) else {
            return [.error("no lesson `\(name)`." + didYouMean(name, among: book.lessons.map(\.id)) + " `lessons` lists them")]
        }
        let (loaded, notes) = loadProgress()
        var outputs = notes
        guard let record = loaded else { return outputs }
        lessonBaseline[lesson.id] = record.lessons[lesson.id]
        var newRunner = LessonRunner(lesson: lesson, progress: record.lessons[lesson.id] ?? LessonProgress(), seed: lessonSeed)
        let effects = newRunner.start()
        runner = newRunner
        outputs += apply(effects)
        return outputs
    }
}
