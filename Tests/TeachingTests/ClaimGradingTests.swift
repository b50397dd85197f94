import Vocabulary
import Foundation
import Testing
@testable import Teaching

/// One-point rubrics make each rule of claim matching visible on its own.
private func makes(_ answer: String, _ claims: [String]) -> Bool {
    RubricGrader.grade(answer, rubric: Rubric(points: [RubricPoint(name: "p", claims: claims)], minimumPoints: 1)).passed
}

@Suite struct ClaimGradingTests {
    let tooHigh = ["(learning rate) too high diverges", "(learning rate) too high oscillates"]
    let tooLow = ["(learning rate) too low is slow"]

    @Test func plainWordsAndJargonMakeTheSameClaim() {
        for answer in ["If the step size is too big the loss bounces around and can blow up.",
                       "A learning rate that is too high diverges.",
                       "LR too high -> divergence",
                       "Diverges when the learning rate is too large.",
                       "With a huge learning rate the loss explodes to NaN."] {
            #expect(makes(answer, tooHigh), "\(answer)")
        }
        #expect(makes("if it is too small training crawls", tooLow))
        #expect(makes("Bayesian optimization keeps a running guess of how good untried settings are.", ["(Bayesian optimization) surrogate"]))
        #expect(makes("The model learns the training set by heart.", ["(overfitting) memorizes"]))
    }

    @Test func negationCountsAgainstTheClaim() {
        #expect(!makes("A learning rate that is too high does not diverge.", tooHigh))
        #expect(!makes("Bayesian optimization does not use a surrogate.", ["(Bayesian optimization) surrogate"]))
        #expect(!makes("It is not cheaper than grid search.", ["(Bayesian optimization) is cheaper"]))
        // A negated claim is made by a negated answer.
        #expect(makes("Grid search does not learn anything from earlier results.", ["grid search does not learn"]))
        #expect(!makes("Grid search learns from earlier results.", ["grid search does not learn"]))
        // A denied size before "or"/"otherwise" is a condition, not a denial.
        #expect(makes("The learning rate must not be too high, otherwise the loss diverges.", tooHigh))
        #expect(makes("It should not be too large or the loss explodes.", tooHigh))
        #expect(!makes("It is not too large and the loss diverges.", tooHigh))
    }

    @Test func swappedRolesCountAgainstTheClaim() {
        #expect(!makes("A learning rate that is too low diverges.", tooHigh))
        #expect(!makes("Too low diverges, too high is slow.", tooHigh))
        #expect(!makes("Too low diverges, too high is slow.", tooLow))
        #expect(makes("Too high diverges, too low is slow.", tooHigh) && makes("Too high diverges, too low is slow.", tooLow))
        let swapped = "Overfitting is when the model is too simple; underfitting is when it memorizes the noise."
        #expect(!makes(swapped, ["(overfitting) too complex", "(overfitting) memorizes"]))
        #expect(!makes(swapped, ["(underfitting) too simple"]))
        #expect(!makes("Grid search learns from previous results and Bayesian optimization ignores them.",
                       ["(Bayesian optimization) learns from"]))
        #expect(!makes("The validation loss goes down and the training loss goes up.", ["(overfitting) validation loss rises"]))
        #expect(!makes("Small batches give smoother updates than large ones.", ["small batches are noisy", "large batches are smooth"]))
        #expect(makes("the model is too simple (underfitting)", ["(underfitting) too simple"]))
        #expect(!makes("the model is too simple (overfitting)", ["(underfitting) too simple"]))
    }

    @Test func aClaimIsReadWithinOneClause() {
        // "too high" and "diverges" in different sentences make no claim.
        #expect(!makes("The learning rate was too high. The other run diverged.", tooHigh))
        #expect(!makes("The rate is too high, but the loss still diverges slowly", ["too high is slow"]))
    }

    @Test func typosAndBritishSpellings() {
        #expect(makes("If the lerning rate is to high the loss divergs.", tooHigh))
        #expect(makes("It memorises the training data.", ["(overfitting) memorizes"]))
        #expect(makes("Bayesian optimisation is more efficient.", ["(Bayesian optimization) is cheaper"]))
        #expect(makes("bayesian optimzation builds a surogate model", ["(Bayesian optimization) surrogate"]))
        // Short words are not corrected ("lower" is not "power").
        #expect(ClaimReader.corrected("power") == "power")
        #expect(ClaimReader.editDistance(Array("serach"), Array("search"), limit: 1) == 1)
        #expect(ClaimReader.editDistance(Array("kitten"), Array("sitting"), limit: 3) == 3)
    }

    @Test func aListOfTermsMakesNoClaim() {
        // A list with a statement at its end: only the statement counts.
        let tail = "Gaussian process, acquisition function, cheaper than grid"
        #expect(!makes(tail, ["(Bayesian optimization) surrogate"]) && !makes(tail, ["(Bayesian optimization) next"]))
        #expect(makes(tail, ["(Bayesian optimization) is cheaper"]))
        #expect(makes("Fits noise, not signal", ["fits the noise"]))
        // Telegraphic but linked ("too") is still a statement.
        #expect(makes("learning rate too high diverge", tooHigh))
        for list in ["grid fixed surrogate promising cheaper", "overfitting, underfitting, memorize, useless",
                     "Grid search: exhaustive. Bayesian: surrogate."] {
            #expect(!makes(list, ["grid search every combination", "(Bayesian optimization) surrogate",
                                  "(Bayesian optimization) is cheaper", "(overfitting) memorizes", "overfitting"]), "\(list)")
        }
    }

    @Test func evidenceQuotesTheLearnersClause() {
        let rubric = Rubric(points: [RubricPoint(name: "too high diverges", claims: tooHigh),
                                     RubricPoint(name: "too low is slow", claims: tooLow),
                                     RubricPoint(name: "batch noise", claims: ["small batches are noisy"])], minimumPoints: 2)
        let grade = RubricGrader.grade("Honestly? If the step size is too big, it blows up; too small and it crawls.", rubric: rubric)
        #expect(grade.passed)
        #expect(grade.points == [PointResult(point: "too high diverges", made: true, evidence: "If the step size is too big, it blows up"),
                                 PointResult(point: "too low is slow", made: true, evidence: "too small and it crawls"),
                                 PointResult(point: "batch noise", made: false, evidence: nil)])
    }

    @Test func requiredPointsMustBeMade() {
        let rubric = Rubric(points: [RubricPoint(name: "a", claims: ["too high diverges"], required: true),
                                     RubricPoint(name: "b", claims: ["too low is slow"]),
                                     RubricPoint(name: "c", claims: ["small batches are noisy"])], minimumPoints: 2)
        #expect(!RubricGrader.grade("Too low is slow and small batches are noisy.", rubric: rubric).passed)
        #expect(RubricGrader.grade("Too high diverges and small batches are noisy.", rubric: rubric).passed)
    }
}

@Suite struct GradeReportTests {
    let bank: QuestionBank = {
        let text = """
        topic: demo
        questions:
          - id: rate
            type: free-text
            prompt: What does the learning rate do?
            rubric:
              pass: 2
              points:
                - point: too high diverges
                  claims: [(learning rate) too high diverges]
                - point: too low is slow
                  claims: [(learning rate) too low is slow]
            model-answer: Too high diverges, too low is slow.
            examples:
              accept: [If the step size is too big it blows up and if it is too small it crawls.]
              reject: [too high too low, A rate that is too low diverges and one too high is slow., Too high diverges.]
            explanation: Because.
          - id: pick
            type: choice
            prompt: Which?
            choices: [training loss falls while validation loss rises, training loss rises while validation loss falls]
            answer: training loss falls while validation loss rises
            explanation: Because.
          - id: count
            type: numeric
            prompt: How much?
            answer: 0.1
            explanation: Because.
        """
        return QuestionBank.parse([(path: "demo.yaml", text: text)]).bank
    }()

    @Test func jsonHasTheDocumentedShape() throws {
        let report = try bank.gradeReport(questionID: "rate", answer: "Too high and it diverges. Nothing else.")
        #expect(!report.correct)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(report), as: UTF8.self)
        #expect(json == #"{"correct":false,"points":[{"evidence":"Too high and it diverges","made":true,"point":"too high diverges"},{"evidence":null,"made":false,"point":"too low is slow"}],"question":"rate"}"#)
        #expect(try JSONDecoder().decode(GradeReport.self, from: Data(json.utf8)) == report)
        #expect(report.lines == ["rate: wrong (1 of 2 points made)", "  + too high diverges: \"Too high and it diverges\"",
                                 "  - missed: too low is slow"])
    }

    @Test func otherKindsAndErrors() throws {
        #expect(try bank.gradeReport(questionID: "pick", answer: "training loss falls while validation loss rises").correct)
        #expect(try !bank.gradeReport(questionID: "pick", answer: "b").correct)
        #expect(try bank.gradeReport(questionID: "count", answer: "0,100").correct)
        #expect(try bank.gradeReport(questionID: "pick", answer: "a").lines == ["pick: right"])
        #expect(throws: TeachingError.self) { try bank.gradeReport(questionID: "nope", answer: "a") }
        #expect(throws: TeachingError.self) { try bank.gradeReport(questionID: "pick", answer: "validation training") }
        #expect(throws: TeachingError.emptyAnswer) { try bank.gradeReport(questionID: "rate", answer: "  ") }
    }

    @Test func examplesAreGradedAndDisagreementsReported() {
        // All of the demo's examples agree.
        #expect(bank.exampleDisagreements().isEmpty)
        let text = """
        topic: demo
        questions:
          - {id: rate, type: free-text, prompt: What does the rate do, model-answer: Too high diverges., explanation: Because.,
             rubric: {pass: 1, points: [{point: too high diverges, claims: [too high diverges]}]},
             examples: {accept: [Too high is slow.], reject: [A rate that is too high will diverge.]}}
        """
        let (wrong, errors) = QuestionBank.parse([(path: "bad.yaml", text: text)])
        #expect(errors.isEmpty)
        let found = wrong.exampleDisagreements()
        #expect(found.map(\.listedAsRight) == [true, false])
        #expect(found.first?.description == #"bad.yaml:3: question rate: an accept example is graded wrong (points made: no point): "Too high is slow.""#)
    }

    @Test func badExamplesAndClaimsAreLoadErrors() {
        let text = """
        topic: demo
        questions:
          - id: rate
            type: free-text
            prompt: P?
            rubric:
              pass: 1
              points:
                - point: p
                  claims: [the a is]
                  required: maybe
            model-answer: M.
            examples: [not, a, mapping]
            explanation: E.
        """
        let errors = QuestionBank.parse([(path: "bad.yaml", text: text)]).errors.map(\.message)
        #expect(errors.contains { $0.contains("every claim needs at least one word") })
        #expect(errors.contains { $0.contains("`examples:` must be a mapping") })
    }
}

@Suite struct TypedChoiceTests {
    let roles = ["training loss falls while validation loss rises", "training loss rises while validation loss falls",
                 "both losses fall", "both losses rise"]

    @Test func wordOrderAndRolesDecide() {
        #expect(ChoiceGrader.interpret("training loss falls while validation loss rises", choices: roles) == 0)
        #expect(ChoiceGrader.interpret("Training loss FALLS, while validation loss rises.", choices: roles) == 0)
        #expect(ChoiceGrader.interpret("training loss rises while validation loss falls", choices: roles) == 1)
        #expect(ChoiceGrader.interpret("validation loss rises while training loss falls", choices: roles) == nil)
        #expect(ChoiceGrader.interpret("trainig loss falls while validaton loss rises", choices: roles) == 0)
        #expect(ChoiceGrader.interpret("training loss falls while the validation loss rises a lot", choices: roles) == 0)
    }

    @Test func lettersWithTheirText() {
        #expect(ChoiceGrader.interpret("c) both losses fall", choices: roles) == 2)
        #expect(ChoiceGrader.interpret("(c)", choices: roles) == 2)
        #expect(ChoiceGrader.interpret("c", choices: roles) == 2)
        #expect(ChoiceGrader.interpret("C. Both losses fall", choices: roles) == 2)
        guard case .notUnderstood(let message) = ChoiceGrader.read("d) both losses fall", choices: roles) else {
            Issue.record("a letter with another choice's text must be refused")
            return
        }
        #expect(message.contains("(that is c)"))
        // A choice whose text looks like a label is read as its text.
        #expect(ChoiceGrader.interpret("0.1", choices: ["0.01", "0.1", "1"]) == 1)
        #expect(ChoiceGrader.interpret("2", choices: ["0.01", "0.1", "1"]) == 1)
        guard case .notUnderstood(let missing) = ChoiceGrader.read("f", choices: roles) else { Issue.record("f"); return }
        #expect(missing.hasPrefix("There is no choice f."))
    }
}

@Suite struct NumericCommaTests {
    @Test func aCommaIsReadOneWayOnly() {
        #expect(NumericGrader.interpret("0,100") == 0.1)
        #expect(NumericGrader.interpret("0,5") == 0.5)
        #expect(NumericGrader.interpret("1,000") == 1000)
        #expect(NumericGrader.interpret("12,345.5") == 12345.5)
        #expect(NumericGrader.interpret("1,5") == 1.5)
        #expect(NumericGrader.interpret("0,100,000") == nil)
        guard case .notUnderstood(let message) = NumericGrader.read("0,1,2") else { Issue.record("0,1,2"); return }
        #expect(message.contains("decimal comma"))
    }
}

@Suite struct OverrideOnRetryTests {
    @Test func iWasRightOnTheRetryClosesIt() throws {
        var session = try openSession(at: "free-overfit")
        let miss = try #require(feedback(session.handle("No idea at all.")))
        #expect(!miss.correct && miss.comesBackThisSession)
        let shown = session.next()
        let retry = try #require(shown)
        #expect(retry.isRetry && retry.question.id == "free-overfit")
        // The learner says the first answer was right while the re-ask is on screen: both close.
        let reply = session.handle("i was right")
        let closed = try #require(feedback(reply))
        #expect(closed.overridden && closed.correct)
        guard case .notUnderstood = session.handle("It memorizes the noise and does worse on new data.") else {
            Issue.record("the retry must be closed")
            return
        }
        #expect(session.next() == nil)
        #expect(session.summary.correct == 1 && session.summary.answered == 1)
    }
}

@Suite struct ShippedChoiceQuestionTests {
    let bank = QuestionBank.load(directory: shippedQuizDirectory).bank

    /// The right choice is the longest (by characters) in at most a third of the choice and lab questions, so that
    /// length gives nothing away.
    @Test func theRightChoiceIsRarelyTheLongest() {
        var longest: [String] = []
        var count = 0
        for question in bank.questions {
            switch question.expected {
            case .choice(let choices, let correct), .lab(_, let choices, let correct):
                count += 1
                let lengths = choices.map(\.count)
                if lengths[correct] == lengths.max(), lengths.filter({ $0 == lengths[correct] }).count == 1 {
                    longest.append(question.id)
                }
            default:
                continue
            }
        }
        #expect(count > 0)
        #expect(longest.count * 3 <= count, "right choice longest in \(longest.count) of \(count): \(longest)")
    }

    /// Choices are shuffled when shown, so an explanation never names a choice by its place.
    @Test func explanationsNeverReferToAPosition() throws {
        let place = try NSRegularExpression(
            pattern: #"\b(the )?(first|second|third|fourth|last) (two|three|one|ones|option|options|choice|choices|answer|answers)\b|\b(option|choice|answer) [a-h1-8]\b|\([a-h]\)|\b[a-h]\) |\bthe (former|latter)\b"#,
            options: [.caseInsensitive])
        for question in bank.questions where question.kind == .choice || question.kind == .lab {
            let text = question.explanation
            let found = place.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
            #expect(found == nil, "\(question.id): \(text)")
        }
    }
}

@Suite struct ReadmeRubricExampleTests {
    /// The free-text example of Lessons/README.md loads and its model answer passes its rubric.
    @Test func theReadmeFreeTextExampleWorks() throws {
        let readme = try String(contentsOfFile: LessonFixtures.lessonsDirectory + "/README.md", encoding: .utf8)
        let blocks = readme.components(separatedBy: "```yaml\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        let block = try #require(blocks.first { $0.contains("id: trade-more-capacity-worse") })
        let (bank, errors) = QuestionBank.parse([(path: "README.md", text: "topic: demo\nquestions:\n" + block)])
        #expect(errors.isEmpty, "\(errors)")
        let question = try #require(bank.question(id: "trade-more-capacity-worse"))
        #expect(try bank.gradeReport(questionID: question.id, answer: question.modelAnswer ?? "").correct)
        #expect(try !bank.gradeReport(questionID: question.id, answer: "noise, capacity, overfitting").correct)
    }
}

@Suite struct IssueAnswersTests {
    let bank = QuestionBank.load(directory: shippedQuizDirectory).bank

    func passes(_ id: String, _ answer: String) throws -> Bool {
        try bank.gradeReport(questionID: id, answer: answer).correct
    }

    /// The answers that the word-window grader got wrong, graded as a teacher would.
    @Test func theReportedAnswers() throws {
        #expect(try !passes("review-bad-hyperparameters", "overfitting underfitting memorize useless"))
        #expect(try !passes("review-bayes-vs-grid", "grid fixed surrogate promising cheaper"))
        #expect(try !passes("review-bad-hyperparameters", "overfitting is when the model is too simple and misses the real "
                            + "patterns; underfitting is when it memorizes the noise and the validation loss goes up"))
        #expect(try !passes("review-bayes-vs-grid", "Bayesian optimization does not use a surrogate, it does not learn "
                            + "from results and is not cheaper than grid search, which tries every combination"))
        #expect(try passes("review-hyperparameters-influence", "if the step size is too big the loss bounces around and "
                           + "can blow up, if it is too small training crawls; small batches make the updates noisy"))
    }

    /// Pasted text is read up to `ClaimReader.maximumWords` words, so grading always ends.
    @Test func aVeryLongAnswerIsGraded() throws {
        let long = String(repeating: "too high diverges and too low is slow, ", count: 5000)
        let report = try bank.gradeReport(questionID: "review-hyperparameters-influence", answer: long)
        #expect(report.points.count == 6)
    }
}
