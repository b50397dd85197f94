import ArgumentParser
import Foundation
import HyperLabApp

/// `hyperlab learning-curve ...`: the lab's `learning-curve` command from the shell, on the setup the flags describe.
struct LearningCurve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learning-curve",
        abstract: "Learning curve: training and validation loss against the number of training rows: learning-curve [--steps N] [--folds K] [--json].",
        discussion: "The words after `learning-curve` are those of the lab's command (`help learning-curve` in the lab explains them); --dataset, --model and --set choose the setup first.")
    @OptionGroup var common: CommonOptions
    @OptionGroup var setup: SetupOptions
    @Argument(parsing: .allUnrecognized, help: "The command's own words and options.")
    var words: [String] = []

    func run() throws {
        try OneShotSearch.run("learning-curve", words: words, common: common, setup: setup)
    }
}
