import Foundation
import Testing
@testable import Teaching

/// The repository's Lessons/quiz directory, found from this file's path.
let shippedQuizDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Lessons/quiz").path

@Suite struct QuestionFileFormatTests {
    @Test func everyKindLoads() {
        let text = """
        topic: demo
        title: Demo topic
        questions:
          - id: c1
            type: choice
            prompt: Pick b.
            choices: [alpha, beta, gamma]
            answer: beta
            hints: [not alpha]
            explanation: Because.
          - id: t1
            type: true-false
            prompt: Yes?
            answer: yes
            explanation: Because.
          - id: n1
            type: numeric
            prompt: How much?
            answer: 1e-3
            tolerance: 10%
            unit: "%"
            explanation: Because.
          - id: f1
            type: free-text
            topic: other
            prompt: Say it.
            rubric:
              pass: 1
              points:
                - point: first
                  phrases: [one thing, single thing]
            model-answer: One thing.
            explanation: Because.
          - id: l1
            type: lab
            prompt: Which?
            lab:
              dataset: sine
              model: linear
              seeds: [1, 2]
              hyperparameters: {degree: "3", lr: "0.1"}
              runs:
                - label: A
                  hyperparameters: {batch: "4"}
                  shows: noisier
                - label: B
                  hyperparameters: {batch: full, lr: "0.2"}
                  shows: smoother
            choices: [A small, B small]
            answer: A small
            explanation: Because.
        """
        let (bank, errors) = QuestionBank.parse([("demo.yaml", text)])
        #expect(errors.isEmpty, "\(errors)")
        #expect(bank.questions.map(\.kind) == [.choice, .trueFalse, .numeric, .freeText, .lab])
        #expect(bank.topics.map(\.id) == ["demo", "other"])
        #expect(bank.topics.first?.title == "Demo topic")
        #expect(bank.question(id: "c1")?.expected == .choice(choices: ["alpha", "beta", "gamma"], correct: 1))
        #expect(bank.question(id: "t1")?.expected == .trueFalse(true))
        #expect(bank.question(id: "n1")?.expected == .numeric(value: 0.001, tolerance: .relative(0.1), unit: "%"))
        #expect(bank.question(id: "f1")?.topic == "other")
        #expect(bank.question(id: "c1")?.source == SourceLocation(file: "demo.yaml", line: 4))
        guard case .lab(let setup, let choices, let correct)? = bank.question(id: "l1")?.expected else {
            Issue.record("l1 is not a lab question")
            return
        }
        #expect(choices == ["A small", "B small"] && correct == 0)
        #expect(setup.seeds == [1, 2])
        #expect(setup.runs.map(\.label) == ["A", "B"])
        // Shared settings first, the run's own override them; aliases become vocabulary names.
        #expect(setup.runs[0].hyperparameters == [LabSetting(name: "degree", value: "3"), LabSetting(name: "learning-rate", value: "0.1"),
                                                  LabSetting(name: "batch-size", value: "4")])
        #expect(setup.runs[1].value(of: "learning-rate") == "0.2")
        #expect(setup.runs[1].value(of: "batch-size") == "full")
    }

    @Test func errorsGiveFileAndLineAndTheRestStillLoads() {
        let broken = """
        topic: demo
        questions:
          - id: good
            type: true-false
            prompt: Fine?
            answer: true
            explanation: Yes.
          - id: bad-type
            type: essay
            prompt: Hm
            explanation: x
          - id: bad-answer
            type: choice
            prompt: Pick
            choices: [a, b]
            answer: c
            explanation: x
          - id: bad-lab
            type: lab
            prompt: Which?
            lab:
              dataset: moons
              model: logistic
              seed: 1
              hyperparameters: {speed: "2"}
              shows: diverges
            choices: [x, y]
            answer: x
            explanation: x
          - id: good
            type: true-false
            prompt: Again?
            answer: false
            explanation: Duplicate id.
        """
        let unparsable = "topic: x\nquestions:\n  - id: a\n   type: [unclosed\n"
        let (bank, errors) = QuestionBank.parse([("a.yaml", broken), ("b.yaml", unparsable)])
        #expect(bank.questions.map(\.id) == ["good"])
        let texts = errors.map(\.description)
        #expect(texts.contains { $0.hasPrefix("a.yaml:9: unknown type 'essay'") }, "\(texts)")
        #expect(texts.contains { $0.hasPrefix("a.yaml:16: `answer:` must repeat") }, "\(texts)")
        #expect(texts.contains { $0.hasPrefix("a.yaml:22: unknown dataset 'moons'") }, "\(texts)")
        #expect(texts.contains { $0.hasPrefix("a.yaml:25: unknown hyperparameter 'speed'") }, "\(texts)")
        #expect(texts.contains { $0.hasPrefix("a.yaml:30: question id 'good' is already used at a.yaml:3") }, "\(texts)")
        #expect(texts.contains { $0.hasPrefix("b.yaml:4: YAML error") }, "\(texts)")
        #expect(errors.count == 6, "\(texts)")
    }

    @Test func loadingADirectoryReportsUnreadableFilesAndKeepsTheOthers() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quizload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "topic: t\nquestions:\n  - id: q\n    type: true-false\n    prompt: p\n    answer: true\n    explanation: e\n"
            .write(to: directory.appendingPathComponent("one.yaml"), atomically: true, encoding: .utf8)
        try Data([0xff, 0xfe, 0x00]).write(to: directory.appendingPathComponent("two.yaml"))
        try "not yaml at all: [".write(to: directory.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let (bank, errors) = QuestionBank.load(directory: directory.path)
        #expect(bank.questions.map(\.id) == ["q"])
        #expect(errors.count == 1)
        #expect(errors.first?.description.hasSuffix("two.yaml: the file is not UTF-8 text; save it as UTF-8") == true)
        let missing = QuestionBank.load(directory: directory.appendingPathComponent("absent").path)
        #expect(missing.bank.questions.isEmpty && missing.errors.count == 1)
    }
}

@Suite struct ShippedQuestionBankTests {
    let loaded = QuestionBank.load(directory: shippedQuizDirectory)

    @Test func loadsWithoutErrors() {
        #expect(loaded.errors.isEmpty, "\(loaded.errors.map(\.description))")
        #expect(!loaded.bank.questions.isEmpty)
    }

    @Test func everyQuestionIsExplainedAndAnswerable() {
        for question in loaded.bank.questions {
            #expect(question.explanation.count >= 40, "\(question.id): explanation too short")
            #expect(question.prompt.count >= 10, "\(question.id)")
            switch question.expected {
            case .freeText(let rubric):
                // The model answer must itself pass, and make every point.
                let model = question.modelAnswer ?? ""
                let grade = RubricGrader.grade(model, rubric: rubric)
                #expect(grade.passed && grade.missed.isEmpty, "\(question.id): model answer misses \(grade.missed)")
                // An empty or off-topic answer must not pass.
                #expect(!RubricGrader.grade("I am not sure, maybe it depends on the computer.", rubric: rubric).passed, "\(question.id)")
            case .choice(let choices, let correct), .lab(_, let choices, let correct):
                #expect(choices.indices.contains(correct), "\(question.id)")
                // Every choice must be reachable by its own text.
                for (index, choice) in choices.enumerated() {
                    #expect(ChoiceGrader.interpret(choice, choices: choices) == index, "\(question.id): '\(choice)'")
                }
            case .trueFalse, .numeric:
                break
            }
        }
    }

    @Test func idsAreUniqueAndTopicsKnown() {
        let ids = loaded.bank.questions.map(\.id)
        #expect(Set(ids).count == ids.count)
        let topics = Set(loaded.bank.topics.map(\.id))
        for question in loaded.bank.questions { #expect(topics.contains(question.topic)) }
    }
}
