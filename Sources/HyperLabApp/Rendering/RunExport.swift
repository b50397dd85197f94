import Vocabulary
import Foundation
import Learning
import Tuning

/// The machine-readable forms of a run: the JSON object of `hyperlab train --json` (see
/// README "Machine-readable output") and a CSV table with one row per epoch.
enum RunExport {
    /// The JSON object: dataset, model, hyperparameters as used, `history`, `final`, `diverged`,
    /// `diverged_at`, `reason`, `stopped_early`, `restored_best_epoch`, `interrupted`, `seconds`,
    /// `parameters` (the learned blocks `{name, rows, columns, values}`, values row-major, e.g.
    /// "layer 1 weights" and "layer 1 biases") and `parameters_in_data_units` (`{features,
    /// outputs: [{name, weights, intercept}]}` for linear, logistic and softmax at degree 1, else
    /// null), and `diagnosis`: the findings, most important first, each `{kind, text, evidence:
    /// [{measure, value, source}], advice?}` (`Finding.jsonObject`), or null when the run was not
    /// diagnosed (hints off, or stopped by Ctrl-C). Non-finite numbers are written as `null`.
    static func jsonObject(_ run: Run) -> [String: Any] {
        var hyperparameters: [String: Any] = [:]
        for spec in HyperparameterCatalog.all {
            hyperparameters[spec.name] = jsonValue(run.hyperparameters.text(of: spec.name) ?? "")
        }
        let outcome = run.outcome
        return [
            "dataset": run.datasetName,
            "model": run.model.rawValue,
            "task": run.task.isClassification ? "classification" : "regression",
            "hyperparameters": hyperparameters,
            "history": run.history.map { record(run.task, $0) },
            "final": run.final.map { record(run.task, $0) } ?? NSNull(),
            "diverged": outcome.diverged,
            "diverged_at": outcome.divergedAt.map { $0 as Any } ?? NSNull(),
            "reason": outcome.reason.map { $0 as Any } ?? NSNull(),
            "stopped_early": outcome.stoppedEarly,
            "restored_best_epoch": outcome.restoredBestEpoch.map { $0 as Any } ?? NSNull(),
            "interrupted": outcome.interrupted,
            "seconds": number(outcome.seconds),
            "parameters": outcome.parameters.map { block -> [String: Any] in
                ["name": block.name, "rows": block.rows, "columns": block.columns, "values": block.values.map(number)]
            },
            "parameters_in_data_units": outcome.parametersInDataUnits.map(dataUnits) ?? NSNull(),
            "diagnosis": run.diagnosis.map { $0.findings.map(\.jsonObject) as Any } ?? NSNull(),
        ]
    }

    private static func dataUnits(_ units: DataUnitParameters) -> [String: Any] {
        let outputs = units.outputNames.indices.map { k -> [String: Any] in
            ["name": units.outputNames[k], "weights": units.weights[k].map(number), "intercept": number(units.intercepts[k])]
        }
        return ["features": units.featureNames, "outputs": outputs]
    }

    /// The JSON text, keys sorted, one line.
    static func json(_ run: Run) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: jsonObject(run), options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// CSV: `epoch,train_loss,validation_loss,objective[,train_accuracy,validation_accuracy],learning_rate`;
    /// empty cells for missing or non-finite values.
    static func csv(_ run: Run) -> String {
        let classification = run.task.isClassification
        var lines = ["epoch,train_loss,validation_loss,objective" + (classification ? ",train_accuracy,validation_accuracy" : "") + ",learning_rate"]
        func cell(_ value: Double?) -> String { value.flatMap { $0.isFinite ? "\($0)" : nil } ?? "" }
        for r in run.history {
            var fields = ["\(r.epoch)", cell(r.trainLoss), cell(r.validationLoss), cell(r.objective)]
            if classification { fields += [cell(r.trainAccuracy), cell(r.validationAccuracy)] }
            fields.append(cell(r.learningRate))
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func record(_ task: LearningTask, _ r: EpochRecord) -> [String: Any] {
        var object: [String: Any] = [
            "epoch": r.epoch,
            "train_loss": number(r.trainLoss),
            "validation_loss": r.validationLoss.map(number) ?? NSNull(),
            "objective": number(r.objective),
            "learning_rate": r.learningRate.map(number) ?? NSNull(),
        ]
        if task.isClassification {
            object["train_accuracy"] = r.trainAccuracy.map(number) ?? NSNull()
            object["validation_accuracy"] = r.validationAccuracy.map(number) ?? NSNull()
        }
        return object
    }

    private static func number(_ value: Double) -> Any { value.isFinite ? value : NSNull() }

    /// A hyperparameter's text as a JSON value: a number when it is one, else the text.
    private static func jsonValue(_ text: String) -> Any {
        if let integer = Int(text) { return integer }
        if let double = Double(text), double.isFinite { return double }
        return text
    }
}
