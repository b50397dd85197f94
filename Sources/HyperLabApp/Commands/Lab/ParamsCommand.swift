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
        return .text(lines.joined(separator: "\n"))
    }
}
