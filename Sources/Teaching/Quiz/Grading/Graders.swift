import Vocabulary
import Foundation

/// What a typed answer to a choice question names.
public enum ChoiceReading: Sendable, Equatable {
    /// The index of the choice named (into the choices as given).
    case choice(Int)
    /// Nothing, or something contradictory; the message says what to type.
    case notUnderstood(String)
}

/// Reads an answer to a choice (or lab) question: a letter (`b`, `B)`, `(b)`, `b.`), a number (`2`), the text of a
/// choice, or a letter followed by its text (`c) too high`).
///
/// Text is matched as a sequence of words, never as a bag of words: after normalization (case, accents,
/// punctuation, filler words, simple stemming) the words must be those of one choice *in the same order*, with a
/// typo allowed in words of 5 letters or more, or one word missing, extra or different in a choice of 4 words or
/// more; the start of exactly one choice (`too l`) also names it. So "training loss falls while validation loss
/// rises" never names "training loss rises while validation loss falls".
public enum ChoiceGrader {
    /// The index into `choices` (as presented) that `input` names, or nil when it names none or several.
    public static func interpret(_ input: String, choices: [String]) -> Int? {
        if case .choice(let index) = read(input, choices: choices) { return index }
        return nil
    }

    /// The one way hyperlab says what an answer to a choice question may be, without the final full stop:
    /// "Answer with a letter a-d, a number 1-4 or the text of a choice". `choiceCount` >= 1.
    public static func usage(choiceCount: Int) -> String {
        "Answer with a letter a-\(letter(max(choiceCount, 1) - 1)), a number 1-\(max(choiceCount, 1)) or the text of a choice"
    }

    /// What `input` names among `choices`, or why it names nothing.
    public static func read(_ input: String, choices: [String]) -> ChoiceReading {
        let trimmed = input.trimmingCharacters(in: .whitespacesAndNewlines)
        let usage = usage(choiceCount: choices.count) + "."
        guard !trimmed.isEmpty else { return .notUnderstood(usage) }
        // The exact text of a choice wins over a reading as a label ("0.1" among numeric choices).
        let typed = TextMatcher.normalizedWords(trimmed)
        let exact = choices.indices.filter { TextMatcher.normalizedWords(choices[$0]) == typed }
        if !typed.isEmpty, exact.count == 1 { return .choice(exact[0]) }
        // A letter or number, alone or as a label before the text: b  B)  (b)  b.  b:  2  2)  c) too high
        let label = #"^\(?\s*([A-Za-z]|[0-9]{1,2})\s*(?:[).:\]]\s*(.*)|\s*$)"#
        if let regex = try? NSRegularExpression(pattern: label, options: [.dotMatchesLineSeparators]),
           let match = regex.firstMatch(in: trimmed, range: NSRange(trimmed.startIndex..., in: trimmed)),
           let labelRange = Range(match.range(at: 1), in: trimmed) {
            let labelText = trimmed[labelRange].lowercased()
            let rest = Range(match.range(at: 2), in: trimmed).map { String(trimmed[$0]) } ?? ""
            var index: Int?
            if let number = Int(labelText) {
                index = number - 1
            } else if let scalar = labelText.unicodeScalars.first {
                index = Int(scalar.value) - Int(("a" as Unicode.Scalar).value)
            }
            // "a" or "i" alone could start a sentence ("a learning rate..."); a label needs its mark or to stand alone.
            if let index {
                guard choices.indices.contains(index) else {
                    return .notUnderstood("There is no choice \(labelText). " + usage)
                }
                let restText = rest.trimmingCharacters(in: .whitespacesAndNewlines)
                if restText.isEmpty { return .choice(index) }
                if let named = textMatch(restText, choices: choices), named != index {
                    return .notUnderstood("\(letter(index))) is not the choice whose text you typed (that is \(letter(named)))). Answer with one of them.")
                }
                return .choice(index)
            }
        }
        if let index = textMatch(trimmed, choices: choices) { return .choice(index) }
        return .notUnderstood(usage)
    }

    /// The words of a text as compared: normalized, fillers dropped, stemmed.
    static func sequence(_ text: String) -> [String] {
        TextMatcher.keyWords(text)
    }

    /// Whether two stemmed words are the same word, allowing one typo in words of 5 letters or more.
    static func sameWord(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        guard a.count >= 5, b.count >= 5, a.first == b.first else { return false }
        return ClaimReader.editDistance(Array(a), Array(b), limit: 1) <= 1
    }

    /// Word-level edit distance between two sequences (a word equal up to a typo costs nothing).
    static func wordDistance(_ a: [String], _ b: [String]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...b.count {
                let cost = sameWord(a[i - 1], b[j - 1]) ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            previous = current
        }
        return previous[b.count]
    }

    /// The one choice whose words `text` gives in order (see the type's description), or nil.
    static func textMatch(_ text: String, choices: [String]) -> Int? {
        let typed = sequence(text)
        guard !typed.isEmpty else { return nil }
        let options = choices.map(sequence)
        func unique(_ found: [Int]) -> Int? { found.count == 1 ? found[0] : nil }
        let exact = options.indices.filter { options[$0] == typed }
        if !exact.isEmpty { return unique(exact) }
        let distances = options.map { wordDistance(typed, $0) }
        let close = options.indices.filter { distances[$0] == 0 }
        if !close.isEmpty { return unique(close) }
        // The start of one choice, letter by letter ("too l").
        let typedText = TextMatcher.normalizedWords(text).joined(separator: " ")
        let prefixed = choices.indices.filter {
            typedText.count >= 3 && TextMatcher.normalizedWords(choices[$0]).joined(separator: " ").hasPrefix(typedText)
        }
        if !prefixed.isEmpty { return unique(prefixed) }
        // One word off in a longer choice.
        let near = options.indices.filter { options[$0].count >= 4 && typed.count >= 3 && distances[$0] == 1 }
        return unique(near)
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

/// What a typed numeric answer says.
public enum NumericReading: Sendable, Equatable {
    /// The number given.
    case number(Double)
    /// No number, several numbers, or one that cannot be read one way only; the message says what to type.
    case notUnderstood(String)
}

/// Reads a numeric answer.
public enum NumericGrader {
    /// What `interpret` reads, with a message when it reads nothing.
    public static func read(_ input: String, unit: String? = nil) -> NumericReading {
        if let value = interpret(input, unit: unit) { return .number(value) }
        return .notUnderstood("Answer with one number, such as 0.05, 5% or 5e-2 (a comma is a decimal comma, as in 0,5, "
                              + "or separates thousands, as in 1,000).")
    }

    /// The number in `input`, or nil when there is not exactly one.
    ///
    /// Accepted: `0.001`, `.001`, `1e-3`, `1E-3`, `10^-3`, `1/1000`, `1,000` (thousands: groups of exactly 3 digits
    /// after a first group of 1 to 3 digits that does not start with 0), `0,5` and `0,100` (decimal comma: one comma
    /// otherwise; `0,100` is 0.1, never 100),
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
        if text.range(of: #"^\D*[1-9]\d{0,2}(,\d{3})+(\.\d+)?\D*$"#, options: .regularExpression) != nil {
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

/// Whether one rubric point was made, and by which words of the answer.
public struct PointResult: Sendable, Equatable, Codable {
    /// The point's name, as the rubric gives it.
    public let point: String
    /// Whether the answer makes it.
    public let made: Bool
    /// The learner's own words (one clause) that make it; nil when it is not made.
    public let evidence: String?

    /// Makes a result.
    public init(point: String, made: Bool, evidence: String?) {
        self.point = point
        self.made = made
        self.evidence = evidence
    }
}

/// The outcome of grading a free-text answer against a rubric.
public struct RubricGrade: Sendable, Equatable {
    /// Every point of the rubric, in rubric order, with whether it was made and the words that made it.
    public let points: [PointResult]
    /// Whether enough points are made (`rubric.minimumPoints`) and every required point among them.
    public let passed: Bool

    /// Names of the points the answer makes, in rubric order.
    public var matched: [String] { points.filter(\.made).map(\.point) }
    /// Names of the points it misses, in rubric order.
    public var missed: [String] { points.filter { !$0.made }.map(\.point) }
}

/// Grades free text by a rubric of claims (see `Claim` for the matching rules and `Lexicon` for the words).
///
/// The answer is read into clauses (`ClaimReader`); a point is made when one of its claims is made within one
/// clause. A clause that only lists terms makes no claim, a negated claim does not make the positive one, and a
/// claim said of the opposite thing ("a rate that is too *low* diverges") does not count.
///
/// Each point needs words of its own. A point is credited with the words that make one of its claims and with one
/// word of its own: a word of that claim that no other credited point uses, or a word of the same clause that says
/// part of the point as the rubric names it (a concept of the point's name) and that no other credited point uses.
/// When two points share a claim ("(overfitting) memorizes" under both "overfitting, from too much capacity" and
/// "the overfit model memorizes the noise"), "it memorizes noise" earns one of them, not both; "the network is so
/// big that it learns its training examples by heart" earns both, "big" being its own word for "too much
/// capacity". Among the ways to credit points, the grader takes one that makes the most required points, then the
/// most points, then the earliest in rubric order.
public enum RubricGrader {
    /// The most credit assignments tried for one answer (bounds the work on long answers with many claims;
    /// real answers need a few dozen).
    static let maximumAssignments = 2_000
    /// The most ways to make one point that the search tries (the first few distinct ones found, in clause order).
    static let maximumOptions = 6

    /// Which points of `rubric` the answer makes (with the clause that makes each), and whether it passes.
    public static func grade(_ answer: String, rubric: Rubric) -> RubricGrade {
        let clauses = ClaimReader.clauses(answer)
        let claims = rubric.points.map { $0.claims.compactMap(Claim.init) }
        let credit = bestCredit(clauses: clauses, claims: claims, names: rubric.points.map { nameConcepts($0.name) },
                                required: rubric.points.map(\.required))
        var results: [PointResult] = []
        for (index, point) in rubric.points.enumerated() {
            let clause = credit[index].map { clauses[$0].text }
            results.append(PointResult(point: point.name, made: clause != nil, evidence: clause))
        }
        let made = results.filter(\.made).count
        let requiredMade = zip(rubric.points, results).allSatisfy { !$0.0.required || $0.1.made }
        return RubricGrade(points: results, passed: made >= rubric.minimumPoints && requiredMade)
    }

    /// For each point, the index of the clause credited with it (nil: not made), under the rule of the type's
    /// description: every credited point has a word of its own (`own`), which no other credited point's claim
    /// uses and which is no other point's own word. `names` are the concepts of each point's name. The assignment
    /// with the most required points, then the most points, then earliest in rubric order (a depth-first search
    /// trying "made" before "not made", within `maximumAssignments`).
    static func bestCredit(clauses: [ReadClause], claims: [[Claim]], names: [Set<String>], required: [Bool]) -> [Int?] {
        // Per clause: the words some credited claim uses, and the words that are some point's own.
        var said = [[Int: Int]](repeating: [:], count: clauses.count)
        var own = [Set<Int>](repeating: [], count: clauses.count)
        var current = [Int?](repeating: nil, count: claims.count)
        var best = current
        var bestScore = (-1, -1)
        var tried = 0
        let perfect = (required.filter { $0 }.count, claims.count)
        func score(_ credit: [Int?]) -> (Int, Int) {
            (zip(credit, required).filter { $0.0 != nil && $0.1 }.count, credit.compactMap { $0 }.count)
        }
        func search(_ point: Int) {
            tried += 1
            if point == claims.count {
                let s = score(current)
                if s > bestScore { bestScore = s; best = current }
                return
            }
            // Ways to make this point: a claim's words (none of them another point's own word) and one word of its
            // own, a word of the point's name first (it leaves the claim's words free for other points).
            var options: [(clause: Int, words: [Int], own: Int)] = []
            for (c, clause) in clauses.enumerated() where options.count < maximumOptions {
                for claim in claims[point] where options.count < maximumOptions {
                    guard let words = claim.match(in: clause, avoiding: own[c]) else { continue }
                    let free = { (index: Int) in said[c][index] == nil && !own[c].contains(index) }
                    let naming = clause.tokens.indices.filter {
                        !words.contains($0) && free($0) && !clause.tokens[$0].concepts.isDisjoint(with: names[point])
                    }
                    for candidate in (naming + words.filter(free)).prefix(2)
                    where !options.contains(where: { $0.clause == c && $0.own == candidate && Set($0.words) == Set(words) }) {
                        options.append((c, words, candidate))
                    }
                }
            }
            for option in options {
                if tried > maximumAssignments { return }
                current[point] = option.clause
                for word in option.words { said[option.clause][word, default: 0] += 1 }
                own[option.clause].insert(option.own)
                search(point + 1)
                own[option.clause].remove(option.own)
                for word in option.words {
                    said[option.clause][word]! -= 1
                    if said[option.clause][word] == 0 { said[option.clause][word] = nil }
                }
                current[point] = nil
                if bestScore == perfect { return }
            }
            if tried <= maximumAssignments { search(point + 1) }
        }
        search(0)
        return best
    }

    /// The concepts a point's name says (words the lexicon knows; other words are left out, since "model" or "way"
    /// in a name says nothing of its own).
    static func nameConcepts(_ name: String) -> Set<String> {
        Set(ClaimReader.clauses(name).flatMap(\.tokens).flatMap(\.concepts).filter { !$0.hasPrefix("=") })
    }

    /// Whether `claim` reads to at least one concept (a claim of filler words only can never be made).
    public static func isUsable(claim: String) -> Bool {
        Claim(claim) != nil
    }
}
