import Foundation
import Learning
import Teaching
import TerminalCharts
import Tuning
import Vocabulary

/// `quiz [TOPIC] [--count N] | quiz review`: practise with questions; what you miss comes back (spaced repetition).
struct StartQuizCommand: LabCommand {
    static let name = "quiz"
    static let usage = "quiz [TOPIC] [--count N] | quiz review"
    static let summary = "practise with questions; what you miss comes back (spaced repetition)"
    static let details = "`quiz` asks 10 questions, due ones first; `quiz learning-rate --count 5` picks a topic; `quiz review` asks what is due again. At a question: `hint`, `skip`, `quit`; after a free-text answer graded wrong, `override` if you were right. Lab questions train a hidden setup and ask you to read its chart."
    static let allowedInLessons = false

    static func completions(words: [String], partial: String, context: CompletionContext) -> [String] {
        words.count == 1 ? ["review", "--count"] + context.quizTopics : []
    }

    static func run(_ arguments: [String], in context: CommandContext) throws(CommandError) -> [Output] {
        try context.requireConsole(name).startQuiz(arguments)
    }
}

extension LabConsole {
    fileprivate func startQuiz(_ arguments: [String]) -> [Output] {
        let command: QuizCommand
        do { command = try QuizCommand.parse(arguments) } catch { return [.error(error.message)] }
        var (bank, outputs) = loadBank()
        let (progress, notes) = loadQuizProgress()
        outputs += notes
        if outputs.contains(where: \.isError) { return outputs }
        do {
            var session = try QuizSession(bank: bank, progress: progress, mode: command.mode, seed: seed, day: today())
            if let empty = session.emptyMessage(mode: command.mode) { return outputs + [.text(empty)] }
            outputs.append(.text("Quiz: type your answer; `hint`, `skip` and `quit` work at any question."))
            outputs += present(&session)
            quiz = session.isFinished ? nil : session
        } catch {
            outputs.append(.error(error.message))
        }
        return outputs
    }
}
