import Foundation
import Learning
import Teaching
import TerminalCharts
import Tuning
import Vocabulary

/// `datasets`: list the built-in datasets (real and synthetic).
struct DatasetsCommand: LabCommand {
    static let name = "datasets"
    static let usage = "datasets"
    static let summary = "list the built-in datasets (real and synthetic)"
    static let details = "Real datasets come from Datasets/ (see Datasets/README.md for their sources); synthetic ones are generated from the seed."

    static func run(_ arguments: [String], in context: CommandContext) throws(CommandError) -> [Output] {
        try expectNoArguments(arguments)
        return [context.lab.datasetsList()]
    }
}

extension LabSession {
    fileprivate func datasetsList() -> Output {
        var lines = ["Real datasets (Datasets/README.md has their sources):"]
        for name in DatasetCatalog.realNames {
            lines.append("  " + name.padding(toLength: 15, withPad: " ", startingAt: 0) + (DatasetCatalog.summary(of: name) ?? ""))
        }
        lines.append("Synthetic datasets (generated from the seed):")
        for name in DatasetCatalog.syntheticNames {
            lines.append("  " + name.padding(toLength: 15, withPad: " ", startingAt: 0) + (DatasetCatalog.summary(of: name) ?? ""))
        }
        lines.append("Or `use PATH.csv` for your own data. In use: \(datasetName)")
        return .text(lines.joined(separator: "\n"))
    }
}
