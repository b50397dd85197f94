import Foundation
import Testing
@testable import HyperLabApp

/// The progress report never counts fewer lessons without saying so.
@Suite("report with broken lesson files")
struct ReportNoteTests {
    @Test func aBrokenLessonFileIsNamedInANote() throws {
        let home = BuiltBinary.temporaryHome()
        let lessons = home.appendingPathComponent("lessons")
        try FileManager.default.createDirectory(at: lessons, withIntermediateDirectories: true)
        let shipped = BuiltBinary.packageRoot.appendingPathComponent("Lessons/01-parameters.md")
        try FileManager.default.copyItem(at: shipped, to: lessons.appendingPathComponent("01-parameters.md"))
        try "broken\n".write(to: lessons.appendingPathComponent("02-broken.md"), atomically: true, encoding: .utf8)
        let environment = AppEnvironment.resolve(datasets: BuiltBinary.packageRoot.appendingPathComponent("Datasets").path,
                                                 lessons: lessons.path, color: .never,
                                                 variables: ["HOME": home.path, "NO_COLOR": "1"])
        let console = LabConsole(lab: LabSession(environment: environment))
        let texts = console.execute("report").compactMap { output -> String? in
            if case .text(let text) = output { return text } else { return nil }
        }
        #expect(texts.contains { $0.hasPrefix("note: 1 problem(s) in the lesson files, so the report counts only the 1 lessons that loaded") },
                "\(texts)")
        #expect(texts.contains { $0.contains("02-broken.md:1") })
    }
}
