import Vocabulary
import Foundation

/// Reads an answer to a choice (or lab) question: a letter (`b`, `B)`, `(b)`), a number (`2`) or the text of a choice.
public enum ChoiceGrader {
    /// The index into `choices` (as presented) that `input` names, or nil when it names none or several.
    /// Text is compared after `TextMatcher.normalizedWords`; a unique choice that starts with the text also counts.
    public static func interpret(_ input: String, choices: [String]) -> Int? {
        let trimmed = input.trimmingCharacters(in: .whitespacesAndNewlines)
        let bare = trimmed.trimmingCharacters(in: CharacterSet(charactersIn: "()[].:) ")).lowercased()
        if bare.count == 1, let scalar = bare.unicodeScalars.first, ("a"..."z").contains(scalar) {
            let index = Int(scalar.value) - Int(("a" as Unicode.Scalar).value)
            if choices.indices.contains(index) { return index }
        }
        if let number = Int(bare), number >= 1, number <= choices.count { return number - 1 }
        let words = TextMatcher.normalizedWords(trimmed).joined(separator: " ")
        guard !words.isEmpty else { return nil }
        let normalized = choices.map { TextMatcher.normalizedWords($0).joined(separator: " ") }
        if let exact = normalized.firstIndex(of: words) { return exact }
        let stemmed = TextMatcher.keyWords(trimmed)
        let stemmedChoices = choices.map(TextMatcher.keyWords)
        if !stemmed.isEmpty {
            let sameWords = stemmedChoices.indices.filter { stemmedChoices[$0].sorted() == stemmed.sorted() }
            if sameWords.count == 1 { return sameWords[0] }
        }
        let prefixed = normalized.indices.filter { normalized[$0].hasPrefix(words) }
        return prefixed.count == 1 ? prefixed[0] : nil
    }

    /// The letter shown before the choice at `index` (`a` for 0).
    public static func letter(_ index: Int) -> String {
        String(UnicodeScalar(UInt8(97 + min(max(index, 0), 25))))
    }
}

/// Reads a true/false answer.
public enum TrueFalseGrader {
    static let yes: Set<String> = ["true", "t", "yes", "y", "right", "correct", "1", "vrai", "wahr"]
    static let no: Set<String> = ["false", "f", "no", "n", "wrong", "incorrect", "0", "faux", "falsch"]

    /// True or false for `true`, `t`, `yes`, `y`, `right`, `correct`, `1` (and their opposites), any case and
    /// punctuation; nil for anything else.
    public static func interpret(_ input: String) -> Bool? {
        let words = TextMatcher.normalizedWords(input)
        guard words.count == 1 else { return nil }
        if yes.contains(words[0]) { return true }
        if no.contains(words[0]) { return false }
        return nil
    }
}

/// Reads a numeric answer.
public enum NumericGrader {
    /// The number in `input`, or nil when there is not exactly one.
    ///
    /// Accepted: `0.001`, `.001`, `1e-3`, `1E-3`, `10^-3`, `1/1000`, `1,000` (thousands), `0,5` (decimal comma),
    /// a leading `~`, `about` or `≈`, and trailing words (`24 evaluations`). A percent sign or the word `percent`
    /// divides by 100 (`5%` is 0.05) unless `unit` is `%`, in which case it is just the unit (`5%` is 5).
    public static func interpret(_ input: String, unit: String? = nil) -> Double? {
        var text = input.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        text = text.replacingOccurrences(of: "−", with: "-").replacingOccurrences(of: "×", with: "x")
        var percent = false
        if text.contains("%") || text.contains("percent") {
            percent = true
            text = text.replacingOccurrences(of: "%", with: " ").replacingOccurrences(of: "percent", with: " ")
        }
        // Thousands separators (1,000 or 12,345.6) versus a decimal comma (0,5).
        if text.range(of: #"^\D*\d{1,3}(,\d{3})+(\.\d+)?\D*$"#, options: .regularExpression) != nil {
            text = text.replacingOccurrences(of: ",", with: "")
        } else if text.range(of: #"^\D*\d+,\d+\D*$"#, options: .regularExpression) != nil {
            text = text.replacingOccurrences(of: ",", with: ".")
        }
        let number = #"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?"#
        var value: Double?
        if let match = text.range(of: "^\\D*?(\(number))\\s*/\\s*(\(number))\\D*$", options: .regularExpression) {
            let parts = text[match].components(separatedBy: "/")
            if parts.count == 2, let top = firstNumber(parts[0], pattern: number), let bottom = firstNumber(parts[1], pattern: number), bottom != 0 {
                value = top / bottom
            }
        } else if let power = powerOfTen(text, number: number) {
            value = power
        } else {
            let matches = allNumbers(text, pattern: number)
            guard matches.count == 1 else { return nil }
            value = matches[0]
        }
        guard var result = value, result.isFinite else { return nil }
        if percent && unit != "%" { result /= 100 }
        return result
    }

    /// `10^-3`, `2 x 10^3`, `2*10^3` (the whole answer, apart from leading and trailing words).
    static func powerOfTen(_ text: String, number: String) -> Double? {
        let pattern = "^\\D*?(?:(\(number))\\s*[x*]\\s*)?10\\s*\\^\\s*([-+]?\\d+)\\D*$"
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let exponentRange = Range(match.range(at: 2), in: text),
              let exponent = Double(String(text[exponentRange])) else { return nil }
        var mantissa = 1.0
        if let mantissaRange = Range(match.range(at: 1), in: text) {
            guard let value = Double(String(text[mantissaRange])) else { return nil }
            mantissa = value
        }
        return mantissa * pow(10, exponent)
    }

    static func firstNumber(_ text: String, pattern: String) -> Double? {
        allNumbers(text, pattern: pattern).first
    }

    static func allNumbers(_ text: String, pattern: String) -> [Double] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).compactMap { match in
            Range(match.range, in: text).flatMap { Double(String(text[$0])) }
        }
    }
}

/// The outcome of grading a free-text answer against a rubric.
public struct RubricGrade: Sendable, Equatable {
    /// Names of the points the answer makes, in rubric order.
    public let matched: [String]
    /// Names of the points it misses, in rubric order.
    public let missed: [String]
    /// Whether `matched.count >= rubric.minimumPoints`.
    public let passed: Bool
}

/// Grades free text by a rubric of key points with synonyms (see `TextMatcher` for what is ignored).
public enum RubricGrader {
    /// Which points of `rubric` the answer makes, and whether it passes.
    public static func grade(_ answer: String, rubric: Rubric) -> RubricGrade {
        let words = TextMatcher.keyWords(answer)
        var matched: [String] = []
        var missed: [String] = []
        for point in rubric.points {
            if point.phrases.contains(where: { TextMatcher.contains(phrase: $0, inKeyWords: words) }) {
                matched.append(point.name)
            } else {
                missed.append(point.name)
            }
        }
        return RubricGrade(matched: matched, missed: missed, passed: matched.count >= rubric.minimumPoints)
    }
}
