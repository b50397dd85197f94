import Vocabulary
import Foundation

/// How well a question was recalled, in FSRS's four grades (the rating `G` of the formulas: 1...4).
///
/// hyperlab grades from the quiz's verdict (`QuizSession` applies this mapping):
/// - wrong → `again`;
/// - right after a hint, or turned right by `i was right` / `override` → `hard`;
/// - right → `good`;
/// - right within `QuizSession.quickAnswerSeconds` on an easy kind (true/false, multiple choice), on a question not
///   already answered that day → `easy`.
public enum ReviewGrade: Int, Codable, Sendable, CaseIterable, Comparable {
    /// Forgotten (a wrong answer).
    case again = 1
    /// Recalled with effort (after a hint, or by the learner's override).
    case hard = 2
    /// Recalled.
    case good = 3
    /// Recalled at once (a quick right answer to a true/false or choice question).
    case easy = 4

    /// Whether the grade is a recall (anything but `again`).
    public var recalled: Bool { self != .again }

    /// The grade's name: again, hard, good, easy.
    public var name: String { ["again", "hard", "good", "easy"][rawValue - 1] }

    /// Orders by the raw value (again < hard < good < easy).
    public static func < (left: ReviewGrade, right: ReviewGrade) -> Bool { left.rawValue < right.rawValue }
}

/// What FSRS knows of one card's memory: stability `S` (days for retrievability to fall from 100% to 90%)
/// and difficulty `D` (1...10).
public struct MemoryState: Codable, Sendable, Equatable {
    /// Stability `S` in days, at least `FSRS.minimumStability`.
    public var stability: Double
    /// Difficulty `D`, 1...10.
    public var difficulty: Double

    /// Makes a memory state.
    public init(stability: Double, difficulty: Double) {
        self.stability = stability
        self.difficulty = difficulty
    }
}

/// FSRS-6, the Free Spaced Repetition Scheduler (J. Ye et al., open-spaced-repetition; the scheduler Anki ships),
/// with whole-day intervals, no learning steps and no fuzz.
///
/// Formulas from the open-spaced-repetition wiki, "The Algorithm", section FSRS-6, with parameters `w0...w20`
/// (`G`: grade 1...4; `t`: days since the last review; `S`, `D`: stability and difficulty before the review):
/// - retrievability: `R(t, S) = (1 + F·t/S)^(−w20)` with `F = 0.9^(−1/w20) − 1`, so `R(S, S) = 0.9`;
/// - interval for desired retention `r`: `I = S/F · (r^(−1/w20) − 1)`, rounded half-to-even to whole days, clamped to
///   1...`maximumInterval` (so `I = S` at `r = 0.9`);
/// - first review: `S0(G) = w[G−1]`, `D0(G) = w4 − e^(w5·(G−1)) + 1` clamped to 1...10;
/// - difficulty: `D' = w7·D0(4) + (1 − w7)·(D + ΔD·(10 − D)/9)` with `ΔD = −w6·(G − 3)`, clamped to 1...10;
/// - recall (`G ≥ 2`, `t ≥ 1`): `S' = S·(1 + e^w8·(11 − D)·S^(−w9)·(e^(w10·(1 − R)) − 1)·(w15 if G = 2)·(w16 if G = 4))`;
/// - forgetting (`G = 1`, `t ≥ 1`): `S' = min(w11·D^(−w12)·((S + 1)^w13 − 1)·e^(w14·(1 − R)), S / e^(w17·w18))`;
/// - same-day review (`t < 1`): `S' = S·e^(w17·(G − 3 + w18))·S^(−w19)`, the factor at least 1 when `G ≥ 2`.
/// Stability never falls below `minimumStability` (0.001). These are the formulas of py-fsrs 6.3.2
/// (`fsrs/scheduler.py`), against which `Tests/TeachingTests/Fixtures/fsrs-reference.json` checks this type.
///
/// Because a review's credit grows with the time elapsed (through `R`), reviewing before the due date gives
/// little (same day: the short-term formula, which keeps `S` about where it was for a `good`), and a late review
/// that is still recalled gives more.
public struct FSRS: Sendable, Equatable, Codable {
    /// The 21 published FSRS-6 default parameters `w0...w20` (py-fsrs `DEFAULT_PARAMETERS`, 6.3.2).
    public static let defaultParameters: [Double] = [
        0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
        1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
    ]
    /// The default desired retention: the probability of recall aimed at on the due day.
    public static let defaultRetention = 0.9
    /// The smallest stability, in days.
    public static let minimumStability = 0.001
    /// The longest interval, in days (100 years, py-fsrs's default).
    public static let maximumInterval = 36_500
    /// Difficulty bounds.
    public static let difficultyRange: ClosedRange<Double> = 1...10

    /// The scheduler with the default parameters and retention.
    public static let standard = FSRS()

    /// The parameters `w0...w20` (21 values).
    public let parameters: [Double]
    /// Desired retention `r`, in 0.7...0.99.
    public let desiredRetention: Double

    /// A scheduler with `parameters` (21 values, `defaultParameters` when another count is given) and
    /// `desiredRetention` (clamped to 0.7...0.99; a non-finite value gives the default 0.9).
    public init(parameters: [Double] = FSRS.defaultParameters, desiredRetention: Double = FSRS.defaultRetention) {
        self.parameters = parameters.count == 21 && parameters.allSatisfy(\.isFinite) ? parameters : Self.defaultParameters
        self.desiredRetention = desiredRetention.isFinite ? min(max(desiredRetention, 0.7), 0.99) : Self.defaultRetention
    }

    private var w: [Double] { parameters }
    private var decay: Double { -w[20] }
    private var factor: Double { pow(0.9, 1 / decay) - 1 }

    /// `R(t, S)`: the probability of recall `elapsedDays` after the last review (negative days count as 0).
    public func retrievability(elapsedDays: Int, stability: Double) -> Double {
        pow(1 + factor * Double(max(0, elapsedDays)) / stability, decay)
    }

    /// The interval in whole days after which recall is expected to have fallen to `desiredRetention`.
    public func interval(stability: Double) -> Int {
        let days = (stability / factor) * (pow(desiredRetention, 1 / decay) - 1)
        guard days.isFinite else { return Self.maximumInterval }
        return Int(min(max(days.rounded(.toNearestOrEven), 1), Double(Self.maximumInterval)))
    }

    func initialStability(_ grade: ReviewGrade) -> Double { max(w[grade.rawValue - 1], Self.minimumStability) }

    func initialDifficulty(_ grade: ReviewGrade, clamp: Bool = true) -> Double {
        let value = w[4] - exp(w[5] * Double(grade.rawValue - 1)) + 1
        return clamp ? Self.clampDifficulty(value) : value
    }

    static func clampDifficulty(_ value: Double) -> Double { min(max(value, difficultyRange.lowerBound), difficultyRange.upperBound) }

    func nextDifficulty(_ difficulty: Double, grade: ReviewGrade) -> Double {
        let delta = -(w[6] * Double(grade.rawValue - 3))
        let damped = difficulty + (10 - difficulty) * delta / 9
        return Self.clampDifficulty(w[7] * initialDifficulty(.easy, clamp: false) + (1 - w[7]) * damped)
    }

    func shortTermStability(_ stability: Double, grade: ReviewGrade) -> Double {
        var increase = exp(w[17] * (Double(grade.rawValue) - 3 + w[18])) * pow(stability, -w[19])
        if grade.recalled { increase = max(increase, 1) }
        return max(stability * increase, Self.minimumStability)
    }

    func nextStability(_ memory: MemoryState, retrievability r: Double, grade: ReviewGrade) -> Double {
        let s = memory.stability, d = memory.difficulty
        let next: Double
        if grade == .again {
            let longTerm = w[11] * pow(d, -w[12]) * (pow(s + 1, w[13]) - 1) * exp((1 - r) * w[14])
            next = min(longTerm, s / exp(w[17] * w[18]))
        } else {
            let hardPenalty = grade == .hard ? w[15] : 1
            let easyBonus = grade == .easy ? w[16] : 1
            next = s * (1 + exp(w[8]) * (11 - d) * pow(s, -w[9]) * (exp((1 - r) * w[10]) - 1) * hardPenalty * easyBonus)
        }
        return max(next, Self.minimumStability)
    }

    /// The memory state after a review graded `grade`, `elapsedDays` after the previous one (`memory` nil: a first
    /// review), and the interval in days to the next one.
    public func review(_ memory: MemoryState?, grade: ReviewGrade, elapsedDays: Int) -> (memory: MemoryState, interval: Int) {
        let next: MemoryState
        if let memory {
            let stability = elapsedDays < 1
                ? shortTermStability(memory.stability, grade: grade)
                : nextStability(memory, retrievability: retrievability(elapsedDays: elapsedDays, stability: memory.stability), grade: grade)
            next = MemoryState(stability: stability, difficulty: nextDifficulty(memory.difficulty, grade: grade))
        } else {
            next = MemoryState(stability: initialStability(grade), difficulty: initialDifficulty(grade))
        }
        return (next, interval(stability: next.stability))
    }
}
