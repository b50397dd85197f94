import Vocabulary
import Foundation
import Testing
@testable import Teaching

/// One answer of Tests/GradingFixtures/free-text-points.yaml.
struct PointLimitedAnswer {
    let question: String
    let passed: Bool
    let atMost: Int
    let text: String
}

/// Reads Tests/GradingFixtures/free-text-points.yaml: `question-id:` lines, each followed by
/// `- {passed: true|false, at-most: N, text: "..."}` lines (the only shape the file uses).
func loadPointLimits() throws -> [PointLimitedAnswer] {
    try readGradingFixture("free-text-points.yaml", item: #"^\s+- \{passed: (true|false), at-most: ([0-9]+), text: "(.*)"\}\s*$"#).map {
        PointLimitedAnswer(question: $0.question, passed: $0.fields[0] == "true", atMost: Int($0.fields[1]) ?? 0, text: $0.fields[2])
    }
}

@Suite("free-text grading: one statement, one point")
struct FreeTextPointTests {
    /// Every answer of the point fixtures earns at most its number of points and passes or fails as labelled.
    @Test func pointLimits() throws {
        let (bank, errors) = QuestionBank.load(directory: shippedQuizDirectory)
        #expect(errors.isEmpty, "\(errors)")
        let answers = try loadPointLimits()
        #expect(answers.count >= 8)
        for answer in answers {
            let question = try #require(bank.questions.first { $0.id == answer.question }, "\(answer.question)")
            guard case .freeText(let rubric) = question.expected else {
                Issue.record("\(answer.question) is not a free-text question")
                continue
            }
            let grade = RubricGrader.grade(answer.text, rubric: rubric)
            #expect(grade.matched.count <= answer.atMost, "\(answer.question): \(answer.text) made \(grade.matched)")
            #expect(grade.passed == answer.passed, "\(answer.question): \(answer.text) made \(grade.matched)")
        }
    }

    /// The two points of `review-bad-hyperparameters` that share the claim "(overfitting, too complex) memorizes":
    /// "it memorizes noise" earns one of them, and an answer that says both (the cause, then what the model does)
    /// earns both, each with its own words.
    @Test func sharedClaimCountsOnce() throws {
        let (bank, _) = QuestionBank.load(directory: shippedQuizDirectory)
        let question = try #require(bank.questions.first { $0.id == "review-bad-hyperparameters" })
        guard case .freeText(let rubric) = question.expected else { Issue.record("not free text"); return }
        let short = RubricGrader.grade("it memorizes noise", rubric: rubric)
        #expect(short.matched.count == 1, "\(short.matched)")
        let both = RubricGrader.grade("Overfitting from too much capacity: the model memorizes the noise.", rubric: rubric)
        #expect(both.matched.count == 2, "\(both.matched)")
    }

    /// A made-up rubric where one claim belongs to two points: one clause that makes it earns one point; two
    /// clauses that make it earn both.
    @Test func sameWordsNeverEarnTwoPoints() {
        let rubric = Rubric(points: [RubricPoint(name: "a", claims: ["learning rate too high diverges"]),
                                     RubricPoint(name: "b", claims: ["learning rate too high diverges"])],
                            minimumPoints: 2)
        let once = RubricGrader.grade("A learning rate that is too high diverges.", rubric: rubric)
        #expect(once.matched == ["a"] && !once.passed, "\(once.matched)")
        let twice = RubricGrader.grade("A learning rate that is too high diverges. A too high learning rate diverges as well.", rubric: rubric)
        #expect(twice.matched == ["a", "b"] && twice.passed, "\(twice.matched)")
    }
}
