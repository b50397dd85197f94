import Vocabulary
import Foundation
import Testing
@testable import Teaching

@Suite struct LessonConditionTests {
    func condition(_ key: String, _ value: String) throws -> OutcomeCondition {
        try OutcomeCondition.parse(key: key, value: value).get()
    }

    func holds(_ key: String, _ value: String, on facts: RunFacts) throws -> Bool {
        try condition(key, value).evaluate(facts).passed
    }

    /// A textbook overfitting run: validation loss lowest (0.21) at epoch 3 of 6, then up to 0.35, while the
    /// training loss keeps falling to 0.05.
    let overfitting = LessonFixtures.facts(train: [0.9, 0.5, 0.3, 0.2, 0.1, 0.05],
                                           validation: [0.8, 0.4, 0.21, 0.25, 0.3, 0.35])
    /// Both losses still falling at the end.
    let converging = LessonFixtures.facts(train: [0.9, 0.5, 0.3, 0.2], validation: [0.95, 0.6, 0.4, 0.3])

    /// After early stopping restored epoch 3's weights, the `final.` metrics and the gap describe those weights
    /// (the model the run kept, as its summary line says), while `epochs` still counts the epochs run.
    @Test func finalMetricsReadTheKeptEpochAfterEarlyStopping() throws {
        var stopped = overfitting
        stopped = RunFacts(dataset: stopped.dataset, model: stopped.model, hyperparameters: stopped.hyperparameters,
                           trainLoss: stopped.trainLoss, validationLoss: stopped.validationLoss, diverged: false,
                           stoppedEarly: true, keptEpoch: 3)
        #expect(stopped.number("final.validation_loss") == 0.21)
        #expect(stopped.number("final.train_loss") == 0.3)
        #expect(abs((stopped.number("gap") ?? .nan) - (0.21 - 0.3)) < 1e-12)
        #expect(stopped.number("epochs") == 6)
        // Without a kept epoch (or one outside the curve) the last epoch is final.
        #expect(overfitting.number("final.validation_loss") == 0.35)
        let outside = RunFacts(dataset: "", model: "", hyperparameters: [:], trainLoss: [0.5, 0.4], validationLoss: [0.6, 0.5],
                               diverged: false, keptEpoch: 9)
        #expect(outside.number("final.validation_loss") == 0.5)
    }

    @Test func validationRisesNeedsTheRiseTheMinimumBeforeTheEndAndAFallingTrainingLoss() throws {
        #expect(try holds("validation_rises", "true", on: overfitting))
        #expect(try !holds("validation_rises", "false", on: overfitting))
        #expect(try !holds("validation_rises", "true", on: converging))
        #expect(try holds("validation_rises", "false", on: converging))
        // Up by less than 10 %: 0.22 < 1.1 x 0.21 = 0.231.
        let flat = LessonFixtures.facts(train: [0.9, 0.5, 0.3, 0.2], validation: [0.8, 0.21, 0.215, 0.22])
        #expect(try !holds("validation_rises", "true", on: flat))
        // Up by 10 % or more but the training loss did not keep falling (0.35 > 0.3 at the best epoch).
        let bothUp = LessonFixtures.facts(train: [0.9, 0.3, 0.32, 0.35], validation: [0.8, 0.21, 0.3, 0.4])
        #expect(try !holds("validation_rises", "true", on: bothUp))
        // No validation rows, or a diverged run: no overfitting signature.
        #expect(try !holds("validation_rises", "true", on: LessonFixtures.facts(train: [0.9, 0.1])))
        #expect(try !holds("validation_rises", "true", on: LessonFixtures.facts(train: [0.9, 0.1, 0.05], validation: [0.5, 0.2, 0.4], diverged: true, divergedAt: 3)))
    }

    @Test func theFeedbackNamesTheNumbersThatShowedIt() throws {
        let rising = try condition("validation_rises", "true").evaluate(overfitting)
        #expect(rising.evidence == "validation loss went from 0.21 at epoch 3 up to 0.35 at epoch 6 while training loss fell from 0.3 to 0.05")
        let notRising = try condition("validation_rises", "true").evaluate(converging)
        #expect(notRising.evidence == "validation loss was still falling: its lowest value, 0.3, is at the last epoch (4)")
        let diverged = try condition("diverged", "true").evaluate(LessonFixtures.facts(train: [2, 40, .infinity], diverged: true, divergedAt: 3))
        #expect(diverged.passed && diverged.evidence == "the loss blew up at epoch 3 (after epoch 1 it was 2)")
        let accuracy = try condition("final.validation_accuracy", ">= 0.9").evaluate(
            LessonFixtures.facts(train: [0.5, 0.4], validation: [0.5, 0.45], trainAccuracy: [0.8, 0.9], validationAccuracy: [0.8, 0.85]))
        #expect(!accuracy.passed && accuracy.evidence == "the final validation accuracy was 0.85; the goal needs it at least 0.9")
        let missing = try condition("final.validation_loss", "< 1").evaluate(LessonFixtures.facts(train: [0.5]))
        #expect(!missing.passed && missing.evidence.contains("set validation-fraction above 0"))
    }

    @Test func flagsAreTrueAndFalse() throws {
        let blewUp = LessonFixtures.facts(train: [1, 50, 900], diverged: true, divergedAt: 3)
        #expect(try holds("diverged", "true", on: blewUp))
        #expect(try !holds("diverged", "false", on: blewUp))
        #expect(try !holds("diverged", "true", on: converging))
        #expect(try holds("diverged", "no", on: converging))
        let stopped = LessonFixtures.facts(train: [0.5, 0.3, 0.2], validation: [0.5, 0.4, 0.45], stoppedEarly: true)
        #expect(try holds("stopped_early", "true", on: stopped))
        #expect(try !holds("stopped_early", "true", on: converging))
        #expect(try holds("stopped_early", "false", on: converging))
    }

    @Test func metricsAreComputedFromTheCurves() throws {
        // gap = 0.35 - 0.05 = 0.3; best epoch 3; train loss at best epoch 0.3; ratio 0.05 / 0.9.
        #expect(overfitting.number("gap") == 0.35 - 0.05)
        #expect(overfitting.number("best.epoch") == 3)
        #expect(overfitting.number("best.validation_loss") == 0.21)
        #expect(overfitting.number("best.train_loss") == 0.3)
        #expect(overfitting.number("ratio.train_loss") == 0.05 / 0.9)
        #expect(overfitting.number("epochs") == 6)
        #expect(try holds("gap_above", "0.25", on: overfitting))
        #expect(try !holds("gap_above", "0.35", on: overfitting))
        #expect(try holds("gap_below", "0.35", on: overfitting))
        #expect(try !holds("gap_below", "0.25", on: overfitting))
        #expect(try holds("best.epoch", "< 4", on: overfitting))
        #expect(try !holds("best.epoch", "> 3", on: overfitting))
        #expect(try holds("ratio.train_loss", "< 0.1", on: overfitting))
        #expect(try !holds("ratio.train_loss", "> 0.5", on: overfitting))
        #expect(try holds("first.train_loss", "== 0.9", on: overfitting))
        #expect(try holds("final.train_loss", "!= 0.9", on: overfitting))
        // Jaggedness by hand: rises 0.2 (0.5 -> 0.7), range 1 - 0.2 = 0.8, so 0.25.
        let jagged = LessonFixtures.facts(train: [1, 0.5, 0.7, 0.2])
        #expect(abs(jagged.trainJaggedness - 0.25) < 1e-12)
        #expect(try holds("jaggedness.train_loss", "> 0.2", on: jagged))
        #expect(try !holds("jaggedness.train_loss", "> 0.2", on: converging))
        // A NaN never satisfies a comparison.
        #expect(try !holds("final.train_loss", "< 1", on: LessonFixtures.facts(train: [1, .nan], diverged: true)))
        #expect(try !holds("final.train_loss", "> 1", on: LessonFixtures.facts(train: [1, .nan], diverged: true)))
        // Accuracy gap: train 1.0 - validation 0.9.
        let accuracies = LessonFixtures.facts(train: [0.5, 0.1], validation: [0.5, 0.3], trainAccuracy: [0.8, 1], validationAccuracy: [0.7, 0.9])
        #expect(try holds("accuracy_gap", "> 0.09", on: accuracies))
        #expect(try !holds("accuracy_gap", "> 0.11", on: accuracies))
        #expect(try holds("final.train_accuracy", ">= 1", on: accuracies))
    }

    @Test func hyperparametersModelAndDatasetCompare() throws {
        let run = LessonFixtures.facts(train: [1, 0.5], model: "mlp", dataset: "sine",
                                       hyperparameters: ["learning-rate": "0.001", "batch-size": "full", "hidden-layers": "16,8"])
        #expect(try holds("hyperparameter.learning-rate", "< 0.01", on: run))
        #expect(try !holds("hyperparameter.learning-rate", ">= 0.01", on: run))
        #expect(try holds("hyperparameter.lr", "== 0.001", on: run))  // alias
        #expect(try holds("hyperparameter.batch-size", "full", on: run))
        #expect(try !holds("hyperparameter.batch-size", "!= full", on: run))
        #expect(try holds("hyperparameter.hidden-layers", "16, 8", on: run))
        #expect(try !holds("hyperparameter.hidden-layers", "16", on: run))
        #expect(try holds("model", "mlp", on: run))
        #expect(try !holds("model", "linear", on: run))
        #expect(try holds("model", "!= linear", on: run))
        #expect(try holds("dataset", "sine", on: run))
        #expect(try !holds("dataset", "plane", on: run))
        // A hyperparameter the run does not report cannot be compared.
        #expect(try !holds("hyperparameter.l2", "< 1", on: run))
    }

    @Test func badConditionsAreRefusedWithAReason() {
        let cases: [(String, String, String)] = [
            ("loss_is_low", "true", "unknown condition"),
            ("diverged", "maybe", "true or false"),
            ("gap_above", "big", "takes a number"),
            ("final.train_loss", "0.5", "comparison in quotes"),
            ("final.train_loss", "< lots", "comparison in quotes"),
            ("hyperparameter.dropout", "< 1", "unknown hyperparameter"),
            ("hyperparameter.learning-rate", "< fast", "compares with a number"),
            ("model", "< mlp", "takes a name"),
        ]
        for (key, value, words) in cases {
            switch OutcomeCondition.parse(key: key, value: value) {
            case .success: Issue.record("\(key): \(value) should be refused")
            case .failure(let error): #expect(error.message.contains(words), "\(key): \(error.message)")
            }
        }
    }

    @Test func placeholdersAreFilledFromTheRun() {
        let run = LessonFixtures.facts(train: [2, 40, 900], diverged: true, divergedAt: 3)
        #expect(run.fill("blew up at epoch {diverged_at} with rate {hyperparameter.learning-rate}; final {final.train_loss}")
                == "blew up at epoch 3 with rate 0.5; final 900")
        #expect(run.fill("{final.validation_loss} {unknown} {") == "n/a {unknown} {")
        #expect(overfitting.fill("{best.validation_loss} at {best.epoch}, gap {gap}") == "0.21 at 3, gap 0.3")
        // Readable numbers: 3 significant digits, whole numbers from 100, powers of ten outside 0.001 ..< 100000.
        #expect([0.0001234, 0.01234, 1.234, 12.34, 123.4, 1430.13, 98765.4, 123456.0, -2.5, .infinity, .nan].map(RunFacts.readable)
                == ["1.23e-04", "0.0123", "1.23", "12.3", "123", "1430", "98765", "1.23e+05", "-2.5", "infinity", "not a number"])
    }
}
