import Vocabulary
import Foundation
import Testing
@testable import Learning

/// The byte-level CSV reader against the SwiftCSV-based one and against `Double(String)`.
@Suite struct CSVReaderTests {
    /// Loads `path` with the fast reader only (nil when it hands the file to the general reader).
    func fast(_ path: String, chunkSize: Int = NumericCSVReader.chunkSize, target: String? = nil,
              classification: Bool? = nil, monitor: LoadMonitor? = nil) throws(LearningError) -> Dataset? {
        try NumericCSVReader.load(path: path, name: path, target: target, classification: classification,
                                  monitor: monitor, chunkSize: chunkSize)
    }

    /// Loads `path` with the SwiftCSV-based reader only.
    func general(_ path: String, target: String? = nil, classification: Bool? = nil) throws(LearningError) -> Dataset {
        try CSVLoader.parse(text: CSVLoader.readText(path: path), file: path, name: path, target: target,
                            classification: classification)
    }

    func expectSame(_ a: Dataset, _ b: Dataset) {
        #expect(a.featureNames == b.featureNames && a.targetName == b.targetName && a.task == b.task)
        #expect(a.features.rows == b.features.rows && a.features.columns == b.features.columns)
        #expect(a.features.values.map(\.bitPattern) == b.features.values.map(\.bitPattern))
        #expect(a.targets.map(\.bitPattern) == b.targets.map(\.bitPattern))
        #expect(a.warnings == b.warnings)
    }

    @Test(arguments: DatasetCatalog.realNames)
    func realSetsReadTheSameAsTheGeneralReader(name: String) throws {
        let path = Support.datasets + "/" + name + ".csv"
        let classification = name != "diabetes"
        let reference = try general(path, classification: classification)
        for chunk in [NumericCSVReader.chunkSize, 4096, 7] {
            let set = try #require(try fast(path, chunkSize: chunk, classification: classification))
            expectSame(set, reference)
        }
    }

    @Test func numbersAreTheSameDoublesAsDoubleFromString() throws {
        var rng = SeededGenerator(seed: 11)
        var spellings = ["0", "-0", "+3", ".5", "5.", "1e5", "1E+05", "2.5e-3", "-7.25E2", "007", "0.000123",
                         "123456789012345678", "9007199254740993", "1.7976931348623157e308", "4.9e-324", "1e23",
                         "0.1", "0.3", "1e-22", "1e22", "123.456e-20", "inf", "-infinity", "0x1p3", "1_0"]
        for _ in 0..<3000 {
            let x = (rng.nextUnit() - 0.5) * pow(10, Double(Int(rng.nextUnit() * 40) - 20))
            spellings.append(String(x))
            spellings.append(String(format: "%.6f", x))
            spellings.append(String(format: "%.3e", x))
        }
        for text in spellings {
            let bytes = Array(text.utf8)
            var copy = bytes
            let fast = copy.withUnsafeMutableBufferPointer { fastDouble($0.baseAddress!, count: $0.count) }
            if let fast {
                #expect(fast.bitPattern == Double(text)?.bitPattern, "\(text)")
            }
        }
        // The common spellings take the fast path.
        for text in ["0", "-0", "+3", ".5", "5.", "1e5", "0.000123", "16", "-2.5"] {
            var bytes = Array(text.utf8)
            #expect(bytes.withUnsafeMutableBufferPointer { fastDouble($0.baseAddress!, count: $0.count) } != nil, "\(text)")
        }
    }

    @Test func oddLayoutsReadTheSameAtEveryChunkSize() throws {
        let contents = [
            "a, b ,y\r\n1, 2,3\r\n\r\n4 ,5.5,6\r\n",                // CRLF, blanks around fields, blank line
            "\u{FEFF}a;b;y\n1;2;x\n3;4;z\n5;6;x",                  // byte order mark, semicolons, no final line end
            "a\tb\ty\n1e-3\t-0\tcat\n  \n7\t8\tdog\n\n\n",             // tabs, trailing blank lines
            "x,y\n1,1.5\n2,2.5\n3,1e300\n",
        ]
        for text in contents {
            let path = try Support.temporaryFile(text)
            let reference = try general(path)
            for chunk in [1, 2, 3, 5, 64, 1 << 20] {
                let set = try #require(try fast(path, chunkSize: chunk))
                expectSame(set, reference)
            }
        }
        // Quoted fields and a lone carriage return go to the general reader.
        #expect(try fast(try Support.temporaryFile("\"a\",y\n1,2\n")) == nil)
        #expect(try fast(try Support.temporaryFile("a,y\n1,2\n3,\"x\"\n")) == nil)
        #expect(try fast(try Support.temporaryFile("a,y\r1,2\r")) == nil)
    }

    @Test func aLargeFileCrossesChunksAndKeepsEveryRow() throws {
        var text = "id,x,price\n"
        var rng = SeededGenerator(seed: 3)
        for i in 0..<60_000 { text += "\(i),\(rng.nextUnit()),\(Int(rng.nextUnit() * 100_000)).\(i % 100)\n" }
        let path = try Support.temporaryFile(text)
        let set = try #require(try fast(path))
        #expect(set.rowCount == 60_000 && set.task == .regression)
        expectSame(set, try general(path))
    }

    func loadError(_ text: String, target: String? = nil, classification: Bool? = nil) throws -> LearningError? {
        let path = try Support.temporaryFile(text)
        do {
            _ = try CSVLoader.load(path: path, name: path, target: target, classification: classification)
        } catch {
            return error
        }
        return nil
    }

    @Test func aNumericTargetWithOneBadValueIsNotMadeIntoClasses() throws {
        var text = "size,price\n"
        for i in 0..<30_000 { text += i == 12_346 ? "\(i),n.a.\n" : "\(i),\(1000 + i).5\n" }
        let error = try #require(try loadError(text))
        #expect(error.line == 12_348 && error.column == 2)
        #expect(error.message.contains("looks numeric except this value, 'n.a.'"))
        #expect(error.message.contains("at most") || error.message.contains("the most a classification target may have"))
        // Forced classification with too many classes is refused too; a few text classes are fine.
        let forced = try #require(try loadError("a,b\n" + (0..<150).map { "\($0),\($0)" }.joined(separator: "\n"), classification: true))
        #expect(forced.message.contains("more than 100 different values") && forced.line == 1 && forced.column == 2)  // the header cell
        let few = try Support.temporaryFile("a,b\n1,2\n2,x\n3,2.0\n4,y\n")
        let set = try CSVLoader.load(path: few, name: few, target: nil, classification: nil)
        // "2" and "2.0" are one class (named by the first spelling); text present: classes in text order.
        #expect(set.task == .classification(classes: ["2", "x", "y"]) && set.targets == [0, 1, 0, 2])
    }

    @Test func errorsNameTheSamePlaceAsTheGeneralReader() throws {
        let cases = ["a,b,c\n1,2,3\n4,hello\n", "a,b,c\n1,2,3\n4,,6\n", "a,b,c\n1,2,3\n4, inf ,6\n",
                     "a,b,c\n1,2,3\n4,5,6,7\n", "a,b,c\n1,2,3\n4,5,NA\n", "a,b,c\n1,2,3\n\n3,q,4\n", "a,b\n1\n",
                     "a,b\n1,2\n3,4\u{0}\n", "a,a\n1,2\n", "a,,b\n1,2,3\n", "a\n1\n", "a,b\n"]
        for text in cases {
            let path = try Support.temporaryFile(text)
            var fastError: LearningError?
            var generalError: LearningError?
            do { _ = try fast(path, chunkSize: 3) } catch { fastError = error }
            do { _ = try general(path) } catch { generalError = error }
            #expect(fastError != nil && fastError?.line == generalError?.line && fastError?.column == generalError?.column,
                    "\(text.debugDescription): \(String(describing: fastError)) vs \(String(describing: generalError))")
        }
    }

    @Test func aMonitorCanStopALoadAndSeesProgress() throws {
        var text = "x,y\n"
        for i in 0..<5000 { text += "\(i),\(i % 7)\n" }
        let path = try Support.temporaryFile(text)
        var checks = 0
        let stopping = LoadMonitor(rowsBetweenChecks: 1000, shouldStop: { checks += 1; return checks == 3 })
        do {
            _ = try fast(path, monitor: stopping)
            Issue.record("the load was not stopped")
        } catch {
            #expect(error.message.contains("stopped") && error.line == 3001)
        }
        var reports: [LoadProgress] = []
        let watching = LoadMonitor(rowsBetweenChecks: 1000, progressDelay: 0, progress: { reports.append($0) })
        let set = try #require(try fast(path, monitor: watching))
        #expect(set.rowCount == 5000 && !reports.isEmpty)
        #expect(reports.allSatisfy { $0.totalBytes == text.utf8.count && $0.fraction > 0 && $0.fraction <= 1 })
        #expect(reports.map(\.rows) == reports.map(\.rows).sorted())
    }
}
