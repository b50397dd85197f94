#if canImport(Glibc)
import Vocabulary
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// How far a CSV load has come, for a progress line (see `LoadMonitor`).
public struct LoadProgress: Sendable, Equatable {
    /// Bytes of the file parsed so far.
    public let bytesRead: Int
    /// The file's size in bytes.
    public let totalBytes: Int
    /// Data rows read so far.
    public let rows: Int
    /// Seconds since the load started (monotonic clock).
    public let seconds: Double

    /// `bytesRead / totalBytes`, in 0...1 (1 for an empty file).
    public var fraction: Double { totalBytes > 0 ? min(1, Double(bytesRead) / Double(totalBytes)) : 1 }
}

/// Watches a long CSV load: reports progress and asks whether to stop.
///
/// Every `rowsBetweenChecks` data rows the loader calls `shouldStop` (e.g. "was Ctrl-C pressed?"); when it
/// returns true the load ends with a `LearningError` saying it was stopped, and nothing is returned. Once the
/// load has run `progressDelay` seconds, the same check also calls `progress`, at most every 0.1 s, so a
/// short load prints nothing. Both closures run on the loading thread.
public struct LoadMonitor {
    /// Data rows between two checks, >= 1.
    public var rowsBetweenChecks: Int
    /// Seconds before the first progress report.
    public var progressDelay: Double
    /// Called with the progress so far (see the type's description for when).
    public var progress: (LoadProgress) -> Void
    /// Returns true to stop the load.
    public var shouldStop: () -> Bool

    /// A monitor; see the properties.
    public init(rowsBetweenChecks: Int = 8192, progressDelay: Double = 1,
                progress: @escaping (LoadProgress) -> Void = { _ in }, shouldStop: @escaping () -> Bool = { false }) {
        self.rowsBetweenChecks = max(1, rowsBetweenChecks)
        self.progressDelay = progressDelay
        self.progress = progress
        self.shouldStop = shouldStop
    }
}

/// The fast CSV reader: parses the file's bytes straight into the value matrix, one chunk (1 MiB or one
/// line, whichever is larger) at a time, without a string per numeric field.
///
/// The delimiter is the first comma, tab or semicolon of the header line (comma if none), as SwiftCSV
/// guesses it. Fields are trimmed of spaces and tabs on bytes. Numbers are read by the exact fast path of
/// Clinger ("How to read floating point numbers accurately", PLDI 1990): a decimal with at most 19
/// significant digits whose integer part fits in 53 bits and whose power of ten is within 10^±22 is one
/// correctly rounded multiplication or division, so the result is the same double as `Double(String)`;
/// any other field (exponent out of range, `inf`, hex, non-ASCII, a missing marker, text) goes through a
/// `String` and the general checks. Memory: the value matrix is allocated once for an upper bound of the
/// row count (the file's line count, found by a first pass over the bytes), plus the chunk buffer and the
/// target column.
///
/// Returns nil, so that `CSVLoader` uses SwiftCSV, for files that need a full CSV parser: a double quote
/// anywhere, a carriage return inside a line, a zero byte in the first chunk, or a blank first line.
enum NumericCSVReader {
    /// Bytes read per system call.
    static let chunkSize = 1 << 20

    /// Loads `path` (see `CSVLoader.load`), or returns nil when the general reader must do it.
    /// `chunkSize` is the first buffer size in bytes (tests use tiny ones to cross every boundary).
    static func load(path: String, name: String, target: String?, classification: Bool?,
                     monitor: LoadMonitor?, chunkSize: Int = chunkSize) throws(LearningError) -> Dataset? {
        try CSVLoader.checkFile(path: path)
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw LearningError.dataFile(file: path, problem: "cannot read the file: check that you may read it") }
        defer { close(fd) }
        var reader = ChunkReader(fd: fd, capacity: max(1, chunkSize))
        defer { reader.deallocate() }
        let size = Int(lseek(fd, 0, SEEK_END))
        _ = lseek(fd, 0, SEEK_SET)
        guard try reader.fill(path) else { throw CSVLoader.emptyFile(path) }
        if reader.firstChunkHasZeroByte() { return nil }

        // First pass: the number of line ends bounds the number of rows.
        var lineEnds = 0
        if reader.atEnd {
            lineEnds = reader.countLineEnds()
        } else {
            lineEnds = reader.countLineEnds()
            while try reader.refill(path, keepingFrom: reader.filled) { lineEnds += reader.countLineEnds() }
            _ = lseek(fd, 0, SEEK_SET)
            reader.reset()
            _ = try reader.fill(path)
        }

        // Header.
        var firstLine = reader.nextLine()
        if firstLine == nil { firstLine = try reader.lastLine(path) }
        guard var headerLine = firstLine else { return nil }
        if headerLine.starts(with: [0xEF, 0xBB, 0xBF]) { headerLine.removeFirst(3) }  // UTF-8 byte order mark
        if headerLine.last == 13 { headerLine.removeLast() }
        if headerLine.contains(34) || headerLine.contains(13) { return nil }
        guard let headerText = String(validating: headerLine, as: UTF8.self) else { throw CSVLoader.notUTF8(path, line: 1) }
        if headerText.allSatisfy({ $0.isWhitespace }) { return nil }
        let delimiter: UInt8 = headerLine.first { $0 == 44 || $0 == 9 || $0 == 59 } ?? 44
        let header = headerText.split(separator: Character(UnicodeScalar(delimiter)), omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        let (targetIndex, featureColumns) = try CSVLoader.checkedHeader(header, file: path, target: target)

        var parser = RowParser(file: path, header: header, targetIndex: targetIndex, delimiter: delimiter,
                               classification: classification, capacity: lineEnds, totalBytes: size, monitor: monitor)
        let featureCount = featureColumns.count
        var failure: LearningError?
        var fallback = false
        let values = [Double](unsafeUninitializedCapacity: max(1, lineEnds * featureCount)) { buffer, count in
            count = 0
            do {
                fallback = try parser.parseRows(into: buffer.baseAddress!, reader: &reader)
                count = fallback ? 0 : parser.rows * featureCount
            } catch let error as LearningError {
                failure = error
            } catch {
                failure = LearningError.dataFile(file: path, problem: "cannot read the file (\(error))")
            }
        }
        if let failure { throw failure }
        if fallback { return nil }
        if parser.rows == 0 { throw CSVLoader.noRows(path) }
        let (targets, task) = try parser.targets.finish()
        let features = Matrix(rows: parser.rows, columns: featureCount, values: values)
        let names = featureColumns.map { header[$0] }
        return Dataset(name: name, featureNames: names, targetName: header[targetIndex], features: features,
                       targets: targets, task: task,
                       warnings: CSVLoader.constantColumnWarnings(features, names: names, columns: featureColumns, file: path))
    }
}

/// A growable byte buffer over a file descriptor, handing out whole lines.
struct ChunkReader {
    let fd: Int32
    var buffer: UnsafeMutablePointer<UInt8>
    var capacity: Int
    /// Bytes in the buffer.
    var filled = 0
    /// Start of the bytes not handed out yet.
    var start = 0
    /// True once read returned 0.
    var atEnd = false
    /// Bytes consumed before the buffer's first byte.
    var offset = 0

    init(fd: Int32, capacity: Int) {
        self.fd = fd
        self.capacity = capacity
        buffer = .allocate(capacity: capacity)
    }

    func deallocate() { buffer.deallocate() }

    mutating func reset() { filled = 0; start = 0; atEnd = false; offset = 0 }

    /// Reads until the buffer is full or the file ends; false when nothing at all is left.
    mutating func fill(_ path: String) throws(LearningError) -> Bool {
        while filled < capacity && !atEnd {
            let n = read(fd, buffer + filled, capacity - filled)
            if n < 0 {
                if errno == EINTR { continue }
                throw LearningError.dataFile(file: path, problem: "cannot read the file: check that you may read it")
            }
            if n == 0 { atEnd = true } else { filled += n }
        }
        return filled > start
    }

    /// Keeps the bytes from `keep` on (moving them to the front, growing the buffer when they fill it)
    /// and reads more; false when the file has ended and nothing new was read.
    mutating func refill(_ path: String, keepingFrom keep: Int) throws(LearningError) -> Bool {
        if atEnd { return false }
        let kept = filled - keep
        if keep > 0 && kept > 0 { memmove(buffer, buffer + keep, kept) }
        offset += keep
        filled = kept
        start -= keep
        if filled == capacity {
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            bigger.update(from: buffer, count: filled)
            buffer.deallocate()
            buffer = bigger
            capacity *= 2
        }
        let before = filled
        _ = try fill(path)
        return filled > before
    }

    func firstChunkHasZeroByte() -> Bool { memchr(buffer, 0, filled) != nil }

    func countLineEnds() -> Int {
        var count = 0
        for i in 0..<filled where buffer[i] == 10 { count &+= 1 }
        return count
    }

    /// The next complete line (without its line feed) in the buffer, as a copy; nil when none is complete.
    mutating func nextLine() -> [UInt8]? {
        guard let range = nextLineRange() else { return nil }
        return Array(UnsafeBufferPointer(start: buffer + range.lowerBound, count: range.count))
    }

    /// The next complete line's byte range in the buffer (valid until the next refill); nil when none is complete.
    mutating func nextLineRange() -> Range<Int>? {
        guard start < filled, let found = memchr(buffer + start, 10, filled - start) else { return nil }
        let end = UnsafeMutableRawPointer(mutating: found).assumingMemoryBound(to: UInt8.self) - buffer
        defer { start = end + 1 }
        return start..<end
    }

    /// When the file ended without a line feed, the rest as one line; refills first when needed.
    mutating func lastLine(_ path: String) throws(LearningError) -> [UInt8]? {
        while !atEnd {
            _ = try refill(path, keepingFrom: start)
            if let line = nextLine() { return line }
        }
        guard start < filled else { return nil }
        defer { start = filled }
        return Array(UnsafeBufferPointer(start: buffer + start, count: filled - start))
    }
}

/// Parses data rows from a `ChunkReader` into the value matrix and a `TargetCollector`.
struct RowParser {
    let file: String
    let header: [String]
    let targetIndex: Int
    let delimiter: UInt8
    /// Per column: the feature slot in a row of the matrix, or -1 for the target.
    let slots: [Int]
    let featureCount: Int
    var targets: TargetCollector
    let totalBytes: Int
    let monitor: LoadMonitor?
    /// Data rows stored so far.
    var rows = 0
    /// The 1-based line number of the line being parsed.
    var line = 1

    init(file: String, header: [String], targetIndex: Int, delimiter: UInt8, classification: Bool?,
         capacity: Int, totalBytes: Int, monitor: LoadMonitor?) {
        self.file = file
        self.header = header
        self.targetIndex = targetIndex
        self.delimiter = delimiter
        var slots = [Int](repeating: -1, count: header.count)
        var k = 0
        for c in header.indices where c != targetIndex { slots[c] = k; k += 1 }
        self.slots = slots
        featureCount = k
        targets = TargetCollector(file: file, column: targetIndex, name: header[targetIndex],
                                  classification: classification, capacity: capacity)
        self.totalBytes = totalBytes
        self.monitor = monitor
    }

    /// Parses every remaining line. Returns true when a line needs the general reader (nothing is kept then).
    mutating func parseRows(into values: UnsafeMutablePointer<Double>, reader: inout ChunkReader) throws(LearningError) -> Bool {
        let clock = ContinuousClock()
        let started = clock.now
        var lastReport = -1.0
        var nextCheck = monitor?.rowsBetweenChecks ?? Int.max
        while true {
            var range = reader.nextLineRange()
            if range == nil {
                if try reader.refill(file, keepingFrom: reader.start) { continue }
                guard reader.start < reader.filled else { break }
                range = reader.start..<reader.filled
                reader.start = reader.filled
            }
            line += 1
            var r = range!
            if r.count > 0 && reader.buffer[r.upperBound - 1] == 13 { r = r.lowerBound..<(r.upperBound - 1) }
            if try parseLine(reader.buffer + r.lowerBound, count: r.count, into: values + rows &* featureCount) {
                return true
            }
            if rows >= nextCheck, let monitor {
                nextCheck = rows + monitor.rowsBetweenChecks
                let elapsed = started.duration(to: clock.now)
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                if monitor.shouldStop() {
                    throw LearningError.dataFile(file: file, line: line,
                                       problem: "loading stopped at this line on request: nothing was loaded")
                }
                if seconds >= monitor.progressDelay && seconds - lastReport >= 0.1 {
                    lastReport = seconds
                    monitor.progress(LoadProgress(bytesRead: reader.offset + reader.start, totalBytes: totalBytes,
                                                  rows: rows, seconds: seconds))
                }
            }
        }
        return false
    }

    /// Parses one line (no line end) into `row`; returns true when the general reader is needed.
    @inline(__always)
    mutating func parseLine(_ bytes: UnsafeMutablePointer<UInt8>, count: Int, into row: UnsafeMutablePointer<Double>) throws(LearningError) -> Bool {
        let columns = slots.count
        let tabIsBlank = delimiter != 9
        @inline(__always) func isBlank(_ byte: UInt8) -> Bool { byte == 32 || (byte == 9 && tabIsBlank) }
        var c = 0
        var p = 0
        while true {
            // The common case in one pass: blanks, a plain decimal number, blanks, then the delimiter or the line end.
            if c < columns {
                var a = p
                while a < count && isBlank(bytes[a]) { a &+= 1 }
                if let (value, length) = fastDoublePrefix(bytes + a, limit: count &- a) {
                    var e = a &+ length
                    while e < count && isBlank(bytes[e]) { e &+= 1 }
                    if e == count || bytes[e] == delimiter {
                        let slot = slots[c]
                        if slot >= 0 {
                            row[slot] = value
                        } else {
                            let end = a &+ length
                            targets.add(number: value) { String(decoding: UnsafeBufferPointer(start: bytes + a, count: end - a), as: UTF8.self) }
                        }
                        c &+= 1
                        if e == count { break }
                        p = e &+ 1
                        continue
                    }
                }
            }
            var q = p
            while q < count && bytes[q] != delimiter { q &+= 1 }
            if c == 0 && q == count {
                // One field on the line: a blank line is skipped, anything else is a ragged row.
                var blank = true
                for i in 0..<count where bytes[i] != 32 && bytes[i] != 9 { blank = false; break }
                if blank { return false }
            }
            if c < columns {
                var a = p, b = q
                while a < b && (bytes[a] == 32 || bytes[a] == 9) { a &+= 1 }
                while b > a && (bytes[b - 1] == 32 || bytes[b - 1] == 9) { b &-= 1 }
                if try slowField(bytes, from: a, to: b, lineCount: count, column: c, into: row) { return true }
            }
            c &+= 1
            if q == count { break }
            p = q &+ 1
        }
        if c != columns { throw CSVLoader.raggedRow(file, line: line, fields: c, columns: columns) }
        rows &+= 1
        return false
    }

    /// A field that is not a plain decimal number: checks it as text. Returns true when the general reader
    /// is needed (a double quote or a carriage return in it).
    mutating func slowField(_ bytes: UnsafeMutablePointer<UInt8>, from a: Int, to b: Int, lineCount: Int, column c: Int,
                            into row: UnsafeMutablePointer<Double>) throws(LearningError) -> Bool {
        let field = UnsafeBufferPointer(start: bytes + a, count: b - a)
        if field.contains(34) || field.contains(13) { return true }
        // A field error on a ragged row is reported as the ragged row, as the general reader does.
        let fields = UnsafeBufferPointer(start: bytes, count: lineCount).reduce(1) { $0 + ($1 == delimiter ? 1 : 0) }
        if fields != slots.count { throw CSVLoader.raggedRow(file, line: line, fields: fields, columns: slots.count) }
        if let zero = field.firstIndex(of: 0) {
            throw LearningError.dataFile(file: file, line: line, column: a + zero + 1,
                               problem: "this is not a text file (it holds a zero byte): give a CSV file with a header row")
        }
        guard let text = String(validating: field, as: UTF8.self) else { throw CSVLoader.notUTF8(file, line: line) }
        let slot = slots[c]
        if slot >= 0 {
            row[slot] = try CSVLoader.featureValue(text, file: file, line: line, column: c, name: header[c])
        } else {
            try targets.add(text: text.trimmingCharacters(in: .whitespaces), line: line)
        }
        return false
    }
}

/// Powers of ten that are exact doubles (10^0 ... 10^22).
private let exactPowersOfTen: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { x, _ in x * 10 } }

/// Reads `[sign] digits [. digits] [(e|E) [sign] digits]` when Clinger's exact fast path applies (see
/// `NumericCSVReader`); nil for anything else, which then goes through `Double(String)`.
@inline(__always)
func fastDouble(_ p: UnsafeMutablePointer<UInt8>, count n: Int) -> Double? {
    guard let (value, length) = fastDoublePrefix(p, limit: n), length == n else { return nil }
    return value
}

/// The number at the start of the `limit` bytes at `p` when Clinger's exact fast path applies, and the
/// number of bytes it takes (the caller checks what follows); nil otherwise.
@inline(__always)
func fastDoublePrefix(_ p: UnsafeMutablePointer<UInt8>, limit n: Int) -> (value: Double, length: Int)? {
    var i = 0
    var negative = false
    if i < n && (p[i] == 45 || p[i] == 43) { negative = p[i] == 45; i &+= 1 }
    var mantissa: UInt64 = 0
    var digits = 0           // significant digits taken (leading zeros not counted)
    var seen = 0             // digits seen at all
    var scale = 0            // power of ten to apply
    var fraction = false     // past the decimal point
    while i < n {
        let d = p[i] &- 48
        if d > 9 {
            if p[i] == 46 && !fraction { fraction = true; i &+= 1; continue }
            break
        }
        if mantissa != 0 || d != 0 { digits &+= 1 }
        mantissa = mantissa &* 10 &+ UInt64(d)
        seen &+= 1
        if fraction { scale &-= 1 }
        i &+= 1
    }
    if seen == 0 || digits > 19 { return nil }
    if i < n && (p[i] == 101 || p[i] == 69) {
        i &+= 1
        var exponentNegative = false
        if i < n && (p[i] == 45 || p[i] == 43) { exponentNegative = p[i] == 45; i &+= 1 }
        var exponent = 0
        var exponentDigits = 0
        while i < n {
            let d = p[i] &- 48
            if d > 9 { break }
            if exponent < 10_000 { exponent = exponent &* 10 &+ Int(d) }
            exponentDigits &+= 1
            i &+= 1
        }
        if exponentDigits == 0 { return nil }
        scale &+= exponentNegative ? -exponent : exponent
    }
    if mantissa > (1 << 53) { return nil }
    var value = Double(mantissa)
    if scale != 0 && mantissa != 0 {
        if scale < -22 || scale > 22 { return nil }
        value = scale < 0 ? value / exactPowersOfTen[-scale] : value * exactPowersOfTen[scale]
    }
    return (negative ? -value : value, i)
}
