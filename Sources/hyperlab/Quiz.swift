import ArgumentParser
import Foundation
import HyperLabApp
import Vocabulary

/// The quiz from the shell: `hyperlab quiz [TOPIC] [--count N] [--seed N]` and `hyperlab quiz review [--json]` open the lab
/// with that quiz (`QuizStart`, the default); `hyperlab quiz grade QUESTION-ID [--json]` grades one answer from standard input.
struct Quiz: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start the lab with a quiz open (quiz [TOPIC] [--count N] [--seed N], quiz review [--json]), or grade one answer (quiz grade QUESTION-ID).",
        subcommands: [QuizStart.self, QuizGrade.self],
        defaultSubcommand: QuizStart.self)
}
