import ArgumentParser
import Foundation
import HyperLabApp

/// `hyperlab tune ...`: the lab's `tune` command from the shell, on the setup the flags describe.
struct Tune: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Search for good settings by cross-validated loss: tune grid|random|bayes|compare|export SPACE [--budget N] [--folds K] [--test-fraction F] [--objective branin|gramacy-lee] [--json] [--explain].",
        discussion: "The words after `tune` are those of the lab's command (`help tune` in the lab explains them); --dataset, --model and --set choose the setup first.")
    @OptionGroup var common: CommonOptions
    @OptionGroup var setup: SetupOptions
    @Argument(parsing: .allUnrecognized, help: "The command's own words and options.")
    var words: [String] = []

    func run() throws {
        try OneShotSearch.run("tune", words: words, common: common, setup: setup)
    }
}
