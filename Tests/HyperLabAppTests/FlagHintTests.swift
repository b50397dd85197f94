import Testing
@testable import HyperLabApp

/// A hyperparameter typed as a command-line flag gets a pointer to `--set`, in one line with status 2.
@Suite("hyperparameter flags from the shell")
struct FlagHintTests {
    @Test func aHyperparameterFlagPointsToSet() throws {
        let result = try BuiltBinary.run(["train", "--batch-size", "full"])
        #expect(result.status == 2)
        #expect(result.stderr == "error: Unknown option '--batch-size'; hyperparameters are set with --set, e.g. --set batch-size=32\n")
        let alias = try BuiltBinary.run(["train", "--lr=0.5"])
        #expect(alias.status == 2 && alias.stderr.contains("--set learning-rate=") && !alias.stderr.contains("Did you mean"))
        let other = try BuiltBinary.run(["train", "--bogus", "1"])
        #expect(other.status == 2 && other.stderr.contains("(see hyperlab --help)") && !other.stderr.contains("--set"))
    }
}
