import Vocabulary
import Foundation
import Testing
@testable import Teaching

@Suite struct LessonParsingTests {
    @Test func aGoodFileGivesItsStepsWithTheirLines() throws {
        let book = LessonFixtures.parse(LessonFixtures.sample, name: "03-sample-lesson.md")
        #expect(book.errors.isEmpty, "\(book.errors)")
        let lesson = try #require(book.lessons.first)
        #expect(lesson.id == "sample-lesson" && lesson.number == 3)
        #expect(lesson.title == "Sample lesson")
        #expect(lesson.summary == "a lesson for the tests")
        #expect(lesson.covers == [.fact3, .review1])
        #expect(lesson.steps.map(\.id) == ["introduction", "blow-it-up", "pick-one", "count", "the-end"])
        #expect(lesson.steps[0].prose == "Some words of introduction.")
        #expect(lesson.steps[1].line == LessonFixtures.line(of: "## Blow it up", in: LessonFixtures.sample))
        #expect(lesson.steps[1].tryCommands == ["plot loss"])
        #expect(lesson.recap == ["a point to remember"])
        // The alias `lr` is stored under its canonical name; the setup becomes REPL commands.
        let setup = try #require(lesson.steps[1].setup)
        #expect(setup.commands() == ["set auto off", "unset all", "set seed 7", "use plane", "model linear",
                                     "set batch-size full learning-rate 0.5", "set auto on", "train"])
        guard case .experiment(let experiment) = lesson.steps[1].kind else {
            Issue.record("step 2 should be an experiment")
            return
        }
        #expect(experiment.line == LessonFixtures.line(of: "experiment:", in: LessonFixtures.sample))
        #expect(experiment.solution == ["set learning-rate 2"])
        #expect(experiment.hints == ["first hint", "second hint"])
        #expect(experiment.expect == [OutcomeCondition(key: "diverged", test: .flag("diverged", true))])
        guard case .question(let question) = lesson.steps[3].kind,
              case .numeric(let value, let tolerance, _) = question.expected else {
            Issue.record("step 4 should be a numeric question")
            return
        }
        #expect(value == 3 && tolerance == .absolute(0.5))
        // The experiment's check: setup without its own training, then the solution.
        let check = try #require(book.experimentChecks.first)
        #expect(check.commands == Array(setup.commands().dropLast()) + ["set learning-rate 2"])
        #expect(check.startCommands == setup.commands())
        #expect(check.line == experiment.line)
    }

    @Test func theReadmeExampleIsAValidLesson() throws {
        let readme = try String(contentsOfFile: LessonFixtures.lessonsDirectory + "/README.md", encoding: .utf8)
        let lines = readme.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: "````markdown"))
        let end = try #require(lines[(start + 1)...].firstIndex(of: "````"))
        let example = lines[(start + 1)..<end].joined(separator: "\n")
        let book = LessonFixtures.parse(example, name: "02-in-brief.md")
        #expect(book.errors.isEmpty, "\(book.errors)")
        let lesson = try #require(book.lessons.first)
        #expect(lesson.experiments.count == 1)
        #expect(lesson.steps.count == 4)
    }

    @Test func theProjectReadmeExampleIsAValidLesson() throws {
        let readme = try String(contentsOfFile: LessonFixtures.lessonsDirectory + "/../README.md", encoding: .utf8)
        let lines = readme.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: "````markdown"))
        let end = try #require(lines[(start + 1)...].firstIndex(of: "````"))
        let book = LessonFixtures.parse(lines[(start + 1)..<end].joined(separator: "\n"), name: "02-in-brief.md")
        #expect(book.errors.isEmpty, "\(book.errors)")
        #expect(book.lessons.first?.experiments.count == 1)
    }

    /// Each broken variant must give exactly one error, at the line holding `BAD` (or the line given), while a
    /// good file loaded with it still loads.
    @Test(arguments: [
        ("yaml syntax", "```yaml\nsetup:\n  dataset: plane\n   model: linear  # BAD indentation\n```", nil as Int?),
        ("unknown block", "```yaml\nlessonz: 1  # BAD\n```", nil),
        ("unknown condition", "```yaml\nsetup:\n  dataset: plane\n```\n```yaml\nexperiment:\n  goal: g\n  expect:\n    loss_is_low: true  # BAD\n  solution: [train]\n  explain: e\n```", nil),
        ("comparison without quotes", "```yaml\nsetup:\n  dataset: plane\n```\n```yaml\nexperiment:\n  goal: g\n  expect:\n    final.train_loss: 0.5  # BAD\n  solution: [train]\n  explain: e\n```", nil),
        ("shell in a solution", "```yaml\nsetup:\n  dataset: plane\n```\n```yaml\nexperiment:\n  goal: g\n  expect: {diverged: true}\n  solution:\n    - train; rm -rf ~  # BAD\n  explain: e\n```", nil),
        ("not a hyperlab command", "```yaml\ntry:\n  - rm -rf /tmp/x  # BAD\n```", nil),
        ("export", "```yaml\ntry:\n  - export out.csv  # BAD\n```", nil),
        ("absolute path", "```yaml\ntry:\n  - use /etc/passwd.csv  # BAD\n```", nil),
        ("parent directory", "```yaml\nsetup:\n  dataset: ../secrets/data.csv  # BAD\n```", nil),
        ("unknown dataset", "```yaml\nsetup:\n  dataset: mnist  # BAD\n```", nil),
        ("unknown hyperparameter", "```yaml\nsetup:\n  dataset: plane\n  hyperparameters:\n    dropout: 0.5  # BAD\n```", nil),
        ("unknown placeholder", "```yaml\nsetup:\n  dataset: plane\n```\n```yaml\nexperiment:\n  goal: g\n  expect: {diverged: true}\n  solution: [train]\n  explain: loss {final.loss}  # BAD\n```", nil),
        ("unknown placeholder in a note", "```yaml\nsetup:\n  dataset: plane\n  note: loss {validation-loss}  # BAD\n```", nil),
        ("unknown hyperparameter in a placeholder", "```yaml\nsetup:\n  dataset: plane\n```\n```yaml\nexperiment:\n  goal: g\n  expect: {diverged: true}\n  solution: [train]\n  explain: rate {hyperparameter.dropout}  # BAD\n```", nil),
        ("a note without training", "```yaml\nsetup:\n  dataset: plane\n  train: false\n  note: loss {final.train_loss}  # BAD\n```", nil),
        ("experiment without setup", "```yaml\nexperiment:  # BAD\n  goal: g\n  expect: {diverged: true}\n  solution: [train]\n  explain: e\n```", nil),
        ("two questions in a step", "```yaml\nquestion:\n  type: true-false\n  prompt: p\n  answer: true\n  explanation: e\n```\n```yaml\nquestion:  # BAD\n  type: true-false\n  prompt: p\n  answer: true\n  explanation: e\n```", nil),
        ("choice answer not a choice", "```yaml\nquestion:\n  type: choice\n  prompt: p\n  choices: [yes it is, no it is not]\n  answer: maybe  # BAD\n  explanation: e\n```", nil),
        ("continue without weights", "```yaml\nsetup:\n  dataset: plane\n```\n```yaml\nexperiment:\n  goal: g\n  expect: {diverged: true}\n  solution: [continue 50]  # BAD\n  explain: e\n```", nil),
        ("unclosed fence", "```yaml  # BAD\ntry:\n  - show\n", nil),
    ])
    func eachMistakeIsReportedAtItsLine(kind: String, body: String, line: Int?) throws {
        let text = "# Broken\n\n```yaml\nlesson:\n  summary: s\n  covers: [fact-1]\n```\n\n## The step\n\nProse.\n\n" + body + "\n"
        let expectedLine = try #require(line ?? LessonFixtures.line(of: "BAD", in: text))
        let book = LessonBook.parse([(path: "dir/05-broken.md", text: text),
                                     (path: "dir/01-sample.md", text: LessonFixtures.sample)], policy: LessonFixtures.policy)
        #expect(book.errors.count == 1, "\(kind): \(book.errors)")
        let error = try #require(book.errors.first)
        #expect(error.file == "dir/05-broken.md")
        #expect(error.line == expectedLine, "\(kind): \(error)")
        #expect(error.description.hasPrefix("dir/05-broken.md:\(expectedLine): "))
        #expect(book.lessons.map(\.id) == ["sample"], "\(kind): the good file must still load")
    }

    @Test func aMissingTitleOrFrontBlockIsReported() {
        let noTitle = LessonFixtures.parse("Just prose.\n\n## Step\n\nText.\n")
        #expect(noTitle.lessons.isEmpty)
        #expect(noTitle.errors.map(\.description) == ["lessons/01-sample.md:1: a lesson starts with its title on a line `# Title`"])
        let noFront = LessonFixtures.parse("# Title\n\n## Step\n\nText.\n")
        #expect(noFront.errors.count == 1 && noFront.errors[0].message.contains("front block"))
        let badName = LessonBook.parse([(path: "x/intro.md", text: LessonFixtures.sample)], policy: LessonFixtures.policy)
        #expect(badName.errors.count == 1 && badName.errors[0].message.contains("02-learning-rate.md"))
    }

    @Test func theCommandPolicyAllowsLabCommandsAndRefusesTheRest() {
        let policy = LessonFixtures.policy
        for good in ["set learning-rate 0.1", "use breast-cancer", "use extra/houses.csv --target price", "train",
                     "continue 50", "plot loss", "set hidden-layers 16,8"] {
            #expect(policy.problem(with: good) == nil, "\(good)")
        }
        for bad in ["ls", "!ls", "sh -c ls", "train && ls", "set lr $(cat x)", "export runs.json", "quit",
                    "use /data/x.csv", "use ../x.csv", "use a/../../x.csv", "use ~/x.csv", "use notes.txt",
                    "lesson 2", "next", "use \"a b.csv\"", "train > out"] {
            #expect(policy.problem(with: bad) != nil, "\(bad)")
        }
        // The app's list decides what exists: `autotune` is refused until the app offers it.
        #expect(policy.problem(with: "autotune grid lr --budget 4") != nil)
        #expect(CommandPolicy(allowedCommands: LessonFixtures.fixtureWords + ["autotune"]).problem(with: "autotune grid lr --budget 4") == nil)
        #expect(policy.problem(with: "tune grid learning-rate=0.01..1:log --budget 4") == nil)
    }

    @Test func loadingAFolderSkipsTheReadmeAndSubfoldersAndReportsUnreadableFiles() throws {
        let directory = try LessonFixtures.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try LessonFixtures.sample.write(toFile: directory + "/01-sample.md", atomically: true, encoding: .utf8)
        try "# not a lesson".write(toFile: directory + "/README.md", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: directory + "/quiz", withIntermediateDirectories: true)
        try Data([0xff, 0xfe, 0x00]).write(to: URL(fileURLWithPath: directory + "/02-binary.md"))
        let book = LessonBook.load(directory: directory, allowedCommands: LessonFixtures.fixtureWords, refusedCommands: LessonFixtures.refusedWords)
        #expect(book.lessons.map(\.id) == ["sample"])
        #expect(book.errors.map(\.description) == [directory + "/02-binary.md: the file is not UTF-8 text; save it as UTF-8"])
        let missing = LessonBook.load(directory: directory + "/nope", allowedCommands: LessonFixtures.fixtureWords, refusedCommands: LessonFixtures.refusedWords)
        #expect(missing.lessons.isEmpty && missing.errors.count == 1)
    }

    @Test func lessonsAreFoundByNumberIdOrPrefix() {
        let other = LessonFixtures.sample.replacingOccurrences(of: "# Sample lesson", with: "# Another")
        let book = LessonBook.parse([(path: "d/02-sample.md", text: LessonFixtures.sample),
                                     (path: "d/10-another.md", text: other)], policy: LessonFixtures.policy)
        #expect(book.lesson(matching: "2")?.id == "sample")
        #expect(book.lesson(matching: "02")?.id == "sample")
        #expect(book.lesson(matching: "10")?.id == "another")
        #expect(book.lesson(matching: "sample")?.id == "sample")
        #expect(book.lesson(matching: "02-sample")?.id == "sample")
        #expect(book.lesson(matching: "ano")?.id == "another")
        #expect(book.lesson(matching: "3") == nil)
        #expect(book.lesson(matching: "zzz") == nil)
        var progress = ProgressRecord()
        progress.lessons["sample"] = LessonProgress(step: "pick-one", completed: ["introduction", "blow-it-up"])
        progress.lessons["another"] = LessonProgress(step: "the-end", completed: [], finished: true)
        #expect(book.overview(progress: progress) == [" 2. sample   Sample lesson (2/5 steps)", "10. another  Another (done)"])
        #expect(book.overview(progress: ProgressRecord())[0].hasSuffix("(not started)"))
    }
}
