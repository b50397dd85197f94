import Foundation
import Learning
import Teaching
import TerminalCharts
import Tuning
import Vocabulary

/// `continue [EPOCHS]`: train more epochs from the current weights.
struct ContinueCommand: LabCommand {
    static let name = "continue"
    static let usage = "continue [EPOCHS]"
    static let summary = "train more epochs from the current weights"
    static let details = "`continue 50` trains 50 more epochs without resetting the weights, for example after lowering the learning rate. Settings that change the model's shape (hidden-layers, degree, activation, seed, validation-fraction) need a fresh `train`."

    static func run(_ arguments: [String], in context: CommandContext) throws(CommandError) -> [Output] {
        try context.lab.continueTraining(arguments)
    }
}

extension LabSession {
    fileprivate func continueTraining(_ arguments: [String]) throws(CommandError) -> [Output] {
        guard let trainer, let previous = trainerSettings, !runs.isEmpty else {
            throw CommandError("nothing to continue: type `train` first")
        }
        var epochs: Int?
        if let word = arguments.first {
            guard arguments.count == 1, let count = Int(word), count >= 1, count <= 100_000 else {
                throw CommandError("continue takes a number of epochs from 1 to 100000 (got `\(arguments.joined(separator: " "))`)")
            }
            epochs = count
        }
        let data = try dataset()
        let hyperparameters = try currentHyperparameters()
        for spec in HyperparameterCatalog.all where spec.restartsTraining {
            if hyperparameters.text(of: spec.name) != previous.text(of: spec.name) {
                throw CommandError("\(spec.name) changed since the last training, which changes the model itself: type `train` to start again")
            }
        }
        do { try trainer.update(hyperparameters) } catch { throw .learning(error) }
        trainerSettings = hyperparameters
        return [runTrainer(trainer, data: data, hyperparameters: hyperparameters, epochs: epochs)]
    }
}
