import Foundation
import Learning
import Teaching
import TerminalCharts
import Tuning
import Vocabulary

/// `quiz [TOPIC] [--count N] [--seed N] | quiz review [--json]`: practise with questions; what you miss comes back
/// (spaced repetition, FSRS-6).
struct StartQuizCommand: LabCommand {
    static let name = "quiz"
    static let usage = "quiz [TOPIC] [--count N] [--seed N] | quiz review [--json]"
    static let summary = "practise with questions; what you miss comes back (spaced repetition)"
    static let details = """
        `quiz` asks 10 questions, due ones first; `quiz learning-rate --count 5` picks a topic; `--seed N` fixes the \
        order of the questions and choices (the same N, the same quiz). `quiz review` asks what is due and then says \
        when the next reviews are; `quiz review --json` prints what is due as JSON instead. At a question: `hint`, \
        `skip`, `quit`; after a free-text answer graded wrong, `i was right` (or `override`) if it was right. Lab \
        questions train a hidden setup and ask you to read its chart. The schedule is FSRS-6 with a desired retention \
        of 0.9: wrong is graded again, right after a hint or `i was right` hard, right good, right within 15 s on a \
        true/false or choice question not yet answered that day easy; a retry after the answer was shown does not \
        count. Every answer is kept in the review log of your database.
        """
    static let allowedInLessons = false

    static func completions(words: [String], partial: String, context: CompletionContext) -> [String] {
        if words.count == 2 && words[1] == "review" { return ["--json", "--count"] }
        return words.count == 1 ? ["review", "--count", "--seed"] + context.quizTopics : []
    }

    static func run(_ arguments: [String], in context: CommandContext) throws(CommandError) -> [Output] {
        try context.requireConsole(name).startQuiz(arguments)
    }
}

extension LabConsole {
    fileprivate func startQuiz(_ arguments: [String]) -> [Output] {
        let request: QuizRequest
        do { request = try QuizRequest.parse(arguments) } catch { return [.error(error.message)] }
        var (bank, outputs) = loadBank()
        let (loaded, notes) = loadQuizProgress()
        outputs += notes
        guard let progress = loaded, !outputs.contains(where: \.isError) else { return outputs }
        let mode = request.command.mode
        if request.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            do {
                let data = try encoder.encode(ReviewPlan(bank: bank, progress: progress, today: today()))
                return outputs + [.text(String(decoding: data, as: UTF8.self))]
            } catch {
                return outputs + [.error("the review plan could not be written as JSON (\(error))")]
            }
        }
        do {
            var session = try QuizSession(bank: bank, progress: progress, mode: mode, seed: request.seed ?? seed, day: today(),
                                          seededOrder: request.seed != nil)
            if let empty = session.emptyMessage(mode: mode) {
                if case .review = mode { return outputs + [.text(ReviewPlan(bank: bank, progress: progress, today: today()).line)] }
                return outputs + [.text(empty)]
            }
            outputs.append(.text("Quiz: type your answer; `hint`, `skip` and `quit` work at any question."))
            outputs += present(&session)
            savedReviews = 0
            if case .review = mode { quizIsReview = true } else { quizIsReview = false }
            quiz = session.isFinished ? nil : session
        } catch {
            outputs.append(.error(error.message))
        }
        return outputs
    }
}
