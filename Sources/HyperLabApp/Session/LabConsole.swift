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
    private let environment: AppEnvironment
    /// Today's day number for the quiz schedule (`QuizDay`); injectable for tests.
    private let today: () -> Int
    private let seed: UInt64

    private var book: LessonBook?
    private var runner: LessonRunner?
    private var progress: ProgressRecord?
    private let progressStore: ProgressStore

    private var bank: QuestionBank?
    private var quiz: QuizSession?
    private var quizProgress: QuizProgress?
    private let quizFile: StateFile

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

    /// The words that start a lab command, for lesson files and completion.
    static var labCommandWords: [String] { CommandCatalog.labCommands.flatMap { [$0.name] + $0.aliases } }

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
        let arguments = Array(words.dropFirst())
        switch CommandCatalog.command(named: first)?.name {
        case "lessons": return lessonsOverview(arguments)
        case "lesson": return startLesson(arguments)
        case "forget": return forget(arguments)
        case "quiz": return startQuiz(arguments)
        case "stats": return stats(arguments)
        default:
            if LessonCommand(rawValue: first) != nil {
                return [.error("`\(first)` works inside a lesson; none is open. `lessons` lists them, `lesson NAME` starts one")]
            }
            return lab.execute(line)
        }
    }

    // MARK: - Lessons

    private func loadBook() -> LessonBook {
        if let book { return book }
        let loaded = LessonBook.load(directory: environment.lessonsDirectory, allowedCommands: Self.labCommandWords,
                                     datasetNames: DatasetCatalog.allNames)
        book = loaded
        return loaded
    }

    private func loadProgress() -> (ProgressRecord, [Output]) {
        if let progress { return (progress, []) }
        let (record, message) = progressStore.load()
        progress = record
        return (record, message.map { [.text("note: " + $0)] } ?? [])
    }

    private func lessonsOverview(_ arguments: [String]) -> [Output] {
        guard arguments.isEmpty else { return [.error("`lessons` takes no arguments; `lesson NAME` starts one")] }
        let book = loadBook()
        let (record, outputs0) = loadProgress()
        var outputs = outputs0
        if book.lessons.isEmpty && book.errors.isEmpty {
            return outputs + [.error("no lessons found in \(environment.lessonsDirectory); point --lessons DIR or HYPERLAB_HOME at hyperlab's folder")]
        }
        var lines = ["Lessons (`lesson NUMBER` or `lesson NAME` starts or resumes one):"]
        lines += book.overview(progress: record).map { "  " + $0 }
        for error in book.errors { lines.append("note: \(error)") }
        outputs.append(.text(lines.joined(separator: "\n")))
        return outputs
    }

    private func startLesson(_ arguments: [String]) -> [Output] {
        let book = loadBook()
        guard let name = arguments.first, arguments.count == 1 else {
            return [.error("lesson needs one name or number, e.g. `lesson 1` or `lesson learning-rate`; `lessons` lists them")]
        }
        guard let lesson = book.lesson(matching: name) else {
            return [.error("no lesson `\(name)`." + didYouMean(name, among: book.lessons.map(\.id)) + " `lessons` lists them")]
        }
        let (record, outputs0) = loadProgress()
        var outputs = outputs0
        var newRunner = LessonRunner(lesson: lesson, progress: record.lessons[lesson.id] ?? LessonProgress())
        let effects = newRunner.start()
        runner = newRunner
        outputs += apply(effects)
        return outputs
    }

    private func forget(_ arguments: [String]) -> [Output] {
        guard let name = arguments.first, arguments.count == 1 else { return [.error("forget needs one lesson name or number")] }
        guard let lesson = loadBook().lesson(matching: name) else {
            return [.error("no lesson `\(name)`." + didYouMean(name, among: loadBook().lessons.map(\.id)))]
        }
        var (record, outputs) = loadProgress()
        let had = record.forget(lesson.id)
        progress = record
        do { try progressStore.save(record) } catch { return outputs + [.error(error.message)] }
        outputs.append(.text(had ? "progress of lesson \(lesson.number) (\(lesson.id)) cleared" : "lesson \(lesson.number) had no progress to clear"))
        return outputs
    }

    private func lessonInput(_ line: String) -> [Output] {
        guard var current = runner else { return command(line) }
        let replWords = CommandCatalog.words
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
            if let first = words.first?.lowercased(), ["lesson", "lessons", "quiz", "forget", "stats"].contains(CommandCatalog.command(named: first)?.name ?? "") {
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
    private func apply(_ effects: [LessonEffect]) -> [Output] {
        var outputs: [Output] = []
        for effect in effects {
            switch effect {
            case .say(let text): outputs.append(.text(text))
            case .run(let commands):
                for command in commands { outputs += runLabCommand(command) }
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

    private func loadBank() -> (QuestionBank, [Output]) {
        if let bank { return (bank, []) }
        let (loaded, errors) = QuestionBank.load(directory: environment.lessonsDirectory + "/quiz")
        bank = loaded
        return (loaded, errors.map { .text("note: \($0)") })
    }

    private func loadQuizProgress() -> (QuizProgress, [Output]) {
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

    private func startQuiz(_ arguments: [String]) -> [Output] {
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

    /// Moves to the next question and shows it (training and drawing a lab question's hidden runs first).
    private func present(_ session: inout QuizSession) -> [Output] {
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

    private func stats(_ arguments: [String]) -> [Output] {
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
