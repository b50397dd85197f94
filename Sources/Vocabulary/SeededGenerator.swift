import Foundation

/// A small, fast, seeded pseudo-random generator: xoshiro256** seeded through SplitMix64.
///
/// Source: D. Blackman and S. Vigna (2018), "Scrambled linear pseudorandom number
/// generators" (xoshiro256**, and SplitMix64 for seeding). Every random choice in the
/// library (split, initialization, shuffling, synthetic data) draws from one of these,
/// so the same seed gives bit-identical results on every run and platform: the
/// shuffles, integer ranges and normal deviates below are our own code, not the
/// standard library's (whose algorithms may change between releases).
public struct SeededGenerator: RandomNumberGenerator, Sendable, Equatable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// A generator for `seed` and an independent `stream` number (used to give the split,
    /// the initialization and the shuffling their own sequences from one seed).
    public init(seed: UInt64, stream: UInt64 = 0) {
        var x = seed ^ (stream &* 0xD1B5_4A32_D192_ED03)
        func splitMix(_ x: inout UInt64) -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(&x); s1 = splitMix(&x); s2 = splitMix(&x); s3 = splitMix(&x)
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// A uniform double in [0, 1) with 53 random bits.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform double in [`lower`, `upper`).
    public mutating func uniform(_ lower: Double, _ upper: Double) -> Double {
        lower + (upper - lower) * nextUnit()
    }

    /// A uniform integer in 0..<`bound` (`bound` > 0), without modulo bias
    /// (D. Lemire (2019), "Fast random integer generation in an interval").
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        let b = UInt64(bound)
        var m = next().multipliedFullWidth(by: b)
        if m.low < b {
            let threshold = (0 &- b) % b
            while m.low < threshold { m = next().multipliedFullWidth(by: b) }
        }
        return Int(m.high)
    }

    /// A standard normal deviate (mean 0, standard deviation 1) by the Box-Muller transform
    /// (G.E.P. Box and M.E. Muller (1958), Annals of Mathematical Statistics 29(2)).
    public mutating func normal() -> Double {
        let u1 = 1 - nextUnit()            // (0, 1]: the logarithm stays finite
        let u2 = nextUnit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// Shuffles `array` in place (Fisher-Yates, Knuth TAOCP vol. 2, Algorithm P). Inlinable, so that callers in
    /// other modules get it specialized for their element type (unspecialized, each swap copies through
    /// value witnesses: a tenth of a 200,000-row training).
    @inlinable public mutating func shuffle<T>(_ array: inout [T]) {
        var i = array.count - 1
        while i > 0 {
            let j = below(i + 1)
            array.swapAt(i, j)
            i -= 1
        }
    }
}

/// A hash of a text that is the same on every run and platform (Swift's `Hasher` is seeded per
/// process): FNV-1a, 64 bits (G. Fowler, L.C. Noll, K.-P. Vo; IETF draft-eastlake-fnv, section 2).
/// Used to give each quiz question its own stream of a `SeededGenerator`.
public enum StableHash {
    /// The FNV-1a 64-bit hash of the UTF-8 bytes of `text`.
    public static func fnv1a(_ text: String) -> UInt64 {
        var value: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x100_0000_01B3
        }
        return value
    }
}
