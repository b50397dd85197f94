import Testing
import Vocabulary
@testable import Teaching

/// `pin-seed:` in a setup, and the seed a check puts in place of the lesson's own.
@Suite struct SeedPinningTests {
    static func lesson(_ setup: String) -> LessonBook {
        LessonFixtures.parse("""
        # Pins

        ```yaml
        lesson:
          summary: a lesson about pins
          covers: [fact-3]
        ```

        ## One

        ```yaml
        setup:
        \(setup)
        ```

        ```yaml
        experiment:
          goal: Make training diverge.
          expect: {diverged: true}
          solution: [set learning-rate 2]
          hints: [Bigger steps.]
          explain: It diverged at {diverged_at}.
        ```

        ## Recap

        ```yaml
        recap:
          - Steps that are too long blow up.
        ```
        """, name: "01-pins.md")
    }

    @Test func aPinnedSetupKeepsItsSeedWhateverTheCheckAsks() throws {
        let book = Self.lesson("  dataset: plane\n  model: linear\n  seed: 4\n  pin-seed: the edge moves with the sample")
        #expect(book.errors.isEmpty, "\(book.errors)")
        let check = try #require(book.experimentChecks.first)
        #expect(check.pinnedBecause == "the edge moves with the sample")
        #expect(check.commands(seed: 9).contains("set seed 4") && !check.commands(seed: 9).contains("set seed 9"))
    }

    @Test func anUnpinnedSetupTakesTheCheckedSeed() throws {
        let book = Self.lesson("  dataset: plane\n  model: linear\n  seed: 4")
        let check = try #require(book.experimentChecks.first)
        #expect(check.pinnedBecause == nil)
        #expect(check.commands(seed: 9).contains("set seed 9") && !check.commands(seed: 9).contains("set seed 4"))
        #expect(check.startCommands(seed: 9).contains("set seed 9"))
        #expect(check.commands.contains("set seed 4"))
    }

    @Test func pinWithoutSeedAndOutOfRangeSettingsAreLoadErrors() {
        let noSeed = Self.lesson("  dataset: plane\n  pin-seed: because")
        #expect(noSeed.errors.contains { $0.description.contains("pin-seed") })
        let tooLarge = Self.lesson("  dataset: plane\n  hyperparameters:\n    learning-rate: 5000")
        #expect(tooLarge.errors.contains { $0.description.contains("0 < learning-rate <= 1000") && $0.line != nil })
    }
}
