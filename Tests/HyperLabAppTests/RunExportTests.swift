import Vocabulary
import Foundation
@testable import Learning
import Testing
@testable import HyperLabApp

/// `--json` output: the streaming writer's text, read back by JSONSerialization, equals the object built
/// the plain way (dictionaries, as the README describes it), and its keys come in byte order.
@Suite("run export")
struct RunExportTests {
    /// The documented object, built with Foundation types independently of `JSONWriter`.
    static func expectedObject(_ run: Run) -> [String: Any] {
        func number(_ value: Double?) -> Any { value.flatMap { $0.isFinite ? $0 : nil } ?? NSNull() }
        func record(_ r: EpochRecord) -> [String: Any] {
            var object: [String: Any] = ["epoch": r.epoch, "train_loss": number(r.trainLoss),
                                         "validation_loss": number(r.validationLoss), "objective": number(r.objective),
                                         "learning_rate": number(r.learningRate)]
            if !run.task.classes.isEmpty {
                object["train_accuracy"] = number(r.trainAccuracy)
                object["validation_accuracy"] = number(r.validationAccuracy)
            }
            return object
        }
        var hyperparameters: [String: Any] = [:]
        for spec in HyperparameterCatalog.all {
            let text = run.hyperparameters.text(of: spec.name) ?? ""
            if let integer = Int(text) {
                hyperparameters[spec.name] = integer
            } else if let double = Double(text), double.isFinite {
                hyperparameters[spec.name] = double
            } else {
                hyperparameters[spec.name] = text
            }
        }
        let o = run.outcome
        return ["dataset": run.datasetName, "model": run.model.rawValue,
                "task": !run.task.classes.isEmpty ? "classification" : "regression",
                "hyperparameters": hyperparameters, "history": run.history.map(record),
                "final": run.final.map(record) ?? NSNull(), "diverged": o.diverged,
                "diverged_at": o.divergedAt.map { $0 as Any } ?? NSNull(), "reason": o.reason.map { $0 as Any } ?? NSNull(),
                "stopped_early": o.stoppedEarly, "restored_best_epoch": o.restoredBestEpoch.map { $0 as Any } ?? NSNull(),
                "interrupted": o.interrupted, "seconds": number(o.seconds),
                "parameters": o.parameters.map { ["name": $0.name, "rows": $0.rows, "columns": $0.columns, "values": $0.values.map(number)] as [String: Any] },
                "parameters_in_data_units": NSNull(), "diagnosis": NSNull()]
    }

    static func run(task: LearningTask, epochs: Int, reason: String?) -> Run {
        var rng = SeededGenerator(seed: 9)
        let history = (1...epochs).map { e -> EpochRecord in
            let special: [Double] = [.nan, .infinity, -.infinity, 1e-300, -0.0, 1e300, 0.1]
            let loss = e % 50 == 0 ? special[(e / 50) % special.count] : rng.nextUnit() * 3
            return EpochRecord(epoch: e, trainLoss: loss, validationLoss: e % 3 == 0 ? nil : rng.nextUnit(),
                               objective: loss + 1e-5, trainAccuracy: !task.classes.isEmpty ? rng.nextUnit() : nil,
                               validationAccuracy: !task.classes.isEmpty && e % 2 == 0 ? rng.nextUnit() : nil,
                               learningRate: e % 7 == 0 ? nil : 0.1 * rng.nextUnit())
        }
        let model: ModelKind = !task.classes.isEmpty ? .mlp : .linear
        let outcome = TrainingOutcome(history: history, diverged: reason != nil, divergedAt: reason != nil ? epochs : nil,
                                      reason: reason, stoppedEarly: false, restoredBestEpoch: nil, interrupted: false, seconds: 0.25,
                                      parameters: [ParameterBlock(name: "layer 1 weights", rows: 2, columns: 1, values: [0.5, -.infinity]),
                                                   ParameterBlock(name: "layer 1 biases", rows: 1, columns: 1, values: [1e-300])],
                                      parametersInDataUnits: nil)
        return Run(id: 1, datasetName: "dir/my \"data\".csv", model: model,
                   hyperparameters: Hyperparameters.defaults(model: model, dataset: "iris"), changed: [],
                   history: history, outcome: outcome, task: task)
    }

    /// Structural equality of two JSON-like trees (numbers compared as doubles, bit for bit).
    static func same(_ a: Any, _ b: Any) -> Bool {
        if a is NSNull || b is NSNull { return a is NSNull && b is NSNull }
        if let x = a as? [String: Any], let y = b as? [String: Any] {
            return Set(x.keys) == Set(y.keys) && x.keys.allSatisfy { same(x[$0]!, y[$0]!) }
        }
        if let x = a as? [Any], let y = b as? [Any] { return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) } }
        if let x = a as? String, let y = b as? String { return x == y }
        func number(_ v: Any) -> Double? {
            if let n = v as? NSNumber { return n.doubleValue }
            if let d = v as? Double { return d }
            if let i = v as? Int { return Double(i) }
            if let t = v as? Bool { return t ? 1 : 0 }
            return nil
        }
        guard let x = number(a), let y = number(b) else { return false }
        // Foundation's JSON reader on Linux can be a few units in the last place off (the text holds the
        // shortest round-trip spelling, which `Double(String)` reads back exactly: checked in the test).
        return x == y || abs(x - y) <= 1e-14 * max(abs(x), abs(y))
    }

    @Test(arguments: [false, true])
    func jsonReadsBackAsTheDocumentedObject(classification: Bool) throws {
        let task: LearningTask = classification ? .classification(classes: ["a", "b"]) : .regression
        let run = Self.run(task: task, epochs: 400, reason: classification ? "diverged: loss \u{2192} ∞\nlower the \\ rate\t\u{1}" : nil)
        let text = RunExport.json(run)
        #expect(!text.contains("\n"))
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let equal = Self.same(parsed, Self.expectedObject(run))
        #expect(equal)
        // Every loss is written so that Double(String) gives it back bit for bit.
        let historyText = text[text.range(of: "\"history\":[")!.upperBound...]
        let losses = historyText.components(separatedBy: "\"train_loss\":").dropFirst().map { $0.prefix { $0 != "," && $0 != "}" } }
        #expect(losses.count >= run.history.count)
        for (spelling, record) in zip(losses, run.history) {
            if record.trainLoss.isFinite {
                #expect(Double(String(spelling))?.bitPattern == record.trainLoss.bitPattern)
            } else {
                #expect(spelling == "null")
            }
        }
        // Keys in byte order at the top level and inside an epoch record.
        let top = ["dataset", "diagnosis", "diverged", "diverged_at", "final", "history", "hyperparameters", "interrupted", "model",
                   "parameters", "parameters_in_data_units", "reason", "restored_best_epoch", "seconds", "stopped_early", "task"]
        let positions = top.map { text.range(of: "\"\($0)\":")!.lowerBound }
        #expect(positions == positions.sorted())
        #expect(text.contains("\"history\":[{\"epoch\":1,\"learning_rate\":"))
        #expect(text.contains(classification ? ",\"train_accuracy\":" : ",\"train_loss\":"))
        #expect(classification == text.contains("\"validation_accuracy\":"))
    }
}
