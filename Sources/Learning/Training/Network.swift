import Foundation

/// Allocates `count` doubles aligned to 64 bytes, filled with zeros.
func allocateDoubles(_ count: Int) -> UnsafeMutablePointer<Double> {
    let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<Double>.stride, alignment: 64)
    let p = raw.bindMemory(to: Double.self, capacity: max(count, 1))
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
final class Network {
    let sizes: [Int]
    let activation: Activation
    let output: OutputKind
    let weightOffsets: [Int]
    let biasOffsets: [Int]
    let parameterCount: Int
    var layerCount: Int { sizes.count - 1 }

    /// Parameters and their gradient (same layout).
    let parameters: UnsafeMutablePointer<Double>
    let gradient: UnsafeMutablePointer<Double>

    /// Rows the work buffers hold.
    private(set) var capacity = 0
    /// Layer outputs a_1...a_L (a_L holds the logits), capacity x sizes[l] each; index 0 unused.
    private var activations: [UnsafeMutablePointer<Double>] = []
    private var deltaA: UnsafeMutablePointer<Double>
    private var deltaB: UnsafeMutablePointer<Double>
    private let transposed: UnsafeMutablePointer<Double>
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
        parameters = allocateDoubles(offset)
        gradient = allocateDoubles(offset)
        maxWidth = sizes.max() ?? 1
        transposed = allocateDoubles(maxWidth * maxWidth)
        deltaA = allocateDoubles(1)
        deltaB = allocateDoubles(1)
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
        for l in 1..<sizes.count { activations.append(allocateDoubles(rows * sizes[l])) }
        deltaA = allocateDoubles(rows * maxWidth)
        deltaB = allocateDoubles(rows * maxWidth)
    }

    /// The logits of the last forward pass: rows x sizes.last.
    var logits: UnsafeMutablePointer<Double> { activations[layerCount] }

    /// Forward pass over `rows` (<= capacity) input rows at `input` (rows x sizes[0]).
    func forward(rows: Int, input: UnsafePointer<Double>) {
        let count = layerCount
        for l in 0..<count {
            let nIn = sizes[l], nOut = sizes[l + 1]
            let a: UnsafePointer<Double> = l == 0 ? input : UnsafePointer(activations[l])
            let z = activations[l + 1]
            let bias = parameters + biasOffsets[l]
            var r = 0
            while r < rows { (z + r &* nOut).update(from: bias, count: nOut); r &+= 1 }
            Kernels.gemm(m: rows, n: nOut, k: nIn, a: a, ars: nIn, acs: 1,
                         b: parameters + weightOffsets[l], ldb: nOut, c: z, ldc: nOut, accumulate: true)
            if l < count - 1 { activate(z, count: rows &* nOut) }
        }
    }

    private func activate(_ z: UnsafeMutablePointer<Double>, count: Int) {
        var i = 0
        switch activation {
        case .relu:
            while i < count { let v = z[i]; z[i] = v > 0 ? v : 0; i &+= 1 }
        case .tanh:
            while i < count { z[i] = Foundation.tanh(z[i]); i &+= 1 }
        case .sigmoid:
            while i < count { z[i] = 1 / (1 + Foundation.exp(-z[i])); i &+= 1 }
        }
    }

    /// After `forward`: writes δ = ∂(mean loss over `rows`)/∂logits into the output delta buffer.
    /// `targets` holds the regression value or the class index per row.
    private func outputDelta(rows: Int, targets: UnsafePointer<Double>) -> UnsafeMutablePointer<Double> {
        let k = sizes[layerCount]
        let z = logits
        let d = deltaA
        let scale = 1 / Double(rows)
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
                let p = 1 / (1 + Foundation.exp(-z[r]))
                d[r] = scale * (p - targets[r])
                r &+= 1
            }
        case .softmax:
            var r = 0
            while r < rows {
                let zr = z + r &* k, dr = d + r &* k
                var m = zr[0]
                var j = 1
                while j < k { m = Swift.max(m, zr[j]); j &+= 1 }
                var sum = 0.0
                j = 0
                while j < k { let e = Foundation.exp(zr[j] - m); dr[j] = e; sum += e; j &+= 1 }
                let inv = scale / sum
                j = 0
                while j < k { dr[j] *= inv; j &+= 1 }
                dr[Int(targets[r])] -= scale
                r &+= 1
            }
        }
        return d
    }

    /// Gradient of the mean data loss over the `rows` rows at `input` with `targets`, into `gradient`
    /// (penalties are not included). Runs its own forward pass.
    func computeGradient(rows: Int, input: UnsafePointer<Double>, targets: UnsafePointer<Double>) {
        forward(rows: rows, input: input)
        var delta = outputDelta(rows: rows, targets: targets)
        var spare = deltaB
        var l = layerCount - 1
        while l >= 0 {
            let nIn = sizes[l], nOut = sizes[l + 1]
            let a: UnsafePointer<Double> = l == 0 ? input : UnsafePointer(activations[l])
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
                    while i < count { if !(act[i] > 0) { spare[i] = 0 }; i &+= 1 }
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
    /// (classification), for the logits of the last forward pass.
    func lossSum(rows: Int, targets: UnsafePointer<Double>) -> (loss: Double, correct: Int) {
        let k = sizes[layerCount]
        let z = logits
        var loss = 0.0
        var correct = 0
        switch output {
        case .identity:
            var r = 0
            while r < rows {
                var j = 0
                while j < k { let e = z[r &* k &+ j] - targets[r]; loss += e * e; j &+= 1 }
                r &+= 1
            }
        case .sigmoid:
            var r = 0
            while r < rows {
                let v = z[r], y = targets[r]
                // softplus(v) − y·v, stable for large |v|
                loss += Swift.max(v, 0) - y * v + Foundation.log1p(Foundation.exp(-Swift.abs(v)))
                if (v > 0) == (y > 0.5) { correct &+= 1 }
                r &+= 1
            }
        case .softmax:
            var r = 0
            while r < rows {
                let zr = z + r &* k
                var m = zr[0]
                var best = 0
                var j = 1
                while j < k { if zr[j] > m { m = zr[j]; best = j }; j &+= 1 }
                var sum = 0.0
                j = 0
                while j < k { sum += Foundation.exp(zr[j] - m); j &+= 1 }
                let y = Int(targets[r])
                loss += m + Foundation.log(sum) - zr[y]
                if best == y { correct &+= 1 }
                r &+= 1
            }
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
            while i < count { let v = w[i]; squares += v * v; absolute += Swift.abs(v); i &+= 1 }
        }
        return 0.5 * l2 * squares + l1 * absolute
    }

    /// Adds the penalty gradient l2·w + l1·sign(w) (sign(0) = 0) to `gradient` on the weights.
    func addPenaltyGradient(l2: Double, l1: Double) {
        if l2 == 0 && l1 == 0 { return }
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
                    let sign: Double = v > 0 ? 1 : (v < 0 ? -1 : 0)
                    g[i] += l2 * v + l1 * sign
                    i &+= 1
                }
            }
        }
    }

    /// True when every parameter is finite.
    func parametersAreFinite() -> Bool {
        var sum = 0.0
        var i = 0
        while i < parameterCount { sum += parameters[i] * 0; i &+= 1 }
        return sum == 0
    }
}
