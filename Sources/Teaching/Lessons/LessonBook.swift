import Vocabulary
import Foundation

/// All lessons of a folder, in number order, and the problems found while reading them.
public struct LessonBook: Sendable, Equatable {
    /// The lessons that loaded, sorted by number then id.
    public let lessons: [Lesson]
    /// One `file:line: message` per problem; a file with an error is left out, the others still load.
    public let errors: [TeachingError]

    /// Makes a book from lessons and errors.
    public init(lessons: [Lesson], errors: [TeachingError]) {
        self.lessons = lessons.sorted { ($0.number, $0.id) < ($1.number, $1.id) }
        self.errors = errors
    }

    /// Loads every `*.md` file of `directory` except `README.md` (sub-folders such as `quiz/` are not read).
    /// `allowedCommands` and `refusedCommands` are the app's command words that a lesson may and may not run
    /// (from its command registry); every command in a lesson must be allowed (see `CommandPolicy`). Never throws:
    /// a folder that cannot be listed is one error.
    /// `goalNames` are the values an experiment's `demonstrates:` may take (empty: any well-formed name).
    public static func load(directory: String, allowedCommands: [String], refusedCommands: [String] = [],
                            datasetNames: [String] = DatasetName.allNames, goalNames: [String] = []) -> LessonBook {
        guard let (files, errors) = TextFiles.read(directory: directory, include: { $0.hasSuffix(".md") && $0 != "README.md" }) else {
            return LessonBook(lessons: [], errors: [.fileProblem(file: directory, line: nil,
                problem: "cannot list the lesson folder; check the path (--lessons DIR or HYPERLAB_HOME)")])
        }
        var policy = CommandPolicy(allowedCommands: allowedCommands, refusedCommands: refusedCommands, datasetNames: datasetNames)
        policy.goalNames = Set(goalNames)
        let parsed = parse(files, policy: policy)
        return LessonBook(lessons: parsed.lessons, errors: errors + parsed.errors)
    }

    /// Parses lesson files given as text (`path` names the file in messages; its last component gives number and id).
    /// A file with any error is left out whole, so that a learner never meets a half-checked lesson.
    public static func parse(_ files: [(path: String, text: String)], policy: CommandPolicy) -> LessonBook {
        var lessons: [Lesson] = []
        var errors: [TeachingError] = []
        for file in files {
            var parser = LessonParser(path: file.path, policy: policy)
            let lesson = parser.parse(file.text, fileName: (file.path as NSString).lastPathComponent)
            errors += parser.errors
            guard parser.errors.isEmpty, let lesson else { continue }
            if let other = lessons.first(where: { $0.id == lesson.id || $0.number == lesson.number }) {
                errors.append(.fileProblem(file: file.path, line: nil,
                    problem: "lesson number or name already used by \(other.file); rename the file"))
                continue
            }
            lessons.append(lesson)
        }
        return LessonBook(lessons: lessons, errors: errors)
    }

    /// The lesson named by `text`: its number (`2`, `02`), its id (`learning-rate`), its file name (`02-learning-rate`),
    /// or a unique prefix of its id; nil otherwise.
    public func lesson(matching text: String) -> Lesson? {
        let wanted = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let number = Int(wanted) { return lessons.first { $0.number == number } }
        if let exact = lessons.first(where: { $0.id == wanted || String(format: "%02d-", $0.number) + $0.id == wanted }) {
            return exact
        }
        let prefixed = lessons.filter { $0.id.hasPrefix(wanted) }
        return prefixed.count == 1 ? prefixed[0] : nil
    }

    /// One line per lesson for `lessons`: ` 2. learning-rate   Learning rate   3/9 steps` (or `done`, `not started`).
    public func overview(progress: ProgressRecord) -> [String] {
        let width = lessons.map(\.id.count).max() ?? 0
        return lessons.map { lesson in
            let state = progress.lessons[lesson.id]
            let status: String
            if let state, state.finished {
                status = "done"
            } else if let state, !state.completed.isEmpty || state.step != nil {
                let done = lesson.steps.filter { state.completed.contains($0.id) }.count
                status = "\(done)/\(lesson.steps.count) steps"
            } else {
                status = "not started"
            }
            let number = String(lesson.number).count < 2 ? " \(lesson.number)" : "\(lesson.number)"
            let padded = lesson.id.padding(toLength: width, withPad: " ", startingAt: 0)
            return "\(number). \(padded)  \(lesson.title) (\(status))"
        }
    }

    /// The union of what the lessons cover.
    public var covered: Set<ContentItem> { Set(lessons.flatMap(\.covers)) }

    /// Every experiment as a check for `hyperlab lessons check`: the commands to run in a fresh lab session and the
    /// conditions the last run must meet.
    public var experimentChecks: [ExperimentCheck] {
        lessons.flatMap { lesson in
            lesson.experiments.map { item in
                let setup = lesson.setup(inEffectAt: item.step)
                return ExperimentCheck(lessonID: lesson.id, stepID: lesson.steps[item.step].id, file: lesson.file,
                                       line: item.experiment.line, goal: item.experiment.goal, setup: setup,
                                       solution: item.experiment.solution, conditions: item.experiment.expect,
                                       demonstrates: item.experiment.demonstrates)
            }
        }
    }
}

extension LessonBook {
    /// What `hyperlab lessons check` reports: every load error, then every experiment whose starting point already
    /// meets its goal or whose solution does not reach it. Empty when all is well.
    ///
    /// `run` must execute the given REPL commands in a fresh lab session (datasets from the real folder) and return
    /// the facts of the last training they made, or nil when none trained or a command failed. It is called twice per
    /// experiment: with `startCommands` (when not empty) and with `commands`.
    public func checkReport(run: (_ commands: [String]) -> RunFacts?) -> [String] {
        var problems = errors.map(\.description)
        for check in experimentChecks {
            if !check.startCommands.isEmpty, let problem = check.startFailure(lastRun: run(check.startCommands)) {
                problems.append(problem)
            }
            if let problem = check.failure(lastRun: run(check.commands)) { problems.append(problem) }
        }
        return problems
    }
}

/// One experiment's reference solution, for `hyperlab lessons check`: run `commands` in order in a fresh lab session
/// (with the lesson's setup, seed included), then evaluate `verify(_:)` on the facts of the last run.
public struct ExperimentCheck: Sendable, Equatable {
    /// The lesson id.
    public let lessonID: String
    /// The step id.
    public let stepID: String
    /// The lesson file and the line of the `experiment:` block, for `file:line:` messages.
    public let file: String
    /// See `file`.
    public let line: Int
    /// The goal, for the report.
    public let goal: String
    /// The setup in effect at the experiment's step, if any.
    public let setup: LessonSetup?
    /// The reference solution's commands.
    public let solution: [String]
    /// What the last run must show.
    public let conditions: [OutcomeCondition]
    /// The step goals the solution run demonstrates (`demonstrates:`); its diagnosis must not contradict them.
    public let demonstrates: [String]

    /// Makes a check.
    public init(lessonID: String, stepID: String, file: String, line: Int, goal: String, setup: LessonSetup?,
                solution: [String], conditions: [OutcomeCondition], demonstrates: [String] = []) {
        self.demonstrates = demonstrates
        self.lessonID = lessonID
        self.stepID = stepID
        self.file = file
        self.line = line
        self.goal = goal
        self.setup = setup
        self.solution = solution
        self.conditions = conditions
    }

    /// Why the setup pins its seed, nil when the claim must hold for every seed.
    public var pinnedBecause: String? { setup?.pinnedBecause }

    /// The setup commands with their `train`: the learner's starting point. Empty when the setup does not train.
    /// The goal must NOT be met by the run they make, or the experiment asks nothing (see `startFailure(lastRun:)`).
    /// `seed` replaces the setup's seed unless the setup pins it.
    public func startCommands(seed: UInt64? = nil) -> [String] {
        setup.map { $0.trains ? $0.commands(seed: seed) : [] } ?? []
    }

    /// The setup commands (without the setup's own `train`) followed by the solution commands.
    public func commands(seed: UInt64? = nil) -> [String] {
        (setup?.commands(includeTraining: false, seed: seed) ?? []) + solution
    }

    /// The setup commands with their `train`, as the lesson itself runs them (see `startCommands(seed:)`).
    public var startCommands: [String] { startCommands() }
    /// The setup and solution commands with the lesson's own seed (see `commands(seed:)`).
    public var commands: [String] { commands() }

    /// Nil when the run of `startCommands` does not meet the goal yet (as it should), else `file:line: message`.
    public func startFailure(lastRun facts: RunFacts?) -> String? {
        guard let facts else { return nil }
        let result = OutcomeCheck.evaluate(conditions, on: facts)
        guard result.passed else { return nil }
        return "\(file):\(line): the goal '\(goal)' is already met by the step's starting settings ("
            + result.evidence.joined(separator: "; ") + "); change the setup so that the learner has something to do"
    }

    /// Nil when `facts` (the last run after `commands`) meets every condition; else `file:line: message` naming the numbers.
    /// `nil` facts (no run happened) is a failure too.
    public func failure(lastRun facts: RunFacts?) -> String? {
        if conditions.contains(where: \.isSearch), facts?.search == nil {
            return "\(file):\(line): the solution of '\(goal)' ran no search after its last training; end it with a `tune` or `sweep` command"
        }
        guard let facts else {
            return "\(file):\(line): the solution of '\(goal)' did not train any model; end it with `train` or a retraining `set`"
        }
        let result = OutcomeCheck.evaluate(conditions, on: facts)
        if result.passed { return nil }
        return "\(file):\(line): the solution of '\(goal)' does not show what the lesson claims: " + result.failures.joined(separator: "; ")
    }
}
