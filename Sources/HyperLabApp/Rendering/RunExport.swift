import Foundation
import Learning
import Vocabulary
import Tuning

/// The machine-readable forms of a run: the JSON object of `hyperlab train --json` (see
/// README "Machine-readable output") and a CSV table with one row per epoch.
enum RunExport {
    /// The JSON text, one line: `dataset`, `diagnosis` (the findings, most important first, each `{kind, text, evidence: [{measure, value,
    /// source}], advice?}` (`Finding.jsonObject`), or null when the run was not diagnosed), `diverged`, `diverged_at`, `final`, `history` (epoch 0 first: the measurements before any training, `learning_rate` null), `hyperparameters` (every
    /// one, as used), `interrupted`, `model`, `parameters` (the learned blocks `{name, rows, columns, values}`,
    /// values row-major, e.g. "layer 1 weights" and "layer 1 biases"), `parameters_in_data_units`
    /// (`{features, outputs: [{name, weights, intercept}]}` for linear, logistic and softmax at degree 1, else
    /// null), `reason`, `restored_best_epoch`, `seconds`, `stopped_early`, `task`: keys in byte order at every
    /// level. Non-finite numbers are written as `null`. Written by `JSONWriter` in one pass (a 100,000-epoch
    /// run takes well under a second).
    static func json(_ run: Run) -> String {
        var w = JSONWriter(reserve: 256 + run.history.count * (run.task.isClassification ? 190 : 130))
        let outcome = run.outcome
        w.beginObject()
        w.key("dataset"); w.string(run.datasetName)
        w.key("diagnosis")
        if let diagnosis = run.diagnosis,
           let data = try? JSONSerialization.data(withJSONObject: diagnosis.findings.map(\.jsonObject), options: [.sortedKeys]),
           let text = String(data: data, encoding: .utf8) {
            w.json(text)
        } else {
            w.null()
        }
        w.key("diverged"); w.bool(outcome.diverged)
        w.key("diverged_at"); w.integer(outcome.divergedAt)
        w.key("final")
        if let final = run.final { record(run.task, final, into: &w) } else { w.null() }
        w.key("history")
        w.beginArray()
        for r in run.history { record(run.task, r, into: &w) }
        w.endArray()
        w.key("hyperparameters")
        w.beginObject()
        for name in HyperparameterCatalog.all.map(\.name).sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            w.key(name)
            let text = run.hyperparameters.text(of: name) ?? ""
            if let integer = Int(text) {
                w.integer(integer)
            } else if let double = Double(text), double.isFinite {
                w.number(double)
            } else {
                w.string(text)
            }
        }
        w.endObject()
        w.key("interrupted"); w.bool(outcome.interrupted)
        w.key("model"); w.string(run.model.rawValue)
        w.key("parameters")
        w.beginArray()
        for block in outcome.parameters {
            w.beginObject()
            w.key("columns"); w.integer(block.columns)
            w.key("name"); w.string(block.name)
            w.key("rows"); w.integer(block.rows)
            w.key("values")
            w.beginArray()
            for value in block.values { w.number(value) }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.key("parameters_in_data_units")
        if let units = outcome.parametersInDataUnits {
            w.beginObject()
            w.key("features")
            w.beginArray()
            for name in units.featureNames { w.string(name) }
            w.endArray()
            w.key("outputs")
            w.beginArray()
            for k in units.outputNames.indices {
                w.beginObject()
                w.key("intercept"); w.number(units.intercepts[k])
                w.key("name"); w.string(units.outputNames[k])
                w.key("weights")
                w.beginArray()
                for value in units.weights[k] { w.number(value) }
                w.endArray()
                w.endObject()
            }
            w.endArray()
            w.endObject()
        } else {
            w.null()
        }
        w.key("reason"); w.string(outcome.reason)
        w.key("restored_best_epoch"); w.integer(outcome.restoredBestEpoch)
        w.key("seconds"); w.number(outcome.seconds)
        w.key("stopped_early"); w.bool(outcome.stoppedEarly)
        w.key("task"); w.string(run.task.isClassification ? "classification" : "regression")
        w.endObject()
        return w.text
    }

    /// CSV: `epoch,train_loss,validation_loss,objective[,train_accuracy,validation_accuracy],learning_rate`; empty
    /// cells for missing or non-finite values.
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

    /// One epoch as an object: `epoch`, `learning_rate`, `objective`, [`train_accuracy`,] `train_loss`,
    /// [`validation_accuracy`,] `validation_loss` (accuracies for classification only).
    private static func record(_ task: LearningTask, _ r: EpochRecord, into w: inout JSONWriter) {
        w.beginObject()
        w.key("epoch"); w.integer(r.epoch)
        w.key("learning_rate"); w.number(r.learningRate)
        w.key("objective"); w.number(r.objective)
        if task.isClassification { w.key("train_accuracy"); w.number(r.trainAccuracy) }
        w.key("train_loss"); w.number(r.trainLoss)
        if task.isClassification { w.key("validation_accuracy"); w.number(r.validationAccuracy) }
        w.key("validation_loss"); w.number(r.validationLoss)
        w.endObject()
    }
}
