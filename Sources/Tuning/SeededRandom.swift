import Foundation

/// A small seeded pseudo-random generator: xoshiro256** seeded through SplitMix64.
///
/// Source: D. Blackman and S. Vigna, "Scrambled linear pseudorandom number generators",
/// ACM Transactions on Mathematical Software 47(4), 2021 (xoshiro256**), and S. Vigna's
/// SplitMix64 seeding procedure. Internal: every public entry point of this module takes a
/// `UInt64` seed instead, so results are reproducible from the seed alone.
struct SeededRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    init(seed: UInt64) {
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(); s1 = splitMix(); s2 = splitMix(); s3 = splitMix()
    }

    @inline(__always) private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }

    mutating func next() -> UInt64 {
        let result = Self.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = Self.rotl(s3, 45)
        return result
    }

    /// Uniform in [0, 1) with 53 random bits.
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform integer in 0..<n (n > 0), unbiased.
    mutating func index(below n: Int) -> Int { Int(next(upperBound: UInt64(n))) }

    /// A standard normal variate by the Box-Muller transform (Box and Muller, 1958).
    mutating func normal() -> Double {
        var u = unit()
        while u <= 0 { u = unit() }
        let v = unit()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }

    /// A child generator for stream `k`, independent of the parent's later output.
    static func stream(seed: UInt64, _ k: UInt64) -> SeededRandom {
        SeededRandom(seed: seed ^ (0xD1B5_4A32_D192_ED03 &* (k &+ 1)))
    }
}
