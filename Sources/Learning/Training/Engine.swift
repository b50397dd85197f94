import Vocabulary
import Foundation

// The training engine: the scalar types, the matrix kernel, the network and the training loop.
// They share this one file on purpose: generic code is specialized for Float and Double only
// where its body is visible, and builds that compile file by file (debug builds) see only the
// current file. Split apart, the hot loops run unspecialized, about 1000 times slower.

/// A floating-point type the training engine can run in (`Float` or `Double`), with the SIMD
/// vector widths its matrix kernel uses and the elementary functions it needs.
protocol NetworkScalar: BinaryFloatingPoint, SIMDScalar, Sendable, Codable {
    /// Two 256-bit registers of lanes (the widest block of the matrix kernel).
    associatedtype Wide: SIMD where Wide.Scalar == Self
    /// One 256-bit register.
    associatedtype Full: SIMD where Full.Scalar == Self
    /// One 128-bit register.
    associatedtype Half: SIMD where Half.Scalar == Self
    /// Two lanes.
    associatedtype Pair: SIMD where Pair.Scalar == Self
    static func exponential(_ x: Self) -> Self
    static func hyperbolicTangent(_ x: Self) -> Self
    /// Replaces each of the `count` values at `p` by its exponential.
    static func exponentials(_ p: UnsafeMutablePointer<Self>, count: Int)
    /// The value as a Double (exact).
    var double: Double { get }
}

extension Double: NetworkScalar {
    typealias Wide = SIMD8<Double>
    typealias Full = SIMD4<Double>
    typealias Half = SIMD2<Double>
    typealias Pair = SIMD2<Double>
    @inline(__always) static func exponential(_ x: Double) -> Double { Foundation.exp(x) }
    @inline(__always) static func hyperbolicTangent(_ x: Double) -> Double { Foundation.tanh(x) }
    @inline(__always) var double: Double { self }
    static func exponentials(_ p: UnsafeMutablePointer<Double>, count: Int) {
        var i = 0
        while i < count { p[i] = Foundation.exp(p[i]); i &+= 1 }
    }
}

extension Float: NetworkScalar {
    typealias Wide = SIMD16<Float>
    typealias Full = SIMD8<Float>
    typealias Half = SIMD4<Float>
    typealias Pair = SIMD2<Float>
    @inline(__always) static func exponential(_ x: Float) -> Float { Foundation.exp(x) }
    @inline(__always) static func hyperbolicTangent(_ x: Float) -> Float { Foundation.tanh(x) }
    @inline(__always) var double: Double { Double(self) }

    /// Eight exponentials at once: x = n·ln 2 + r with |r| <= ln 2 / 2 (ln 2 split in two parts,
    /// W.J. Cody and W. Waite (1980), "Software Manual for the Elementary Functions"), e^r by the
    /// polynomial of the Cephes library's expf (S.L. Moshier (1989), "Methods and Programs
    /// for Mathematical Functions"), 2^n built in the exponent bits. Relative error about 1e-7;
    /// arguments are clamped to [−87.3, 88.3], the range where the result is a normal Float.
    @inline(__always)
    static func exponential8(_ value: SIMD8<Float>) -> SIMD8<Float> {
        let low = SIMD8<Float>(repeating: -87.3), high = SIMD8<Float>(repeating: 88.3)
        let x0 = value.replacing(with: low, where: value .< low).replacing(with: high, where: value .> high)
        // n = round(x / ln 2) by adding 1.5·2^23, which leaves n in the low bits of the sum.
        let magic = SIMD8<Float>(repeating: 12_582_912)
        let shifted = x0 * 1.442_695_04 + magic
        let n = shifted - magic
        var x = x0 - n * 0.693_359_375
        x = x - n * -2.121_944_4e-4
        var y = SIMD8<Float>(repeating: 1.987_569_15e-4)
        y = SIMD8(repeating: 1.398_199_95e-3).addingProduct(y, x)
        y = SIMD8(repeating: 8.333_451_9e-3).addingProduct(y, x)
        y = SIMD8(repeating: 4.166_579_59e-2).addingProduct(y, x)
        y = SIMD8(repeating: 1.666_666_55e-1).addingProduct(y, x)
        y = SIMD8(repeating: 5.000_000_12e-1).addingProduct(y, x)
        y = (x + 1).addingProduct(y, x * x)
        let bits = (unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- unsafeBitCast(magic, to: SIMD8<Int32>.self) &+ 127) &<< 23
        return y * unsafeBitCast(bits, to: SIMD8<Float>.self)
    }

    static func exponentials(_ p: UnsafeMutablePointer<Float>, count: Int) {
        let raw = UnsafeMutableRawPointer(p)
        var i = 0
        while i &+ 8 <= count {
            let offset = i &* 4
            raw.storeBytes(of: exponential8(raw.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)),
                           toByteOffset: offset, as: SIMD8<Float>.self)
            i &+= 8
        }
        if i < count {
            var v = SIMD8<Float>(repeating: 0)
            for j in 0..<(count &- i) { v[j] = p[i &+ j] }
            let e = exponential8(v)
            for j in 0..<(count &- i) { p[i &+ j] = e[j] }
        }
    }
}

/// Dense kernels on raw pointers for the training loop (row-major `Float` or `Double` storage).
///
/// The matrix product is blocked into micro-kernels of 4 rows by one or two 256-bit registers
/// (or one register plus a narrow tail, e.g. 10 columns) that keep their partial sums in SIMD
/// registers and use fused multiply-add (the register-blocking idea of K. Goto and
/// R. van de Geijn (2008), "Anatomy of high-performance matrix multiplication", ACM TOMS 34(3)).
/// A bias per column and max(0, ·) can be applied as results are stored. Sums run over `k` in
/// increasing order with one FMA per term, so results are deterministic (identical from run to run).
enum Kernels {
    /// `C = A·B` (or `C += A·B` when `accumulate`), with
    /// A element (i, p) at `a[i*ars + p*acs]` (so `A` or a transposed matrix, depending on strides),
    /// B `k x n` with row stride `ldb`, C `m x n` with row stride `ldc`.
    static func gemm<T: NetworkScalar>(m: Int, n: Int, k: Int,
                                       a: UnsafePointer<T>, ars: Int, acs: Int,
                                       b: UnsafePointer<T>, ldb: Int,
                                       c: UnsafeMutablePointer<T>, ldc: Int, accumulate: Bool,
                                       bias: UnsafePointer<T>? = nil, relu: Bool = false) {
        if m <= 0 || n <= 0 { return }
        if k <= 0 {
            if !accumulate {
                var i = 0
                while i < m { (c + i &* ldc).update(repeating: 0, count: n); i &+= 1 }
            }
            return
        }
        var j = 0
        while j < n {
            let width = n &- j
            if width >= T.Wide.scalarCount {
                rows(T.Wide.self, m: m, k: k, a: a, ars: ars, acs: acs, b: b + j, ldb: ldb, c: c + j, ldc: ldc, accumulate: accumulate, bias: bias.map { $0 + j }, relu: relu)
                j &+= T.Wide.scalarCount
            } else if width == T.Full.scalarCount &+ T.Pair.scalarCount {
                // e.g. 10 columns of Float: one register and a pair in the same pass, sharing the broadcasts.
                mixedRows(T.Full.self, T.Pair.self, m: m, k: k, a: a, ars: ars, acs: acs, b: b + j, ldb: ldb, c: c + j, ldc: ldc,
                          accumulate: accumulate, bias: bias.map { $0 + j }, relu: relu)
                j = n
            } else if width == T.Full.scalarCount &+ T.Half.scalarCount {
                mixedRows(T.Full.self, T.Half.self, m: m, k: k, a: a, ars: ars, acs: acs, b: b + j, ldb: ldb, c: c + j, ldc: ldc,
                          accumulate: accumulate, bias: bias.map { $0 + j }, relu: relu)
                j = n
            } else if width >= T.Full.scalarCount {
                rows(T.Full.self, m: m, k: k, a: a, ars: ars, acs: acs, b: b + j, ldb: ldb, c: c + j, ldc: ldc, accumulate: accumulate, bias: bias.map { $0 + j }, relu: relu)
                j &+= T.Full.scalarCount
            } else if width >= T.Half.scalarCount {
                rows(T.Half.self, m: m, k: k, a: a, ars: ars, acs: acs, b: b + j, ldb: ldb, c: c + j, ldc: ldc, accumulate: accumulate, bias: bias.map { $0 + j }, relu: relu)
                j &+= T.Half.scalarCount
            } else if width >= T.Pair.scalarCount {
                rows(T.Pair.self, m: m, k: k, a: a, ars: ars, acs: acs, b: b + j, ldb: ldb, c: c + j, ldc: ldc, accumulate: accumulate, bias: bias.map { $0 + j }, relu: relu)
                j &+= T.Pair.scalarCount
            } else if n == 1 && ars == 1 && ldc == 1 && bias == nil {
                // One output column whose rows are contiguous in A (e.g. the weight gradient Xᵀ·δ of a
                // one-output model): vectors over the rows.
                columnAcrossRows(T.Wide.self, m: m, k: k, a: a, acs: acs, b: b, ldb: ldb, c: c, accumulate: accumulate)
                j = n
            } else {
                var i = 0
                while i &+ 8 <= m {
                    scalar8(k: k, a: a + i &* ars, ars: ars, acs: acs, b: b + j, ldb: ldb, c: c + i &* ldc + j, ldc: ldc, accumulate: accumulate,
                            bias: bias.map { $0 + j }, relu: relu)
                    i &+= 8
                }
                while i < m {
                    var sum: T = 0
                    var pa = a + i &* ars
                    var pb = b + j
                    var p = 0
                    while p < k { sum = sum.addingProduct(pa.pointee, pb.pointee); pa += acs; pb += ldb; p &+= 1 }
                    let pc = c + i &* ldc + j
                    if accumulate {
                        pc.pointee += sum
                    } else if let bias {
                        let v = sum + bias[j]
                        pc.pointee = relu && v < 0 ? 0 : v
                    } else {
                        pc.pointee = sum
                    }
                    i &+= 1
                }
                j &+= 1
            }
        }
    }

    /// All rows of one column block of width `V.scalarCount`.
    @inline(__always)
    private static func rows<V: SIMD>(_: V.Type, m: Int, k: Int, a: UnsafePointer<V.Scalar>, ars: Int, acs: Int,
                                      b: UnsafePointer<V.Scalar>, ldb: Int,
                                      c: UnsafeMutablePointer<V.Scalar>, ldc: Int, accumulate: Bool,
                                      bias: UnsafePointer<V.Scalar>?, relu: Bool) where V.Scalar: FloatingPoint {
        var i = 0
        while i &+ 4 <= m {
            block4(V.self, k: k, a: a + i &* ars, ars: ars, acs: acs, b: b, ldb: ldb, c: c + i &* ldc, ldc: ldc, accumulate: accumulate,
                   bias: bias, relu: relu)
            i &+= 4
        }
        while i < m {
            block1(V.self, k: k, a: a + i &* ars, acs: acs, b: b, ldb: ldb, c: c + i &* ldc, accumulate: accumulate,
                   bias: bias, relu: relu)
            i &+= 1
        }
    }

    /// All rows of a block `V.scalarCount + W.scalarCount` columns wide, in one pass.
    @inline(__always)
    private static func mixedRows<V: SIMD, W: SIMD>(_: V.Type, _: W.Type, m: Int, k: Int, a: UnsafePointer<V.Scalar>, ars: Int, acs: Int,
                                                    b: UnsafePointer<V.Scalar>, ldb: Int,
                                                    c: UnsafeMutablePointer<V.Scalar>, ldc: Int, accumulate: Bool,
                                                    bias: UnsafePointer<V.Scalar>?, relu: Bool)
        where V.Scalar: FloatingPoint, W.Scalar == V.Scalar {
        let w = V.scalarCount
        let tailBias = bias.map { $0 + w }
        var i = 0
        while i &+ 4 <= m {
            var v0 = V(), v1 = V(), v2 = V(), v3 = V()
            var t0 = W(), t1 = W(), t2 = W(), t3 = W()
            var pa = a + i &* ars
            var pb = UnsafeRawPointer(b)
            let r1 = ars, r2 = ars &* 2, r3 = ars &* 3
            let bStride = ldb &* MemoryLayout<V.Scalar>.stride
            let tailOffset = w &* MemoryLayout<V.Scalar>.stride
            var p = 0
            while p < k {
                let bv = pb.loadUnaligned(as: V.self)
                let bt = pb.loadUnaligned(fromByteOffset: tailOffset, as: W.self)
                let x0 = pa[0], x1 = pa[r1], x2 = pa[r2], x3 = pa[r3]
                v0.addProduct(V(repeating: x0), bv); t0.addProduct(W(repeating: x0), bt)
                v1.addProduct(V(repeating: x1), bv); t1.addProduct(W(repeating: x1), bt)
                v2.addProduct(V(repeating: x2), bv); t2.addProduct(W(repeating: x2), bt)
                v3.addProduct(V(repeating: x3), bv); t3.addProduct(W(repeating: x3), bt)
                pa += acs
                pb += bStride
                p &+= 1
            }
            let row = c + i &* ldc
            store(v0, to: row, accumulate: accumulate, bias: bias, relu: relu)
            store(t0, to: row + w, accumulate: accumulate, bias: tailBias, relu: relu)
            store(v1, to: row + ldc, accumulate: accumulate, bias: bias, relu: relu)
            store(t1, to: row + (ldc &+ w), accumulate: accumulate, bias: tailBias, relu: relu)
            store(v2, to: row + ldc &* 2, accumulate: accumulate, bias: bias, relu: relu)
            store(t2, to: row + (ldc &* 2 &+ w), accumulate: accumulate, bias: tailBias, relu: relu)
            store(v3, to: row + ldc &* 3, accumulate: accumulate, bias: bias, relu: relu)
            store(t3, to: row + (ldc &* 3 &+ w), accumulate: accumulate, bias: tailBias, relu: relu)
            i &+= 4
        }
        while i < m {
            block1(V.self, k: k, a: a + i &* ars, acs: acs, b: b, ldb: ldb, c: c + i &* ldc, accumulate: accumulate,
                   bias: bias, relu: relu)
            block1(W.self, k: k, a: a + i &* ars, acs: acs, b: b + w, ldb: ldb, c: c + i &* ldc + w, accumulate: accumulate,
                   bias: tailBias, relu: relu)
            i &+= 1
        }
    }

    @inline(__always)
    private static func block4<V: SIMD>(_: V.Type, k: Int, a: UnsafePointer<V.Scalar>, ars: Int, acs: Int,
                                        b: UnsafePointer<V.Scalar>, ldb: Int,
                                        c: UnsafeMutablePointer<V.Scalar>, ldc: Int, accumulate: Bool,
                                        bias: UnsafePointer<V.Scalar>?, relu: Bool) where V.Scalar: FloatingPoint {
        var c0 = V(), c1 = V(), c2 = V(), c3 = V()
        var pa = a
        var pb = UnsafeRawPointer(b)
        let r1 = ars, r2 = ars &* 2, r3 = ars &* 3
        let bStride = ldb &* MemoryLayout<V.Scalar>.stride
        var p = 0
        while p < k {
            let bv = pb.loadUnaligned(as: V.self)
            c0.addProduct(V(repeating: pa[0]), bv)
            c1.addProduct(V(repeating: pa[r1]), bv)
            c2.addProduct(V(repeating: pa[r2]), bv)
            c3.addProduct(V(repeating: pa[r3]), bv)
            pa += acs
            pb += bStride
            p &+= 1
        }
        store(c0, to: c, accumulate: accumulate, bias: bias, relu: relu)
        store(c1, to: c + ldc, accumulate: accumulate, bias: bias, relu: relu)
        store(c2, to: c + ldc &* 2, accumulate: accumulate, bias: bias, relu: relu)
        store(c3, to: c + ldc &* 3, accumulate: accumulate, bias: bias, relu: relu)
    }

    @inline(__always)
    private static func block1<V: SIMD>(_: V.Type, k: Int, a: UnsafePointer<V.Scalar>, acs: Int,
                                        b: UnsafePointer<V.Scalar>, ldb: Int,
                                        c: UnsafeMutablePointer<V.Scalar>, accumulate: Bool,
                                        bias: UnsafePointer<V.Scalar>?, relu: Bool) where V.Scalar: FloatingPoint {
        var c0 = V()
        var pa = a
        var pb = UnsafeRawPointer(b)
        let bStride = ldb &* MemoryLayout<V.Scalar>.stride
        var p = 0
        while p < k {
            c0.addProduct(V(repeating: pa[0]), pb.loadUnaligned(as: V.self))
            pa += acs
            pb += bStride
            p &+= 1
        }
        store(c0, to: c, accumulate: accumulate, bias: bias, relu: relu)
    }

    /// Eight rows of one column: eight independent fused multiply-add chains (one per row, over `k` in
    /// increasing order), enough to keep both FMA units busy despite their latency.
    @inline(__always)
    private static func scalar8<T: NetworkScalar>(k: Int, a: UnsafePointer<T>, ars: Int, acs: Int,
                                                  b: UnsafePointer<T>, ldb: Int,
                                                  c: UnsafeMutablePointer<T>, ldc: Int, accumulate: Bool,
                                                  bias: UnsafePointer<T>?, relu: Bool) {
        var s = (T(0), T(0), T(0), T(0), T(0), T(0), T(0), T(0))
        var pa = a
        var pb = b
        let r1 = ars, r2 = ars &* 2, r3 = ars &* 3, r4 = ars &* 4, r5 = ars &* 5, r6 = ars &* 6, r7 = ars &* 7
        var p = 0
        while p < k {
            let bv = pb.pointee
            s.0 = s.0.addingProduct(pa[0], bv)
            s.1 = s.1.addingProduct(pa[r1], bv)
            s.2 = s.2.addingProduct(pa[r2], bv)
            s.3 = s.3.addingProduct(pa[r3], bv)
            s.4 = s.4.addingProduct(pa[r4], bv)
            s.5 = s.5.addingProduct(pa[r5], bv)
            s.6 = s.6.addingProduct(pa[r6], bv)
            s.7 = s.7.addingProduct(pa[r7], bv)
            pa += acs
            pb += ldb
            p &+= 1
        }
        @inline(__always) func put(_ r: Int, _ sum: T) {
            let pc = c + r &* ldc
            if accumulate {
                pc.pointee += sum
            } else if let bias {
                let v = sum + bias[0]
                pc.pointee = relu ? Swift.max(v, 0) : v
            } else {
                pc.pointee = sum
            }
        }
        put(0, s.0); put(1, s.1); put(2, s.2); put(3, s.3); put(4, s.4); put(5, s.5); put(6, s.6); put(7, s.7)
    }

    /// `c[i] (+)= Σ_p a[i + p·acs]·b[p·ldb]` for i in 0..<m: `V.scalarCount` rows per vector, one fused
    /// multiply-add per term over `p` in increasing order (the same operations per row as the scalar path).
    @inline(__always)
    private static func columnAcrossRows<V: SIMD>(_: V.Type, m: Int, k: Int, a: UnsafePointer<V.Scalar>, acs: Int,
                                                  b: UnsafePointer<V.Scalar>, ldb: Int,
                                                  c: UnsafeMutablePointer<V.Scalar>, accumulate: Bool) where V.Scalar: FloatingPoint {
        let rowBytes = acs &* MemoryLayout<V.Scalar>.stride
        var i = 0
        while i &+ V.scalarCount <= m {
            var acc = V()
            var pa = UnsafeRawPointer(a + i)
            var pb = b
            var p = 0
            while p < k {
                acc.addProduct(pa.loadUnaligned(as: V.self), V(repeating: pb.pointee))
                pa += rowBytes
                pb += ldb
                p &+= 1
            }
            store(acc, to: c + i, accumulate: accumulate, bias: nil, relu: false)
            i &+= V.scalarCount
        }
        while i < m {
            var sum = V.Scalar.zero
            var pa = a + i
            var pb = b
            var p = 0
            while p < k { sum = sum.addingProduct(pa.pointee, pb.pointee); pa += acs; pb += ldb; p &+= 1 }
            if accumulate { c[i] += sum } else { c[i] = sum }
            i &+= 1
        }
    }

    @inline(__always)
    private static func store<V: SIMD>(_ v: V, to c: UnsafeMutablePointer<V.Scalar>, accumulate: Bool,
                                       bias: UnsafePointer<V.Scalar>?, relu: Bool) where V.Scalar: FloatingPoint {
        let raw = UnsafeMutableRawPointer(c)
        if accumulate {
            raw.storeBytes(of: raw.loadUnaligned(as: V.self) + v, as: V.self)
        } else if let bias {
            var out = v + UnsafeRawPointer(bias).loadUnaligned(as: V.self)
            if relu { out = pointwiseMax(out, V()) }
            raw.storeBytes(of: out, as: V.self)
        } else {
            raw.storeBytes(of: v, as: V.self)
        }
    }

    /// `dst (columns x rows) = transpose(src (rows x columns))`, both contiguous.
    static func transpose<T>(rows: Int, columns: Int, src: UnsafePointer<T>, dst: UnsafeMutablePointer<T>) {
        var i = 0
        while i < rows {
            var j = 0
            let row = src + i &* columns
            while j < columns { dst[j &* rows &+ i] = row[j]; j &+= 1 }
            i &+= 1
        }
    }
}

extension SIMD where Scalar: FloatingPoint {
    /// `self += a * b` with one rounding per lane (fused multiply-add).
    @inline(__always)
    mutating func addProduct(_ a: Self, _ b: Self) {
        self = self.addingProduct(a, b)
    }
}

/// Allocates `count` values aligned to 64 bytes, filled with zeros.
func allocateBuffer<T: NetworkScalar>(_ count: Int, of _: T.Type = T.self) -> UnsafeMutablePointer<T> {
    let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<T>.stride, alignment: 64)
    let p = raw.bindMemory(to: T.self, capacity: max(count, 1))
    p.initialize(repeating: 0, count: max(count, 1))
    return p
}

/// How the last layer turns its pre-activations ("logits") into a prediction, and the matching loss.
enum OutputKind: Sendable {
    /// ŷ = z, loss (z − y)² (mean squared error).
    case identity
    /// p = σ(z) for class 1 of two, loss −y·log p − (1 − y)·log(1 − p), computed from z as softplus(z) − y·z.
    case sigmoid
    /// p = softmax(z), loss −log p_y, computed as logsumexp(z) − z_y.
    case softmax
}

/// A stack of dense layers with all parameters in one flat buffer:
/// for each layer l, the weights W_l (sizes[l] x sizes[l+1], row-major), then the biases b_l (sizes[l+1]).
/// Linear, logistic and softmax regression are this network without hidden layers.
///
/// Forward: a_0 = x, z_{l+1} = a_l·W_l + b_l, a_{l+1} = f(z_{l+1}) on hidden layers; the last z is the
/// output's logits. Backward: the standard back-propagation recurrences (D.E. Rumelhart, G.E. Hinton,
/// R.J. Williams (1986), Nature 323), with δ = ∂(mean loss)/∂z at the output equal to (p − y)/n for
/// cross-entropy on sigmoid/softmax and 2(ŷ − y)/n for squared error.
final class Network<T: NetworkScalar> {
    let sizes: [Int]
    let activation: Activation
    let output: OutputKind
    let weightOffsets: [Int]
    let biasOffsets: [Int]
    let parameterCount: Int
    var layerCount: Int { sizes.count - 1 }

    /// Parameters and their gradient (same layout).
    let parameters: UnsafeMutablePointer<T>
    let gradient: UnsafeMutablePointer<T>

    /// Rows the work buffers hold.
    private(set) var capacity = 0
    /// Layer outputs a_1...a_L (a_L holds the logits), capacity x sizes[l] each; index 0 unused.
    private var activations: [UnsafeMutablePointer<T>] = []
    private var deltaA: UnsafeMutablePointer<T>
    private var deltaB: UnsafeMutablePointer<T>
    private let transposed: UnsafeMutablePointer<T>
    private let maxWidth: Int

    init(sizes: [Int], activation: Activation, output: OutputKind) {
        self.sizes = sizes
        self.activation = activation
        self.output = output
        var offset = 0
        var w = [Int](), b = [Int]()
        for l in 0..<(sizes.count - 1) {
            w.append(offset)
            offset += sizes[l] * sizes[l + 1]
            b.append(offset)
            offset += sizes[l + 1]
        }
        weightOffsets = w
        biasOffsets = b
        parameterCount = offset
        parameters = allocateBuffer(offset)
        gradient = allocateBuffer(offset)
        maxWidth = sizes.max() ?? 1
        transposed = allocateBuffer(maxWidth * maxWidth)
        deltaA = allocateBuffer(1)
        deltaB = allocateBuffer(1)
    }

    deinit {
        parameters.deallocate()
        gradient.deallocate()
        transposed.deallocate()
        deltaA.deallocate()
        deltaB.deallocate()
        for p in activations.dropFirst() { p.deallocate() }
    }

    /// Makes the work buffers hold at least `rows` rows.
    func reserve(rows: Int) {
        guard rows > capacity else { return }
        for p in activations.dropFirst() { p.deallocate() }
        deltaA.deallocate()
        deltaB.deallocate()
        capacity = rows
        activations = [parameters]   // placeholder at index 0, never written through
        for l in 1..<sizes.count { activations.append(allocateBuffer(rows * sizes[l])) }
        deltaA = allocateBuffer(rows * maxWidth)
        deltaB = allocateBuffer(rows * maxWidth)
    }

    /// The logits of the last forward pass: rows x sizes.last.
    var logits: UnsafeMutablePointer<T> { activations[layerCount] }

    /// Forward pass over `rows` (<= capacity) input rows at `input` (rows x sizes[0]).
    func forward(rows: Int, input: UnsafePointer<T>) {
        let count = layerCount
        for l in 0..<count {
            let nIn = sizes[l], nOut = sizes[l + 1]
            let a: UnsafePointer<T> = l == 0 ? input : UnsafePointer(activations[l])
            let z = activations[l + 1]
            let hidden = l < count - 1
            let fusedRelu = hidden && activation == .relu
            Kernels.gemm(m: rows, n: nOut, k: nIn, a: a, ars: nIn, acs: 1,
                         b: parameters + weightOffsets[l], ldb: nOut, c: z, ldc: nOut, accumulate: false,
                         bias: parameters + biasOffsets[l], relu: fusedRelu)
            if hidden && !fusedRelu { activate(z, count: rows &* nOut) }
        }
    }

    /// z ← f(z) for a hidden layer's activation f (relu is fused into the matrix product).
    private func activate(_ z: UnsafeMutablePointer<T>, count: Int) {
        var i = 0
        switch activation {
        case .relu:
            break
        case .tanh:
            while i < count { z[i] = T.hyperbolicTangent(z[i]); i &+= 1 }
        case .sigmoid:
            while i < count { z[i] = -z[i]; i &+= 1 }
            T.exponentials(z, count: count)
            i = 0
            while i < count { z[i] = 1 / (1 + z[i]); i &+= 1 }
        }
    }

    /// After `forward`: writes δ = ∂(mean loss over `rows`)/∂logits into the output delta buffer.
    /// `targets` holds the regression value or the class index per row.
    private func outputDelta(rows: Int, targets: UnsafePointer<T>) -> UnsafeMutablePointer<T> {
        let k = sizes[layerCount]
        let z = logits
        let d = deltaA
        let scale = 1 / T(rows)
        switch output {
        case .identity:
            var r = 0
            while r < rows {
                let base = r &* k
                var j = 0
                while j < k { d[base &+ j] = 2 * scale * (z[base &+ j] - targets[r]); j &+= 1 }
                r &+= 1
            }
        case .sigmoid:
            var r = 0
            while r < rows {
                let p = 1 / (1 + T.exponential(-z[r]))
                d[r] = scale * (p - targets[r])
                r &+= 1
            }
        case .softmax:
            // d = z − row maximum, exponentials in one vector pass, then normalize and subtract the one-hot target.
            var r = 0
            while r < rows {
                let zr = z + r &* k, dr = d + r &* k
                var m = zr[0]
                var j = 1
                while j < k { m = Swift.max(m, zr[j]); j &+= 1 }
                j = 0
                while j < k { dr[j] = zr[j] - m; j &+= 1 }
                r &+= 1
            }
            T.exponentials(d, count: rows &* k)
            r = 0
            while r < rows {
                let dr = d + r &* k
                var sum: T = 0
                var j = 0
                while j < k { sum += dr[j]; j &+= 1 }
                let inv = scale / sum
                j = 0
                while j < k { dr[j] *= inv; j &+= 1 }
                dr[Int(targets[r].double)] -= scale
                r &+= 1
            }
        }
        return d
    }

    /// Gradient of the mean data loss over the `rows` rows at `input` with `targets`, into `gradient`
    /// (penalties are not included). Runs its own forward pass, unless `forwardDone` says that the
    /// activations already hold it for these rows at the current parameters.
    func computeGradient(rows: Int, input: UnsafePointer<T>, targets: UnsafePointer<T>, forwardDone: Bool = false) {
        if !forwardDone { forward(rows: rows, input: input) }
        var delta = outputDelta(rows: rows, targets: targets)
        var spare = deltaB
        var l = layerCount - 1
        while l >= 0 {
            let nIn = sizes[l], nOut = sizes[l + 1]
            let a: UnsafePointer<T> = l == 0 ? input : UnsafePointer(activations[l])
            // ∂/∂W_l = a_lᵀ·δ  (nIn x nOut)
            Kernels.gemm(m: nIn, n: nOut, k: rows, a: a, ars: 1, acs: nIn,
                         b: delta, ldb: nOut, c: gradient + weightOffsets[l], ldc: nOut, accumulate: false)
            // ∂/∂b_l = column sums of δ
            let gb = gradient + biasOffsets[l]
            gb.update(repeating: 0, count: nOut)
            var r = 0
            while r < rows {
                let dr = delta + r &* nOut
                var j = 0
                while j < nOut { gb[j] += dr[j]; j &+= 1 }
                r &+= 1
            }
            if l > 0 {
                // δ_prev = (δ·W_lᵀ) ⊙ f'(a_l)
                Kernels.transpose(rows: nIn, columns: nOut, src: parameters + weightOffsets[l], dst: transposed)
                Kernels.gemm(m: rows, n: nIn, k: nOut, a: delta, ars: nOut, acs: 1,
                             b: transposed, ldb: nIn, c: spare, ldc: nIn, accumulate: false)
                let act = activations[l]
                let count = rows &* nIn
                var i = 0
                switch activation {
                case .relu:
                    while i < count { spare[i] = act[i] > 0 ? spare[i] : 0; i &+= 1 }
                case .tanh:
                    while i < count { let v = act[i]; spare[i] *= 1 - v * v; i &+= 1 }
                case .sigmoid:
                    while i < count { let v = act[i]; spare[i] *= v * (1 - v); i &+= 1 }
                }
                swap(&delta, &spare)
            }
            l -= 1
        }
    }

    /// Sum over `rows` rows of the data loss, and the number of correct class predictions
    /// (classification), for the logits of the last forward pass from its row `firstRow` on
    /// (`targets` points at the target of that row).
    func lossSum(rows: Int, targets: UnsafePointer<T>, firstRow: Int = 0) -> (loss: Double, correct: Int) {
        let k = sizes[layerCount]
        let z = logits + firstRow &* k
        var loss = 0.0
        var correct = 0
        switch output {
        case .identity:
            var r = 0
            while r < rows {
                var j = 0
                while j < k { let e = (z[r &* k &+ j] - targets[r]).double; loss += e * e; j &+= 1 }
                r &+= 1
            }
        case .sigmoid:
            var r = 0
            while r < rows {
                let v = z[r].double, y = targets[r].double
                // softplus(v) − y·v, stable for large |v|
                loss += Swift.max(v, 0) - y * v + Foundation.log1p(Foundation.exp(-Swift.abs(v)))
                if (v > 0) == (y > 0.5) { correct &+= 1 }
                r &+= 1
            }
        case .softmax:
            // log-sum-exp per row: shifted logits into scratch space, exponentials in one vector pass.
            let shifted = deltaB
            var r = 0
            while r < rows {
                let zr = z + r &* k, sr = shifted + r &* k
                var m = zr[0]
                var best = 0
                var j = 1
                while j < k { if zr[j] > m { m = zr[j]; best = j }; j &+= 1 }
                j = 0
                while j < k { sr[j] = zr[j] - m; j &+= 1 }
                let y = Int(targets[r].double)
                loss -= sr[y].double
                if best == y { correct &+= 1 }
                r &+= 1
            }
            T.exponentials(shifted, count: rows &* k)
            // Σ log(sum_r) = log Π sum_r over groups of 16 rows: each sum lies in [1, k], so a group's
            // product stays below k^16, far inside Double's range; one logarithm per group.
            r = 0
            var product = 1.0
            var inGroup = 0
            while r < rows {
                let sr = shifted + r &* k
                var sum: T = 0
                var j = 0
                while j < k { sum += sr[j]; j &+= 1 }
                product *= sum.double
                inGroup &+= 1
                if inGroup == 16 { loss += Foundation.log(product); product = 1; inGroup = 0 }
                r &+= 1
            }
            loss += Foundation.log(product)
        }
        return (loss, correct)
    }

    /// (l2/2)·Σw² + l1·Σ|w| over the weights (biases excluded).
    func penalty(l2: Double, l1: Double) -> Double {
        if l2 == 0 && l1 == 0 { return 0 }
        var squares = 0.0, absolute = 0.0
        for l in 0..<layerCount {
            let w = parameters + weightOffsets[l]
            let count = sizes[l] * sizes[l + 1]
            var i = 0
            while i < count { let v = w[i].double; squares += v * v; absolute += Swift.abs(v); i &+= 1 }
        }
        return 0.5 * l2 * squares + l1 * absolute
    }

    /// Adds the penalty gradient l2·w + l1·sign(w) (sign(0) = 0) to `gradient` on the weights.
    func addPenaltyGradient(l2 l2Value: Double, l1 l1Value: Double) {
        if l2Value == 0 && l1Value == 0 { return }
        let l2 = T(l2Value), l1 = T(l1Value)
        for l in 0..<layerCount {
            let w = parameters + weightOffsets[l]
            let g = gradient + weightOffsets[l]
            let count = sizes[l] * sizes[l + 1]
            var i = 0
            if l1 == 0 {
                while i < count { g[i] += l2 * w[i]; i &+= 1 }
            } else {
                while i < count {
                    let v = w[i]
                    let sign: T = v > 0 ? 1 : (v < 0 ? -1 : 0)
                    g[i] += l2 * v + l1 * sign
                    i &+= 1
                }
            }
        }
    }

    /// True when every parameter is finite.
    func parametersAreFinite() -> Bool {
        var sum: T = 0
        var i = 0
        while i < parameterCount { sum += parameters[i] * 0; i &+= 1 }
        return sum == 0
    }
}

/// The optimizer updates, `T.Full.scalarCount` parameters per step. Every lane does exactly the
/// operations of the scalar update, in the same order and without fused multiply-add, so the results
/// are bit-identical to the plain loops (the tail runs those loops).
enum OptimizerKernels {
    /// Adam (D.P. Kingma, J. Ba (2015), "Adam: a method for stochastic optimization", ICLR, Algorithm 1,
    /// beta1 0.9, beta2 0.999, epsilon 1e-8): m = beta1 m + (1 - beta1) g, v = beta2 v + (1 - beta2) g^2,
    /// w -= lr (m / c1) / (sqrt(v / c2) + epsilon), with the bias corrections c1 = 1 - beta1^t, c2 = 1 - beta2^t.
    @inline(__always)
    static func adam<T: NetworkScalar>(weights w: UnsafeMutablePointer<T>, gradient g: UnsafeMutablePointer<T>,
                                       firstMoment m: UnsafeMutablePointer<T>, secondMoment v: UnsafeMutablePointer<T>,
                                       count: Int, learningRate lr: T, firstCorrection c1: T, secondCorrection c2: T) {
        typealias V = T.Full
        let beta1: T = 0.9, beta2: T = 0.999, epsilon: T = 1e-8
        let b1 = V(repeating: beta1), b2 = V(repeating: beta2), ob1 = V(repeating: 1 - beta1), ob2 = V(repeating: 1 - beta2)
        let rate = V(repeating: lr), k1 = V(repeating: c1), k2 = V(repeating: c2), eps = V(repeating: epsilon)
        let wr = UnsafeMutableRawPointer(w), gr = UnsafeRawPointer(g), mr = UnsafeMutableRawPointer(m), vr = UnsafeMutableRawPointer(v)
        let width = V.scalarCount, bytes = width &* MemoryLayout<T>.stride
        var i = 0, offset = 0
        while i &+ width <= count {
            let gi = gr.loadUnaligned(fromByteOffset: offset, as: V.self)
            let mi = b1 * mr.loadUnaligned(fromByteOffset: offset, as: V.self) + ob1 * gi
            let vi = b2 * vr.loadUnaligned(fromByteOffset: offset, as: V.self) + ob2 * gi * gi
            mr.storeBytes(of: mi, toByteOffset: offset, as: V.self)
            vr.storeBytes(of: vi, toByteOffset: offset, as: V.self)
            let wi = wr.loadUnaligned(fromByteOffset: offset, as: V.self) - rate * (mi / k1) / ((vi / k2).squareRoot() + eps)
            wr.storeBytes(of: wi, toByteOffset: offset, as: V.self)
            i &+= width
            offset &+= bytes
        }
        while i < count {
            let gi = g[i]
            let mi = beta1 * m[i] + (1 - beta1) * gi
            let vi = beta2 * v[i] + (1 - beta2) * gi * gi
            m[i] = mi
            v[i] = vi
            w[i] -= lr * (mi / c1) / ((vi / c2).squareRoot() + epsilon)
            i &+= 1
        }
    }

    /// Momentum sgd on parameters `from..<to`: gradient = g + decay w (when `decay` is given), v = mu v - lr gradient,
    /// w += v.
    @inline(__always)
    static func momentum<T: NetworkScalar>(weights w: UnsafeMutablePointer<T>, gradient g: UnsafeMutablePointer<T>,
                                           velocity v: UnsafeMutablePointer<T>, from start: Int, to end: Int,
                                           learningRate lr: T, momentum mu: T, decay: T?) {
        typealias V = T.Full
        let rate = V(repeating: lr), mom = V(repeating: mu), l2 = V(repeating: decay ?? 0)
        let wr = UnsafeMutableRawPointer(w + start), gr = UnsafeRawPointer(g + start), vr = UnsafeMutableRawPointer(v + start)
        let width = V.scalarCount, bytes = width &* MemoryLayout<T>.stride
        let count = end &- start
        var i = 0, offset = 0
        while i &+ width <= count {
            let wi = wr.loadUnaligned(fromByteOffset: offset, as: V.self)
            var gi = gr.loadUnaligned(fromByteOffset: offset, as: V.self)
            if decay != nil { gi = gi + l2 * wi }
            let vi = mom * vr.loadUnaligned(fromByteOffset: offset, as: V.self) - rate * gi
            vr.storeBytes(of: vi, toByteOffset: offset, as: V.self)
            wr.storeBytes(of: wi + vi, toByteOffset: offset, as: V.self)
            i &+= width
            offset &+= bytes
        }
        var j = start &+ i
        while j < end {
            var gradient: T = g[j]
            if let decay { gradient = g[j] + decay * w[j] }
            let vj: T = mu * v[j] - lr * gradient
            v[j] = vj
            w[j] += vj
            j &+= 1
        }
    }
}

/// Floating-point precision of the training arithmetic.
enum Precision: Sendable {
    /// 32-bit `Float`: twice the SIMD lanes of Double; used for `mlp`, where speed matters most.
    case single
    /// 64-bit `Double`: used for linear, logistic and softmax, whose optima are checked to 1e-4 and better.
    case double
}

/// Measurements of the current weights on the training and validation rows.
struct Measurement {
    var trainLoss: Double
    var trainAccuracy: Double
    var validationLoss: Double?
    var validationAccuracy: Double?
    var penalty: Double
}

/// The training loop on one precision: data, network, batch buffers, optimizer state, shuffling.
///
/// Model inputs: when all of them (training and validation rows, in this precision) take at most
/// `keptInputBytes`, they are transformed once and kept; otherwise they are transformed from the dataset's
/// raw matrix (shared, not copied) each time rows are used: into the batch buffer for a mini-batch, into an
/// evaluation block for the losses. So a large dataset is not held twice (raw and transformed); each use of
/// a row costs its transformation again (a subtraction and a division per value at degree 1). The values
/// are the same either way, so the results are too. Full-batch training keeps the transformed training rows
/// (its gradient is one product over all of them), made at the first full-batch epoch.
final class Engine<T: NetworkScalar> {
    static var evaluationBlock: Int { 128 }
    /// Largest size in bytes of all model inputs that is transformed once and kept by default (see the type).
    static var keptInputBytes: Int { 32 << 20 }

    let network: Network<T>
    let inputWidth: Int
    let trainCount: Int
    let validationCount: Int
    /// The raw rows and the transformation of the model inputs.
    private let inputs: EngineInputs
    private let scratch: Preprocessor.RowScratch
    /// The transformed training rows (trainCount x inputWidth), nil while they are transformed on use.
    private var trainX: UnsafeMutablePointer<T>?
    private let trainY: UnsafeMutablePointer<T>
    /// The transformed validation rows, nil while they are transformed on use.
    private var validationX: UnsafeMutablePointer<T>?
    private let validationY: UnsafeMutablePointer<T>
    /// One evaluation block of transformed rows (evaluationBlock x inputWidth), for rows transformed on use.
    private let blockX: UnsafeMutablePointer<T>
    private var batchX: UnsafeMutablePointer<T>
    private var batchY: UnsafeMutablePointer<T>
    private var batchCapacity = 0
    private let velocity: UnsafeMutablePointer<T>
    private let secondMoment: UnsafeMutablePointer<T>
    private var adamStep = 0
    private var shuffler: SeededGenerator
    private var order: [Int]
    /// True while the network's activations hold the forward pass of every training row at the current
    /// parameters: `measure` leaves it when the work buffers hold the whole training set (full-batch
    /// training), and the next full-batch epoch's gradient starts from it instead of a second forward pass.
    private var trainingForwardIsCurrent = false

    init(sizes: [Int], activation: Activation, output: OutputKind,
         inputs: EngineInputs, trainY: [Double], validationY: [Double], keptInputBytes: Int) {
        network = Network<T>(sizes: sizes, activation: activation, output: output)
        let width = sizes[0]
        inputWidth = width
        trainCount = trainY.count
        validationCount = validationY.count
        self.inputs = inputs
        scratch = Preprocessor.RowScratch(inputs.transform)
        func copy(_ values: [Double]) -> UnsafeMutablePointer<T> {
            let p = allocateBuffer(values.count, of: T.self)
            for i in 0..<values.count { p[i] = T(values[i]) }
            return p
        }
        self.trainY = copy(trainY)
        self.validationY = copy(validationY)
        blockX = allocateBuffer(Engine.evaluationBlock * width)
        batchX = allocateBuffer(1)
        batchY = allocateBuffer(1)
        velocity = allocateBuffer(network.parameterCount)
        secondMoment = allocateBuffer(network.parameterCount)
        shuffler = SeededGenerator(seed: 0, stream: 3)
        order = Array(0..<trainY.count)
        if (trainCount + validationCount) * width * MemoryLayout<T>.stride <= keptInputBytes {
            trainX = store(inputs.trainingRows)
            validationX = store(inputs.validationRows)
        }
    }

    deinit {
        trainX?.deallocate()
        trainY.deallocate()
        validationX?.deallocate()
        validationY.deallocate()
        blockX.deallocate()
        batchX.deallocate()
        batchY.deallocate()
        velocity.deallocate()
        secondMoment.deallocate()
    }

    /// Writes the model inputs of raw row `row` (an index into the dataset) to `target` (inputWidth values).
    @inline(__always)
    private func transform(row: Int, into target: UnsafeMutablePointer<T>) {
        let values = scratch.transform(inputs.raw, row: row, with: inputs.transform)
        var j = 0
        while j < inputWidth { target[j] = T(values[j]); j &+= 1 }
    }

    /// The model inputs of raw rows `rows`, in order, in new storage (rows.count x inputWidth).
    private func store(_ rows: [Int]) -> UnsafeMutablePointer<T> {
        let p = allocateBuffer(rows.count * inputWidth, of: T.self)
        for (position, row) in rows.enumerated() { transform(row: row, into: p + position &* inputWidth) }
        return p
    }

    /// The transformed training rows, made and kept on first need (full-batch gradients).
    private func keptTrainingInputs() -> UnsafeMutablePointer<T> {
        if let trainX { return trainX }
        let made = store(inputs.trainingRows)
        trainX = made
        return made
    }

    var parameterCount: Int { network.parameterCount }
    var sizes: [Int] { network.sizes }
    var weightOffsets: [Int] { network.weightOffsets }
    var biasOffsets: [Int] { network.biasOffsets }
    var output: OutputKind { network.output }

    func parameters() -> [Double] {
        (0..<network.parameterCount).map { network.parameters[$0].double }
    }

    func setParameters(_ values: [Double]) {
        trainingForwardIsCurrent = false
        for i in 0..<network.parameterCount { network.parameters[i] = T(values[i]) }
    }

    func resetOptimizer() {
        velocity.update(repeating: 0, count: network.parameterCount)
        secondMoment.update(repeating: 0, count: network.parameterCount)
        adamStep = 0
    }

    func resetShuffle(seed: UInt64) {
        shuffler = SeededGenerator(seed: seed, stream: 3)
        order = Array(0..<trainCount)
    }

    func epoch(batch: Int, _ h: Hyperparameters, shouldStop: () -> Bool) -> Bool {
        let n = trainCount
        let capacity = network.capacity
        network.reserve(rows: Swift.max(batch, Engine.evaluationBlock))
        let forwardDone = trainingForwardIsCurrent && network.capacity == capacity
        trainingForwardIsCurrent = false
        if batch >= n {
            if shouldStop() { return false }
            // The forward pass at these parameters over these rows is the one `measure` just made: the same
            // values, so it is not made twice.
            network.computeGradient(rows: n, input: keptTrainingInputs(), targets: trainY, forwardDone: forwardDone)
            step(h)
            return true
        }
        if batch > batchCapacity {
            batchX.deallocate()
            batchY.deallocate()
            batchX = allocateBuffer(batch * inputWidth)
            batchY = allocateBuffer(batch)
            batchCapacity = batch
        }
        shuffler.shuffle(&order)
        var start = 0
        while start < n {
            if shouldStop() { return false }
            let count = Swift.min(batch, n - start)
            for r in 0..<count {
                let row = order[start + r]
                if let trainX {
                    Engine.copyRow(from: trainX + row &* inputWidth, to: batchX + r &* inputWidth, count: inputWidth)
                } else {
                    transform(row: inputs.trainingRows[row], into: batchX + r &* inputWidth)
                }
                batchY[r] = trainY[row]
            }
            network.computeGradient(rows: count, input: batchX, targets: batchY)
            step(h)
            start += count
        }
        return true
    }

    /// Copies `count` values with vector loads and stores (short rows: cheaper than a memmove call).
    @inline(__always)
    static func copyRow(from source: UnsafePointer<T>, to target: UnsafeMutablePointer<T>, count: Int) {
        let src = UnsafeRawPointer(source), dst = UnsafeMutableRawPointer(target)
        let step = T.Full.scalarCount, bytes = step &* MemoryLayout<T>.stride
        var j = 0, offset = 0
        while j &+ step <= count {
            dst.storeBytes(of: src.loadUnaligned(fromByteOffset: offset, as: T.Full.self), toByteOffset: offset, as: T.Full.self)
            j &+= step
            offset &+= bytes
        }
        while j < count { target[j] = source[j]; j &+= 1 }
    }

    /// One update from the data-loss gradient in `network.gradient`, in three passes: decoupled
    /// weight decay (on the weights before the update), the optimizer's step on the smooth part of
    /// the objective (data loss + l2), and the proximal step of the l1 penalty. With both l2 and
    /// weight-decay, the l2 gradient is added first, so that it too is taken at the undecayed weights.
    private func step(_ h: Hyperparameters) {
        var smooth = h
        if h.weightDecay != 0 && h.l2 != 0 {
            network.addPenaltyGradient(l2: h.l2, l1: 0)
            smooth.l2 = 0
        }
        decoupledWeightDecay(h)
        optimizerStep(smooth)
        proximalL1(h)
    }

    /// The optimizer's step from the data-loss gradient in `network.gradient` plus the l2 gradient
    /// (the l1 penalty is not differentiable at 0: `proximalL1` handles it).
    private func optimizerStep(_ h: Hyperparameters) {
        if h.l2 != 0 && h.optimizer == .adam { network.addPenaltyGradient(l2: h.l2, l1: 0) }
        if h.l2 != 0 && h.optimizer == .sgd { return sgdWithWeightDecay(h) }
        let w = network.parameters, g = network.gradient
        let count = network.parameterCount
        let lr = T(h.learningRate)
        switch h.optimizer {
        case .sgd:
            if h.momentum == 0 {
                var i = 0
                while i < count { w[i] -= lr * g[i]; i &+= 1 }
            } else {
                OptimizerKernels.momentum(weights: w, gradient: g, velocity: velocity, from: 0, to: count,
                                          learningRate: lr, momentum: T(h.momentum), decay: nil)
            }
        case .adam:
            adamStep += 1
            let c1 = T(1 - Foundation.pow(0.9, Double(adamStep)))
            let c2 = T(1 - Foundation.pow(0.999, Double(adamStep)))
            OptimizerKernels.adam(weights: w, gradient: g, firstMoment: velocity, secondMoment: secondMoment, count: count,
                                  learningRate: lr, firstCorrection: c1, secondCorrection: c2)
        }
    }

    /// The sgd step with the l2 gradient folded into the same pass over the weights (biases not penalized).
    private func sgdWithWeightDecay(_ h: Hyperparameters) {
        let lr = T(h.learningRate), mu = T(h.momentum), l2 = T(h.l2)
        let w = network.parameters, g = network.gradient, v = velocity
        for l in 0..<network.layerCount {
            let weightStart = network.weightOffsets[l], biasStart = network.biasOffsets[l]
            let end = biasStart + network.sizes[l + 1]
            var i = weightStart
            if h.momentum == 0 {
                while i < biasStart { let gradient: T = g[i] + l2 * w[i]; w[i] -= lr * gradient; i &+= 1 }
                while i < end { w[i] -= lr * g[i]; i &+= 1 }
            } else {
                OptimizerKernels.momentum(weights: w, gradient: g, velocity: v, from: weightStart, to: biasStart,
                                          learningRate: lr, momentum: mu, decay: l2)
                OptimizerKernels.momentum(weights: w, gradient: g, velocity: v, from: biasStart, to: end,
                                          learningRate: lr, momentum: mu, decay: nil)
            }
        }
    }

    /// The losses and accuracies on the training and validation rows at the current parameters, and the penalty.
    ///
    /// Each loss is summed over blocks of `evaluationBlock` rows in order (the same sums whatever the batch
    /// size). When the work buffers hold every training row (full-batch training), the training rows' forward
    /// pass is one product over all of them (each row's values are the same as block by block: the kernel's
    /// sums run per row) and stays in the buffers for the next epoch's gradient; so the validation rows are
    /// measured first.
    func measure(l2: Double, l1: Double) -> Measurement {
        network.reserve(rows: Engine.evaluationBlock)
        trainingForwardIsCurrent = false
        var validation: (loss: Double, accuracy: Double)?
        if validationCount > 0 {
            validation = loss(x: validationX, rows: inputs.validationRows, y: validationY, count: validationCount)
        }
        let train: (loss: Double, accuracy: Double)
        if let trainX, network.capacity >= trainCount {
            network.forward(rows: trainCount, input: trainX)
            train = loss(rows: trainCount, y: trainY) { start, _ in start }
            trainingForwardIsCurrent = true
        } else {
            train = loss(x: trainX, rows: inputs.trainingRows, y: trainY, count: trainCount)
        }
        return Measurement(trainLoss: train.loss, trainAccuracy: train.accuracy, validationLoss: validation?.loss,
                           validationAccuracy: validation?.accuracy, penalty: network.penalty(l2: l2, l1: l1))
    }

    /// Mean loss and accuracy over `count` rows, forward pass by forward pass of `evaluationBlock` rows: the
    /// kept inputs `x`, or (nil) the raw rows `rows` transformed block by block.
    private func loss(x: UnsafeMutablePointer<T>?, rows: [Int], y: UnsafeMutablePointer<T>, count: Int) -> (loss: Double, accuracy: Double) {
        loss(rows: count, y: y) { start, blockRows in
            if let x {
                network.forward(rows: blockRows, input: x + start * inputWidth)
            } else {
                for r in 0..<blockRows { transform(row: rows[start + r], into: blockX + r &* inputWidth) }
                network.forward(rows: blockRows, input: blockX)
            }
            return 0
        }
    }

    /// Mean loss and accuracy over `rows` rows, summed block by block of `evaluationBlock` rows: `logits(start,
    /// count)` returns the row of the logits buffer where the block's logits start (0 after the block's own
    /// forward pass; `start` when one pass over every row already made them).
    private func loss(rows: Int, y: UnsafeMutablePointer<T>, logits: (Int, Int) -> Int) -> (loss: Double, accuracy: Double) {
        var total = 0.0
        var correct = 0
        var start = 0
        while start < rows {
            let count = Swift.min(Engine.evaluationBlock, rows - start)
            let first = logits(start, count)
            let part = network.lossSum(rows: count, targets: y + start, firstRow: first)
            total += part.loss
            correct += part.correct
            start += count
        }
        return (total / Double(rows), Double(correct) / Double(rows))
    }

    func parametersAreFinite() -> Bool { network.parametersAreFinite() }

    func objectiveGradient(l2: Double, l1: Double) -> [Double] {
        trainingForwardIsCurrent = false
        network.reserve(rows: Swift.max(trainCount, Engine.evaluationBlock))
        network.computeGradient(rows: trainCount, input: keptTrainingInputs(), targets: trainY)
        network.addPenaltyGradient(l2: l2, l1: l1)
        return (0..<network.parameterCount).map { network.gradient[$0].double }
    }

    /// The logits of every row of `raw` (rows x the dataset's features, raw units), transformed by
    /// `transform` block by block (no transformed copy of the whole matrix): raw.rows x outputs.
    func logits(raw: Matrix, transform: Preprocessor) -> [Double] {
        let k = network.sizes[network.layerCount]
        let rows = raw.rows
        var out = [Double](repeating: 0, count: rows * k)
        trainingForwardIsCurrent = false
        network.reserve(rows: Engine.evaluationBlock)
        let scratch = Preprocessor.RowScratch(transform)
        var start = 0
        while start < rows {
            let count = Swift.min(Engine.evaluationBlock, rows - start)
            for r in 0..<count {
                let values = scratch.transform(raw, row: start + r, with: transform)
                let target = blockX + r &* inputWidth
                for j in 0..<inputWidth { target[j] = T(values[j]) }
            }
            network.forward(rows: count, input: blockX)
            for i in 0..<(count * k) { out[start * k + i] = network.logits[i].double }
            start += count
        }
        return out
    }
}

// MARK: - Decoupled weight decay and the l1 proximal step: passes over the weights beside the optimizer

extension Engine {
    /// Decoupled weight decay, w ← w − rate·weightDecay·w on the weights (biases untouched), applied
    /// to the weights the gradient was computed at, before the optimizer's step: together the step
    /// is w − rate·(update + weightDecay·w), the rule of I. Loshchilov and F. Hutter (2019),
    /// "Decoupled Weight Decay Regularization", ICLR, Algorithm 1 (SGDW) and 2 (AdamW), with their
    /// per-step factor η_t·λ written as rate·weightDecay (PyTorch's AdamW convention). For sgd
    /// without momentum this is exactly the l2 step of the same value.
    fileprivate func decoupledWeightDecay(_ h: Hyperparameters) {
        guard h.weightDecay != 0 else { return }
        let factor = T(h.learningRate * h.weightDecay)
        let w = network.parameters
        for l in 0..<network.layerCount {
            var i = network.weightOffsets[l]
            let end = network.biasOffsets[l]
            while i < end { w[i] -= factor * w[i]; i &+= 1 }
        }
    }

    /// soft(v, t) = sign(v)·max(|v| − t, 0), the proximal map of t·|·| (an exact +0 inside [−t, t]).
    @inline(__always)
    static func softThreshold(_ v: T, _ t: T) -> T {
        v > t ? v - t : (v < -t ? v + t : 0)
    }

    /// The proximal step of the l1 penalty on the weights (biases are not penalized), after the
    /// optimizer's step, so that weights the data do not hold away from zero become exactly 0:
    /// - sgd, momentum 0: w ← soft(w − rate·g, rate·l1), proximal gradient descent (ISTA:
    ///   A. Beck and M. Teboulle (2009), "A Fast Iterative Shrinkage-Thresholding Algorithm for
    ///   Linear Inverse Problems", SIAM J. Imaging Sciences 2(1), sections 1 and 3); with a
    ///   rate below 1/L (L the Lipschitz constant of the gradient) it decreases the objective every
    ///   step and converges to its minimizer.
    /// - sgd with momentum: the same threshold after the heavy-ball step, and the velocity becomes
    ///   the displacement actually taken, w_new − w_old: the inertial proximal method iPiano
    ///   (P. Ochs, Y. Chen, T. Brox and T. Pock (2014), "iPiano: Inertial Proximal Algorithm for
    ///   Nonconvex Optimization", SIAM J. Imaging Sciences 7(2)):
    ///   w_new = soft(w + momentum·(w − w_prev) − rate·g, rate·l1).
    /// - adam: the threshold of each weight is rate·l1/(√v̂ + ε), adam's own step scale for that
    ///   weight (v̂ the bias-corrected second moment): the proximal map in adam's diagonal metric,
    ///   as in ProxGen (J. Yun, A.C. Lozano and E. Yang (2021), "Adaptive Proximal Gradient
    ///   Methods for Structured Neural Networks", NeurIPS). Its fixed points are exactly the
    ///   stationary points of the l1-penalized objective; a threshold of rate·l1 after adam's step
    ///   would instead settle where the gradient is l1·(√v̂ + ε), a different penalty per weight.
    fileprivate func proximalL1(_ h: Hyperparameters) {
        guard h.l1 != 0 else { return }
        let w = network.parameters
        let threshold = T(h.learningRate * h.l1)
        // β2 = 0.999 and ε = 1e-8: the constants of the adam step (see `Optimizer.adam`).
        let correction = T(1 - Foundation.pow(0.999, Double(Swift.max(adamStep, 1))))
        let epsilon: T = 1e-8
        for l in 0..<network.layerCount {
            var i = network.weightOffsets[l]
            let end = network.biasOffsets[l]
            switch h.optimizer {
            case .sgd where h.momentum == 0:
                while i < end { w[i] = Engine.softThreshold(w[i], threshold); i &+= 1 }
            case .sgd:
                let v = velocity
                while i < end {
                    let before = w[i], after = Engine.softThreshold(before, threshold)
                    w[i] = after
                    v[i] += after - before
                    i &+= 1
                }
            case .adam:
                let v = secondMoment
                while i < end {
                    w[i] = Engine.softThreshold(w[i], threshold / ((v[i] / correction).squareRoot() + epsilon))
                    i &+= 1
                }
            }
        }
    }
}

/// Where an engine's model inputs come from: the dataset's raw matrix (shared, not copied), the rows of
/// each set, and the feature transformation fitted on the training rows.
struct EngineInputs {
    /// The dataset's raw features, rows x inputs.
    let raw: Matrix
    /// Training rows (indices into `raw`), in the engine's row order.
    let trainingRows: [Int]
    /// Validation rows (indices into `raw`).
    let validationRows: [Int]
    /// Raw row to model inputs (`transform.outputCount` values).
    let transform: Preprocessor
}

/// The engine at the precision chosen for a model, as one non-generic value: every call through
/// it reaches code specialized for that precision.
enum AnyEngine {
    case single(Engine<Float>)
    case double(Engine<Double>)

    init(precision: Precision, sizes: [Int], activation: Activation, output: OutputKind,
         inputs: EngineInputs, trainY: [Double], validationY: [Double], keptInputBytes: Int) {
        switch precision {
        case .single:
            self = .single(Engine<Float>(sizes: sizes, activation: activation, output: output,
                                         inputs: inputs, trainY: trainY, validationY: validationY, keptInputBytes: keptInputBytes))
        case .double:
            self = .double(Engine<Double>(sizes: sizes, activation: activation, output: output,
                                          inputs: inputs, trainY: trainY, validationY: validationY, keptInputBytes: keptInputBytes))
        }
    }

    var parameterCount: Int {
        switch self { case .single(let e): return e.parameterCount; case .double(let e): return e.parameterCount }
    }
    var sizes: [Int] {
        switch self { case .single(let e): return e.sizes; case .double(let e): return e.sizes }
    }
    var weightOffsets: [Int] {
        switch self { case .single(let e): return e.weightOffsets; case .double(let e): return e.weightOffsets }
    }
    var biasOffsets: [Int] {
        switch self { case .single(let e): return e.biasOffsets; case .double(let e): return e.biasOffsets }
    }
    var output: OutputKind {
        switch self { case .single(let e): return e.output; case .double(let e): return e.output }
    }
    func parameters() -> [Double] {
        switch self { case .single(let e): return e.parameters(); case .double(let e): return e.parameters() }
    }
    func setParameters(_ values: [Double]) {
        switch self { case .single(let e): e.setParameters(values); case .double(let e): e.setParameters(values) }
    }
    func resetOptimizer() {
        switch self { case .single(let e): e.resetOptimizer(); case .double(let e): e.resetOptimizer() }
    }
    func resetShuffle(seed: UInt64) {
        switch self { case .single(let e): e.resetShuffle(seed: seed); case .double(let e): e.resetShuffle(seed: seed) }
    }
    /// One epoch; false when `shouldStop` interrupted it.
    func epoch(batch: Int, _ h: Hyperparameters, shouldStop: () -> Bool) -> Bool {
        switch self {
        case .single(let e): return e.epoch(batch: batch, h, shouldStop: shouldStop)
        case .double(let e): return e.epoch(batch: batch, h, shouldStop: shouldStop)
        }
    }
    func measure(l2: Double, l1: Double) -> Measurement {
        switch self { case .single(let e): return e.measure(l2: l2, l1: l1); case .double(let e): return e.measure(l2: l2, l1: l1) }
    }
    func parametersAreFinite() -> Bool {
        switch self { case .single(let e): return e.parametersAreFinite(); case .double(let e): return e.parametersAreFinite() }
    }
    func objectiveGradient(l2: Double, l1: Double) -> [Double] {
        switch self {
        case .single(let e): return e.objectiveGradient(l2: l2, l1: l1)
        case .double(let e): return e.objectiveGradient(l2: l2, l1: l1)
        }
    }
    /// Logits for the rows of `raw` (raw units) transformed by `transform`: raw.rows x outputs.
    func logits(raw: Matrix, transform: Preprocessor) -> [Double] {
        switch self {
        case .single(let e): return e.logits(raw: raw, transform: transform)
        case .double(let e): return e.logits(raw: raw, transform: transform)
        }
    }
}
