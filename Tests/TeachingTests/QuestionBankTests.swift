import Vocabulary
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

@Suite struct ShippedQuestionCoverageTests {
    let bank = QuestionBank.load(directory: shippedQuizDirectory).bank

    @Test func atLeastFortyQuestionsOverTheLessonPlanTopics() {
        #expect(bank.questions.count >= 40)
        let planned = ["parameters", "learning-rate", "batch-size-epochs", "capacity", "regularization", "validation", "search", "trade-off"]
        #expect(bank.topics.map(\.id).sorted() == planned.sorted())
        for topic in planned {
            #expect(bank.questions.filter { $0.topic == topic }.count >= 4, "\(topic)")
        }
        for kind in QuestionKind.allCases {
            #expect(bank.questions.contains { $0.kind == kind }, "\(kind)")
        }
    }

    @Test func theThreeReviewQuestionsAreFreeText() {
        for id in ["review-hyperparameters-influence", "review-bayes-vs-grid", "review-bad-hyperparameters"] {
            #expect(bank.question(id: id)?.kind == .freeText, "\(id)")
        }
    }

    /// Each lab question's right answer names what its run shows, so the chart and the answer cannot disagree.
    @Test func labAnswersAgreeWithWhatTheRunsShow() {
        let labs = bank.questions.filter { $0.kind == .lab }
        #expect(labs.count >= 6)
        let words: [LabPhenomenon: String] = [.diverges: "too high", .slow: "too low", .converges: "about right",
                                              .overfits: "overfitting", .underfits: "underfitting", .goodFit: "a good fit"]
        for question in labs {
            guard case .lab(let setup, let choices, let correct) = question.expected else { continue }
            #expect(!setup.seeds.isEmpty)
            if setup.runs.count == 1 {
                #expect(words[setup.runs[0].shows] == choices[correct], "\(question.id)")
            } else {
                // Two runs: the right choice must name each run's setting in the order A, B, and the runs must differ.
                let differing = Set(setup.runs.flatMap(\.hyperparameters).map(\.name)).filter { name in
                    Set(setup.runs.map { $0.value(of: name) ?? "" }).count > 1
                }
                #expect(differing.count == 1, "\(question.id): runs should differ in one setting")
                let shows = setup.runs.map(\.shows)
                #expect(Set(shows).count == shows.count, "\(question.id)")
            }
        }
    }
}

@Suite struct ReviewAnswersWrittenDifferentlyTests {
    let bank = QuestionBank.load(directory: shippedQuizDirectory).bank

    func grade(_ id: String, _ answer: String) -> RubricGrade? {
        guard case .freeText(let rubric)? = bank.question(id: id)?.expected else { return nil }
        return RubricGrader.grade(answer, rubric: rubric)
    }

    @Test func influence() {
        let good = [
            "They're chosen before training. If the learning rate is too high you overshoot and it diverges, too low and "
                + "it is slow. Small batches are noisy. More layers = more capacity.",
            "CAPACITY comes from the architecture; a large learning rate overshoots; the batch size controls how noisy the updates are",
        ]
        for answer in good { #expect(grade("review-hyperparameters-influence", answer)?.passed == true, "\(answer)") }
        let thin = "The learning rate is important."
        #expect(grade("review-hyperparameters-influence", thin)?.passed == false)
    }

    @Test func bayesVersusGrid() {
        let good = [
            "Grid search tries all combinations. Bayesian optimisation fits a surrogate and uses past results to pick the next point, so it needs fewer evaluations.",
            "it builds a gaussian process of the score, explores and exploits, is cheaper; grid is exhaustive",
        ]
        for answer in good { #expect(grade("review-bayes-vs-grid", answer)?.passed == true, "\(answer)") }
        #expect(grade("review-bayes-vs-grid", "Bayesian optimization is better because it is Bayesian.")?.passed == false)
    }

    @Test func badChoices() {
        let good = [
            "Overfitting: the model memorizes the noise, validation loss goes up. Or underfitting: too simple, both losses stay high.",
            "the model may be TOO SIMPLE (underfit) or too complex (overfit) and then generalise poorly",
        ]
        for answer in good { #expect(grade("review-bad-hyperparameters", answer)?.passed == true, "\(answer)") }
        let partial = grade("review-bad-hyperparameters", "It overfits because it is too complex.")
        #expect(partial?.passed == false)
        #expect(partial?.matched == ["overfitting, from too much capacity or too little regularization"])
        // Both ways are required: three points about overfitting alone do not pass.
        let oneWay = grade("review-bad-hyperparameters", "Too much capacity makes it overfit: it memorizes the noise and does badly on new data.")
        #expect(oneWay?.passed == false && oneWay?.matched.count == 3)
    }
}

@Suite struct LabCheckTests {

    func run(_ shows: LabPhenomenon) -> [LabRun] { [LabRun(label: "run", hyperparameters: [], shows: shows)] }

    @Test func learningRatePhenomena() {
        let diverging = LabCurve(trainLoss: [0.7, 3, 0.9, 8, .infinity], validationLoss: nil, diverged: true)
        let zigzag = LabCurve(trainLoss: [0.7, 2.0, 0.8, 2.5, 0.9, 2.2], validationLoss: nil, diverged: false)
        let slow = LabCurve(trainLoss: (0..<100).map { 0.69 - 0.0005 * Double($0) }, validationLoss: nil, diverged: false)
        let good = LabCurve(trainLoss: (0..<100).map { 0.05 + 0.6 * exp(-Double($0) / 8) }, validationLoss: nil, diverged: false)
        #expect(LabCheck.failure(of: run(.diverges), curves: [diverging], index: 0, baselineLoss: 0.66) == nil)
        #expect(LabCheck.failure(of: run(.diverges), curves: [zigzag], index: 0, baselineLoss: 0.66) == nil)
        #expect(LabCheck.failure(of: run(.diverges), curves: [good], index: 0, baselineLoss: 0.66) != nil)
        #expect(LabCheck.failure(of: run(.slow), curves: [slow], index: 0, baselineLoss: 0.66) == nil)
        #expect(LabCheck.failure(of: run(.slow), curves: [good], index: 0, baselineLoss: 0.66) != nil)
        #expect(LabCheck.failure(of: run(.converges), curves: [good], index: 0, baselineLoss: 0.66) == nil)
        #expect(LabCheck.failure(of: run(.converges), curves: [slow], index: 0, baselineLoss: 0.66) != nil)
        #expect(LabCheck.failure(of: run(.converges), curves: [diverging], index: 0, baselineLoss: 0.66) != nil)
    }

    @Test func fitPhenomena() {
        let epochs = (0..<50).map(Double.init)
        let overfit = LabCurve(trainLoss: epochs.map { 0.01 + 0.5 * exp(-$0 / 5) },
                               validationLoss: epochs.map { 0.25 + 0.3 * exp(-$0 / 5) + 0.002 * $0 }, diverged: false)
        let underfit = LabCurve(trainLoss: epochs.map { 0.35 + 0.2 * exp(-$0 / 5) },
                                validationLoss: epochs.map { 0.37 + 0.2 * exp(-$0 / 5) }, diverged: false)
        let fit = LabCurve(trainLoss: epochs.map { 0.04 + 0.5 * exp(-$0 / 5) },
                           validationLoss: epochs.map { 0.06 + 0.5 * exp(-$0 / 5) }, diverged: false)
        let baseline = 0.5
        for (curve, right) in [(overfit, LabPhenomenon.overfits), (underfit, .underfits), (fit, .goodFit)] {
            for phenomenon in [LabPhenomenon.overfits, .underfits, .goodFit] {
                let failure = LabCheck.failure(of: run(phenomenon), curves: [curve], index: 0, baselineLoss: baseline)
                #expect((failure == nil) == (phenomenon == right), "\(right) checked as \(phenomenon): \(failure ?? "passes")")
            }
        }
        let noValidation = LabCurve(trainLoss: [1, 0.1], validationLoss: nil, diverged: false)
        #expect(LabCheck.failure(of: run(.overfits), curves: [noValidation], index: 0, baselineLoss: baseline)?.contains("validation") == true)
    }

    @Test func noisierAndSmoother() {
        let jagged = LabCurve(trainLoss: [0.7, 0.4, 0.5, 0.3, 0.35, 0.2, 0.28, 0.15], validationLoss: nil, diverged: false)
        let smooth = LabCurve(trainLoss: [0.7, 0.5, 0.4, 0.32, 0.27, 0.22, 0.18, 0.15], validationLoss: nil, diverged: false)
        #expect(smooth.jaggedness == 0)
        // Rises 0.1 + 0.05 + 0.08 over a range of 0.55.
        #expect(abs(jagged.jaggedness - 0.23 / 0.55) < 1e-12)
        let runs = [LabRun(label: "A", hyperparameters: [], shows: .noisier), LabRun(label: "B", hyperparameters: [], shows: .smoother)]
        #expect(LabCheck.failure(of: runs, curves: [jagged, smooth], index: 0, baselineLoss: 0.66) == nil)
        #expect(LabCheck.failure(of: runs, curves: [jagged, smooth], index: 1, baselineLoss: 0.66) == nil)
        #expect(LabCheck.failure(of: runs, curves: [smooth, jagged], index: 0, baselineLoss: 0.66) != nil)
        #expect(LabCheck.failure(of: runs, curves: [smooth], index: 0, baselineLoss: 0.66) != nil)
    }
}

@Suite struct BaselineLossTests {
    @Test func regressionIsTheVarianceAndClassificationTheEntropy() {
        // Variance of 1, 2, 3, 4 = mean of (2.25, 0.25, 0.25, 2.25) = 1.25.
        #expect(abs(LabCheck.baselineLoss(targets: [1, 2, 3, 4], classCount: nil) - 1.25) < 1e-12)
        // One class in four: −(¼ ln ¼ + ¾ ln ¾) = 0.5623351446188083 (computed with Python's math.log).
        #expect(abs(LabCheck.baselineLoss(targets: [0, 1, 1, 1], classCount: 2) - 0.5623351446188083) < 1e-12)
        // Balanced classes: ln 3.
        #expect(abs(LabCheck.baselineLoss(targets: [0, 1, 2, 2, 1, 0], classCount: 3) - log(3)) < 1e-12)
        #expect(LabCheck.baselineLoss(targets: [], classCount: 2) == 0)
    }
}
