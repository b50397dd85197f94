import Vocabulary
import Testing
@testable import Teaching

@Suite struct TextMatcherTests {
    @Test func stemmingMakesWordFormsEqual() {
        let forms = [["update", "updates", "updating", "updated"], ["overfit", "overfits", "overfitting", "overfitted"],
                     ["bias", "biases"], ["converge", "converges", "converging", "converged"], ["loss", "losses"],
                     ["slow", "slowly"], ["memorize", "memorizes", "memorizing"], ["stop", "stopping", "stopped"]]
        for group in forms {
            let stems = Set(group.map(TextMatcher.stem))
            #expect(stems.count == 1, "\(group) -> \(stems)")
        }
        #expect(TextMatcher.stem("high") != TextMatcher.stem("low"))
    }

    @Test func normalizationIgnoresCasePunctuationAndSpaces() {
        #expect(TextMatcher.keyWords("  The LEARNING-rate,   is too HIGH!! ") == TextMatcher.keyWords("learning rate too high"))
    }
}

@Suite struct ChoiceGraderTests {
    let choices = ["too high", "too low", "about right"]

    @Test func lettersNumbersAndTextNameTheSameChoice() {
        for input in ["b", "B", "b)", "(b)", "b.", "2", " 2. ", "too low", "Too LOW!", "too l", "b) too low", "(b) Too low."] {
            #expect(ChoiceGrader.interpret(input, choices: choices) == 1, "\(input)")
        }
    }

    @Test func unknownOrAmbiguousInputNamesNothing() {
        for input in ["d", "4", "0", "", "too", "medium", "low too", "a) too low", "d) too low"] {
            #expect(ChoiceGrader.interpret(input, choices: choices) == nil, "\(input)")
        }
    }
}

@Suite struct TrueFalseGraderTests {
    @Test func manySpellings() {
        for input in ["true", "T", "yes", "Y", "True.", " right "] { #expect(TrueFalseGrader.interpret(input) == true, "\(input)") }
        for input in ["false", "F", "no", "N", "FALSE!", "wrong"] { #expect(TrueFalseGrader.interpret(input) == false, "\(input)") }
        for input in ["maybe", "", "true false"] { #expect(TrueFalseGrader.interpret(input) == nil, "\(input)") }
    }
}

@Suite struct NumericGraderTests {
    @Test func numberSpellings() {
        let cases: [(String, Double)] = [("0.001", 0.001), (".001", 0.001), ("1e-3", 0.001), ("1E-3", 0.001), ("10^-3", 0.001),
                                         ("1/1000", 0.001), ("0.1 %", 0.001), ("0.1%", 0.001), ("1,000", 1000), ("0,5", 0.5),
                                         ("24 evaluations", 24), ("about 24", 24), ("~24", 24), ("-2.5", -2.5), ("2 x 10^3", 2000)]
        for (input, value) in cases {
            let read = NumericGrader.interpret(input)
            #expect(read.map { abs($0 - value) <= 1e-12 * max(1, abs(value)) } == true, "\(input) -> \(String(describing: read))")
        }
        #expect(NumericGrader.interpret("5%", unit: "%") == 5)
        #expect(NumericGrader.interpret("5 percent") == 0.05)
        for input in ["", "many", "3 or 4", "1/0"] { #expect(NumericGrader.interpret(input) == nil, "\(input)") }
    }

    @Test func tolerances() {
        #expect(NumericTolerance.absolute(0.1).accepts(1.09, expected: 1))
        #expect(!NumericTolerance.absolute(0.1).accepts(1.11, expected: 1))
        #expect(NumericTolerance.relative(0.05).accepts(104, expected: 100))
        #expect(!NumericTolerance.relative(0.05).accepts(106, expected: 100))
        #expect(NumericTolerance.absolute(0).accepts(0.1 + 0.2, expected: 0.3))
        #expect(!NumericTolerance.absolute(1).accepts(.nan, expected: 0))
    }
}

@Suite struct RubricGraderTests {
    let rubric = Rubric(points: [
        RubricPoint(name: "too high diverges", claims: ["too high diverges", "too large overshoot", "big step blows up"]),
        RubricPoint(name: "too low is slow", claims: ["too low slow", "too small slow", "tiny steps take forever"]),
        RubricPoint(name: "batch size sets noise", claims: ["batch size noise", "small batches noisy"]),
    ], minimumPoints: 2)

    @Test func aRightAnswerWrittenDifferentlyPasses() {
        let answers = [
            "A learning rate that is too high diverges, and one too low is slow.",
            "SLOW when too low; DIVERGES when it's too high!!!",
            "if the step is too large it can overshoot; too small a rate learns slowly; small batches make noisy updates",
        ]
        for answer in answers {
            let grade = RubricGrader.grade(answer, rubric: rubric)
            #expect(grade.passed, "\(answer): matched \(grade.matched)")
        }
        let full = RubricGrader.grade(answers[2], rubric: rubric)
        #expect(full.matched.count == 3 && full.missed.isEmpty)
    }

    @Test func aWrongOrThinAnswerFailsAndSaysWhatIsMissing() {
        let grade = RubricGrader.grade("The learning rate diverges when it is too high.", rubric: rubric)
        #expect(!grade.passed)
        #expect(grade.matched == ["too high diverges"])
        #expect(grade.missed == ["too low is slow", "batch size sets noise"])
        #expect(!RubricGrader.grade("I do not know", rubric: rubric).passed)
    }
}
