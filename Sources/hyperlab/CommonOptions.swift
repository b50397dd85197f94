import ArgumentParser
import Foundation
import HyperLabApp
import TerminalCharts
import Vocabulary

/// Options every mode shares: where the files are and how output is drawn.
struct CommonOptions: ParsableArguments {
    @Option(help: "Colour: auto (on a terminal without NO_COLOR), always or never.")
    var color: ColorChoice = .auto
    @Option(help: "Chart colours for a light or dark terminal background (default: guessed from COLORFGBG, else dark).")
    var theme: Theme?
    @Option(help: "Chart width in terminal cells (default: the terminal's width, else 80).")
    var width: Int?
    @Option(help: "Chart height in terminal cells (default: from the terminal, else 20).")
    var height: Int?
    @Option(help: "The seed for splits, initial weights and shuffling (same as --set seed=N).")
    var seed: UInt64?
    @Option(help: "Folder of the real datasets (default: Datasets/ of the hyperlab folder, or $HYPERLAB_HOME/Datasets).")
    var datasets: String?
    @Option(help: "Folder of the lessons and quiz questions (default: Lessons/ beside Datasets/).")
    var lessons: String?

    func validate() throws {
        if let width, !AppEnvironment.widthRange.contains(width) { throw ValidationError("--width must be from \(AppEnvironment.widthRange.lowerBound) to \(AppEnvironment.widthRange.upperBound) cells (got \(width))") }
        if let height, !AppEnvironment.heightRange.contains(height) { throw ValidationError("--height must be from \(AppEnvironment.heightRange.lowerBound) to \(AppEnvironment.heightRange.upperBound) cells (got \(height))") }
    }

    var environment: AppEnvironment {
        AppEnvironment.resolve(datasets: datasets, lessons: lessons, width: width, height: height, color: color, theme: theme)
    }
}

/// A bad flag value: one line on standard error and exit status 2.
struct UsageFailure: Error { let message: String }

extension ColorChoice: ExpressibleByArgument {}
extension Theme: ExpressibleByArgument {}
