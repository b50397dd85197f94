import Foundation
import Testing
@testable import HyperLabApp

/// `export` never overwrites without --force; `~` means $HOME of the environment for `use` and `export`.
@Suite("export and paths")
struct ExportAndPathTests {
    static func session(home: String) -> LabSession {
        let environment = AppEnvironment.resolve(datasets: BuiltBinary.packageRoot.appendingPathComponent("Datasets").path,
                                                 lessons: BuiltBinary.packageRoot.appendingPathComponent("Lessons").path,
                                                 width: 80, height: 20, color: .never, variables: ["NO_COLOR": "1", "HOME": home])
        return LabSession(environment: environment)
    }

    static func scratch() throws -> String {
        let path = NSTemporaryDirectory() + "hyperlab-export-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func exportRefusesToOverwriteWithoutForce() throws {
        let home = try Self.scratch()
        let session = Self.session(home: home)
        _ = session.execute("set epochs 5")
        let first = session.execute("export ~/run.csv")
        #expect(LabSessionTests.errors(first).isEmpty, "\(first)")
        let written = try String(contentsOfFile: home + "/run.csv", encoding: .utf8)
        try "keep me".write(toFile: home + "/run.csv", atomically: true, encoding: .utf8)
        let second = LabSessionTests.errors(session.execute("export ~/run.csv"))
        #expect(second.count == 1 && second[0].contains("--force"))
        #expect(try String(contentsOfFile: home + "/run.csv", encoding: .utf8) == "keep me")
        #expect(LabSessionTests.errors(session.execute("export ~/run.csv --force")).isEmpty)
        #expect(try String(contentsOfFile: home + "/run.csv", encoding: .utf8) == written)
        try FileManager.default.createDirectory(atPath: home + "/folder.csv", withIntermediateDirectories: true)
        let folder = LabSessionTests.errors(session.execute("export ~/folder.csv --force"))
        #expect(folder.count == 1 && folder[0].contains("not a regular file"))
        #expect(LabSessionTests.errors(session.execute("export ~/x.csv --forse")).first?.contains("unknown option") == true)
    }

    @Test func useExpandsTildeFromHome() throws {
        let home = try Self.scratch()
        try "a,b,y\n1,2,3\n2,3,5\n3,1,4\n4,4,8\n5,0,5\n6,2,8\n".write(toFile: home + "/tiny.csv", atomically: true, encoding: .utf8)
        let session = Self.session(home: home)
        let outputs = session.execute("use ~/tiny.csv")
        #expect(LabSessionTests.errors(outputs).isEmpty, "\(outputs)")
        #expect(session.datasetName == home + "/tiny.csv")
        #expect(session.environment.expandingHome("~other/x") == "~other/x")
        #expect(session.environment.expandingHome("~") == home)
    }
}
