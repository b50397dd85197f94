import Foundation
import Testing
import Vocabulary

/// Number texts checked against printf, the independent formatter.
@Suite struct NumberFormatTests {
    @Test func settingsHaveNoFloatNoise() {
        #expect(NumberFormat.setting(0.10500000000000001) == "0.105")
        #expect(NumberFormat.setting(1.0000000000000001e-11) == "1e-11")
        #expect(NumberFormat.setting(0.05) == "0.05")
        #expect(NumberFormat.setting(1.5e-5) == "1.5e-5")
        #expect(NumberFormat.setting(2e6) == "2e6")
        #expect(NumberFormat.setting(0) == "0")
    }

    @Test func suggestionsAreRoundedToSignificantDigits() {
        #expect(NumberFormat.suggestion(0.30000000000000004) == "0.3")
        #expect(NumberFormat.suggestion(0.0123456, digits: 1) == "0.01")
        #expect(NumberFormat.suggestion(0.0123456, digits: 2) == "0.012")
        #expect(NumberFormat.suggestion(123.456, digits: 2) == "120")
        for x in [0.00017, 3.3, 47.0, 0.25] {
            #expect(Double(NumberFormat.suggestion(x)) == Double(String(format: "%.1e", x)))
        }
    }

    @Test func lossesHaveThreeSignificantDigits() {
        #expect(NumberFormat.loss(0.123456) == String(format: "%.3g", 0.123456))
        #expect(NumberFormat.loss(123456) == "1.23e+05")
        #expect(NumberFormat.loss(nil) == "n/a")
        #expect(NumberFormat.loss(.nan) == "not a number")
        #expect(NumberFormat.loss(-.infinity) == "-infinite")
    }

    @Test func shortestRoundTrips() {
        for x in [0.1, 1.0 / 3.0, 32, 1e-7, 12345.678] {
            #expect(Double(NumberFormat.shortest(x)) == x)
        }
        #expect(NumberFormat.shortest(32) == "32")
    }

    @Test func constantPredictionLossMatchesClosedForms() {
        #expect(LearningTask.regression.constantPredictionLoss(targets: [1, 2, 3, 4]) == 1.25)
        let binary = LearningTask.classification(classes: ["a", "b"])
        #expect(abs(binary.constantPredictionLoss(targets: [0, 1, 0, 1]) - log(2)) < 1e-15)
        #expect(binary.constantPredictionLoss(targets: [1, 1, 1]) == 0)
        #expect(binary.constantPredictionLoss(targets: []) == 0)
        // Fitted on one set, evaluated on another: the mean 2 scored on [1, 5] is ((1-2)² + (5-2)²)/2 = 5;
        // shares 3/4 and 1/4 scored on two rows of class 1 cost ln 4 each.
        #expect(LearningTask.regression.constantPredictionLoss(fittedOn: [1, 3], evaluatedOn: [1, 5]) == 5)
        #expect(abs(binary.constantPredictionLoss(fittedOn: [0, 0, 0, 1], evaluatedOn: [1, 1]) - log(4)) < 1e-15)
        #expect(binary.constantPredictionLoss(fittedOn: [], evaluatedOn: [1]).isNaN)
    }
}
