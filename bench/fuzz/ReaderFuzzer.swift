// libFuzzer target for the lesson and question readers (build and run: bench/fuzz/run.sh).
// Each input is read as a lesson file and as a question file; the run stops on a crash, on an
// input that takes longer than libFuzzer's -timeout, or when an invariant below fails.
import Teaching

/// The command words a lesson may use (the app passes its real catalogue; these are enough here).
let policy = CommandPolicy(allowedCommands: ["use", "model", "set", "unset", "train", "run", "continue", "reset",
                                             "plot", "show", "compare", "runs", "help"])

/// True when `text` holds a C0/C1 control character other than LF and tab.
func hasControlCharacters(_ text: String) -> Bool {
    text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F..<0xA0).contains($0.value) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let book = LessonBook.parse([(path: "01-fuzz.md", text: text)], policy: policy)
    let (bank, errors) = QuestionBank.parse([(path: "fuzz.yaml", text: text)])
    let problems = book.errors + errors
    // At most 20 messages per file plus one line counting the rest, each at most 600 characters.
    precondition(book.errors.count <= 21 && errors.count <= 21, "too many messages")
    precondition(problems.allSatisfy { $0.message.count <= 601 }, "a message is too long")
    let shown = problems.map(\.description)
        + book.lessons.flatMap { lesson in [lesson.title, lesson.summary] + lesson.steps.flatMap { [$0.title, $0.prose] } }
        + bank.questions.flatMap { [$0.prompt, $0.explanation] + $0.hints }
    precondition(!shown.contains(where: hasControlCharacters), "a control character reached the output")
    return 0
}
