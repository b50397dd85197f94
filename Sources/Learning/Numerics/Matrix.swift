import Vocabulary
/// A dense matrix of `Double` values stored row by row.
///
/// Shape: `rows x columns`; the element at (`row`, `column`) lives at
/// `values[row * columns + column]`. Rows are examples and columns are
/// features wherever the library hands out a matrix of data.
public struct Matrix: Sendable, Equatable {
    /// Number of rows (for data: examples).
    public let rows: Int
    /// Number of columns (for data: features).
    public let columns: Int
    /// The `rows * columns` values, row-major.
    public var values: [Double]

    /// A matrix over existing row-major values.
    ///
    /// - Precondition: `rows >= 0`, `columns >= 0` and `values.count == rows * columns`
    ///   (a programming error, not a user input error, when violated).
    public init(rows: Int, columns: Int, values: [Double]) {
        precondition(rows >= 0 && columns >= 0 && values.count == rows * columns,
                     "Matrix(rows: \(rows), columns: \(columns)) needs \(rows * columns) values, got \(values.count)")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// A `rows x columns` matrix with every element equal to `repeating` (default 0).
    public init(rows: Int, columns: Int, repeating: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must not be negative")
        self.rows = rows
        self.columns = columns
        self.values = [Double](repeating: repeating, count: rows * columns)
    }

    /// The element at (`row`, `column`), both 0-based.
    ///
    /// - Precondition: `0 <= row < rows` and `0 <= column < columns`.
    public subscript(row: Int, column: Int) -> Double {
        get {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Matrix index out of range")
            return values[row * columns + column]
        }
        set {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Matrix index out of range")
            values[row * columns + column] = newValue
        }
    }

    /// Row `index` as an array of `columns` values.
    public func row(_ index: Int) -> [Double] {
        Array(values[(index * columns)..<((index + 1) * columns)])
    }

    /// Column `index` as an array of `rows` values.
    public func column(_ index: Int) -> [Double] {
        (0..<rows).map { values[$0 * columns + index] }
    }

    /// The matrix made of the given rows, in the given order: `indices.count x columns`.
    public func selectingRows(_ indices: [Int]) -> Matrix {
        var out = [Double]()
        out.reserveCapacity(indices.count * columns)
        for r in indices { out.append(contentsOf: values[(r * columns)..<((r + 1) * columns)]) }
        return Matrix(rows: indices.count, columns: columns, values: out)
    }
}
