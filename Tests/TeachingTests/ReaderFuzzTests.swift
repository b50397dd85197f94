import Vocabulary
import Foundation
import Testing
@testable import Teaching

/// A seeded fuzz of the lesson and question readers: the shipped lessons and question files,
/// mutated with hostile pieces (anchors and aliases, deep brackets, terminal escapes, fences,
/// headings, NUL and CR bytes, long runs, cut and repeated ranges). Each input must be read
/// without a crash, within a bounded time, with a bounded number of short messages, and with no
/// control character in anything a learner would see. Runs for about `budget` seconds with a
/// fixed seed, so a failure repeats; the seed and the input size are in the failure message.
/// Longer runs: bench/fuzz (libFuzzer).
@Suite struct ReaderFuzzTests {
    static let budget: TimeInterval = 5
    static let seed: UInt64 = 0x5EED_F022

    static let pieces = ["&a ", "*a", "&x [a, *x]\n", "? *a\n: b\n", "[", "{", "]", "}", "[[[[[[[[", "\u{1B}]52;c;eA==\u{07}",
                         "\u{1B}]0;t\u{07}", "\u{9B}2J", "\"\\e]52;c;eA==\\a\"", "## ", "## Same\n", "# T\n", "```yaml\n", "```\n",
                         ": ", "- ", "\t", "\u{0}", "\r\n", "\r", "\n", "'", "\"", "\\", "!!binary ", "%YAML 1.1\n", "---\n",
                         "<<: *a\n", "{placeholder}", "use ../../etc/passwd.csv", "- point: p\n  phrases: [x]\n", "é", "🎯"]

    @Test func mutatedLessonsAndQuestionFilesAreReadSafely() throws {
        let root = URL(fileURLWithPath: LessonFixtures.lessonsDirectory)
        let lessonSeeds = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasSuffix(".md") && $0 != "README.md" }
            .map { try String(contentsOf: root.appendingPathComponent($0), encoding: .utf8) } + [LessonFixtures.sample]
        let quizSeeds = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("quiz").path)
            .map { try String(contentsOf: root.appendingPathComponent("quiz").appendingPathComponent($0), encoding: .utf8) }
        #expect(!lessonSeeds.isEmpty && !quizSeeds.isEmpty)

        var generator = SeededGenerator(seed: Self.seed)
        let start = Date()
        var count = 0
        while Date().timeIntervalSince(start) < Self.budget || count < 20 {
            let isLesson = count % 2 == 0
            let seeds = isLesson ? lessonSeeds : quizSeeds
            let text = Self.mutate(seeds[generator.below(seeds.count)], generator: &generator)
            let began = Date()
            let shown: [String]
            let problems: [TeachingError]
            if isLesson {
                let book = LessonFixtures.parse(text, name: "01-fuzz.md")
                problems = book.errors
                shown = book.lessons.flatMap { lesson in [lesson.title, lesson.summary] + lesson.steps.flatMap { [$0.title, $0.prose] } }
            } else {
                let (bank, errors) = QuestionBank.parse([("fuzz.yaml", text)])
                problems = errors
                shown = bank.questions.flatMap { [$0.prompt, $0.explanation] + $0.hints } + bank.topics.map(\.title)
            }
            let seconds = Date().timeIntervalSince(began)
            let context = "input \(count) (\(text.utf8.count) bytes) of seed \(Self.seed)"
            #expect(seconds < 2, "\(context) took \(seconds) s")
            #expect(problems.count <= TeacherText.maximumProblemsPerFile + 1, "\(context): \(problems.count) problems")
            #expect(problems.allSatisfy { $0.message.count <= TeacherText.maximumMessageCharacters + 1 }, "\(context)")
            let visible = problems.map(\.description) + shown
            #expect(!visible.contains { text in
                text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F..<0xA0).contains($0.value) }
            }, "\(context): a control character reached the output")
            count += 1
        }
        print("ReaderFuzzTests: \(count) inputs in \(String(format: "%.1f", Date().timeIntervalSince(start))) s, seed \(Self.seed)")
    }

    /// `text` with 1 to 8 random edits: insert a hostile piece, repeat a piece up to 5,000 times,
    /// delete a range, duplicate a range, or replace a byte.
    static func mutate(_ text: String, generator: inout SeededGenerator) -> String {
        var scalars = Array(text.unicodeScalars)
        for _ in 0..<(1 + generator.below(8)) {
            let position = generator.below(scalars.count + 1)
            switch generator.below(5) {
            case 0:
                scalars.insert(contentsOf: pieces[generator.below(pieces.count)].unicodeScalars, at: position)
            case 1:
                let piece = pieces[generator.below(pieces.count)]
                let repeated = String(repeating: piece, count: 1 + generator.below(5_000))
                scalars.insert(contentsOf: repeated.unicodeScalars, at: position)
            case 2:
                let end = min(scalars.count, position + generator.below(200))
                scalars.removeSubrange(position..<end)
            case 3:
                let end = min(scalars.count, position + generator.below(2_000))
                let slice = Array(scalars[position..<end])
                for _ in 0..<(1 + generator.below(20)) { scalars.insert(contentsOf: slice, at: position) }
            default:
                if position < scalars.count, let scalar = Unicode.Scalar(UInt32(generator.below(0xA0))) { scalars[position] = scalar }
            }
        }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars)
        return String(result)
    }
}
