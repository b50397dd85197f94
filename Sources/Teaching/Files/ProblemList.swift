/// The problems found in one teacher's file, bounded: the first
/// `TeacherText.maximumProblemsPerFile` are kept, the rest only counted, and `finish()` adds one
/// line saying how many more there were. Shared by the lesson and question readers.
struct ProblemList {
    /// The problems kept, in the order found.
    private(set) var shown: [TeachingError] = []
    /// The problems counted but not kept.
    private(set) var suppressed = 0

    /// Every problem found so far, kept or not (a part of a file is sound when this did not grow).
    var count: Int { shown.count + suppressed }

    /// Keeps `problem`, or counts it once `TeacherText.maximumProblemsPerFile` are kept.
    mutating func add(_ problem: TeachingError) {
        guard shown.count < TeacherText.maximumProblemsPerFile else { suppressed += 1; return }
        shown.append(problem)
    }

    /// Adds the line about the problems not kept (naming `file`), if any.
    mutating func finish(file: String) {
        guard suppressed > 0 else { return }
        shown.append(.moreProblems(file: file, count: suppressed))
        suppressed = 0
    }
}
