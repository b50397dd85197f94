import Learning

/// Tab completion for the REPL: given the line before the cursor, the full words that may
/// complete the word being typed.
///
/// First word: commands. After `set`/`unset`/`help`: hyperparameter names (and `auto`); after
/// `set NAME`: the allowed values of that hyperparameter; after `use`: dataset names; after
/// `model`: model names; after `plot`: its chart kinds.
public enum Completion {
    /// Candidates for the last word of `lineBeforeCursor` (which may be empty or end in a space).
    public static func candidates(lineBeforeCursor: String, lessonNames: [String] = []) -> [String] {
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
            case "use": pool = words.count == 1 ? DatasetCatalog.allNames : ["--target", "--classification"]
            case "model": pool = words.count == 1 ? ModelKind.allCases.map(\.rawValue) : []
            case "plot": pool = words.count == 1 ? ["loss", "accuracy", "boundary"] : []
            case "lesson", "forget": pool = words.count == 1 ? lessonNames : []
            default: pool = []
            }
        }
        return pool.filter { $0.hasPrefix(partial) }
    }
}
