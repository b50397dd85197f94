import Vocabulary
import Foundation

/// What a lesson file may ask hyperlab to do. Lessons run hyperlab commands only: never a shell command, never a
/// file outside the lesson and dataset folders, and never `export` (which writes files).
public struct CommandPolicy: Sendable {
    /// REPL command words (names and aliases) a lesson may run, as the app's command registry gives them.
    public let allowedCommands: Set<String>
    /// REPL command words a lesson may not run (they write files, leave, or open lessons and the quiz),
    /// as the app's command registry gives them; named in the message when a lesson uses one.
    public let refusedCommands: Set<String>
    /// Built-in dataset names `use` may name.
    public let datasetNames: Set<String>
    /// The values an experiment's `demonstrates:` may take (the app's diagnosis step goals, e.g.
    /// `good-fit`); empty accepts any lowercase word with hyphens (checked later by `lessons check`).
    public var goalNames: Set<String> = []

    /// Characters that a shell would treat specially; a lesson command never needs them.
    static let shellCharacters = CharacterSet(charactersIn: ";|&$`<>(){}!\\\"'*?~")

    /// Makes a policy from the app's command registry: the words a lesson may run and those it may not.
    /// The lesson runner's own words (`next`, `back`, ...) are never allowed: a lesson does not drive itself.
    public init(allowedCommands: [String], refusedCommands: [String] = [], datasetNames: [String] = DatasetName.allNames) {
        let runnerWords = LessonCommand.allCases.map(\.rawValue)
        self.allowedCommands = Set(allowedCommands.map { $0.lowercased() }).subtracting(runnerWords).subtracting(refusedCommands)
        self.refusedCommands = Set(refusedCommands.map { $0.lowercased() }).union(runnerWords)
        self.datasetNames = Set(datasetNames)
    }

    /// Nil when `line` is a command a lesson may contain, else what is wrong and how to fix it.
    public func problem(with line: String) -> String? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return "an empty command; remove the line" }
        if trimmed.unicodeScalars.contains(where: { Self.shellCharacters.contains($0) || $0.value < 32 }) {
            return "`\(trimmed)` contains a character a hyperlab command never needs (shell syntax such as ; | & $ ` < > quotes); write one plain hyperlab command per line"
        }
        let words = trimmed.split(separator: " ").map(String.init)
        let word = words[0].lowercased()
        if refusedCommands.contains(word) {
            return "`\(word)` is not allowed in a lesson file (lessons may not write files, leave, or drive the lesson); remove it"
        }
        guard allowedCommands.contains(word) else {
            return "`\(word)` is not a hyperlab command; lessons run hyperlab commands only (\(allowedCommands.sorted().joined(separator: ", ")))"
        }
        if word == "use" || word == "dataset" {
            guard words.count >= 2 else { return "`use` needs a dataset name" }
            return datasetProblem(words[1])
        }
        return nil
    }

    /// Nil when `name` is a built-in dataset or a relative CSV path that stays inside the lesson or dataset folder.
    public func datasetProblem(_ name: String) -> String? {
        if datasetNames.contains(name) { return nil }
        if name.hasPrefix("/") || name.hasPrefix("~") {
            return "dataset path `\(name)` is absolute; a lesson may only use a built-in dataset or a CSV inside the lesson or dataset folder (a relative path such as `extra/houses.csv`)"
        }
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        if parts.contains("..") || parts.contains("") {
            return "dataset path `\(name)` leaves the lesson and dataset folders; remove `..` and empty parts"
        }
        guard name.lowercased().hasSuffix(".csv") else {
            return "no built-in dataset `\(name)`; use one of \(datasetNames.sorted().joined(separator: ", ")), or a relative path to a .csv file"
        }
        return nil
    }
}
