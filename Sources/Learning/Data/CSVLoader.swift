import Vocabulary
import Foundation
import SwiftCSV

/// Reads a CSV file into a `Dataset`: header row, numeric features, one target column.
///
/// Two readers share every check and message. The fast one (`NumericCSVReader`) parses the file's
/// bytes straight into the value matrix, a chunk at a time; SwiftCSV parses what the fast one leaves
/// alone: files with double quotes, with old Mac line ends (a lone carriage return), or whose first line
/// is blank. Every problem becomes a `LearningError` naming the file, the 1-based line and column, what is
/// wrong and how to fix it.
enum CSVLoader {
    /// Spellings that mean "no value here".
    static let missingMarkers: Set<String> = ["", "na", "n/a", "nan", "null", "none", "?", "-"]

    /// The most classes a classification target may have. A text or mixed target with more distinct
    /// values is almost always a numeric column with a few bad values, or an identifier column, so it is
    /// refused with a message instead of becoming a problem with thousands of one-row classes.
    static let maximumClassCount = 100

    /// Loads `path`.
    ///
    /// - Parameters:
    ///   - name: the dataset name to record (the path for user files).
    ///   - target: the target column's name; nil means the last column.
    ///   - classification: true forces classification, false forces regression, nil decides by the target:
    ///     all numeric means regression, otherwise classification (at most `maximumClassCount` classes).
    ///   - monitor: progress reports and a stop request for long loads (fast reader only).
    /// - Throws: `LearningError` for a missing or unreadable file, a file that is not text, an empty
    ///   file, a header without rows, a ragged row, a non-numeric or missing feature value, a
    ///   missing target, an unknown target name, a classification target with one class only or with
    ///   more than `maximumClassCount` classes, or a load stopped through `monitor`.
    static func load(path: String, name: String, target: String?, classification: Bool?,
                     monitor: LoadMonitor? = nil) throws(LearningError) -> Dataset {
        if let set = try NumericCSVReader.load(path: path, name: name, target: target, classification: classification,
                                               monitor: monitor) {
            return set
        }
        let text = try readText(path: path)
        return try parse(text: text, file: path, name: name, target: target, classification: classification)
    }

    /// Throws unless `path` names a regular, readable file.
    static func checkFile(path: String) throws(LearningError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw LearningError.dataFile(file: path, problem: "no such file: give the path of a CSV file, or the name of a built-in dataset")
        }
        if isDirectory.boolValue {
            throw LearningError.dataFile(file: path, problem: "this is a directory, not a file: give the path of a CSV file")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw LearningError.dataFile(file: path, problem: "cannot read the file: check that you may read it")
        }
    }

    /// The empty-file error (line 1).
    static func emptyFile(_ path: String) -> LearningError {
        LearningError.dataFile(file: path, line: 1, problem: "the file is empty: a CSV file needs a header row and at least one data row")
    }

    /// Reads the whole file as UTF-8 text.
    static func readText(path: String) throws(LearningError) -> String {
        try checkFile(path: path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LearningError.dataFile(file: path, problem: "cannot read the file: check that you may read it")
        }
        if data.isEmpty { throw emptyFile(path) }
        var line = 1
        var column = 1
        for byte in data {
            if byte == 0 {
                throw LearningError.dataFile(file: path, line: line, column: column,
                                   problem: "this is not a text file (it holds a zero byte): give a CSV file with a header row")
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
            throw notUTF8(path, line: bad)
        }
        if text.allSatisfy({ $0.isWhitespace }) { throw emptyFile(path) }
        return text
    }

    /// The error for bytes that are not UTF-8 on `line`.
    static func notUTF8(_ file: String, line: Int) -> LearningError {
        LearningError.dataFile(file: file, line: line, problem: "this is not UTF-8 text: give a CSV file saved as UTF-8 text")
    }

    /// Checks the header (names present, distinct, at least two columns) and finds the target column.
    /// - Returns: the target's index and the feature columns' indices, in file order.
    static func checkedHeader(_ header: [String], file: String, target: String?) throws(LearningError)
        -> (targetIndex: Int, featureColumns: [Int]) {
        if header.isEmpty || header == [""] {
            throw LearningError.dataFile(file: file, line: 1, problem: "the first row must be a header naming the columns")
        }
        var seen = [String: Int]()
        for (index, heading) in header.enumerated() {
            if heading.isEmpty {
                throw LearningError.dataFile(file: file, line: 1, column: index + 1,
                                   problem: "column \(index + 1) has no name in the header: name every column")
            }
            if let first = seen[heading] {
                throw LearningError.dataFile(file: file, line: 1, column: index + 1,
                                   problem: "column name '\(heading)' appears twice (columns \(first + 1) and \(index + 1)): rename one")
            }
            seen[heading] = index
        }
        if header.count < 2 {
            throw LearningError.dataFile(file: file, line: 1,
                               problem: "only one column ('\(header[0])'): a dataset needs at least one feature column and a target column, separated by commas")
        }
        let targetIndex: Int
        if let target {
            guard let index = seen[target] else {
                throw LearningError.dataFile(file: file, line: 1,
                                   problem: "no column named '\(target)'; the columns are: \(header.joined(separator: ", "))")
            }
            targetIndex = index
        } else {
            targetIndex = header.count - 1
        }
        return (targetIndex, (0..<header.count).filter { $0 != targetIndex })
    }

    /// The error for a row whose field count differs from the header's.
    static func raggedRow(_ file: String, line: Int, fields: Int, columns: Int) -> LearningError {
        LearningError.dataFile(file: file, line: line, column: min(fields, columns) + 1,
                     problem: "this row has \(fields) field\(fields == 1 ? "" : "s") but the header has \(columns) columns: every row needs one value per column")
    }

    /// The no-data-rows error.
    static func noRows(_ file: String) -> LearningError {
        LearningError.dataFile(file: file, line: 2, problem: "the file has a header but no data rows: add at least one row of values")
    }

    /// Reads one feature value from its text (already trimmed of ASCII blanks): trims other white space,
    /// refuses missing markers, non-numbers and non-finite numbers with the field's place.
    static func featureValue(_ text: String, file: String, line: Int, column c: Int, name: String) throws(LearningError) -> Double {
        let field = text.trimmingCharacters(in: .whitespaces)
        if missingMarkers.contains(field.lowercased()) {
            throw LearningError.dataFile(file: file, line: line, column: c + 1,
                               problem: "missing value in column '\(name)': fill it in or remove the row")
        }
        guard let value = Double(field) else {
            throw LearningError.dataFile(file: file, line: line, column: c + 1,
                               problem: "'\(field)' in column '\(name)' is not a number: features must be numeric (encode categories as numbers or drop the column)")
        }
        guard value.isFinite else {
            throw LearningError.dataFile(file: file, line: line, column: c + 1,
                               problem: "'\(field)' in column '\(name)' is not a finite number: replace it with a real value")
        }
        return value
    }

    /// Parses CSV text with SwiftCSV (see `load`). `file` is used in error messages.
    static func parse(text: String, file: String, name: String, target: String?, classification: Bool?) throws(LearningError) -> Dataset {
        let delimiter = CSVDelimiter.guessed(string: text)
        let header: [String]
        var rows = [[String]]()
        do {
            let csv = try CSV<Enumerated>(string: text, delimiter: delimiter, loadColumns: false, rowLimit: 0)
            header = csv.header.map { $0.trimmingCharacters(in: .whitespaces) }
            try csv.enumerateAsArray(startAt: 1, rowLimit: nil) { fields in rows.append(fields) }
        } catch {
            throw LearningError.dataFile(file: file, problem: "cannot parse the CSV text (\(error)): check for an unbalanced double quote")
        }
        let (targetIndex, featureColumns) = try checkedHeader(header, file: file, target: target)

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
        if dataRows.isEmpty { throw noRows(file) }

        var values = [Double]()
        values.reserveCapacity(dataRows.count * featureColumns.count)
        var targets = TargetCollector(file: file, column: targetIndex, name: header[targetIndex],
                                      classification: classification, capacity: dataRows.count)
        for (rowLine, fields) in dataRows {
            if fields.count != header.count {
                throw raggedRow(file, line: rowLine, fields: fields.count, columns: header.count)
            }
            for c in featureColumns {
                values.append(try featureValue(fields[c], file: file, line: rowLine, column: c, name: header[c]))
            }
            try targets.add(text: fields[targetIndex].trimmingCharacters(in: .whitespaces), line: rowLine)
        }
        let (targetValues, task) = try targets.finish()
        let features = Matrix(rows: dataRows.count, columns: featureColumns.count, values: values)
        return Dataset(name: name, featureNames: featureColumns.map { header[$0] }, targetName: header[targetIndex],
                       features: features, targets: targetValues, task: task,
                       warnings: constantColumnWarnings(features, names: featureColumns.map { header[$0] },
                                                        columns: featureColumns, file: file))
    }

    /// One warning per feature column whose values are all equal.
    static func constantColumnWarnings(_ features: Matrix, names: [String], columns: [Int], file: String) -> [String] {
        guard features.rows > 0 else { return [] }
        var warnings = [String]()
        features.values.withUnsafeBufferPointer { v in
            for j in 0..<features.columns {
                let first = v[j]
                var constant = true
                var r = 1
                while r < features.rows {
                    if v[r &* features.columns &+ j] != first { constant = false; break }
                    r += 1
                }
                if constant {
                    warnings.append("\(file): constant column '\(names[j])' (column \(columns[j] + 1), every value \(format(first))): kept, it carries no information")
                }
            }
        }
        return warnings
    }

    static func format(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }
}

/// Collects a target column row by row and decides, at the end, between regression and classification.
///
/// Numeric values are kept as numbers; distinct values (numerically equal spellings such as "1" and
/// "1.0" are one value, named by the first spelling) and distinct texts are counted only up to
/// `CSVLoader.maximumClassCount + 1`, so a long regression target costs no dictionary work after that.
struct TargetCollector {
    let file: String
    let column: Int
    let name: String
    let classification: Bool?
    private(set) var numbers: [Double] = []          // per row; NaN for a text row
    private var textIDs: [Int32] = []                  // per row once a text row was seen; -1 for numbers
    private var numericNames: [UInt64: Int] = [:]     // value bits -> index into numericSpellings
    private var numericSpellings: [(value: Double, text: String)] = []
    private var textNames: [String: Int32] = [:]
    private var textSpellings: [String] = []
    private var tooManyClasses = false
    private var textRows = 0
    private var firstText: (line: Int, text: String)?

    init(file: String, column: Int, name: String, classification: Bool?, capacity: Int) {
        self.file = file
        self.column = column
        self.name = name
        self.classification = classification
        numbers.reserveCapacity(capacity)
    }

    private var distinctCount: Int { numericSpellings.count + textSpellings.count }

    /// Adds a number read from the field `spelling` (the spelling is only needed for a new class name).
    mutating func add(number: Double, spelling: () -> String) {
        numbers.append(number)
        if !textIDs.isEmpty { textIDs.append(-1) }
        guard !tooManyClasses, classification != false else { return }
        let key = (number + 0.0).bitPattern   // -0 and +0 are one class
        if numericNames[key] == nil {
            if distinctCount >= CSVLoader.maximumClassCount { tooManyClasses = true; return }
            numericNames[key] = numericSpellings.count
            numericSpellings.append((number, spelling()))
        }
    }

    /// Adds a trimmed target text on `line`: a missing marker is an error; a finite number counts as a number.
    mutating func add(text: String, line: Int) throws(LearningError) {
        if CSVLoader.missingMarkers.contains(text.lowercased()) {
            throw LearningError.dataFile(file: file, line: line, column: column + 1,
                               problem: "missing target value in column '\(name)': fill it in or remove the row")
        }
        if let value = Double(text), value.isFinite {
            add(number: value) { text }
            return
        }
        if classification == false {
            throw LearningError.dataFile(file: file, line: line, column: column + 1,
                               problem: "target '\(text)' in column '\(name)' is not a number: regression needs numeric targets (or ask for classification)")
        }
        if textIDs.isEmpty { textIDs = [Int32](repeating: -1, count: numbers.count) ; textIDs.reserveCapacity(numbers.capacity) }
        numbers.append(.nan)
        textRows += 1
        if firstText == nil { firstText = (line, text) }
        if let id = textNames[text] {
            textIDs.append(id)
        } else if !tooManyClasses && distinctCount < CSVLoader.maximumClassCount {
            let id = Int32(textSpellings.count)
            textNames[text] = id
            textSpellings.append(text)
            textIDs.append(id)
        } else {
            tooManyClasses = true
            textIDs.append(-1)
        }
    }

    /// The targets (values, or class indices as `Double`) and the task.
    /// - Throws: `LearningError` for one class only, or for more than `CSVLoader.maximumClassCount` classes.
    mutating func finish() throws(LearningError) -> (targets: [Double], task: LearningTask) {
        let isClassification = classification ?? (textRows > 0)
        guard isClassification else { return (numbers, .regression) }
        if tooManyClasses {
            let limit = CSVLoader.maximumClassCount
            if classification == nil, let firstText, textRows * 2 < numbers.count {
                let others = textRows > 1 ? " and \(textRows - 1) other row\(textRows == 2 ? "" : "s")" : ""
                throw LearningError.dataFile(file: file, line: firstText.line, column: column + 1,
                                   problem: "the target column '\(name)' looks numeric except this value, '\(firstText.text)'\(others): fix it (or remove the row) to learn a regression; as classes it would have more than \(limit), the most a classification target may have")
            }
            throw LearningError.dataFile(file: file, line: 1, column: column + 1,
                               problem: "the target column '\(name)' has more than \(limit) different values: a classification target may have at most \(limit) classes; for a numeric target use regression")
        }
        // Class names: numbers in numeric order, or every spelling in text order when some are not numbers.
        var classes: [(name: String, value: Double?)] = numericSpellings.map { ($0.text, $0.value) }
        classes += textSpellings.map { ($0, nil) }
        if textSpellings.isEmpty {
            classes.sort { ($0.value!, $0.name) < ($1.value!, $1.name) }
        } else {
            classes.sort { $0.name < $1.name }
        }
        if classes.count < 2 {
            throw LearningError.dataFile(file: file, line: 1, column: column + 1,
                               problem: "the target column '\(name)' holds one class only ('\(classes.first?.name ?? "")'): classification needs at least two classes")
        }
        var numericIndex = [UInt64: Double]()
        var textIndex = [Int32: Double]()
        for (i, c) in classes.enumerated() {
            if let value = c.value { numericIndex[(value + 0.0).bitPattern] = Double(i) } else { textIndex[textNames[c.name]!] = Double(i) }
        }
        var targets = numbers
        for r in targets.indices {
            if !textIDs.isEmpty && textIDs[r] >= 0 {
                targets[r] = textIndex[textIDs[r]]!
            } else {
                targets[r] = numericIndex[(numbers[r] + 0.0).bitPattern]!
            }
        }
        return (targets, .classification(classes: classes.map(\.name)))
    }
}
