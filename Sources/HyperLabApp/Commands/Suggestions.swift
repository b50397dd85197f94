import Vocabulary
/// The optimal string alignment distance between two strings (Damerau-Levenshtein with adjacent
/// transpositions counted as one edit), by the dynamic programme of Wagner & Fischer (1974)
/// extended as in Damerau (1964). O(|a|·|b|) time.
func editDistance(_ a: String, _ b: String) -> Int {
    let s = Array(a.lowercased()), t = Array(b.lowercased())
    if s.isEmpty { return t.count }
    if t.isEmpty { return s.count }
    var previous2 = [Int](repeating: 0, count: t.count + 1)
    var previous = Array(0...t.count)
    var current = [Int](repeating: 0, count: t.count + 1)
    for i in 1...s.count {
        current[0] = i
        for j in 1...t.count {
            let cost = s[i - 1] == t[j - 1] ? 0 : 1
            var best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] {
                best = min(best, previous2[j - 2] + 1)
            }
            current[j] = best
        }
        previous2 = previous
        previous = current
    }
    return previous[t.count]
}

/// The candidates closest to `word`: those within a distance that grows with the word's length
/// (1 for short words, up to 3), or that start with it, best first. Empty when nothing is close.
func closestMatches(to word: String, among candidates: [String], limit: Int = 3) -> [String] {
    let lowered = word.lowercased()
    let allowed = max(1, min(3, lowered.count / 3))
    let scored: [(String, Int)] = candidates.filter { $0.count >= 2 || lowered.count == 1 && $0 == lowered }.compactMap { candidate in
        let distance = editDistance(lowered, candidate)
        if distance <= allowed { return (candidate, distance) }
        if lowered.count >= 2, candidate.hasPrefix(lowered) { return (candidate, allowed) }
        return nil
    }
    return scored.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.prefix(limit).map(\.0)
}

/// " Did you mean `a` or `b`?" or "" when nothing is close.
func didYouMean(_ word: String, among candidates: [String]) -> String {
    let matches = closestMatches(to: word, among: candidates)
    switch matches.count {
    case 0: return ""
    case 1: return " Did you mean `\(matches[0])`?"
    default:
        let quoted = matches.map { "`\($0)`" }
        return " Did you mean " + quoted.dropLast().joined(separator: ", ") + " or " + quoted[quoted.count - 1] + "?"
    }
}
