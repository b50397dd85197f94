// Times the lesson and question readers on given files (build and run: bench/fuzz/time.sh FILE...).
// For each file: milliseconds to read it as a lesson and as a question file (median of 5), the
// number of messages and the bytes of message text each gave.
import Foundation
import Teaching

/// hyperlab's lab command words (`CommandCatalog.words` in the app, which this harness does not link).
let policy = CommandPolicy(allowedCommands: ["help", "?", "datasets", "use", "dataset", "models", "model", "set", "unset",
                                             "show", "settings", "params", "weights", "train", "run", "continue", "reset",
                                             "plot", "runs", "compare", "export", "share", "sweep", "learning-curve", "tune",
                                             "quit", "exit", "q"])

/// Median milliseconds of 5 runs of `body`, and its last result.
func timed<T>(_ body: () -> T) -> (Double, T) {
    var times: [Double] = []
    var result = body()
    for _ in 0..<5 {
        let start = DispatchTime.now().uptimeNanoseconds
        result = body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    return (times.sorted()[2], result)
}

for path in CommandLine.arguments.dropFirst() {
    guard let data = FileManager.default.contents(atPath: path) else { print("\(path): cannot read"); continue }
    let text = String(decoding: data, as: UTF8.self)
    let name = (path as NSString).lastPathComponent
    let (lessonMs, book) = timed { LessonBook.parse([(path: name.hasSuffix(".md") ? "01-timing.md" : name, text: text)], policy: policy) }
    let (quizMs, quiz) = timed { QuestionBank.parse([(path: name, text: text)]) }
    let lessonBytes = book.errors.map(\.description).joined(separator: "\n").utf8.count
    let quizBytes = quiz.errors.map(\.description).joined(separator: "\n").utf8.count
    print(String(format: "%@ (%d bytes): lesson %.1f ms, %d messages (%d bytes), %d steps; questions %.1f ms, %d messages (%d bytes)",
                 name, data.count, lessonMs, book.errors.count, lessonBytes, book.lessons.first?.steps.count ?? 0,
                 quizMs, quiz.errors.count, quizBytes))
    if let first = book.errors.first { print("  first lesson message: \(first)") }
}
