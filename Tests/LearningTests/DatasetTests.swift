import Vocabulary
import Foundation
import Testing
@testable import Learning

@Suite struct DatasetTests {
    @Test(arguments: [
        ("breast-cancer", 569, 30, 2), ("diabetes", 442, 10, 0), ("digits", 1797, 64, 10),
        ("iris", 150, 4, 3), ("wine", 178, 13, 3),
    ])
    func realDatasetsLoadWithTheirShapes(_ name: String, _ rows: Int, _ features: Int, _ classes: Int) throws {
        let data = try Support.load(name)
        #expect(data.rowCount == rows && data.featureCount == features)
        #expect(data.task.classes.count == classes)
        #expect(data.warnings.isEmpty || name == "digits")      // digits has pixels that are always 0
        #expect(DatasetCatalog.summary(of: name)?.contains("\(rows) rows x \(features) features") == true)
    }

    @Test func classLabelsAreSortedAndIndexed() throws {
        let cancer = try Support.load("breast-cancer")
        #expect(cancer.task == .classification(classes: ["benign", "malignant"]))
        #expect(cancer.targets[0] == 1)                          // the first row is malignant
        let digits = try Support.load("digits")
        #expect(digits.task.classes == (0...9).map(String.init))
        #expect(digits.warnings.contains { $0.contains("constant column 'px0'") })
        let wine = try Support.load("wine")
        #expect(wine.featureNames.contains("od280/od315_of_diluted_wines"))
        let diabetes = try Support.load("diabetes")
        #expect(diabetes.task == .regression && diabetes.targets[0] == 151)
    }

    @Test(arguments: ["circles", "xor", "spiral", "gaussians", "sine", "plane"])
    func syntheticSetsAreSeeded(_ name: String) throws {
        let a = try DatasetCatalog.load(name, datasetsDirectory: "", seed: 4)
        let b = try DatasetCatalog.load(name, datasetsDirectory: "", seed: 4)
        let c = try DatasetCatalog.load(name, datasetsDirectory: "", seed: 5)
        #expect(a.features == b.features && a.targets == b.targets)
        #expect(a.features != c.features)
        let quiet = try DatasetCatalog.load(name, datasetsDirectory: "", seed: 4, noise: 0)
        #expect(quiet.features != a.features || quiet.targets != a.targets)
        #expect(throws: LearningError.self) { try DatasetCatalog.load(name, datasetsDirectory: "", noise: -1) }
        #expect(DatasetCatalog.summary(of: name) != nil)
    }

    @Test func noiselessSetsFollowTheirFormulas() throws {
        let sine = try DatasetCatalog.load("sine", datasetsDirectory: "", noise: 0)
        for i in 0..<sine.rowCount { #expect(abs(sine.targets[i] - sin(2 * Double.pi * sine.features[i, 0])) < 1e-12) }
        let plane = try DatasetCatalog.load("plane", datasetsDirectory: "", noise: 0)
        for i in 0..<plane.rowCount {
            #expect(abs(plane.targets[i] - (3 * plane.features[i, 0] - 2 * plane.features[i, 1] + 1)) < 1e-12)
        }
        let circles = try DatasetCatalog.load("circles", datasetsDirectory: "", noise: 0)
        for i in 0..<circles.rowCount {
            let r = (circles.features[i, 0] * circles.features[i, 0] + circles.features[i, 1] * circles.features[i, 1]).squareRoot()
            #expect(abs(r - (circles.targets[i] == 1 ? 1 : 0.5)) < 1e-12)
        }
    }

    @Test func userCSVWithTargetByNameAndForcedClassification() throws {
        let path = try Support.temporaryFile("a,label,b\n1,x,2\n3,y,4\n5,x,6\n")
        // By default the target is the last column, so the text column 'label' is a feature: an error.
        #expect(throws: LearningError.self) { try DatasetCatalog.load(path, datasetsDirectory: "") }
        let named = try DatasetCatalog.load(path, datasetsDirectory: "", target: "label")
        #expect(named.task == .classification(classes: ["x", "y"]))
        #expect(named.featureNames == ["a", "b"])
        #expect(named.features == Matrix(rows: 3, columns: 2, values: [1, 2, 3, 4, 5, 6]))
        let numeric = try Support.temporaryFile("a,b\n1,10\n3,2\n5,10\n")
        let regression = try DatasetCatalog.load(numeric, datasetsDirectory: "")
        #expect(regression.task == .regression && regression.targetName == "b" && regression.targets == [10, 2, 10])
        let forced = try DatasetCatalog.load(numeric, datasetsDirectory: "", classification: true)
        #expect(forced.task == .classification(classes: ["2", "10"]))      // numeric labels in numeric order
        #expect(forced.targets == [1, 0, 1])
        #expect(throws: LearningError.self) { try DatasetCatalog.load(path, datasetsDirectory: "", target: "nope") }
        // Quoted fields and CRLF line ends are the CSV library's business.
        let quoted = try Support.temporaryFile("\"first, value\",target\r\n\"1.5\",a\r\n2.5,b\r\n")
        let q = try DatasetCatalog.load(quoted, datasetsDirectory: "")
        #expect(q.featureNames == ["first, value"] && q.features.values == [1.5, 2.5])
    }

    func error(_ contents: String) throws -> LearningError {
        let path = try Support.temporaryFile(contents)
        do {
            _ = try DatasetCatalog.load(path, datasetsDirectory: "")
        } catch {
            return error
        }
        Issue.record("no error for \(contents.debugDescription)")
        return .dataFile(file: "", problem: "")
    }

    @Test func badFilesNameFileLineAndColumn() throws {
        let empty = try error("")
        #expect(empty.message.contains("empty") && empty.file != nil)
        let headerOnly = try error("a,b,c\n")
        #expect(headerOnly.message.contains("no data rows") && headerOnly.line == 2)
        let ragged = try error("a,b,c\n1,2,3\n4,5\n")
        #expect(ragged.line == 3 && ragged.message.contains("2 fields") && ragged.message.contains("3 columns"))
        let text = try error("a,b,c\n1,2,3\n4,hello,6\n")
        #expect(text.line == 3 && text.column == 2 && text.message.contains("'hello'") && text.message.contains("not a number"))
        let missing = try error("a,b,c\n1,2,3\n4,,6\n")
        #expect(missing.line == 3 && missing.column == 2 && missing.message.contains("missing value"))
        let oneClass = try error("a,b,c\n1,2,x\n4,5,x\n")
        #expect(oneClass.message.contains("one class") && oneClass.column == 3)
        #expect(ragged.description.hasPrefix(ragged.file! + ":3:"))
        // Blank lines do not count as rows but do count as lines.
        let afterBlank = try error("a,b,c\n1,2,3\n\n3,q,4\n")
        #expect(afterBlank.line == 4)
    }

    @Test func constantColumnWarnsAndKeepsGoing() throws {
        let path = try Support.temporaryFile("a,b,c\n1,7,0\n2,7,1\n3,7,0\n")
        let data = try DatasetCatalog.load(path, datasetsDirectory: "")
        #expect(data.rowCount == 3)
        #expect(data.warnings.count == 1 && data.warnings[0].contains("constant column 'b'"))
    }

    @Test func nonTextAndMissingFilesAreErrors() throws {
        let binary = try Support.temporaryFile(Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00]), name: "image.png")
        #expect(throws: LearningError.self) { try DatasetCatalog.load(binary, datasetsDirectory: "") }
        do {
            _ = try DatasetCatalog.load(binary, datasetsDirectory: "")
        } catch {
            #expect(error.message.contains("not a text file"))
        }
        let latin1 = try Support.temporaryFile(Data([0x61, 0x2C, 0x62, 0x0A, 0x31, 0x2C, 0xE9, 0x0A]))
        #expect(throws: LearningError.self) { try DatasetCatalog.load(latin1, datasetsDirectory: "") }
        #expect(throws: LearningError.self) { try DatasetCatalog.load("/nonexistent/file.csv", datasetsDirectory: "") }
        #expect(throws: LearningError.unknownDataset("no-such-set", known: DatasetCatalog.allNames)) { try DatasetCatalog.load("no-such-set", datasetsDirectory: "") }
        #expect(throws: LearningError.self) { try DatasetCatalog.load("iris", datasetsDirectory: "/nonexistent") }
    }

    @Test func errorDescriptionLeavesOutUnknownParts() {
        #expect(LearningError.dataFile(file: "f.csv", line: 3, column: 2, problem: "m").description == "f.csv:3:2: m")
        #expect(LearningError.dataFile(file: "f.csv", line: 3, problem: "m").description == "f.csv:3: m")
        #expect(LearningError.dataFile(file: "f.csv", problem: "m").description == "f.csv: m")
        #expect(LearningError.targetOnSyntheticSet("plane").description == LearningError.targetOnSyntheticSet("plane").message)
    }
}
