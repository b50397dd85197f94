import Vocabulary
import Foundation

/// A rubric claim: concepts that must be said together, in one clause, the right way round.
///
/// A teacher writes a claim in plain words ("learning rate too high diverges", "grid does not learn from
/// results", "(overfit) memorizes noise"). It is read through the shared `Lexicon` into slots, each a concept
/// with a polarity (negated or not). Words in parentheses are *guards*: they need not be said, but when the
/// clause says their opposite instead, the claim is not made ("underfitting is when it memorizes the noise" does
/// not make "(overfit) memorizes noise").
///
/// A clause makes the claim when (1) it is a statement, not a list of terms (in "Gaussian process, acquisition
/// function, cheaper than grid" only the last item states something); (2) every slot is found in it with
/// the same polarity, within `maximumSpan`; (3) no slot is bound to its opposite instead: a modifier (`high`,
/// `rise`, ...) must be nearer to the other slots than any occurrence of its opposite, and each slot must be said
/// of the subject the claim names (the `grid`/`bayes` or `overfit`/`underfit` of its part of the clause, else the
/// nearest before it).
struct Claim: Sendable, Equatable {
    /// One concept of a claim.
    struct Slot: Sendable, Equatable {
        let concepts: Set<String>
        let negated: Bool
    }

    /// The claim as written.
    let text: String
    /// Concepts that must all be said.
    let slots: [Slot]
    /// Concepts whose opposite must not be said in their place.
    let guards: [Slot]

    /// The farthest apart (in `ReadToken.offset` units) the slots of one claim may be.
    static let maximumSpan = 14
    /// What crossing into another part of the clause (past a `,`, `and`, `so`...) adds to the distance between two
    /// words when deciding which of two opposites a word is said with.
    static let partWeight = 5

    enum OppositeKind { case modifier, subject }

    /// Each concept's opposite and how it binds.
    static let opposites: [String: (concept: String, kind: OppositeKind)] = {
        var table: [String: (String, OppositeKind)] = [:]
        for (a, b) in Lexicon.modifierOpposites {
            table[a] = (b, .modifier)
            table[b] = (a, .modifier)
        }
        for (a, b) in Lexicon.subjectOpposites {
            table[a] = (b, .subject)
            table[b] = (a, .subject)
        }
        return table
    }()

    /// Reads a claim; nil when it names nothing.
    init?(_ text: String) {
        var main = ""
        var guarded = ""
        var depth = 0
        for character in text {
            if character == "(" { depth += 1; main.append(" "); continue }
            if character == ")" { depth = max(0, depth - 1); main.append(" "); continue }
            if depth > 0 { guarded.append(character) } else { main.append(character) }
        }
        func slots(_ part: String) -> [Slot] {
            ClaimReader.clauses(part).flatMap(\.tokens).map { Slot(concepts: $0.concepts, negated: $0.negated) }
        }
        self.text = text
        self.slots = slots(main)
        self.guards = slots(guarded)
        if self.slots.isEmpty { return nil }
    }

    /// Whether `clause` makes this claim.
    func isMade(in clause: ReadClause) -> Bool {
        match(in: clause) != nil
    }

    /// The indices into `clause.tokens` of the words that make this claim (one per slot), or nil when the clause
    /// does not make it with words outside `used`. `RubricGrader` passes the words that already earned another
    /// point, so that the same words never earn two points.
    func match(in clause: ReadClause, avoiding used: Set<Int> = []) -> [Int]? {
        guard clause.isStatement else { return nil }
        let tokens = clause.tokens
        var candidates: [[Int]] = []
        for slot in slots {
            let found = tokens.indices.filter {
                !used.contains($0) && !tokens[$0].concepts.isDisjoint(with: slot.concepts) && tokens[$0].negated == slot.negated
            }
            if found.isEmpty { return nil }
            candidates.append(found)
        }
        var assignment: [Int] = []
        var tried = 0
        func search(_ depth: Int) -> Bool {
            if depth == candidates.count {
                tried += 1
                return holds(assignment, in: clause)
            }
            for index in candidates[depth] where !assignment.contains(index) {
                // Prune at once what cannot fit within the span.
                let offset = tokens[index].offset
                if assignment.contains(where: { abs(tokens[$0].offset - offset) > Self.maximumSpan }) { continue }
                assignment.append(index)
                if search(depth + 1) { return true }
                assignment.removeLast()
                if tried > 4000 { return false }
            }
            return false
        }
        return search(0) ? assignment : nil
    }

    /// Whether one choice of tokens for the slots makes the claim (span, list items, binding of opposites, guards).
    func holds(_ assignment: [Int], in clause: ReadClause) -> Bool {
        let tokens = clause.tokens
        let offsets = assignment.map { tokens[$0].offset }
        guard let low = offsets.min(), let high = offsets.max(), high - low <= Self.maximumSpan else { return false }
        // In a list of terms with a statement at its end, the terms state nothing.
        if clause.listItems >= 2 && assignment.allSatisfy({ tokens[$0].inListItem }) { return false }
        /// How far `token` is from the nearest slot of the assignment (other than the one at `excluding`).
        func distance(_ token: ReadToken, excluding: Int?) -> Int {
            var best = Int.max
            for (position, index) in assignment.enumerated() where position != excluding {
                let other = tokens[index]
                best = min(best, abs(other.offset - token.offset) + Self.partWeight * abs(other.part - token.part))
            }
            return best
        }
        /// The token of class {a, b} that `token` is said of: in its own part of the clause, the nearest before it,
        /// else one in parentheses after it ("too simple (underfit)"); otherwise the nearest before it in the
        /// clause (nil when none comes before: "it" may stand for either).
        func subject(of token: ReadToken, among classes: Set<String>) -> ReadToken? {
            let members = tokens.filter { !$0.concepts.isDisjoint(with: classes) && $0.offset != token.offset }
            let samePart = members.filter { $0.part == token.part }
            if let before = samePart.filter({ $0.offset < token.offset }).max(by: { $0.offset < $1.offset }) { return before }
            if let named = samePart.filter({ $0.offset > token.offset && $0.inParentheses && !token.inParentheses })
                .min(by: { $0.offset < $1.offset }) { return named }
            return members.filter { $0.offset < token.offset }.max { $0.offset < $1.offset }
        }
        for (position, index) in assignment.enumerated() {
            let token = tokens[index]
            let said = token.concepts.intersection(slots[position].concepts)
            for concept in said {
                guard let (opposite, kind) = Self.opposites[concept] else { continue }
                switch kind {
                case .modifier:
                    guard assignment.count > 1 else { continue }
                    let own = distance(token, excluding: position)
                    for other in tokens where other.concepts.contains(opposite) && !other.concepts.contains(concept) && !other.negated {
                        if distance(other, excluding: position) < own { return false }
                    }
                case .subject:
                    for (otherPosition, otherIndex) in assignment.enumerated() where otherPosition != position {
                        let other = tokens[otherIndex]
                        if other.concepts.contains(concept) || other.concepts.contains(opposite) { continue }
                        if let bound = subject(of: other, among: [concept, opposite]),
                           bound.concepts.contains(opposite), !bound.concepts.contains(concept) { return false }
                    }
                }
            }
        }
        for guardSlot in guards {
            for concept in guardSlot.concepts {
                guard let (opposite, kind) = Self.opposites[concept] else { continue }
                let opposing = tokens.filter { $0.concepts.contains(opposite) && !$0.concepts.contains(concept) && !$0.negated }
                if opposing.isEmpty { continue }
                switch kind {
                case .modifier:
                    // Said with the opposite instead: the opposite is nearer than the guard, or (guard not said)
                    // within the same part of the clause as a slot.
                    let own = tokens.filter { $0.concepts.contains(concept) && $0.negated == guardSlot.negated }
                        .map { distance($0, excluding: nil) }.min()
                    let nearestOpposite = opposing.map { distance($0, excluding: nil) }.min() ?? Int.max
                    if nearestOpposite < (own ?? Self.partWeight + 1) { return false }
                case .subject:
                    for index in assignment {
                        let other = tokens[index]
                        if other.concepts.contains(concept) || other.concepts.contains(opposite) { continue }
                        if let bound = subject(of: other, among: [concept, opposite]),
                           bound.concepts.contains(opposite), !bound.concepts.contains(concept) { return false }
                    }
                }
            }
        }
        return true
    }
}
