import Vocabulary
import Foundation
import Learning
import Teaching
import TerminalCharts

/// Everything the learner types goes through here: the lab's commands (`LabSession`), the
/// lessons (`LessonRunner`) and the quiz (`QuizSession`).
///
/// While a quiz is open, lines are answers (and `hint`, `skip`, `quit`, `override`); while a
/// lesson is open, lesson commands (`next`, `back`, `hint`, `skip`, `restart`, `bye`) and
/// answers to its questions are taken first and every other line is a lab command. Progress is
/// saved after every step and every answer. Like `LabSession`, it returns values and never prints.
public final class LabConsole {
    /// The lab the commands act on.
    public let lab: LabSession
    let environment: AppEnvironment
    /// Today's day number for the quiz schedule (`QuizDay`); injectable for tests.
    let today: () -> Int
    let seed: UInt64

    var book: LessonBook?
    var runner: LessonRunner?
    var progress: ProgressRecord?
    let progressStore: ProgressStore

    var bank: QuestionBank?
    var quiz: QuizSession?
    var quizProgress: QuizProgress?
    let quizFile: StateFile

    /// A console over `lab`. `today` gives the quiz's day number; `seed` fixes quiz order and lab seeds.
    public init(lab: LabSession, today: @escaping () -> Int = { QuizDay.number(of: Date()) }, seed: UInt64 = UInt64(Date().timeIntervalSince1970)) {
        self.lab = lab
        self.environment = lab.environment
        self.today = today
        self.seed = seed
        self.progressStore = ProgressStore(directory: lab.environment.dataDirectory)
        self.quizFile = StateFile(path: lab.environment.dataDirectory + "/" + QuizProgress.fileName)
    }

    /// The prompt for the next line: `hyperlab> `, `lesson 2 · 3/9> ` or `quiz 4/10> `.
    public var prompt: String {
        if let current = quiz?.current { return "quiz \(current.position)/\(current.total)> " }
        if let runner { return "lesson \(runner.lesson.number) · \(runner.index + 1)/\(runner.lesson.steps.count)> " }
        return "hyperlab> "
    }


    /// Closes what is open when input ends (Ctrl-D): an open quiz ends with its summary and its
    /// progress saved; a lesson's progress is already saved after every step.
    public func finish() -> [Output] {
        quiz != nil ? quizInput("quit") : []
    }

    /// Runs one line. Never throws: failures come back as one `.error` output.
    public func execute(_ line: String) -> [Output] {
        if quiz != nil { return quizInput(line) }
        if runner != nil { return lessonInput(line) }
        return command(line)
    }

    private func command(_ line: String) -> [Output] {
        let words: [String]
        do { words = try splitCommandWords(line) } catch { return [.error(error.message)] }
        guard let first = words.first?.lowercased() else { return [] }
        if CommandRegistry.command(named: first) == nil, Teaching.LessonCommand(rawValue: first) != nil {
            return [.error("`\(first)` works inside a lesson; none is open. `lessons` lists them, `lesson NAME` starts one")]
        }
        return lab.execute(line, console: self)
    }

    // MARK: - Lessons

    func loadBook() -> LessonBook {
        if let book { return book }
        let loaded = LessonBook.load(directory: environment.lessonsDirectory, allowedCommands: CommandRegistry.lessonWords, refusedCommands: CommandRegistry.refusedInLessons,
                                     datasetNames: DatasetCatalog.allNames)
        book = loaded
        return loaded
    }

    func loadProgress() -> (ProgressRecord, [Output]) {
        if let progress { return (progress, []) }
        let (record, message) = progressStore.load()
        progress = record
        return (record, message.map { [.text("note: " + $0)] } ?? [])
    }




    private func lessonInput(_ line: String) -> [Output] {
        guard var current = runner else { return command(line) }
        let replWords = CommandRegistry.words
        switch current.classify(line, replWords: replWords) {
        case .command(let lessonCommand):
            let effects = current.handle(lessonCommand)
            runner = current
            return apply(effects)
        case .answer:
            let effects = current.answer(line)
            runner = current
            return apply(effects)
        case .repl:
            let words = (try? splitCommandWords(line)) ?? []
            if let first = words.first?.lowercased(), let command = CommandRegistry.command(named: first),
               [LessonsCommand.name, StartLessonCommand.name, StartQuizCommand.name, ForgetCommand.name, StatsCommand.name].contains(command.name) {
                return [.error("`\(first)` is not available inside a lesson: type `bye` to leave this one first (your progress is kept)")]
            }
            return runLabCommand(line)
        }
    }

    /// Runs a lab command inside a lesson and shows every training to the lesson runner.
    private func runLabCommand(_ line: String) -> [Output] {
        var outputs: [Output] = []
        for output in lab.execute(line) {
            outputs.append(output)
            if case .run(let run, _) = output, var current = runner {
                let effects = current.observe(run: RunFacts(run))
                runner = current
                outputs += apply(effects)
            }
        }
        return outputs
    }

    /// Carries out the runner's effects in order.
    func apply(_ effects: [LessonEffect]) -> [Output] {
        var outputs: [Output] = []
        for effect in effects {
            switch effect {
            case .say(let text): outputs.append(.text(text))
            case .run(let lessonCommands):
                for lessonCommand in lessonCommands {
                    guard let command = resolvedLessonCommand(lessonCommand, into: &outputs) else { continue }
                    outputs += runLabCommand(command)
                }
            case .setUp(let summary, let lessonCommands):
                outputs.append(.text(summary))
                for lessonCommand in lessonCommands {
                    guard let command = resolvedLessonCommand(lessonCommand, into: &outputs) else { continue }
                    outputs += runLabCommand(command).filter { output in
                        if case .run = output { return true }
                        return output.isError
                    }
                }
            case .saveProgress(let lessonID, let lessonProgress):
                var record = progress ?? ProgressRecord()
                record.lessons[lessonID] = lessonProgress
                progress = record
                do { try progressStore.save(record) } catch {
                    outputs.append(.error("progress not saved: \(error.message)"))
                }
            case .left, .finished:
                runner = nil
            }
        }
        return outputs
    }

    // MARK: - Quiz

    func loadBank() -> (QuestionBank, [Output]) {
        if let bank { return (bank, []) }
        let (loaded, errors) = QuestionBank.load(directory: environment.lessonsDirectory + "/quiz")
        bank = loaded
        return (loaded, errors.map { .text("note: \($0)") })
    }

    func loadQuizProgress() -> (QuizProgress, [Output]) {
        if let quizProgress { return (quizProgress, []) }
        do {
            let loaded = try quizFile.load(QuizProgress.self)
            let value = loaded.value ?? QuizProgress()
            quizProgress = value
            return (value, loaded.notice.map { [.text("note: " + $0)] } ?? [])
        } catch {
            return (QuizProgress(), [.error(error.message)])
        }
    }


    /// Moves to the next question and shows it (training and drawing a lab question's hidden runs first).
    func present(_ session: inout QuizSession) -> [Output] {
        guard let question = session.next() else {
            return []
        }
        var outputs: [Output] = []
        if let lab = question.lab {
            do {
                let runs = try LabQuestionRuns.train(lab.setup, seed: lab.seed, environment: environment)
                outputs.append(.chart(LabQuestionRuns.chart(lab.setup, runs: runs)))
            } catch {
                outputs.append(.error("this lab question could not be trained (\(error.message)); type `skip`"))
            }
        }
        outputs.append(.text(question.lines.joined(separator: "\n")))
        return outputs
    }

    private func quizInput(_ line: String) -> [Output] {
        guard var session = quiz else { return command(line) }
        let reply = session.handle(line)
        var outputs: [Output] = [.text(reply.lines.joined(separator: "\n"))]
        switch reply {
        case .feedback, .overridden, .skipped:
            quizProgress = session.progress
            do { try quizFile.save(session.progress) } catch { outputs.append(.error("quiz progress not saved: \(error.message)")) }
            if case .overridden = reply { break }
            outputs += present(&session)
            if session.current == nil || session.isFinished {
                outputs.append(.text(session.summary.lines.joined(separator: "\n")))
                quiz = nil
                return outputs
            }
        case .finished:
            quizProgress = session.progress
            do { try quizFile.save(session.progress) } catch { outputs.append(.error("quiz progress not saved: \(error.message)")) }
            quiz = nil
            return outputs
        case .hint, .notUnderstood:
            break
        }
        quiz = session
        return outputs
    }

}
