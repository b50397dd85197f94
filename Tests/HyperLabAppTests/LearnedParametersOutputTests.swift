import Vocabulary
import Foundation
import Learning
import Testing
@testable import HyperLabApp

/// What `params` and the JSON export say about the learned parameters.
@Suite struct LearnedParametersOutputTests {
    static func text(_ outputs: [Output]) -> String {
        outputs.compactMap { if case .text(let text) = $0 { return text } else { return nil } }.joined(separator: "\n")
    }

    @Test func paramsWritesPlaneInTheDataUnitsItWasMadeWith() throws {
        let session = LabSessionTests.makeSession()
        _ = session.execute("use plane")
        let run = try #require(LabSessionTests.runs(session.execute("set seed 1")).first)
        let text = Self.text(session.execute("params"))
        #expect(text.contains("standardized inputs"))
        // The equation's numbers are those of the run's own parameters in data units, and close to 3, −2 and 1.
        let units = try #require(run.outcome.parametersInDataUnits)
        let line = try #require(text.split(separator: "\n").first { $0.contains("y ≈") })
        #expect(line.contains("y ≈ \(NumberFormat.sentence(units.weights[0][0]))·x1 − \(NumberFormat.sentence(-units.weights[0][1]))·x2 + \(NumberFormat.sentence(units.intercepts[0]))"),
                "\(line)")
        #expect(abs(units.weights[0][0] - 3) < 0.1 && abs(units.weights[0][1] + 2) < 0.1 && abs(units.intercepts[0] - 1) < 0.25)
        #expect(!text.contains("exactly zero"))
    }

    @Test func paramsCountsTheWeightsL1SetToZero() throws {
        let session = LabSessionTests.makeSession()
        _ = session.execute("use breast-cancer")
        let run = try #require(LabSessionTests.runs(session.execute("set l1 0.05 epochs 300 learning-rate 0.5 batch-size full validation-fraction 0")).first)
        let weights = try #require(run.outcome.parameters.first).values
        let zeros = weights.filter { $0 == 0 }.count
        #expect(zeros >= 20)
        let text = Self.text(session.execute("params"))
        #expect(text.contains("Weights exactly zero: \(zeros) of 30"))
        #expect(text.contains("log-odds of malignant ≈") && text.contains("(\(zeros) weights exactly 0 left out)"))
    }

    @Test func jsonCarriesTheLearnedParametersAndTheRateOfEachEpoch() throws {
        let session = LabSessionTests.makeSession()
        _ = session.execute("use iris")
        let run = try #require(LabSessionTests.runs(session.execute("set epochs 6 schedule step")).first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(RunExport.json(run).utf8)) as? [String: Any])
        let blocks = try #require(object["parameters"] as? [[String: Any]])
        #expect(blocks.map { $0["name"] as? String } == ["layer 1 weights", "layer 1 biases"])
        #expect(blocks.map { $0["rows"] as? Int } == [4, 1] && blocks.map { $0["columns"] as? Int } == [3, 3])
        let values = blocks.compactMap { $0["values"] as? [Double] }
        // Foundation's JSON writer prints about 16 significant digits, not always the shortest round-trip form.
        let expected = run.outcome.parameters.map(\.values)
        #expect(values.map(\.count) == expected.map(\.count))
        for (a, b) in zip(values.joined(), expected.joined()) { #expect(abs(a - b) <= 1e-14 * max(1, abs(b))) }
        let units = try #require(object["parameters_in_data_units"] as? [String: Any])
        #expect((units["outputs"] as? [[String: Any]])?.count == 3 && (units["features"] as? [String])?.count == 4)
        let rates = (object["history"] as? [[String: Any]])?.compactMap { $0["learning_rate"] as? Double }
        #expect(rates == (1...6).map { run.hyperparameters.learningRate(epoch: $0) })
        #expect(rates?.last == run.hyperparameters.learningRate / 100)
        #expect(RunExport.csv(run).split(separator: "\n").first?.hasSuffix(",learning_rate") == true)
    }
}
