import ArgumentParser
import Foundation
import HyperLabApp
import TerminalCharts
import Vocabulary

/// The lessons from the shell: the list with progress, or the check of every lesson and quiz file.
struct Lessons: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the lessons with your progress, or check the lesson and quiz files.",
        subcommands: [LessonList.self, LessonFilesCheck.self],
        defaultSubcommand: LessonList.self)
}
