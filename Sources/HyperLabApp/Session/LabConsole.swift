import Vocabulary
import Foundation
import Learning
import Teaching
import TerminalCharts
import Tuning

/// Everything the learner types goes through here: the lab's commands (`LabSession`), the
/// lessons (`LessonRunner`) and the quiz (`QuizSession`).
///
/// While a quiz is open, lines are answers (and `hint`, `skip`, `quit`, `override`); while a
/// lesson is open, lesson commands (`next`, `back`, `hint`, `skip`, `restart`, `bye`) and
/// answers to its questions are taken first and every other line is a lab command. Progress is
/// saved after every step and every answer, each in its own transaction of the learner's database
/// (`LearnerStore`, opened on first use), and read back from it each time it is shown, so that two
/// hyperlab processes on one data folder see and keep each other's work. Like `LabSession`, it
/// returns values and never prints.
public final class LabConsole {
    /// The lab the commands act on.
    public let lab: LabSession
    let environment: AppEnvironment
    /// Today's day number for the quiz schedule (`QuizDay`); injectable for tests.
    let today: () -> Int
    let seed: UInt64

    var book: LessonBook?
    var runner: LessonRunner?
    /// The learner's seed for the lessons this console starts (`hyperlab lessons LESSON --seed N`): their setups set
    /// it in place of their own seeds (`LessonRunner.seed`), as `set seed N` would for the lab. Nil keeps the lessons' seeds.
    public var lessonSeed: UInt64?
    /// Per lesson, the progress this process saved last, or the one its runner started with: what
    /// `LearnerStore.saveLesson` takes as `since` (never the merged result it returns).
    var lessonBaseline: [String: LessonProgress] = [:]

    /// The learner's database, opened on first use (`openStore()`).
    private var store: LearnerStore?
    /// Whether the refused rows of the quiz progress were mentioned already (once per process).
    private var refusedShown = false

    var bank: QuestionBank?
    var quiz: QuizSession?
    /// Whether the open quiz is `quiz review` (it ends with when the next reviews are due).
    var quizIsReview = false
    /// How many of the open quiz's `reviews` are saved in the review log.
    var savedReviews = 0

    /// A console over `lab`. `today` gives the quiz's day number; `seed` fixes quiz order and lab seeds.
    public init(lab: LabSession, today: @escaping () -> Int = { QuizDay.number(of: Date()) }, seed: UInt64 = UInt64(Date().timeIntervalSince1970)) {
        self.lab = lab
        self.environment = lab.environment
        self.today = today
        self.seed = seed
    }

    /// The prompt for the next line: `hyperlab> `, `lesson 2 · 3/9> ` or `quiz 4/10> `.
    public var prompt: String {
        if let current = quiz?.current { return "quiz \(current.position)/\(current.total)> " }
        if let runner { return "lesson \(runner.lesson.number) · \(runner.index + 1)/\(runner.lesson.steps.count)> " }
        return "hyperlab> "
    }


    /// Closes what is open when input ends (Ctrl-D): an open quiz ends with its summary (its answers
    /// are already saved, each after it was given); a lesson's progress is already saved after every step.
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
        let loaded = LessonBook.loadForLab(directory: environment.lessonsDirectory)
        book = loaded
        return loaded
    }

    /// The learner's database (`LearnerStore`), opened once, with its notices as `note:` lines the first time;
    /// nil and one error when it cannot be opened (the next use tries again).
    func openStore() -> (LearnerStore?, [Output]) {
        if let store { return (store, []) }
        do {
            let opened = try LearnerStore.open(directory: environment.dataDirectory)
            store = opened
            return (opened, opened.notices.map { .text("note: " + $0) })
        } catch {
            return (nil, [.error(error.message)])
        }
    }

    /// Every lesson's progress as stored now (other hyperlab processes' steps included); nil and one error
    /// when the database cannot be read.
    func loadProgress() -> (ProgressRecord?, [Output]) {
        let (store, outputs) = openStore()
        guard let store else { return (nil, outputs) }
        do { return (try store.lessonProgress(), outputs) } catch { return (nil, outputs + [.error(error.message)]) }
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
               [LessonsCommand.name, StartLessonCommand.name, StartQuizCommand.name, ForgetCommand.name, StatsCommand.name,
                ReportCommand.name].contains(command.name) {
                return [.error("`\(first)` is not available inside a lesson: type `bye` to leave this one first (your progress is kept)")]
            }
            return runLabCommand(line)
        }
    }

    /// Runs a lab command inside a lesson and shows every training, and every finished search, to the lesson
    /// runner. `showing` picks the command's own outputs to keep (all by default); what the runner says about a
    /// training is always kept.
    private func runLabCommand(_ line: String, showing: (Output) -> Bool = { _ in true }) -> [Output] {
        var outputs: [Output] = []
        let searches = lab.searchCount
        for output in lab.execute(line) {
            if showing(output) { outputs.append(output) }
            if case .run(let run, _) = output, var current = runner {
                let effects = current.observe(run: RunFacts(run))
                runner = current
                outputs += apply(effects)
            }
        }
        if lab.searchCount > searches, let search = lab.lastSearch, var current = runner {
            let effects = current.observe(run: RunFacts(search: search, lastRun: lab.runs.last))
            runner = current
            outputs += apply(effects)
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
                    outputs += runLabCommand(command, showing: { output in
                        if case .run = output { return true }
                        return output.isError
                    })
                }
            case .saveProgress(let lessonID, let lessonProgress):
                let (store, notes) = openStore()
                outputs += notes
                guard let store else { break }
                do {
                    try store.saveLesson(lessonID, progress: lessonProgress, since: lessonBaseline[lessonID], day: today())
                    lessonBaseline[lessonID] = lessonProgress
                } catch {
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

    /// The quiz cards and daily tallies as stored now (other hyperlab processes' answers included), with a note
    /// (once per process) naming rows left out for impossible values; nil and one error when the database cannot
    /// be read.
    func loadQuizProgress() -> (QuizProgress?, [Output]) {
        let (store, notes) = openStore()
        var outputs = notes
        guard let store else { return (nil, outputs) }
        do {
            let progress = try store.quizProgress()
            if !progress.refused.isEmpty && !refusedShown {
                refusedShown = true
                outputs.append(.text("note: left out of your quiz progress: " + progress.refused.joined(separator: ", ")))
            }
            return (progress, outputs)
        } catch {
            return (nil, outputs + [.error(error.message)])
        }
    }

    /// The review log from `sinceDay` on (see `LearnerStore.reviews`); nil and one error when it cannot be read.
    func loadReviews(sinceDay: Int) -> ([ReviewEntry]?, [Output]) {
        let (store, outputs) = openStore()
        guard let store else { return (nil, outputs) }
        do { return (try store.reviews(sinceDay: sinceDay).map(\.entry), outputs) } catch { return (nil, outputs + [.error(error.message)]) }
    }

    /// The learner's report on today (`LearnerStore.report`); nil and one error when the database cannot be read.
    func loadReport() -> (LearnerReport?, [Output]) {
        let book = loadBook()
        var (bank, outputs) = loadBank()
        let (store, notes) = openStore()
        outputs += notes
        // A report that silently counted fewer lessons would tell the teacher something false.
        if !book.errors.isEmpty {
            outputs.append(.text("note: \(book.errors.count) problem(s) in the lesson files, so the report counts only the "
                                 + "\(book.lessons.count) lessons that loaded (first: \(book.errors[0].description))"))
        } else if book.lessons.isEmpty {
            outputs.append(.text("note: no lessons were found in \(environment.lessonsDirectory), so the report counts none"))
        }
        guard let store else { return (nil, outputs) }
        do { return (try store.report(book: book, bank: bank, today: today()), outputs) } catch { return (nil, outputs + [.error(error.message)]) }
    }

    /// Saves the answers of `session` not saved yet, oldest first, each in its own transaction
    /// (`LearnerStore.record`); on a failure stops there (the rest is tried again after the next answer) with one error.
    func saveReviews(of session: QuizSession) -> [Output] {
        guard savedReviews < session.reviews.count else { return [] }
        let (store, outputs) = openStore()
        guard let store else { return outputs }
        for entry in session.reviews[savedReviews...] {
            do { try store.record(entry) } catch { return outputs + [.error("quiz progress not saved: \(error.message)")] }
            savedReviews += 1
        }
        return outputs
    }

    /// When the next reviews are due (`ReviewPlan.line`), from the schedule as stored now.
    func reviewPlanLine(bank: QuestionBank, fallback: QuizProgress) -> [Output] {
        let (stored, notes) = loadQuizProgress()
        return notes.filter { !$0.isError } + [.text(ReviewPlan(bank: bank, progress: stored ?? fallback, today: today()).line)]
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
            outputs += saveReviews(of: session)
            if case .overridden = reply { break }
            outputs += present(&session)
            if session.current == nil || session.isFinished {
                outputs.append(.text(session.summary.lines.joined(separator: "\n")))
                return outputs + endQuiz(session)
            }
        case .finished:
            outputs += saveReviews(of: session)
            return outputs + endQuiz(session)
        case .hint, .notUnderstood:
            break
        }
        quiz = session
        return outputs
    }

    /// Closes the quiz; a review ends with when the next reviews are due.
    private func endQuiz(_ session: QuizSession) -> [Output] {
        quiz = nil
        guard quizIsReview else { return [] }
        return reviewPlanLine(bank: loadBank().0, fallback: session.progress)
    }
}

extension LessonBook {
    /// The lessons of `directory` checked against what the lab knows: its lesson commands, its datasets and the
    /// step goals a `demonstrates:` line may name (`StepGoal`). The REPL and `lessons check` load lessons this
    /// way, so a lesson that loads in one loads in the other.
    static func loadForLab(directory: String) -> LessonBook {
        LessonBook.load(directory: directory, allowedCommands: CommandRegistry.lessonWords, refusedCommands: CommandRegistry.refusedInLessons,
                        datasetNames: DatasetCatalog.allNames, goalNames: StepGoal.allCases.map(\.rawValue))
    }
}
