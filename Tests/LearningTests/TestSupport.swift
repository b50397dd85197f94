import Vocabulary
import Foundation
@testable import Learning

/// Helpers for the tests: where the data lives, temporary files, and small dense linear algebra
/// that is independent of the library's own kernels (plain loops, Gaussian elimination).
enum Support {
    /// The package's Datasets/ folder, found from this file's path.
    static let datasets: String = {
        let file = URL(fileURLWithPath: #filePath)
        return file.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Datasets").path
    }()

    /// A built-in dataset; `seed` is the seed of a synthetic one (as the lab passes its seed).
    static func load(_ name: String, seed: UInt64 = 0) throws -> Dataset {
        try DatasetCatalog.load(name, datasetsDirectory: datasets, seed: seed)
    }

    /// Writes `contents` to a fresh temporary file and returns its path.
    static func temporaryFile(_ contents: String, name: String = "data.csv") throws -> String {
        try temporaryFile(Data(contents.utf8), name: name)
    }

    static func temporaryFile(_ data: Data, name: String = "data.csv") throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("hyperlab-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    /// Columns z-scored with the population standard deviation over all rows (zero variance -> 0).
    static func standardized(_ x: Matrix) -> [[Double]] {
        let n = x.rows, p = x.columns
        var rows = [[Double]](repeating: [Double](repeating: 0, count: p), count: n)
        for j in 0..<p {
            let column = (0..<n).map { x[$0, j] }
            let mean = column.reduce(0, +) / Double(n)
            let variance = column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)
            let sd = variance > 0 ? variance.squareRoot() : 1
            for i in 0..<n { rows[i][j] = (column[i] - mean) / sd }
        }
        return rows
    }

    /// Solves A·x = b by Gaussian elimination with partial pivoting (A square, well conditioned).
    static func solve(_ a: [[Double]], _ b: [Double]) -> [Double] {
        var m = a
        var r = b
        let n = b.count
        for col in 0..<n {
            var pivot = col
            for row in col..<n where abs(m[row][col]) > abs(m[pivot][col]) { pivot = row }
            m.swapAt(col, pivot)
            r.swapAt(col, pivot)
            for row in (col + 1)..<n {
                let f = m[row][col] / m[col][col]
                if f == 0 { continue }
                for k in col..<n { m[row][k] -= f * m[col][k] }
                r[row] -= f * r[col]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var s = r[row]
            for k in (row + 1)..<n { s -= m[row][k] * x[k] }
            x[row] = s / m[row][row]
        }
        return x
    }

    /// Ordinary least squares with an intercept on the raw columns of a regression dataset, by the
    /// normal equations: the coefficients of each column, then the intercept.
    static func leastSquares(_ data: Dataset) -> [Double] {
        let n = data.rowCount, p = data.featureCount
        var a = [[Double]](repeating: [Double](repeating: 0, count: p + 1), count: p + 1)
        var rhs = [Double](repeating: 0, count: p + 1)
        for i in 0..<n {
            let row = (0..<p).map { data.features[i, $0] } + [1]
            for j in 0...p {
                rhs[j] += row[j] * data.targets[i]
                for k in 0...p { a[j][k] += row[j] * row[k] }
            }
        }
        return solve(a, rhs)
    }

    /// Relative difference |a − b| / max(|b|, tiny).
    static func relative(_ a: Double, _ b: Double) -> Double {
        abs(a - b) / max(abs(b), 1e-300)
    }
}
