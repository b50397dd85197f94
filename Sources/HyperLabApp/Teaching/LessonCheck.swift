import Vocabulary
import Foundation
import Learning
import Teaching
import TerminalCharts
import Tuning

/// What `hyperlab lessons check` does: loads every lesson and quiz file of a folder, runs every experiment's reference
/// solution (and diagnoses its run when the experiment says what it `demonstrates:`, failing the step when a finding
/// contradicts that goal), trains every quiz lab question with the real engine and grades every rubric example of the free-text
/// questions, and says for each whether its claim holds.
public struct LessonCheck {
    /// One checked item: a file location, what it is, and nil or why it failed.
    public struct Item: Sendable, Equatable {
        /// `file:line` of the experiment or question.
        public let location: String
        /// The experiment's goal or the question's id and seed.
        public let title: String
        /// Nil when the claim holds, else what is wrong (one line).
        public let failure: String?

        /// The report line: `ok  FILE:LINE TITLE` or `FAIL FILE:LINE TITLE: REASON`.
        public var line: String {
            guard let failure else { return "ok   \(location) \(title)" }
            return "FAIL \(location) \(title): \(failure)"
        }
    }

    /// The report: every load error (as `file:line: message`), then one line per experiment, per lab question
    /// seed and per question with rubric examples (one more per disagreeing example), then `N passed, M failed`.
    public let lines: [String]
    /// Load errors plus failed items; 0 when all is well.
    public let failureCount: Int
    /// Items that held.
    public let passCount: Int
    /// True when Ctrl-C, SIGTERM or SIGHUP stopped the check before its end.
    public let interrupted: Bool

    /// The failure of an item not run because the check was stopped (summed up in one line).
    static let notChecked = "not checked: the check was stopped"

    /// Checks the lessons folder `directory` (its `quiz/` sub-folder holds the quiz questions) with datasets from
    /// `environment.datasetsDirectory`. Never throws: every problem is a report line. `progress` receives each line
    /// as soon as it is known (the whole check takes a while in a debug build).
    ///
    /// `seeds`: check every lesson experiment with each of these seeds (a setup that pins its seed with `pin-seed:` is
    /// checked with its own seed only and reported as pinned); nil checks each with the lesson's own seed. Quiz lab
    /// questions are always checked with every seed of their `seeds:` list: those are the only seeds the quiz ever
    /// shows (a learner cannot change them), so that list is the claim.
    ///
    /// Every step runs under `budget` (`CostBudget`): a command whose work estimate is over it is not run and the
    /// step fails with the estimate; a step over the time limit is stopped and fails. Ctrl-C, SIGTERM or SIGHUP
    /// stop the running step and skip the rest, reported in one line (`interrupted` is then true).
    public init(directory: String, environment: AppEnvironment, seeds: [UInt64]? = nil, budget: CostBudget = .standard,
                progress: (String) -> Void = { _ in }) {
        var environment = environment
        environment.lessonsDirectory = directory
        var lines: [String] = []
        var failures = 0
        var passes = 0
        var skipped = 0
        func report(_ line: String) {
            lines.append(line)
            progress(line)
        }
        func record(_ item: Item) {
            if item.failure == Self.notChecked { skipped += 1; return }
            report(item.line)
            if item.failure == nil { passes += 1 } else { failures += 1 }
        }
        let book = LessonBook.loadForLab(directory: directory)
        if book.lessons.isEmpty && book.errors.isEmpty {
            report("FAIL \(directory): no lesson files (NN-name.md) in this folder; give the lessons folder")
            failures += 1
        }
        for error in book.errors {
            report("FAIL \(error.description)")
            failures += 1
        }
        for item in Self.experimentItems(book, environment: environment, seeds: seeds, budget: budget) { record(item) }
        let quizDirectory = (directory as NSString).appendingPathComponent("quiz")
        if FileManager.default.fileExists(atPath: quizDirectory) {
            let (bank, errors) = QuestionBank.load(directory: quizDirectory)
            for error in errors {
                report("FAIL \(error.description)")
                failures += 1
            }
            for question in bank.questions {
                for item in Self.labItems(question, environment: environment, seeds: nil, budget: budget) { record(item) }
            }
            for item in Self.exampleItems(bank) {
                report(item.line)
                if item.failure == nil { passes += 1 } else { failures += 1 }
            }
        }
        if skipped > 0 {
            report("stopped (\(BudgetObserver.stopMessage)): \(skipped) more step\(skipped == 1 ? "" : "s") not checked")
            failures += 1
        }
        report("\(passes) passed, \(failures) failed")
        self.interrupted = skipped > 0
        self.lines = lines
        self.failureCount = failures
        self.passCount = passes
    }

    /// One item per free-text question with rubric examples: ok when the rubric grades every example as the file
    /// says, else one failing item per example graded the other way (see `QuestionBank.exampleDisagreements()`).
    static func exampleItems(_ bank: QuestionBank) -> [Item] {
        let disagreements = bank.exampleDisagreements()
        var items: [Item] = []
        for question in bank.questions where !question.examples.isEmpty {
            let title = "\(question.id) rubric examples (\(question.examples.accept.count) accept, \(question.examples.reject.count) reject)"
            let own = disagreements.filter { $0.questionID == question.id }
            if own.isEmpty {
                items.append(Item(location: question.source.description, title: title, failure: nil))
            }
            for disagreement in own {
                let verdict = disagreement.listedAsRight ? "listed under accept: but graded wrong" : "listed under reject: but graded right"
                items.append(Item(location: question.source.description, title: title,
                                  failure: "\(verdict): \"\(disagreement.answer)\""))
            }
        }
        return items
    }

    /// The facts of the last training that `commands` make in a fresh lab session, or of the last search (`tune`,
    /// `sweep`) when one finished after the last training; nil when a command fails or none trains or searches (the
    /// message of a failing command comes back as `error`). A data path of `use` is read inside
    /// `lessonFolder` or the datasets folder (`LessonPaths`); every command runs under `budget`, the time limit
    /// counting for all of `commands` together. With `diagnose`, also the diagnosis of that training
    /// (`DiagnosisBudget.deterministic`, as `why` makes it); no other training of the replay is diagnosed.
    static func lastRun(_ commands: [String], environment: AppEnvironment, lessonFolder: String,
                        budget: CostBudget = .standard, diagnose: Bool = false) -> (facts: RunFacts?, error: String?, diagnosis: RunDiagnosis?) {
        let session = LabSession(environment: environment)
        session.diagnosisTiming = .onDemand
        let observer = BudgetObserver(timeLimit: budget.timeLimit)
        session.observer = observer
        var last: Run?
        var search: SearchFacts?
        for original in commands {
            let command: String
            do {
                command = try LessonPaths.resolveCommand(original, lessonFolder: lessonFolder, datasetsFolder: environment.datasetsDirectory,
                                                         builtInDatasets: DatasetCatalog.allNames)
            } catch {
                return (nil, "`\(escapingControlCharacters(original, keepingLineBreaks: false))` failed: \(error.message)", nil)
            }
            if let refusal = budget.refusal(of: command, in: session) { return (nil, refusal, nil) }
            let searches = session.searchCount
            let outputs = session.execute(command)
            if let reason = observer.stopReason { return (nil, "`\(original)` " + reason, nil) }
            if session.searchCount > searches { search = session.lastSearch }
            for output in outputs {
                switch output {
                case .run(let run, _): last = run; search = nil
                case .error(let message): return (nil, "`\(command)` failed: \(message)", nil)
                default: break
                }
            }
        }
        if let search { return (RunFacts(search: search, lastRun: last), nil, nil) }
        let diagnosis = diagnose && last != nil ? (try? session.explainLastRun())?.diagnosis : nil
        return (last.map(RunFacts.init), nil, diagnosis)
    }

    /// Nil when no finding of `diagnosis` contradicts a step goal of `demonstrates` (`StepGoal.contradictions(in:)`),
    /// else one line quoting each contradicting finding.
    static func contradiction(_ diagnosis: RunDiagnosis?, demonstrates: [String]) -> String? {
        guard let diagnosis else { return "the solution run could not be diagnosed" }
        var problems: [String] = []
        for name in demonstrates {
            guard let goal = StepGoal(rawValue: name) else {
                problems.append("unknown goal `\(name)` in `demonstrates:`")
                continue
            }
            for finding in goal.contradictions(in: diagnosis) {
                problems.append("the diagnosis contradicts `\(name)`: \(finding.kind.rawValue): \"\(finding.text)\"")
            }
        }
        return problems.isEmpty ? nil : problems.joined(separator: "; ")
    }

    /// One item per experiment of `book` and seed: the starting settings must not meet the goal, the solution must.
    static func experimentItems(_ book: LessonBook, environment: AppEnvironment, seeds: [UInt64]? = nil,
                                budget: CostBudget = .standard) -> [Item] {
        book.experimentChecks.flatMap { check -> [Item] in
            let location = "\(check.file):\(check.line)"
            guard let seeds, check.pinnedBecause == nil else {
                // Pinned steps are named as such only when other seeds were asked for.
                let title = seeds != nil ? check.pinnedBecause.map { check.goal + " (seed pinned: \($0))" } ?? check.goal : check.goal
                return [experimentItem(check, seed: nil, location: location, title: title, environment: environment, budget: budget)]
            }
            return seeds.map { seed in
                experimentItem(check, seed: seed, location: location, title: "\(check.goal) (seed \(seed))", environment: environment,
                               budget: budget)
            }
        }
    }

    /// The check of one experiment with one seed (nil: the lesson's own).
    static func experimentItem(_ check: ExperimentCheck, seed: UInt64?, location: String, title: String,
                               environment: AppEnvironment, budget: CostBudget = .standard) -> Item {
        if BudgetObserver.isInterrupted { return Item(location: location, title: title, failure: notChecked) }
        let folder = (check.file as NSString).deletingLastPathComponent
        let prefix = location + ": "
        func strip(_ text: String) -> String { text.hasPrefix(prefix) ? String(text.dropFirst(prefix.count)) : text }
        let startCommands = check.startCommands(seed: seed)
        if !startCommands.isEmpty {
            let start = lastRun(startCommands, environment: environment, lessonFolder: folder, budget: budget)
            if let error = start.error {
                return Item(location: location, title: title, failure: "the starting setup: " + error)
            }
            if let problem = check.startFailure(lastRun: start.facts) {
                return Item(location: location, title: title, failure: strip(problem))
            }
        }
        let demonstrates = check.demonstrates
        let solved = lastRun(check.commands(seed: seed), environment: environment, lessonFolder: folder, budget: budget,
                             diagnose: !demonstrates.isEmpty)
        if let error = solved.error { return Item(location: location, title: title, failure: "the solution: " + error) }
        if let problem = check.failure(lastRun: solved.facts) { return Item(location: location, title: title, failure: strip(problem)) }
        guard !demonstrates.isEmpty else { return Item(location: location, title: title, failure: nil) }
        // The step's own report says what the diagnosis was checked against.
        return Item(location: location, title: title + " [diagnosis vs \(demonstrates.joined(separator: ", "))]",
                    failure: contradiction(solved.diagnosis, demonstrates: demonstrates))
    }

    /// One item per seed of a lab question (none for other questions): every run must show what it claims.
    static func labItems(_ question: QuizQuestion, environment: AppEnvironment, seeds: [UInt64]? = nil,
                         budget: CostBudget = .standard) -> [Item] {
        guard case .lab(let setup, _, _) = question.expected else { return [] }
        let folder = (question.source.file as NSString).deletingLastPathComponent
        return (seeds ?? setup.seeds).map { seed in
            let title = "\(question.id) (seed \(seed))"
            let location = question.source.description
            if BudgetObserver.isInterrupted { return Item(location: location, title: title, failure: notChecked) }
            do throws(CommandError) {
                let runs = try LabQuestionRuns.train(setup, seed: seed, environment: environment, questionFolder: folder, budget: budget)
                let curves = LabQuestionRuns.curves(runs)
                var problems: [String] = []
                for index in setup.runs.indices {
                    let baseline = try baselineLoss(setup, run: setup.runs[index], seed: seed, environment: environment, questionFolder: folder)
                    if let problem = LabCheck.failure(of: setup.runs, curves: curves, index: index, baselineLoss: baseline) {
                        problems.append(problem)
                    }
                }
                return Item(location: location, title: title, failure: problems.isEmpty ? nil : problems.joined(separator: "; "))
            } catch {
                return Item(location: location, title: title, failure: error.message)
            }
        }
    }

    /// `LabCheck.baselineLoss` of the training rows of one lab run: the dataset and split that
    /// `LabQuestionRuns.train` uses for that run with that seed.
    static func baselineLoss(_ setup: LabSetup, run: LabRun, seed: UInt64, environment: AppEnvironment,
                             questionFolder: String) throws(CommandError) -> Double {
        let session = try LabQuestionRuns.session(setup, run: run, seed: seed, environment: environment, questionFolder: questionFolder)
        let data = try session.dataset()
        let hyperparameters = try session.currentHyperparameters()
        let rows: [Int]
        do {
            rows = try Trainer(dataset: data, model: session.model, hyperparameters: hyperparameters).trainingRows
        } catch {
            throw .learning(error)
        }
        let targets = rows.map { data.targets[$0] }
        return LabCheck.baselineLoss(targets: targets, classCount: data.task.isClassification ? data.task.classes.count : nil)
    }
}
