/// Dense kernels on raw pointers for the training loop (row-major `Double` storage).
///
/// The matrix product is blocked into 4-row micro-kernels that keep their partial sums
/// in SIMD registers and use fused multiply-add (the register-blocking idea of
/// K. Goto and R. van de Geijn (2008), "Anatomy of high-performance matrix
/// multiplication", ACM TOMS 34(3)). Sums run over `k` in increasing order with one
/// FMA per term, so results are deterministic (identical from run to run).
enum Kernels {
    /// `C = A·B` (or `C += A·B` when `accumulate`), with
    /// A element (i, p) at `a[i*ars + p*acs]` (so `A` or a transposed matrix, depending on strides),
    /// B `k x n` with row stride `ldb`, C `m x n` with row stride `ldc`.
    static func gemm(m: Int, n: Int, k: Int,
                     a: UnsafePointer<Double>, ars: Int, acs: Int,
                     b: UnsafePointer<Double>, ldb: Int,
                     c: UnsafeMutablePointer<Double>, ldc: Int, accumulate: Bool) {
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
            var i = 0
            if width >= 8 {
                while i &+ 4 <= m {
                    block4(SIMD8<Double>.self, k: k, a: a + i &* ars, ars: ars, acs: acs, b: b + j, ldb: ldb, c: c + i &* ldc + j, ldc: ldc, accumulate: accumulate)
                    i &+= 4
                }
                while i < m {
                    block1(SIMD8<Double>.self, k: k, a: a + i &* ars, acs: acs, b: b + j, ldb: ldb, c: c + i &* ldc + j, accumulate: accumulate)
                    i &+= 1
                }
                j &+= 8
            } else if width >= 4 {
                while i &+ 4 <= m {
                    block4(SIMD4<Double>.self, k: k, a: a + i &* ars, ars: ars, acs: acs, b: b + j, ldb: ldb, c: c + i &* ldc + j, ldc: ldc, accumulate: accumulate)
                    i &+= 4
                }
                while i < m {
                    block1(SIMD4<Double>.self, k: k, a: a + i &* ars, acs: acs, b: b + j, ldb: ldb, c: c + i &* ldc + j, accumulate: accumulate)
                    i &+= 1
                }
                j &+= 4
            } else if width >= 2 {
                while i &+ 4 <= m {
                    block4(SIMD2<Double>.self, k: k, a: a + i &* ars, ars: ars, acs: acs, b: b + j, ldb: ldb, c: c + i &* ldc + j, ldc: ldc, accumulate: accumulate)
                    i &+= 4
                }
                while i < m {
                    block1(SIMD2<Double>.self, k: k, a: a + i &* ars, acs: acs, b: b + j, ldb: ldb, c: c + i &* ldc + j, accumulate: accumulate)
                    i &+= 1
                }
                j &+= 2
            } else {
                while i &+ 4 <= m {
                    scalar4(k: k, a: a + i &* ars, ars: ars, acs: acs, b: b + j, ldb: ldb, c: c + i &* ldc + j, ldc: ldc, accumulate: accumulate)
                    i &+= 4
                }
                while i < m {
                    var sum = 0.0
                    var pa = a + i &* ars
                    var pb = b + j
                    var p = 0
                    while p < k { sum = sum.addingProduct(pa.pointee, pb.pointee); pa += acs; pb += ldb; p &+= 1 }
                    let pc = c + i &* ldc + j
                    pc.pointee = accumulate ? pc.pointee + sum : sum
                    i &+= 1
                }
                j &+= 1
            }
        }
    }

    @inline(__always)
    private static func block4<V: SIMD>(_: V.Type, k: Int, a: UnsafePointer<Double>, ars: Int, acs: Int,
                                        b: UnsafePointer<Double>, ldb: Int,
                                        c: UnsafeMutablePointer<Double>, ldc: Int, accumulate: Bool) where V.Scalar == Double {
        var c0 = V(), c1 = V(), c2 = V(), c3 = V()
        var pa = a
        var pb = UnsafeRawPointer(b)
        let r1 = ars, r2 = ars &* 2, r3 = ars &* 3
        let bStride = ldb &* MemoryLayout<Double>.stride
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
        store(c0, to: c, accumulate: accumulate)
        store(c1, to: c + ldc, accumulate: accumulate)
        store(c2, to: c + ldc &* 2, accumulate: accumulate)
        store(c3, to: c + ldc &* 3, accumulate: accumulate)
    }

    @inline(__always)
    private static func block1<V: SIMD>(_: V.Type, k: Int, a: UnsafePointer<Double>, acs: Int,
                                        b: UnsafePointer<Double>, ldb: Int,
                                        c: UnsafeMutablePointer<Double>, accumulate: Bool) where V.Scalar == Double {
        var c0 = V()
        var pa = a
        var pb = UnsafeRawPointer(b)
        let bStride = ldb &* MemoryLayout<Double>.stride
        var p = 0
        while p < k {
            c0.addProduct(V(repeating: pa[0]), pb.loadUnaligned(as: V.self))
            pa += acs
            pb += bStride
            p &+= 1
        }
        store(c0, to: c, accumulate: accumulate)
    }

    @inline(__always)
    private static func scalar4(k: Int, a: UnsafePointer<Double>, ars: Int, acs: Int,
                                b: UnsafePointer<Double>, ldb: Int,
                                c: UnsafeMutablePointer<Double>, ldc: Int, accumulate: Bool) {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var pa = a
        var pb = b
        let r1 = ars, r2 = ars &* 2, r3 = ars &* 3
        var p = 0
        while p < k {
            let bv = pb.pointee
            s0 = s0.addingProduct(pa[0], bv)
            s1 = s1.addingProduct(pa[r1], bv)
            s2 = s2.addingProduct(pa[r2], bv)
            s3 = s3.addingProduct(pa[r3], bv)
            pa += acs
            pb += ldb
            p &+= 1
        }
        if accumulate {
            c[0] += s0; c[ldc] += s1; c[ldc &* 2] += s2; c[ldc &* 3] += s3
        } else {
            c[0] = s0; c[ldc] = s1; c[ldc &* 2] = s2; c[ldc &* 3] = s3
        }
    }

    @inline(__always)
    private static func store<V: SIMD>(_ v: V, to c: UnsafeMutablePointer<Double>, accumulate: Bool) where V.Scalar == Double {
        let raw = UnsafeMutableRawPointer(c)
        if accumulate {
            raw.storeBytes(of: raw.loadUnaligned(as: V.self) + v, as: V.self)
        } else {
            raw.storeBytes(of: v, as: V.self)
        }
    }

    /// `dst (columns x rows) = transpose(src (rows x columns))`, both contiguous.
    static func transpose(rows: Int, columns: Int, src: UnsafePointer<Double>, dst: UnsafeMutablePointer<Double>) {
        var i = 0
        while i < rows {
            var j = 0
            let row = src + i &* columns
            while j < columns { dst[j &* rows &+ i] = row[j]; j &+= 1 }
            i &+= 1
        }
    }
}

extension SIMD where Scalar == Double {
    /// `self += a * b` with one rounding per lane (fused multiply-add).
    @inline(__always)
    mutating func addProduct(_ a: Self, _ b: Self) {
        self = self.addingProduct(a, b)
    }
}
