import Vocabulary
import Foundation
@testable import Teaching

/// Support for the lesson tests.
enum LessonFixtures {
    /// Command words for the fixture lessons of these tests. Teaching takes the allowed and refused
    /// words as parameters (the app passes its registry's `CommandRegistry.lessonWords` and
    /// `refusedInLessons`; the shipped lessons are checked with those in HyperLabAppTests), so these
    /// tests pass a small set of their own, not a copy of the app's list.
    static let fixtureWords = ["help", "use", "model", "set", "unset", "show", "weights", "train", "run", "runs",
                               "continue", "plot", "tune"]

    /// Words the fixture policy refuses (as the app refuses commands that write files or leave).
    static let refusedWords = ["export", "quit"]

    static let policy = CommandPolicy(allowedCommands: fixtureWords, refusedCommands: refusedWords)

    /// The package's Lessons/ folder, found from this file's path.
    static var lessonsDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Lessons").path
    }

    /// A fresh temporary directory.
    static func scratchDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hyperlab-lessons-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    /// Parses one lesson file given as text.
    static func parse(_ text: String, name: String = "01-sample.md") -> LessonBook {
        LessonBook.parse([(path: "lessons/" + name, text: text)], policy: policy)
    }

    /// The 1-based line of the first line of `text` containing `marker`.
    static func line(of marker: String, in text: String) -> Int? {
        text.components(separatedBy: "\n").firstIndex { $0.contains(marker) }.map { $0 + 1 }
    }

    /// A small lesson with every step kind: intro, setup + experiment, choice question, numeric question, prose.
    static let sample = """
    # Sample lesson

    ```yaml
    lesson:
      summary: a lesson for the tests
      covers: [fact-3, review-1]
    ```

    Some words of introduction.

    ## Blow it up

    The prose of the experiment.

    ```yaml
    setup:
      dataset: plane
      model: linear
      seed: 7
      hyperparameters:
        batch-size: full
        lr: 0.5
    ```

    ```yaml
    try:
      - plot loss
    ```

    ```yaml
    experiment:
      goal: Make it diverge.
      expect:
        diverged: true
      solution:
        - set learning-rate 2
      hints:
        - first hint
        - second hint
      explain: It blew up at epoch {diverged_at} with rate {hyperparameter.learning-rate}.
    ```

    ## Pick one

    ```yaml
    question:
      type: choice
      prompt: Which is learned?
      choices:
        - the weights
        - the learning rate
      answer: the weights
      hints: [think]
      explanation: Weights are parameters.
    ```

    ## Count

    ```yaml
    question:
      type: numeric
      prompt: How many?
      answer: 3
      tolerance: 0.5
      explanation: Two weights and a bias.
    ```

    ## The end

    Closing words.

    ```yaml
    recap:
      - a point to remember
    ```
    """

    /// Facts of a run, with defaults for what a test does not care about.
    static func facts(train: [Double], validation: [Double]? = nil, trainAccuracy: [Double]? = nil,
                      validationAccuracy: [Double]? = nil, diverged: Bool = false, divergedAt: Int? = nil,
                      stoppedEarly: Bool = false, model: String = "linear", dataset: String = "plane",
                      hyperparameters: [String: String] = ["learning-rate": "0.5", "batch-size": "full"]) -> RunFacts {
        RunFacts(dataset: dataset, model: model, hyperparameters: hyperparameters, trainLoss: train,
                 validationLoss: validation, trainAccuracy: trainAccuracy, validationAccuracy: validationAccuracy,
                 diverged: diverged, divergedAt: divergedAt, stoppedEarly: stoppedEarly)
    }
}

extension Array where Element == LessonEffect {
    /// All `.say` texts joined.
    var text: String {
        compactMap { if case .say(let text) = $0 { return text } else { return nil } }.joined(separator: "\n")
    }

    /// All `.run` commands in order.
    var commands: [String] {
        flatMap { effect -> [String] in
            switch effect {
            case .run(let lines), .setUp(_, let lines): return lines
            default: return []
            }
        }
    }

    /// The last saved progress, if any.
    var savedProgress: LessonProgress? {
        compactMap { if case .saveProgress(_, let progress) = $0 { return progress } else { return nil } }.last
    }
}
