import Vocabulary
import Foundation
import Testing
@testable import Teaching

/// A quiz file's text with `questions` under a valid top.
private func quizFile(_ questions: String) -> String {
    "topic: demo\ntitle: Demo\nquestions:\n" + questions
}

/// A valid true-false question with `prompt` (already quoted as YAML needs).
private func trueFalse(id: String, prompt: String) -> String {
    "  - id: \(id)\n    type: true-false\n    prompt: \(prompt)\n    answer: yes\n    explanation: Because.\n"
}

/// True when `text` holds a C0 or C1 control character other than LF and tab.
private func hasControlCharacters(_ text: String) -> Bool {
    text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F..<0xA0).contains($0.value) }
}

@Suite struct YAMLBombTests {
    /// The "billion laughs" alias bomb (nine levels of ten aliases) used as a mapping key: Yams
    /// would hash 10⁹ nodes to check duplicate keys. Refused before parsing, with one message.
    static let aliasBomb: String = {
        var lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for level in 1...9 {
            let aliases = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            lines.append("a\(level): &a\(level) [\(aliases)]")
        }
        lines.append("? *a9\n: boom")
        return lines.joined(separator: "\n") + "\n"
    }()

    @Test func anAliasBombAsAMappingKeyIsRefusedAtOnceInAQuestionFile() {
        #expect(Self.aliasBomb.utf8.count < 700)
        let (bank, errors) = QuestionBank.parse([("bomb.yaml", Self.aliasBomb)])
        #expect(bank.questions.isEmpty)
        #expect(errors.count == 1)
        #expect(errors.first?.line == 1)
        #expect(errors.first?.message.hasPrefix("YAML anchors (`&name`) and aliases (`*name`) are not allowed") == true)
    }

    @Test func anAliasBombInALessonBlockIsRefusedAtOnce() {
        let indented = Self.aliasBomb.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
        let lesson = LessonFixtures.sample.replacingOccurrences(of: "```yaml\nrecap:", with: "```yaml\nrecap:\n\(indented)\n```\n\n```yaml\nrecap:")
        let book = LessonFixtures.parse(lesson)
        #expect(book.lessons.isEmpty)
        #expect(book.errors.contains { $0.message.hasPrefix("YAML anchors") })
        #expect(book.errors.count <= TeacherText.maximumProblemsPerFile + 1)
    }

    /// A 1 MB string anchored once and reused 20 times (21 MB if every use were printed): one
    /// short message, whatever the shape (the file is over the line bound, and anchors are refused).
    @Test func aLargeAnchoredStringReusedTwentyTimesGivesOneShortMessage() {
        let big = String(repeating: "x", count: 1_000_000)
        let onOneLine = "big: &big \(big)\n" + (1...20).map { "k\($0): *big\n" }.joined()
        let wrapped = "big: &big >\n" + stride(from: 0, to: big.count, by: 100).map { _ in "  " + String(repeating: "x", count: 100) }.joined(separator: "\n")
            + "\n" + (1...20).map { "? *big\n: \($0)\n" }.joined()
        for text in [onOneLine, wrapped] {
            let (_, errors) = QuestionBank.parse([("big.yaml", text)])
            #expect(errors.count == 1)
            #expect(errors.map(\.description).joined().utf8.count < 700, "\(errors.map(\.description).joined().prefix(700))")
        }
    }

    /// Without anchors, long texts in many error messages are cut: every message is short and a
    /// file gives at most `maximumProblemsPerFile` messages plus one line counting the rest.
    @Test func everyMessageIsShortAndTheirNumberBounded() {
        // 1000 characters: YAML allows at most 1024 before the `:` of a plain key.
        let key = String(repeating: "k", count: 1_000)
        let text = quizFile((1...100).map { "  - id: q\($0)\n    type: true-false\n    prompt: P\n    answer: yes\n    explanation: E\n    \(key)\($0): 1\n" }.joined())
        let (bank, errors) = QuestionBank.parse([("keys.yaml", text)])
        #expect(bank.questions.isEmpty)
        #expect(errors.count == TeacherText.maximumProblemsPerFile + 1)
        #expect(errors.allSatisfy { $0.message.count <= TeacherText.maximumMessageCharacters + 1 })
        #expect(errors.last?.message == "80 more problems not shown; fix the ones above first")
    }

    @Test func deepNestingIsRefusedBeforeParsing() {
        let brackets = "x: " + String(repeating: "[\n", count: 100_000) + String(repeating: "]\n", count: 100_000)
        let dashes = "x:\n  " + String(repeating: "- ", count: 5_000) + "a\n"
        for text in [brackets, dashes] {
            let (_, errors) = QuestionBank.parse([("deep.yaml", text)])
            #expect(errors.count == 1)
            #expect(errors.first?.message.contains("nest") == true, "\(errors)")
        }
        // Ordinary nesting and an `&` inside a word or before a space are fine.
        #expect(YAMLPrescan.problem(in: "a: {b: [c, {d: e}]}\nq: R&D & more, Q&A\n") == nil)
    }
}

@Suite struct FileBoundsTests {
    @Test func aFileOverTwoMebibytesAndALineOverSixteenKibibytesAreRefusedWithTheirSize() {
        let huge = quizFile(String(repeating: "# filler line of a large file\n", count: 80_000))
        let (_, sizeErrors) = QuestionBank.parse([("huge.yaml", huge)])
        #expect(sizeErrors.map(\.description) == ["huge.yaml: the file has \(huge.utf8.count) bytes; lesson and question files may have at most 2097152 (2 MiB); split it"])
        let longLine = "# Title\n\nword " + String(repeating: "w", count: 20_000) + "\n"
        let book = LessonFixtures.parse(longLine)
        #expect(book.errors.map(\.description) == ["lessons/01-sample.md:3: the line is longer than 16384 bytes; break it into shorter lines"])
    }

    /// 40,000 identical `##` headings (480 KB): each step gets its own id in linear time.
    @Test func fortyThousandIdenticalHeadingsLoadWithUniqueStepIDs() throws {
        var text = LessonFixtures.sample
        text += "\n" + String(repeating: "## Same\n\nText.\n", count: 40_000)
        let book = LessonFixtures.parse(text)
        #expect(book.errors == [])
        let lesson = try #require(book.lessons.first)
        let ids = lesson.steps.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(ids.suffix(2) == ["same-39999", "same-40000"])
    }

    @Test func aFIFOAndAFolderNamedLikeLessonsAreReportedNotRead() throws {
        let folder = try LessonFixtures.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(mkfifo(folder + "/01-pipe.md", 0o600) == 0)
        #expect(mkdir(folder + "/02-folder.md", 0o700) == 0)
        try LessonFixtures.sample.write(toFile: folder + "/03-sample.md", atomically: true, encoding: .utf8)
        let fd = open(folder + "/04-large.md", O_WRONLY | O_CREAT, 0o600)
        #expect(ftruncate(fd, 3_000_000) == 0)
        close(fd)
        let book = LessonBook.load(directory: folder, allowedCommands: LessonFixtures.fixtureWords)
        #expect(book.lessons.map(\.id) == ["sample"])
        #expect(book.errors.map(\.description) == [
            folder + "/01-pipe.md: not a regular file (a folder, pipe or device); remove it or rename it",
            folder + "/02-folder.md: not a regular file (a folder, pipe or device); remove it or rename it",
            folder + "/04-large.md: the file has 3000000 bytes; lesson and question files may have at most 2097152 (2 MiB); split it",
        ])
    }
}

@Suite struct SanitizingTests {
    static let osc52 = "\u{1B}]52;c;cm0gLXJmIH4=\u{07}"
    static let osc0 = "\u{1B}]0;owned\u{07}"

    @Test func lessonTitlesProseAndValuesComeOutEscaped() throws {
        var text = LessonFixtures.sample
        text = text.replacingOccurrences(of: "# Sample lesson", with: "# Sample \(Self.osc0)lesson")
        text = text.replacingOccurrences(of: "Some words of introduction.", with: "Some words\(Self.osc52) of introduction.\u{9B}31m")
        // A YAML escape makes the control character only when parsed.
        text = text.replacingOccurrences(of: "goal: Make it diverge.", with: "goal: \"Make it \\e]0;x\\a diverge.\"")
        let book = LessonFixtures.parse(text)
        #expect(book.errors == [])
        let lesson = try #require(book.lessons.first)
        #expect(lesson.title == "Sample \\x1b]0;owned\\x07lesson")
        #expect(lesson.steps[0].prose == "Some words\\x1b]52;c;cm0gLXJmIH4=\\x07 of introduction.\\u009b31m")
        guard case .experiment(let experiment) = lesson.steps[1].kind else { Issue.record("no experiment"); return }
        #expect(experiment.goal == "Make it \\x1b]0;x\\x07 diverge.")
        #expect(!hasControlCharacters("\(lesson)"))
    }

    @Test func quizPromptsAndErrorExcerptsComeOutEscaped() throws {
        let text = quizFile(trueFalse(id: "a", prompt: "\"Is it \\e]52;c;eA==\\a safe?\"") + "    \u{1B}]0;key\u{07}: 1\n"
                            + trueFalse(id: "b", prompt: "Plain \u{1B}[2J clear"))
        let (bank, errors) = QuestionBank.parse([("esc\u{1B}.yaml", text)])
        #expect(bank.question(id: "b")?.prompt == "Plain \\x1b[2J clear")
        #expect(errors.count == 1)
        let message = try #require(errors.first?.description)
        #expect(message == "esc\\x1b.yaml:9: unknown key '\\x1b]0;key\\x07' in a true-false question; known keys: id, topic, type, prompt, hints, explanation, model-answer, answer")
        #expect(!hasControlCharacters(message))
    }
}

@Suite struct LessonPathsTests {
    @Test func pathsResolveInsideTheLessonOrDatasetsFolderOnly() throws {
        let root = try LessonFixtures.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let lessons = root + "/lessons", datasets = root + "/datasets"
        for folder in [lessons, lessons + "/extra", datasets, lessons + "/folder.csv"] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        try "x,y\n1,2\n".write(toFile: lessons + "/data.csv", atomically: true, encoding: .utf8)
        try "x,y\n1,2\n".write(toFile: lessons + "/extra/houses.csv", atomically: true, encoding: .utf8)
        try "x,y\n1,2\n".write(toFile: datasets + "/shared.csv", atomically: true, encoding: .utf8)
        try "secret\n".write(toFile: root + "/secret.csv", atomically: true, encoding: .utf8)
        #expect(symlink("/etc/passwd", lessons + "/passwd.csv") == 0)
        #expect(symlink("../secret.csv", lessons + "/sneaky.csv") == 0)
        #expect(symlink("data.csv", lessons + "/alias.csv") == 0)
        #expect(symlink("missing.csv", lessons + "/dangling.csv") == 0)
        #expect(symlink(lessons, root + "/linked-lessons") == 0)
        let real = try #require(LessonPaths.realPath(root))

        func resolve(_ name: String, in folder: String = lessons) -> Result<String, TeachingError> {
            do throws(TeachingError) {
                return .success(try LessonPaths.resolve(name, lessonFolder: folder, datasetsFolder: datasets).path)
            } catch { return .failure(error) }
        }
        #expect(resolve("data.csv") == .success(real + "/lessons/data.csv"))
        #expect(resolve("extra/houses.csv") == .success(real + "/lessons/extra/houses.csv"))
        #expect(resolve("shared.csv") == .success(real + "/datasets/shared.csv"))
        #expect(resolve("alias.csv") == .success(real + "/lessons/data.csv"))
        #expect(resolve("data.csv", in: root + "/linked-lessons") == .success(real + "/lessons/data.csv"))
        let refused = ["passwd.csv", "sneaky.csv", "dangling.csv", "folder.csv", "../secret.csv", "/etc/passwd.csv",
                       "~/x.csv", "./data.csv", "extra//houses.csv", "data.txt", "missing.csv", ""]
        for name in refused {
            guard case .failure(let error) = resolve(name) else { Issue.record("\(name) was accepted"); continue }
            #expect(!error.message.isEmpty)
        }
        guard case .failure(let error) = resolve("passwd.csv") else { return }
        #expect(error.message.contains("leads outside the folder"))
        #expect(resolve("data.txt") == .failure(.dataPathNotCSV("data.txt")))

        let command = try LessonPaths.resolveCommand("use extra/houses.csv --target y", lessonFolder: lessons,
                                                     datasetsFolder: datasets, builtInDatasets: ["iris"])
        #expect(command == "use \(real)/lessons/extra/houses.csv --target y")
        #expect(try LessonPaths.resolveCommand("use iris", lessonFolder: lessons, datasetsFolder: datasets, builtInDatasets: ["iris"]) == "use iris")
        #expect(try LessonPaths.resolveCommand("set lr 0.1", lessonFolder: lessons, datasetsFolder: datasets, builtInDatasets: []) == "set lr 0.1")
        #expect(throws: TeachingError.self) {
            try LessonPaths.resolveCommand("use passwd.csv", lessonFolder: lessons, datasetsFolder: datasets, builtInDatasets: [])
        }
    }
}
