import Vocabulary
import Foundation

/// One word (or lexicon phrase) of a clause as read for grading.
struct ReadToken: Sendable, Equatable {
    /// The concepts the word names (`Lexicon` ids), or `=stem` for a word the lexicon does not know.
    let concepts: Set<String>
    /// Whether a negation reaches the word ("does *not* use a surrogate").
    var negated: Bool
    /// Position along the clause: content words count 1, each soft boundary (`,`, `and`, ...) counts 2 more.
    let offset: Int
    /// Which part of the clause the word is in: parts are separated by soft boundaries.
    let part: Int
    /// Whether the word is inside parentheses ("too simple (underfit)").
    var inParentheses = false
    /// Whether the word is an item of a list: its stretch between commas has no verb, preposition or other
    /// small word ("Gaussian process" and "acquisition function" in "Gaussian process, acquisition function,
    /// cheaper than grid").
    var inListItem = false
}

/// A clause of an answer: what a claim is matched within.
struct ReadClause: Sendable, Equatable {
    /// The words and phrases, in order.
    let tokens: [ReadToken]
    /// Whether the clause states something (has a verb, a preposition, a subordinator...) rather than listing terms.
    let isStatement: Bool
    /// How many stretches between commas state nothing (see `ReadToken.inListItem`); two or more make a list.
    var listItems = 0
    /// The learner's own words of the clause, trimmed.
    let text: String
}

/// Reads text into clauses of concept tokens through the shared `Lexicon`.
///
/// Steps: words are split at anything that is not a letter, digit or apostrophe (apostrophes are dropped, so
/// `doesn't` is `doesnt`), lowercased and stripped of accents; contractions are expanded; British spellings
/// rewritten (`memorise` → `memorize`); each word is stemmed (`TextMatcher.stem`); a word of 5 letters or more that
/// the lexicon does not know is corrected to a lexicon word with the same first letter within an edit distance of
/// 1 (2 from 9 letters; optimal string alignment distance, which counts a swap of neighbours as one edit).
/// Clauses end at `.`, `!`, `?`, `;`, a line break and the words of `Lexicon.hardBoundaryWords`. Within a clause the
/// longest lexicon phrase starting at each word is taken (one unknown word may sit inside a phrase of two words or
/// more: "learns *anything* from"). A negator (`not`, `no`, `never`, `without`, `fail to`, `instead of`, ...)
/// negates the concepts after it up to the next soft boundary, except a size (`high`, `low`) followed by `or`,
/// `otherwise` or `else`, which states a condition: "it must not be too high, otherwise it diverges".
enum ClaimReader {
    struct Word {
        var text: String
        let range: Range<String.Index>
        var isBoundary: Bool = false
        var isHard: Bool = false
        var isArrow: Bool = false
    }

    /// Lexicon phrases as stem sequences, with the concepts each names.
    static let phraseTable: [[String]: Set<String>] = {
        var table: [[String]: Set<String>] = [:]
        for entry in Lexicon.concepts {
            for phrase in entry.phrases {
                let stems = contentStems(phrase)
                guard !stems.isEmpty else { continue }
                table[stems, default: []].insert(entry.concept)
            }
        }
        return table
    }()

    /// The longest phrase length in words.
    static let longestPhrase: Int = phraseTable.keys.map(\.count).max() ?? 1

    /// First words of phrases, for a quick test.
    static let phraseStarts: Set<String> = Set(phraseTable.keys.compactMap(\.first))

    /// Every word of the lexicon (unstemmed and stemmed), the targets of typo correction.
    static let vocabulary: Set<String> = {
        var words: Set<String> = []
        for entry in Lexicon.concepts {
            for phrase in entry.phrases {
                for word in TextMatcher.normalizedWords(phrase) {
                    words.insert(word)
                    words.insert(TextMatcher.stem(word))
                }
            }
        }
        return words
    }()

    static let vocabularyByFirstLetter: [Character: [String]] = {
        var result: [Character: [String]] = [:]
        for word in vocabulary where word.count >= 4 {
            if let first = word.first { result[first, default: []].append(word) }
        }
        return result
    }()

    /// Filler words skipped when reading (they still make a clause a statement, see `Lexicon.glue`).
    static let fillers: Set<String> = TextMatcher.fillers.subtracting(["no", "not"])

    /// Stems of the content words of a phrase (fillers dropped).
    static func contentStems(_ text: String) -> [String] {
        words(text).filter { !$0.isBoundary && !fillers.contains($0.text) }.map { TextMatcher.stem($0.text) }
    }

    /// Splits `text` into words and boundary marks, normalized (contractions, British spellings, typos).
    static func words(_ text: String) -> [Word] {
        var result: [Word] = []
        var current = ""
        var start = text.startIndex
        var index = text.startIndex
        func flush(_ end: String.Index) {
            guard !current.isEmpty else { return }
            let folded = current.folding(options: [.caseInsensitive, .diacriticInsensitive],
                                         locale: Locale(identifier: "en_US_POSIX")).lowercased()
            for word in expand(folded) { result.append(Word(text: word, range: start..<end)) }
            current = ""
        }
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if character.isLetter || character.isNumber {
                if current.isEmpty { start = index }
                current.append(character)
            } else if (character == "'" || character == "’") && !current.isEmpty {
                // Apostrophes join (doesn't -> doesnt) or end a possessive (Bayes' -> bayes).
            } else {
                flush(index)
                let nextCharacter = next < text.endIndex ? text[next] : " "
                switch character {
                case ".", "!", "?", ";", "\n":
                    // A decimal point (0.5) is not a full stop.
                    if character == ".", nextCharacter.isNumber, let last = result.last, last.text.allSatisfy(\.isNumber) {
                        break
                    }
                    result.append(Word(text: String(character), range: index..<next, isBoundary: true, isHard: true))
                case ",", ":", "(", ")", "[", "]":
                    result.append(Word(text: String(character), range: index..<next, isBoundary: true))
                case "→", "=", "⇒":
                    result.append(Word(text: "->", range: index..<next, isArrow: true))
                case "-" where nextCharacter == ">":
                    result.append(Word(text: "->", range: index..<text.index(after: next), isArrow: true))
                    index = text.index(after: next)
                    continue
                default:
                    break
                }
            }
            index = next
        }
        flush(text.endIndex)
        return result
    }

    /// Expands a contraction, rewrites a British spelling and corrects a typo of one folded word.
    static func expand(_ word: String) -> [String] {
        if let expanded = Lexicon.contractions[word] { return expanded }
        var text = word
        for (british, american) in Lexicon.britishPrefixes where text.hasPrefix(british) {
            text = american + text.dropFirst(british.count)
            break
        }
        return [corrected(text)]
    }

    /// `word`, or the lexicon word it is a typo of (see the type's description).
    static func corrected(_ word: String) -> String {
        guard word.count >= 5, word.allSatisfy(\.isLetter), !vocabulary.contains(word),
              !vocabulary.contains(TextMatcher.stem(word)), !Lexicon.glue.contains(word),
              !TextMatcher.fillers.contains(word), let first = word.first else { return word }
        let limit = word.count >= 9 ? 2 : 1
        var best: (word: String, distance: Int)?
        for candidate in vocabularyByFirstLetter[first] ?? [] where abs(candidate.count - word.count) <= limit {
            let distance = editDistance(Array(word), Array(candidate), limit: limit)
            if distance <= limit, best.map({ distance < $0.distance }) ?? true { best = (candidate, distance) }
        }
        return best?.word ?? word
    }

    /// Optimal string alignment distance (Levenshtein plus transposition of neighbours), or `limit + 1` once it
    /// is sure to exceed `limit`. Damerau, "A technique for computer detection and correction of spelling errors",
    /// CACM 7(3), 1964.
    static func editDistance(_ a: [Character], _ b: [Character], limit: Int) -> Int {
        if a == b { return 0 }
        let n = a.count, m = b.count
        if abs(n - m) > limit { return limit + 1 }
        var previous2 = [Int](repeating: 0, count: m + 1)
        var previous = Array(0...m)
        var current = [Int](repeating: 0, count: m + 1)
        for i in 1...n {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...max(m, 1) where m > 0 {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { value = min(value, previous2[j - 2] + 1) }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > limit { return limit + 1 }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[m]
    }

    /// How many words of an answer are read; the rest is ignored (an answer is a few sentences, and this bounds
    /// the work on pasted text).
    static let maximumWords = 1000

    /// The most words one clause holds; a longer run of words without a clause boundary is cut into pieces this
    /// long (no clause of a real answer comes near it, and it bounds the work of matching a claim).
    static let maximumClauseWords = 80

    /// Reads `text` (its first `maximumWords` words) into clauses.
    static func clauses(_ text: String) -> [ReadClause] {
        var result: [ReadClause] = []
        var part: [Word] = []
        func close() {
            if let clause = read(part, in: text) { result.append(clause) }
            part = []
        }
        for word in words(text).prefix(maximumWords) {
            if word.isHard || Lexicon.hardBoundaryWords.contains(word.text) {
                close()
            } else {
                part.append(word)
                if part.count >= maximumClauseWords { close() }
            }
        }
        close()
        return result
    }

    /// Reads one clause's words into tokens; nil when it has no content word.
    static func read(_ words: [Word], in text: String) -> ReadClause? {
        guard let first = words.first, let last = words.last else { return nil }
        let isStatement = words.contains { $0.isArrow || Lexicon.glue.contains($0.text) }
        // Content words with their positions; boundaries add to the offset.
        struct Content {
            let stem: String, raw: String, offset: Int, part: Int, boundaryBefore: Bool, inParentheses: Bool
            let boundaryWord: String
        }
        var contents: [Content] = []
        var offset = 0
        var part = 0
        var boundaryPending = false
        var boundaryWord = ""
        var commaPart = 0
        var statementCommaParts: Set<Int> = []
        var commaPartOfContent: [Int] = []
        var partPending = false
        var depth = 0
        for (position, word) in words.enumerated() {
            if word.text == "(" || word.text == "[" { depth += 1 }
            if word.text == ")" || word.text == "]" { depth = max(0, depth - 1) }
            let next = position + 1 < words.count ? words[position + 1].text : ""
            // "so far", "so much": not "so" as in "and so".
            let quantifier = word.text == "so" && ["far", "much", "many", "little", "few"].contains(next)
            if word.text == "," { commaPart += 1 }
            if word.isBoundary || (Lexicon.softBoundaries.contains(word.text) && !quantifier) {
                offset += 2
                // A parenthesis belongs to the part it follows: "too simple (underfit)".
                let parenthesis = ["(", ")", "[", "]"].contains(word.text)
                if !parenthesis && !partPending {
                    part += 1
                    partPending = true
                }
                boundaryPending = true
                boundaryWord = word.text
                continue
            }
            if word.isArrow || Lexicon.glue.contains(word.text) { statementCommaParts.insert(commaPart) }
            if word.isArrow || (fillers.contains(word.text) && !quantifier) { continue }
            contents.append(Content(stem: TextMatcher.stem(word.text), raw: word.text, offset: offset, part: part,
                                    boundaryBefore: boundaryPending, inParentheses: depth > 0,
                                    boundaryWord: boundaryPending ? boundaryWord : ""))
            commaPartOfContent.append(commaPart)
            boundaryPending = false
            partPending = false
            offset += 1
        }
        var tokens: [ReadToken] = []
        var negation = false
        var negationStart = 0
        var index = 0
        while index < contents.count {
            if contents[index].boundaryBefore {
                // "must not be too high, or (otherwise) it diverges": the size is the condition, not denied.
                if negation && ["or", "otherwise", "else"].contains(contents[index].boundaryWord) {
                    for position in negationStart..<tokens.count where !tokens[position].concepts.isDisjoint(with: ["high", "low"]) {
                        tokens[position].negated = false
                    }
                }
                negation = false
            }
            // The longest lexicon phrase starting here (one unknown word may sit inside a longer phrase).
            var match: (length: Int, concepts: Set<String>)?
            if phraseStarts.contains(contents[index].stem) {
                for length in stride(from: min(longestPhrase + 1, contents.count - index), through: 1, by: -1) {
                    let window = contents[index..<(index + length)]
                    if window.dropFirst().contains(where: \.boundaryBefore) { continue }
                    let stems = window.map(\.stem)
                    if let concepts = phraseTable[stems] { match = (length, concepts); break }
                    if length >= 3 {
                        for gap in 1..<(length - 1) {
                            var reduced = stems
                            let skipped = reduced.remove(at: gap)
                            if phraseTable[[skipped]] == nil, let concepts = phraseTable[reduced] {
                                match = (length, concepts)
                                break
                            }
                        }
                        if match != nil { break }
                    }
                }
            }
            if let match {
                tokens.append(ReadToken(concepts: match.concepts, negated: negation, offset: contents[index].offset,
                                        part: contents[index].part, inParentheses: contents[index].inParentheses,
                                        inListItem: !statementCommaParts.contains(commaPartOfContent[index])))
                index += match.length
                continue
            }
            let raw = contents[index].raw
            let nextRaw = index + 1 < contents.count ? contents[index + 1].raw : ""
            if Lexicon.negators.contains(raw) || (raw.hasPrefix("fail") && nextRaw == "to") {
                if raw == "not" && nextRaw == "only" {
                    index += 2
                    continue
                }
                negation.toggle()
                negationStart = tokens.count
                index += 1
                continue
            }
            if !Lexicon.glue.contains(raw) {
                tokens.append(ReadToken(concepts: ["=" + contents[index].stem], negated: negation, offset: contents[index].offset,
                                        part: contents[index].part, inParentheses: contents[index].inParentheses,
                                        inListItem: !statementCommaParts.contains(commaPartOfContent[index])))
            }
            index += 1
        }
        guard !tokens.isEmpty else { return nil }
        let clauseText = String(text[first.range.lowerBound..<last.range.upperBound])
            .trimmingCharacters(in: CharacterSet(charactersIn: " ,:()[]-").union(.whitespacesAndNewlines))
        let listItems = Set(commaPartOfContent).subtracting(statementCommaParts).count
        return ReadClause(tokens: tokens, isStatement: isStatement, listItems: listItems, text: clauseText)
    }
}
