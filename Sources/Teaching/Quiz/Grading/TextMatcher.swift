import Vocabulary
import Foundation

/// Text normalization for free-text answers and choice texts (free-text grading reads on through `ClaimReader`).
///
/// Normalization: letters are lowercased and stripped of accents; everything that is not a letter or digit
/// separates words (so punctuation and extra whitespace do not matter); filler words (`the`, `is`, ...) are
/// dropped; each word is reduced by a small suffix stemmer (plural `-s`/`-es`/`-ies`, `-ing`, `-ed`, `-ly`,
/// final `-e`), a simplified form of the first step of M. F. Porter, "An algorithm for suffix stripping",
/// Program 14(3), 1980.
public enum TextMatcher {
    /// Words that carry no meaning for grading. `no`, `not`, `too`, `more`, `less` are kept on purpose.
    static let fillers: Set<String> = [
        "a", "an", "the", "is", "are", "was", "were", "be", "been", "being", "it", "its", "it's", "of", "to",
        "that", "this", "these", "those", "and", "so", "then", "very", "really", "will", "would", "can", "could",
        "just", "also", "their", "there", "they", "them", "which", "as", "at", "by", "for", "in", "on", "does",
        "do", "did", "has", "have", "had", "you", "your", "we", "our", "i", "my", "me",
    ]

    /// Lowercased, accent-free words of `text`, split at every character that is not a letter or digit.
    public static func normalizedWords(_ text: String) -> [String] {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "en_US_POSIX"))
            .lowercased()
        var words: [String] = []
        var current = ""
        for scalar in folded.unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// The stemmed words of `text` without filler words: what grading compares.
    public static func keyWords(_ text: String) -> [String] {
        normalizedWords(text).filter { !fillers.contains($0) }.map(stem)
    }

    /// Reduces a lowercased word to a stem so that `updates`, `update`, `updating` and `updated` compare equal.
    public static func stem(_ word: String) -> String {
        var w = Array(word)
        guard w.count > 3, w.allSatisfy(\.isLetter) else { return word }
        func ends(_ suffix: String) -> Bool { w.count > suffix.count && String(w.suffix(suffix.count)) == suffix }
        func drop(_ count: Int) { w.removeLast(count) }
        func undouble() {
            if w.count >= 2, let last = w.last, last == w[w.count - 2], !"aeioulsz".contains(last) { w.removeLast() }
        }
        // Plurals and third person.
        if ends("ies") && w.count > 4 {
            drop(3); w.append("y")
        } else if ends("sses") || ends("xes") || ends("ches") || ends("shes") || ends("zes") || ends("ses") {
            drop(2)
        } else if ends("s") && !ends("ss") && !ends("us") && !ends("is") && !ends("as") {
            drop(1)
        }
        // Verb forms and adverbs.
        if ends("ing") && w.count - 3 >= 3 {
            drop(3); undouble()
        } else if ends("ed") && w.count - 2 >= 3 {
            drop(2); undouble()
        } else if ends("ly") && w.count - 2 >= 4 {
            drop(2)
        }
        if ends("e") && w.count - 1 >= 3 { drop(1) }
        return String(w)
    }
}
