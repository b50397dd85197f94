import Foundation
import Learning
import Teaching
import TerminalCharts
import Tuning
import Vocabulary

/// `params`: show the learned parameters (weights and biases) with their shapes.
struct ParamsCommand: LabCommand {
    static let name = "params"
    static let aliases = ["weights"]
    static let usage = "params"
    static let summary = "show the learned parameters (weights and biases) with their shapes"
    static let details = "Parameters are learned from the training data; hyperparameters are chosen by you. Train, look at `params`, change a hyperparameter, train again and compare."

    static func run(_ arguments: [String], in context: CommandContext) throws(CommandError) -> [Output] {
        try expectNoArguments(arguments)
        return [try context.lab.params()]
    }
}

extension LabSession {
    fileprivate func params() throws(CommandError) -> Output {
        guard let trainer, !runs.isEmpty else {
            throw CommandError("nothing is trained yet: type `train` first, then `params` shows what it learned")
        }
        let blocks = trainer.parameters
        let total = blocks.reduce(0) { $0 + $1.values.count }
        var lines = ["Parameters learned by training (\(total) numbers); hyperparameters are what you chose (`show`):"]
        for block in blocks {
            let values = block.values
            let finite = values.filter(\.isFinite)
            let mean = finite.isEmpty ? Double.nan : finite.reduce(0, +) / Double(finite.count)
            let norm = sqrt(finite.reduce(0) { $0 + $1 * $1 })
            let smallest = finite.min() ?? .nan, largest = finite.max() ?? .nan
            lines.append("  \(block.name)  \(block.rows) x \(block.columns)  mean \(NumberFormat.loss(mean))  min \(NumberFormat.loss(smallest))  max \(NumberFormat.loss(largest))  norm \(NumberFormat.loss(norm))")
            let preview = values.prefix(6).map { NumberFormat.loss($0) }.joined(separator: " ")
            lines.append("    first values: \(preview)\(values.count > 6 ? " ..." : "")")
        }
        let weights = blocks.filter { $0.name.hasSuffix("weights") }.flatMap(\.values)
        let zeros = weights.filter { $0 == 0 }.count
        if zeros > 0 || trainer.hyperparameters.l1 > 0 {
            lines.append("Weights exactly zero: \(zeros) of \(weights.count)\(trainer.hyperparameters.l1 > 0 ? " (l1 sets a weight to exactly 0 when the data do not hold it away from 0)" : "").")
        }
        lines.append(trainer.inputDescription + ".")
        if let units = trainer.parametersInDataUnits {
            lines += Self.equations(units)
        }
        return .text(lines.joined(separator: "\n"))
    }

    /// The model in the data's own units, one line per output, e.g. "y ≈ 3.01·x1 − 1.98·x2 + 1.02";
    /// terms whose weight is exactly 0 are left out (and counted). With more than 8 terms left, a
    /// pointer to the JSON export instead.
    static func equations(_ units: DataUnitParameters) -> [String] {
        var lines = ["In the data's own units (the same predictions, weights per unit of each raw feature):"]
        for (k, name) in units.outputNames.enumerated() {
            let terms = units.featureNames.indices.filter { units.weights[k][$0] != 0 }
            guard terms.count <= 8 else {
                lines.append("  \(name): \(terms.count) nonzero weights, too many to print here; `export FILE.json` lists them all (parameters_in_data_units)")
                continue
            }
            var text = "  \(name) ≈"
            for (position, j) in terms.enumerated() {
                let w = units.weights[k][j]
                text += position == 0 ? (w < 0 ? " −" : " ") : (w < 0 ? " − " : " + ")
                text += NumberFormat.sentence(abs(w)) + "·" + units.featureNames[j]
            }
            let b = units.intercepts[k]
            text += terms.isEmpty ? " " + NumberFormat.sentence(b) : (b < 0 ? " − " : " + ") + NumberFormat.sentence(abs(b))
            let dropped = units.featureNames.count - terms.count
            if dropped > 0 { text += "   (\(dropped) weight\(dropped == 1 ? "" : "s") exactly 0 left out)" }
            lines.append(text)
        }
        return lines
    }
}
