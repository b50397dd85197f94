import Persistence
import Foundation
import Learning
import LineEditor
import Teaching
import TerminalCharts
import Tuning
import Vocabulary

/// `export FILE.csv|FILE.json`: write the last run's history to a file.
struct ExportCommand: LabCommand {
    static let name = "export"
    static let usage = "export FILE.csv|FILE.json [--force]"
    static let summary = "write the last run's history to a file"
    static let details = "CSV has one row per epoch; JSON is the same object `hyperlab train --json` prints. An existing file is never overwritten unless --force is given; `~/` means your $HOME."
    static let allowedInLessons = false

    static func completions(words: [String], partial: String, context: CompletionContext) -> [String] {
        words.count == 1 ? [LineEditor.fileNameCompletion] : ["--force"]
    }

    static func run(_ arguments: [String], in context: CommandContext) throws(CommandError) -> [Output] {
        try context.lab.export(arguments)
    }
}

extension LabSession {
    fileprivate func export(_ arguments: [String]) throws(CommandError) -> [Output] {
        let force = arguments.contains("--force")
        let names = arguments.filter { $0 != "--force" }
        if let option = names.first(where: { $0.hasPrefix("--") }) {
            throw CommandError("unknown option `\(option)` for export. Usage: \(ExportCommand.usage)")
        }
        guard names.count == 1, let typed = names.first else { throw CommandError("export needs one file name ending in .csv or .json") }
        let path = environment.expandingHome(typed)
        guard let run = runs.last else { throw CommandError("nothing to export yet: type `train` first") }
        let text: String
        if path.lowercased().hasSuffix(".csv") {
            text = RunExport.csv(run)
        } else if path.lowercased().hasSuffix(".json") {
            text = RunExport.json(run) + "\n"
        } else {
            throw CommandError("export writes .csv or .json files (got `\(path)`)")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw CommandError("the folder \(folder) does not exist: create it first, or export to another path")
        }
        var status = stat()
        if lstat(path, &status) == 0 {
            guard (status.st_mode & S_IFMT) == S_IFREG else {
                throw CommandError("\(path) exists and is not a regular file: export to another path")
            }
            guard force else {
                throw CommandError("\(path) already exists: add --force to overwrite it, or export to another path")
            }
        }
        do {
            try AtomicFile.write(Array(text.utf8), to: path, mode: 0o644, createFolders: false)
        } catch {
            throw CommandError("could not write \(path) (\(error.localizedDescription)): check that the folder is writable")
        }
        return [.text("wrote run \(run.id) (\(run.final?.epoch ?? 0) epochs) to \(path)")]
    }
}
