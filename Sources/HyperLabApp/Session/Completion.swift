import Vocabulary
import Foundation
import Learning
import LineEditor

/// Tab completion for the REPL: given the line before the cursor, the full words that may
/// complete the word being typed. The first word completes to a command; every later word is
/// completed by that command's own `completions` (see `CommandRegistry`).
public enum Completion {
    /// Candidates for the last word of `lineBeforeCursor` (which may be empty or end in a space).
    public static func candidates(lineBeforeCursor: String, lessonNames: [String] = [], quizTopics: [String] = []) -> [String] {
        let endsWithSpace = lineBeforeCursor.last.map { $0 == " " || $0 == "\t" } ?? true
        var words = lineBeforeCursor.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        let partial = endsWithSpace ? "" : (words.popLast() ?? "")
        let pool: [String]
        if words.isEmpty {
            pool = CommandRegistry.all.map { $0.name }
        } else if let command = CommandRegistry.command(named: words[0]) {
            let found = command.completions(words: words, partial: partial,
                                            context: CompletionContext(lessonNames: lessonNames, quizTopics: quizTopics))
            if found == [LineEditor.fileNameCompletion] { return found }
            pool = found
        } else {
            pool = []
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
