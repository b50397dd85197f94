import Vocabulary
/// Minimizes `f` by the Nelder-Mead downhill simplex method with the standard coefficients
/// (reflection 1, expansion 2, contraction 1/2, shrink 1/2).
///
/// Source: J. A. Nelder and R. Mead, "A simplex method for function minimization", The Computer
/// Journal 7(4), 1965; convergence details as in Lagarias, Reeds, Wright and Wright, SIAM J. Optim. 9(1), 1998.
/// - Parameters:
///   - start: the first vertex (n coordinates).
///   - step: the offset of the other n vertices along each axis.
///   - maxEvaluations: stop after this many calls of `f`.
///   - tolerance: stop when the spread of f over the simplex falls below it.
/// - Returns: the best point found and its value. Non-finite values of `f` count as +infinity.
func nelderMead(start: [Double], step: Double, maxEvaluations: Int, tolerance: Double = 1e-7,
                _ f: ([Double]) -> Double) -> (x: [Double], value: Double) {
    let n = start.count
    var evaluations = 0
    func eval(_ x: [Double]) -> Double {
        evaluations += 1
        let v = f(x)
        return v.isNaN ? .infinity : v
    }
    guard n > 0 else { return (start, eval(start)) }
    var simplex: [[Double]] = [start]
    for i in 0..<n {
        var v = start
        v[i] += step
        simplex.append(v)
    }
    var values = simplex.map(eval)
    while evaluations < maxEvaluations {
        // Order vertices by value.
        let order = values.indices.sorted { values[$0] < values[$1] }
        simplex = order.map { simplex[$0] }
        values = order.map { values[$0] }
        if abs(values[n] - values[0]) <= tolerance * (abs(values[0]) + tolerance) { break }
        var centroid = [Double](repeating: 0, count: n)
        for i in 0..<n { for j in 0..<n { centroid[j] += simplex[i][j] } }
        for j in 0..<n { centroid[j] /= Double(n) }
        func along(_ t: Double) -> [Double] {
            var p = centroid
            for j in 0..<n { p[j] += t * (simplex[n][j] - centroid[j]) }
            return p
        }
        let reflected = along(-1)
        let fr = eval(reflected)
        if fr < values[0] {
            let expanded = along(-2)
            let fe = eval(expanded)
            if fe < fr { simplex[n] = expanded; values[n] = fe } else { simplex[n] = reflected; values[n] = fr }
        } else if fr < values[n - 1] {
            simplex[n] = reflected; values[n] = fr
        } else {
            let outside = fr < values[n]
            let contracted = along(outside ? -0.5 : 0.5)
            let fc = eval(contracted)
            if fc < (outside ? fr : values[n]) {
                simplex[n] = contracted; values[n] = fc
            } else {
                for i in 1...n {
                    for j in 0..<n { simplex[i][j] = simplex[0][j] + 0.5 * (simplex[i][j] - simplex[0][j]) }
                    values[i] = eval(simplex[i])
                }
            }
        }
    }
    var best = 0
    for i in 1..<values.count where values[i] < values[best] { best = i }
    return (simplex[best], values[best])
}
