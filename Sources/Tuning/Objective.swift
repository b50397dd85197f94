import Vocabulary
import Foundation

/// Why a trial produced no value (e.g. training diverged, or bad settings for the model).
public struct TrialFailure: Error, CustomStringConvertible, Equatable, Sendable {
    /// One line saying what went wrong.
    public let message: String
    /// Creates a failure with the given message.
    public init(_ message: String) { self.message = message }
    /// Same as ``message``.
    public var description: String { message }
}

/// An objective to minimize: settings in, a finite value (lower is better) or a failure out.
/// Called concurrently from several threads for independent trials, hence `@Sendable`.
public typealias Objective = @Sendable (Settings) -> Result<Double, TrialFailure>

/// Test functions with known minima, for quick demonstrations of the searches (`--objective NAME`).
public enum BuiltInObjective: String, CaseIterable, Sendable {
    /// Branin-Hoo, 2-D: x1 in [-5, 10], x2 in [0, 15]; three global minima of 0.397887 at (-pi, 12.275),
    /// (pi, 2.275) and (9.42478, 2.475). f = (x2 - b x1^2 + c x1 - 6)^2 + 10 (1 - t) cos(x1) + 10 with
    /// b = 5.1 / (4 pi^2), c = 5 / pi, t = 1 / (8 pi). Source: Dixon and Szego (eds.), *Towards Global
    /// Optimisation 2*, North-Holland 1978; constants as in Jones, Schonlau and Welch (1998).
    case branin
    /// Gramacy and Lee (2012), 1-D: f(x) = sin(10 pi x) / (2 x) + (x - 1)^4 on x in [0.5, 2.5]: about ten
    /// local minima spaced 0.2 apart, the global one near x = 0.548563 with f = -0.869011.
    /// Source: R. B. Gramacy and H. K. H. Lee, "Cases for the nugget in modeling computer experiments",
    /// Statistics and Computing 22(3), 2012.
    case gramacyLee = "gramacy-lee"

    /// The objective named `name` (its raw value), or nil.
    public static func named(_ name: String) -> BuiltInObjective? { BuiltInObjective(rawValue: name.lowercased()) }

    /// One line for a listing.
    public var summary: String {
        switch self {
        case .branin: return "Branin-Hoo, 2-D (x1 in -5..10, x2 in 0..15), three global minima of 0.397887"
        case .gramacyLee: return "Gramacy-Lee, 1-D (x in 0.5..2.5), about ten local minima, global minimum -0.869011 at x = 0.5486"
        }
    }

    /// The search space of the function's domain (names `x1`, `x2` or `x`).
    public var space: SearchSpace {
        switch self {
        case .branin:
            return SearchSpace(known: [Dimension(name: "x1", kind: .real(low: -5, high: 10, log: false)),
                                       Dimension(name: "x2", kind: .real(low: 0, high: 15, log: false))])
        case .gramacyLee:
            return SearchSpace(known: [Dimension(name: "x", kind: .real(low: 0.5, high: 2.5, log: false))])
        }
    }

    /// The global minimum value, from the sources above.
    public var minimum: Double {
        switch self {
        case .branin: return 0.397887
        case .gramacyLee: return -0.869011
        }
    }

    /// The function at plain coordinates (`[x1, x2]` or `[x]`); NaN for a wrong count.
    public func callAsFunction(_ x: [Double]) -> Double {
        switch self {
        case .branin:
            guard x.count == 2 else { return .nan }
            let b = 5.1 / (4 * Double.pi * Double.pi), c = 5 / Double.pi, t = 1 / (8 * Double.pi)
            let u = x[1] - b * x[0] * x[0] + c * x[0] - 6
            return u * u + 10 * (1 - t) * cos(x[0]) + 10
        case .gramacyLee:
            guard x.count == 1 else { return .nan }
            let v = x[0]
            return sin(10 * Double.pi * v) / (2 * v) + pow(v - 1, 4)
        }
    }

    /// The function as an ``Objective`` over ``space``; fails when a setting is missing.
    public var objective: Objective {
        let f = self
        let names = space.names
        return { settings in
            var x: [Double] = []
            for name in names {
                guard let v = settings.number(name) else {
                    return .failure(TrialFailure("the \(f.rawValue) objective needs a numeric '\(name)'"))
                }
                x.append(v)
            }
            return .success(f(x))
        }
    }
}
