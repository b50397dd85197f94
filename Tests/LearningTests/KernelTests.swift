import Vocabulary
import Testing
@testable import Learning

/// The blocked matrix product agrees with a plain triple loop, for every remainder of the blocking.
@Suite struct KernelTests {
    @Test(arguments: [(1, 1, 1), (3, 10, 7), (4, 8, 5), (9, 13, 3), (32, 32, 64), (17, 1, 30), (5, 2, 0), (6, 19, 33),
                       (8, 10, 5), (5, 12, 9), (13, 26, 4), (7, 35, 6), (9, 6, 3)])
    func productMatchesTripleLoop(_ m: Int, _ n: Int, _ k: Int) {
        var rng = SeededGenerator(seed: UInt64(m * 10_000 + n * 100 + k))
        let a = (0..<(m * k)).map { _ in rng.uniform(-1, 1) }
        let b = (0..<(k * n)).map { _ in rng.uniform(-1, 1) }
        let start = (0..<(m * n)).map { _ in rng.uniform(-1, 1) }
        var expected = [Double](repeating: 0, count: m * n)
        var expectedTransposed = [Double](repeating: 0, count: m * n)
        let aT = (0..<(k * m)).map { index in a[(index % m) * k + index / m] }   // aT is k x m
        for i in 0..<m {
            for j in 0..<n {
                var s = 0.0
                for p in 0..<k { s += a[i * k + p] * b[p * n + j] }
                expected[i * n + j] = s
                expectedTransposed[i * n + j] = s
            }
        }
        for accumulate in [false, true] {
            var c = start
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    c.withUnsafeMutableBufferPointer { pc in
                        Kernels.gemm(m: m, n: n, k: k, a: pa.baseAddress!, ars: k, acs: 1, b: pb.baseAddress!, ldb: n,
                                     c: pc.baseAddress!, ldc: n, accumulate: accumulate)
                    }
                }
            }
            for i in 0..<(m * n) {
                let want = expected[i] + (accumulate ? start[i] : 0)
                #expect(abs(c[i] - want) < 1e-12 * Double(max(k, 1)))
            }
            // Transposed A through strides: A(i, p) = aT[p * m + i].
            var d = start
            aT.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    d.withUnsafeMutableBufferPointer { pd in
                        Kernels.gemm(m: m, n: n, k: k, a: pa.baseAddress!, ars: 1, acs: m, b: pb.baseAddress!, ldb: n,
                                     c: pd.baseAddress!, ldc: n, accumulate: accumulate)
                    }
                }
            }
            for i in 0..<(m * n) {
                let want = expectedTransposed[i] + (accumulate ? start[i] : 0)
                #expect(abs(d[i] - want) < 1e-12 * Double(max(k, 1)))
            }
        }
    }

    @Test(arguments: [(5, 10, 7), (32, 32, 64), (9, 3, 4), (4, 17, 2), (6, 12, 5), (9, 26, 3), (5, 33, 8)])
    func biasAndReluAreAppliedOnStore(_ m: Int, _ n: Int, _ k: Int) {
        var rng = SeededGenerator(seed: UInt64(m * 31 + n))
        let a = (0..<(m * k)).map { _ in Float(rng.uniform(-1, 1)) }
        let b = (0..<(k * n)).map { _ in Float(rng.uniform(-1, 1)) }
        let bias = (0..<n).map { _ in Float(rng.uniform(-1, 1)) }
        for relu in [false, true] {
            var c = [Float](repeating: 7, count: m * n)
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    bias.withUnsafeBufferPointer { pbias in
                        c.withUnsafeMutableBufferPointer { pc in
                            Kernels.gemm(m: m, n: n, k: k, a: pa.baseAddress!, ars: k, acs: 1, b: pb.baseAddress!, ldb: n,
                                         c: pc.baseAddress!, ldc: n, accumulate: false, bias: pbias.baseAddress!, relu: relu)
                        }
                    }
                }
            }
            for i in 0..<m {
                for j in 0..<n {
                    var s = Double(bias[j])
                    for p in 0..<k { s += Double(a[i * k + p]) * Double(b[p * n + j]) }
                    let want = relu ? max(s, 0) : s
                    #expect(abs(Double(c[i * n + j]) - want) < 1e-5 * Double(k))
                }
            }
        }
    }

    @Test func generatorIsReproducibleAndUniform() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42), c = SeededGenerator(seed: 42, stream: 1)
        let xs = (0..<5).map { _ in a.next() }
        #expect(xs == (0..<5).map { _ in b.next() })
        #expect(xs != (0..<5).map { _ in c.next() })
        var counts = [Int](repeating: 0, count: 10)
        var sum = 0.0, squares = 0.0
        for _ in 0..<20_000 {
            counts[a.below(10)] += 1
            let z = a.normal()
            sum += z
            squares += z * z
        }
        #expect(counts.allSatisfy { abs($0 - 2000) < 200 })
        #expect(abs(sum / 20_000) < 0.05 && abs(squares / 20_000 - 1) < 0.05)
    }
}
