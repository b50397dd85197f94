import ArgumentParser
import Foundation
import HyperLabApp

/// `hyperlab sweep ...`: the lab's `sweep` command from the shell, on the setup the flags describe.
struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Validation curve: training and validation loss against one hyperparameter: sweep NAME V1,V2,...|LOW..HIGH [--steps N] [--log] [--folds K] [--test-fraction F] [--json].",
        discussion: "The words after `sweep` are those of the lab's command (`help sweep` in the lab explains them); --dataset, --model and --set choose the setup first.")
    @OptionGroup var common: CommonOptions
    @OptionGroup var setup: SetupOptions
    @Argument(parsing: .allUnrecognized, help: "The command's own words and options.")
    var words: [String] = []

    func run() throws {
        try OneShotSearch.run("sweep", words: words, common: common, setup: setup)
    }
}
