import Foundation
import Learning
import LineEditor

/// Tab completion for the REPL: given the line before the cursor, the full words that may
/// complete the word being typed.
///
/// First word: commands. After `set`/`unset`/`help`: hyperparameter names (and `auto`); after
/// `set NAME`: the allowed values of that hyperparameter; after `use`: dataset names; after
/// `model`: model names; after `plot`: its chart kinds; after `sweep`: hyperparameter names;
/// after `tune`: the strategies (grid random bayes compare export), then hyperparameter names with `=`.
public enum Completion {
    /// Candidates for the last word of `lineBeforeCursor` (which may be empty or end in a space).
    public static func candidates(lineBeforeCursor: String, lessonNames: [String] = [], quizTopics: [String] = []) -> [String] {
        let endsWithSpace = lineBeforeCursor.last.map { $0 == " " || $0 == "\t" } ?? true
        var words = lineBeforeCursor.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        let partial = endsWithSpace ? "" : (words.popLast() ?? "")
        let pool: [String]
        if words.isEmpty {
            pool = CommandCatalog.all.map(\.name)
        } else {
            let command = CommandCatalog.command(named: words[0])?.name ?? words[0]
            let hyperparameterNames = HyperparameterCatalog.all.map(\.name)
            switch command {
            case "set":
                if words.count % 2 == 1 {
                    pool = hyperparameterNames + ["auto"]
                } else if words.last == "auto" {
                    pool = ["on", "off"]
                } else if let spec = words.last.flatMap({ HyperparameterCatalog.spec(named: $0) }) {
                    pool = spec.allowedValues
                } else {
                    pool = []
                }
            case "unset": pool = hyperparameterNames + ["all"]
            case "help": pool = CommandCatalog.all.map(\.name) + hyperparameterNames
            case "use":
                if words.count == 1 && (partial.contains("/") || partial.hasPrefix(".") || partial.hasPrefix("~")) {
                    return [LineEditor.fileNameCompletion]
                }
                pool = words.count == 1 ? DatasetCatalog.allNames : ["--target", "--classification", "--noise"]
            case "export": return words.count == 1 ? [LineEditor.fileNameCompletion] : []
            case "quiz": pool = words.count == 1 ? ["review", "--count"] + quizTopics : []
            case "model": pool = words.count == 1 ? ModelKind.allCases.map(\.rawValue) : []
            case "sweep": pool = words.count == 1 ? hyperparameterNames : (words.count == 2 ? [] : ["--steps", "--log", "--folds"])
            case "learning-curve": pool = ["--steps", "--folds"]
            case "tune":
                if words.count == 1 {
                    pool = ["grid", "random", "bayes", "compare", "export"]
                } else if words.count == 2 && words[1] == "export" {
                    pool = ["optuna", "ray"]
                } else if partial.hasPrefix("-") {
                    pool = ["--budget", "--folds", "--seed", "--objective", "--json", "--explain"]
                } else if words.last == "--objective" {
                    pool = ["branin", "gramacy-lee"]
                } else {
                    pool = hyperparameterNames.map { $0 + "=" }
                }
            case "plot": pool = words.count == 1 ? ["loss", "accuracy", "boundary"] : []
            case "lesson", "forget": pool = words.count == 1 ? lessonNames : []
            case "stats": pool = words.count == 1 ? quizTopics : []
            default: pool = []
            }
        }
        return pool.filter { $0.hasPrefix(partial) }
    }
}

extension Completion {
    /// Lesson names from the file names of a lesson folder (`02-learning-rate.md` gives
    /// `learning-rate`), without reading the files, so start-up stays fast.
    static func lessonNames(directory: String) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { $0.hasSuffix(".md") && $0 != "README.md" }.sorted().map { name in
            let stem = String(name.dropLast(3))
            guard let dash = stem.firstIndex(of: "-"), stem[..<dash].allSatisfy(\.isNumber) else { return stem }
            return String(stem[stem.index(after: dash)...])
        }
    }

    /// Quiz topic names from the file names of the quiz folder (`learning-rate.yaml`).
    static func quizTopics(directory: String) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { ($0 as NSString).deletingPathExtension }
    }
}
