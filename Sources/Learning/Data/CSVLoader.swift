import Vocabulary
import Foundation
import SwiftCSV

/// Reads a CSV file into a `Dataset`: header row, numeric features, one target column.
///
/// Parsing is done by SwiftCSV (delimiter guessed among comma, tab and semicolon); this type
/// checks what was parsed and turns every problem into a `DatasetError` naming the file,
/// the 1-based line and column, what is wrong and how to fix it.
enum CSVLoader {
    /// Spellings that mean "no value here".
    static let missingMarkers: Set<String> = ["", "na", "n/a", "nan", "null", "none", "?", "-"]

    /// Loads `path`.
    ///
    /// - Parameters:
    ///   - name: the dataset name to record (the path for user files).
    ///   - target: the target column's name; nil means the last column.
    ///   - classification: true forces classification, false forces regression, nil decides by
    ///     the target: numeric means regression, anything else classification.
    /// - Throws: `DatasetError` for a missing or unreadable file, a file that is not text, an empty
    ///   file, a header without rows, a ragged row, a non-numeric or missing feature value, a
    ///   missing target, an unknown target name, or a classification target with one class only.
    static func load(path: String, name: String, target: String?, classification: Bool?) throws(DatasetError) -> Dataset {
        let text = try readText(path: path)
        return try parse(text: text, file: path, name: name, target: target, classification: classification)
    }

    /// Reads the whole file as UTF-8 text.
    static func readText(path: String) throws(DatasetError) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DatasetError(file: path, message: "no such file: give the path of a CSV file, or the name of a built-in dataset")
        }
        if isDirectory.boolValue {
            throw DatasetError(file: path, message: "this is a directory, not a file: give the path of a CSV file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DatasetError(file: path, message: "cannot read the file: check that you may read it")
        }
        if data.isEmpty {
            throw DatasetError(file: path, line: 1, message: "the file is empty: a CSV file needs a header row and at least one data row")
        }
        var line = 1
        var column = 1
        for byte in data {
            if byte == 0 {
                throw DatasetError(file: path, line: line, column: column,
                                   message: "this is not a text file (it holds a zero byte): give a CSV file with a header row")
            }
            if byte == 10 { line += 1; column = 1 } else { column += 1 }
        }
        guard let text = String(data: data, encoding: .utf8) else {
            // Find the line of the first byte that is not valid UTF-8, to point at it.
            var bad = 1
            var start = data.startIndex
            for (offset, byte) in data.enumerated() where byte == 10 {
                let chunk = data[start..<(data.startIndex + offset)]
                if String(data: chunk, encoding: .utf8) == nil { break }
                bad += 1
                start = data.startIndex + offset + 1
            }
            throw DatasetError(file: path, line: bad,
                               message: "this is not UTF-8 text: give a CSV file saved as UTF-8 text")
        }
        if text.allSatisfy({ $0.isWhitespace }) {
            throw DatasetError(file: path, line: 1, message: "the file is empty: a CSV file needs a header row and at least one data row")
        }
        return text
    }

    /// Parses CSV text (see `load`). `file` is used in error messages.
    static func parse(text: String, file: String, name: String, target: String?, classification: Bool?) throws(DatasetError) -> Dataset {
        let delimiter = CSVDelimiter.guessed(string: text)
        let header: [String]
        var rows = [[String]]()
        do {
            let csv = try CSV<Enumerated>(string: text, delimiter: delimiter, loadColumns: false, rowLimit: 0)
            header = csv.header.map { $0.trimmingCharacters(in: .whitespaces) }
            try csv.enumerateAsArray(startAt: 1, rowLimit: nil) { fields in rows.append(fields) }
        } catch {
            throw DatasetError(file: file, message: "cannot parse the CSV text (\(error)): check for an unbalanced double quote")
        }
        if header.isEmpty || header == [""] {
            throw DatasetError(file: file, line: 1, message: "the first row must be a header naming the columns")
        }
        for (index, heading) in header.enumerated() {
            if heading.isEmpty {
                throw DatasetError(file: file, line: 1, column: index + 1,
                                   message: "column \(index + 1) has no name in the header: name every column")
            }
            if let first = header.firstIndex(of: heading), first != index {
                throw DatasetError(file: file, line: 1, column: index + 1,
                                   message: "column name '\(heading)' appears twice (columns \(first + 1) and \(index + 1)): rename one")
            }
        }
        if header.count < 2 {
            throw DatasetError(file: file, line: 1,
                               message: "only one column ('\(header[0])'): a dataset needs at least one feature column and a target column, separated by commas")
        }
        let targetIndex: Int
        if let target {
            guard let index = header.firstIndex(of: target) else {
                throw DatasetError(file: file, line: 1,
                                   message: "no column named '\(target)'; the columns are: \(header.joined(separator: ", "))")
            }
            targetIndex = index
        } else {
            targetIndex = header.count - 1
        }
        let featureColumns = (0..<header.count).filter { $0 != targetIndex }

        // Data rows with their line numbers; blank lines are skipped.
        var dataRows = [(line: Int, fields: [String])]()
        var line = 2
        for fields in rows {
            let thisLine = line
            line += 1
            for field in fields { line += field.reduce(0) { $0 + ($1.isNewline ? 1 : 0) } }
            if fields.count == 1 && fields[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
            dataRows.append((thisLine, fields))
        }
        if dataRows.isEmpty {
            throw DatasetError(file: file, line: 2, message: "the file has a header but no data rows: add at least one row of values")
        }

        var values = [Double]()
        values.reserveCapacity(dataRows.count * featureColumns.count)
        var targetTexts = [String]()
        targetTexts.reserveCapacity(dataRows.count)
        for (rowLine, fields) in dataRows {
            if fields.count != header.count {
                throw DatasetError(file: file, line: rowLine, column: min(fields.count, header.count) + 1,
                                   message: "this row has \(fields.count) field\(fields.count == 1 ? "" : "s") but the header has \(header.count) columns: every row needs one value per column")
            }
            for c in featureColumns {
                let field = fields[c].trimmingCharacters(in: .whitespaces)
                if missingMarkers.contains(field.lowercased()) {
                    throw DatasetError(file: file, line: rowLine, column: c + 1,
                                       message: "missing value in column '\(header[c])': fill it in or remove the row")
                }
                guard let value = Double(field) else {
                    throw DatasetError(file: file, line: rowLine, column: c + 1,
                                       message: "'\(field)' in column '\(header[c])' is not a number: features must be numeric (encode categories as numbers or drop the column)")
                }
                guard value.isFinite else {
                    throw DatasetError(file: file, line: rowLine, column: c + 1,
                                       message: "'\(field)' in column '\(header[c])' is not a finite number: replace it with a real value")
                }
                values.append(value)
            }
            let targetField = fields[targetIndex].trimmingCharacters(in: .whitespaces)
            if missingMarkers.contains(targetField.lowercased()) {
                throw DatasetError(file: file, line: rowLine, column: targetIndex + 1,
                                   message: "missing target value in column '\(header[targetIndex])': fill it in or remove the row")
            }
            targetTexts.append(targetField)
        }

        let numericTargets = targetTexts.map { Double($0) }
        let allNumeric = numericTargets.allSatisfy { $0 != nil && $0!.isFinite }
        let isClassification = classification ?? !allNumeric
        let targets: [Double]
        let task: LearningTask
        if isClassification {
            var classes = Array(Set(targetTexts))
            if allNumeric {
                classes.sort { (Double($0) ?? 0, $0) < (Double($1) ?? 0, $1) }
            } else {
                classes.sort()
            }
            if classes.count < 2 {
                throw DatasetError(file: file, column: targetIndex + 1,
                                   message: "the target column '\(header[targetIndex])' holds one class only ('\(classes.first ?? "")'): classification needs at least two classes")
            }
            var index = [String: Int]()
            for (i, c) in classes.enumerated() { index[c] = i }
            targets = targetTexts.map { Double(index[$0] ?? 0) }
            task = .classification(classes: classes)
        } else {
            var result = [Double]()
            result.reserveCapacity(targetTexts.count)
            for (i, value) in numericTargets.enumerated() {
                guard let value, value.isFinite else {
                    throw DatasetError(file: file, line: dataRows[i].line, column: targetIndex + 1,
                                       message: "target '\(targetTexts[i])' in column '\(header[targetIndex])' is not a number: regression needs numeric targets (or ask for classification)")
                }
                result.append(value)
            }
            targets = result
            task = .regression
        }

        let features = Matrix(rows: dataRows.count, columns: featureColumns.count, values: values)
        var warnings = [String]()
        for (j, c) in featureColumns.enumerated() {
            let first = features.values[j]
            var constant = true
            for r in 0..<features.rows where features.values[r * features.columns + j] != first {
                constant = false
                break
            }
            if constant {
                warnings.append("\(file): constant column '\(header[c])' (column \(c + 1), every value \(format(first))): kept, it carries no information")
            }
        }
        return Dataset(name: name, featureNames: featureColumns.map { header[$0] }, targetName: header[targetIndex],
                       features: features, targets: targets, task: task, warnings: warnings)
    }

    static func format(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }
}
