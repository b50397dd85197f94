import Vocabulary
import Foundation
import Testing
@testable import Teaching

/// `LessonBook.checkReport` on a fixture lesson, with a stand-in for the lab.
@Suite struct LessonCheckReportTests {
    /// `checkReport` with a stand-in for the lab: a "lab" that diverges exactly when the commands set a learning rate
    /// of 2 or more, run on the sample lesson. A solution that does not reach the goal, or a start that already
    /// does, is reported with its file and line.
    @Test func theCheckReportRunsStartAndSolutionAndReportsBoth() throws {
        func fakeLab(_ commands: [String]) -> RunFacts? {
            let rates = commands.compactMap { line -> Double? in
                let words = line.split(separator: " ").map(String.init)
                guard let index = words.firstIndex(where: { $0 == "learning-rate" || $0 == "lr" }), index + 1 < words.count else { return nil }
                return Double(words[index + 1])
            }
            let diverges = (rates.last ?? 0.1) >= 2
            return LessonFixtures.facts(train: diverges ? [1, 50, 900] : [1, 0.5, 0.4], diverged: diverges, divergedAt: diverges ? 3 : nil)
        }
        let good = LessonFixtures.parse(LessonFixtures.sample)
        #expect(good.checkReport(run: fakeLab).isEmpty)
        let line = try #require(LessonFixtures.line(of: "experiment:", in: LessonFixtures.sample))

        let weakSolution = LessonFixtures.parse(LessonFixtures.sample.replacingOccurrences(of: "- set learning-rate 2", with: "- set learning-rate 1"))
        let weak = weakSolution.checkReport(run: fakeLab)
        #expect(weak.count == 1 && weak[0].hasPrefix("lessons/01-sample.md:\(line): the solution of 'Make it diverge.' does not show"))

        let alreadyMet = LessonFixtures.parse(LessonFixtures.sample.replacingOccurrences(of: "lr: 0.5", with: "lr: 3"))
        let met = alreadyMet.checkReport(run: fakeLab)
        #expect(met.count == 1 && met[0].contains("is already met by the step's starting settings"))

        let noRun = good.checkReport { _ in nil }
        #expect(noRun.count == 1 && noRun[0].contains("did not train any model"))
    }
}
