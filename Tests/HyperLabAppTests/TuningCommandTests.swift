import Vocabulary
import Foundation
import Learning
import Teaching
import TerminalCharts
import Testing
import Tuning
@testable import HyperLabApp

/// The search commands (`sweep`, `learning-curve`, `tune`) on real data through the console.
@Suite("search commands")
struct TuningCommandTests {
    /// breast-cancer with logistic regression, 30 epochs to keep debug runs short.
    static func makeConsole() -> LabConsole {
        let lab = LabSessionTests.makeSession()
        _ = lab.execute("set auto off")
        _ = lab.execute("set epochs 30")
        return LabConsole(lab: lab)
    }

    static func charts(_ outputs: [Output]) -> [LineChart] {
        outputs.compactMap { if case .chart(let c) = $0 { return c } else { return nil } }
    }

    static func heatmaps(_ outputs: [Output]) -> [Heatmap] {
        outputs.compactMap { if case .heatmap(let h) = $0 { return h } else { return nil } }
    }

    static func texts(_ outputs: [Output]) -> [String] {
        outputs.compactMap { if case .text(let t) = $0 { return t } else { return nil } }
    }

    @Test("sweep draws training and validation loss on a log axis and names the lowest validation loss")
    func sweep() throws {
        let console = Self.makeConsole()
        let outputs = console.execute("sweep learning-rate 0.001,0.1,3 --folds 3")
        #expect(LabSessionTests.errors(outputs).isEmpty)
        let chart = try #require(Self.charts(outputs).first)
        #expect(chart.series.map(\.name) == ["training", "validation"])
        #expect(chart.series[0].xs == [0.001, 0.1, 3])
        guard case .log = chart.xScale else { Issue.record("learning-rate should use a log axis"); return }
        let validation = chart.series[1].ys
        let best = try #require(validation.indices.min { validation[$0] < validation[$1] })
        let summary = Self.texts(outputs).joined(separator: "\n")
        #expect(summary.contains("best learning-rate: \(["0.001", "0.1", "3"][best])"))
        // The curve scores the lab's own settings (30 epochs) with the value applied: score one point directly.
        var h = try console.lab.currentHyperparameters()
        #expect(h.epochs == 30)
        try h.set("learning-rate", to: "0.1")
        let evaluator = try ModelEvaluator(dataset: console.lab.dataset(), model: console.lab.model, folds: 3)
        let direct = try evaluator.score(h).get()
        #expect(abs(validation[1] - direct.validationLoss) < 1e-12)
        #expect(abs(chart.series[0].ys[1] - direct.trainLoss) < 1e-12)
    }

    @Test("sweep of layer shapes numbers the values on the x axis and lists them")
    func sweepShapes() throws {
        let console = Self.makeConsole()
        _ = console.execute("model mlp")
        let outputs = console.execute("sweep hidden-layers 4|8,8 --folds 0")
        #expect(LabSessionTests.errors(outputs).isEmpty)
        let chart = try #require(Self.charts(outputs).first)
        #expect(chart.series[1].xs == [1, 2])
        #expect(Self.texts(outputs).first == "1 = 4, 2 = 8,8")
    }

    @Test("learning-curve draws both losses against growing training sizes")
    func learningCurve() throws {
        let console = Self.makeConsole()
        let outputs = console.execute("learning-curve --steps 3 --folds 3")
        #expect(LabSessionTests.errors(outputs).isEmpty)
        let chart = try #require(Self.charts(outputs).first)
        #expect(chart.series.count == 2)
        let xs = chart.series[0].xs
        #expect(xs.count == 3)
        #expect(zip(xs, xs.dropFirst()).allSatisfy { $0 < $1 })
        #expect(Self.texts(outputs).joined().contains("training rows"))
    }

    @Test("tune random --json: trials of the budget's length, best is the lowest trial")
    func tuneRandomJSON() throws {
        let console = Self.makeConsole()
        let outputs = console.execute("tune random learning-rate=1e-3..3:log l2=1e-6..1:log --budget 6 --folds 3 --json")
        #expect(LabSessionTests.errors(outputs).isEmpty)
        let text = try #require(Self.texts(outputs).first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let trials = try #require(object["trials"] as? [[String: Any]])
        #expect(trials.count == 6)
        let values = trials.compactMap { $0["value"] as? Double }
        #expect(values.count == 6)
        let best = try #require(object["best"] as? [String: Any])
        #expect(best["value"] as? Double == values.min())
        // Each value is the lab's model scored by 3-fold cross-validation with the trial's settings applied.
        let settings = try #require(trials[0]["settings"] as? [String: Double])
        var h = try console.lab.currentHyperparameters()
        for (name, value) in settings { try h.set(name, to: "\(value)") }
        let evaluator = try ModelEvaluator(dataset: console.lab.dataset(), model: console.lab.model, folds: 3)
        let direct = try evaluator.score(h).get().validationLoss
        #expect(abs(direct - values[0]) <= 1e-9 * max(1, abs(direct)))
    }

    @Test("tune grid on two hyperparameters gives a table, a best-so-far chart and a heatmap with the best cell marked")
    func tuneGridHeatmap() throws {
        let console = Self.makeConsole()
        let outputs = console.execute("tune grid learning-rate=0.01..1:log l2=1e-4..0.1:log --budget 4 --folds 3")
        #expect(LabSessionTests.errors(outputs).isEmpty)
        let heatmap = try #require(Self.heatmaps(outputs).first)
        #expect(heatmap.values.count == 2 && heatmap.values.allSatisfy { $0.count == 2 })
        let flat = heatmap.values.flatMap { $0 }
        let cell = try #require(heatmap.highlight)
        #expect(heatmap.values[cell.row][cell.column] == flat.min())
        let chart = try #require(Self.charts(outputs).first)
        let curve = chart.series[0].ys
        #expect(curve.count == 4)
        #expect(zip(curve, curve.dropFirst()).allSatisfy { $0 >= $1 })
        #expect(curve.last == flat.min())
        let table = try #require(Self.texts(outputs).first)
        #expect(table.hasPrefix("trial"))
        #expect(table.split(separator: "\n").count == 5)
    }

    @Test("tune compare on branin overlays three best-so-far curves")
    func tuneCompare() throws {
        let console = Self.makeConsole()
        let outputs = console.execute("tune compare --objective branin --budget 12")
        #expect(LabSessionTests.errors(outputs).isEmpty)
        let chart = try #require(Self.charts(outputs).first)
        #expect(chart.series.map(\.name) == ["grid", "random", "bayes"])
        // Every best-so-far value is a Branin value, so none is below its global minimum: the
        // chart plots the gap to it (regret), never negative, on a log axis.
        #expect(chart.series.allSatisfy { $0.ys.allSatisfy { $0 >= -1e-6 } })
        #expect(chart.yScale == .log && chart.yLabel?.contains("global minimum") == true)
    }

    @Test("tune bayes --explain draws one frame per step with mean, band, observed points and the next pick")
    func tuneExplain() throws {
        let console = Self.makeConsole()
        let outputs = console.execute("tune bayes --objective gramacy-lee --budget 6 --explain")
        #expect(LabSessionTests.errors(outputs).isEmpty)
        let pages = outputs.compactMap { output -> [[Output]]? in if case .pages(let pages, _) = output { return pages } else { return nil } }.first ?? []
        let steps = pages.compactMap { page -> LineChart? in if case .chart(let c) = page.first { return c } else { return nil } }
        #expect(!steps.isEmpty && steps.count == pages.count)
        for step in steps {
            let named = Dictionary(step.series.map { ($0.name, $0) }, uniquingKeysWith: { (a: Series, _: Series) in a })
            let mean = try #require(named["surrogate mean"]).ys, upper = try #require(named["mean + 2 sd"]).ys, lower = try #require(named["mean - 2 sd"]).ys
            #expect(zip(zip(lower, mean), upper).allSatisfy { $0.0 <= $0.1 && $0.1 <= $1 })
            if case .points = try #require(named["observed"]).style {} else { Issue.record("observed points should be drawn as points") }
        }
    }

    @Test("tune export optuna prints Python naming every hyperparameter")
    func tuneExport() throws {
        let console = Self.makeConsole()
        let outputs = console.execute("tune export optuna learning-rate=1e-4..1:log l2=1e-6..1:log hidden-layers=8|16|32")
        #expect(LabSessionTests.errors(outputs).isEmpty)
        let text = try #require(Self.texts(outputs).first)
        for word in ["optuna", "learning-rate", "l2", "hidden-layers"] { #expect(text.contains(word)) }
    }

    @Test("bad input: one plain error each, never a crash")
    func badInput() {
        let console = Self.makeConsole()
        let lines = ["tune", "tune fancy lr=1..2", "tune random", "tune random learning-rate=1..", "tune random learning-rate",
                     "tune random nonsense=1..2 --budget 3", "tune random learning-rate=0.01..1 --budget 0",
                     "tune random learning-rate=0.01..1 --budget 501", "tune random learning-rate=0.01..1 --budget",
                     "tune random learning-rate=0.01..1 --budget many", "tune random learning-rate=0.01..1 --wat",
                     "tune grid --objective nothing", "tune random learning-rate=0.01..1 --explain",
                     "tune bayes learning-rate=0.01..1 l2=0.1..1 --explain --budget 3", "tune export", "tune export julia lr=1..2",
                     "tune export optuna", "tune export optuna nonsense=1..2", "sweep", "sweep learning-rate",
                     "sweep nonsense 1,2", "sweep learning-rate 1..0.1", "sweep learning-rate banana,2",
                     "sweep learning-rate 0.1,1 --steps 3", "sweep learning-rate 0.1,1 --folds 1",
                     "learning-curve extra", "learning-curve --steps 1", "learning-curve --folds -2"]
        for line in lines {
            let outputs = console.execute(line)
            #expect(outputs.count == 1, "\(line)")
            #expect(LabSessionTests.errors(outputs).count == 1, "\(line)")
            #expect(LabSessionTests.errors(outputs).allSatisfy { !$0.contains("\n") }, "\(line)")
        }
    }

    /// Asks to stop once `stopAfter` trials are reported, as Ctrl-C would; records the progress it saw.
    final class StoppingObserver: TrainingObserver, SearchObserver {
        let stopAfter: Int
        var reported: [Int] = []
        var finished = 0
        init(stopAfter: Int) { self.stopAfter = stopAfter }
        func trainingProgress(history: [EpochRecord], task: LearningTask, totalEpochs: Int) {}
        func shouldStopTraining() -> Bool { (reported.last ?? 0) >= stopAfter }
        func trainingFinished() {}
        func searchProgress(done: Int, planned: Int, elapsedSeconds: Double, status: String) { reported.append(done) }
        func searchFinished() { finished += 1 }
    }

    @Test("a stop request ends the search early, keeps the trials done and says how many")
    func stopKeepsTrials() throws {
        let lab = LabSessionTests.makeSession()
        let observer = StoppingObserver(stopAfter: 7)
        lab.observer = observer
        let outputs = LabConsole(lab: lab).execute("tune bayes --objective gramacy-lee --budget 20")
        #expect(LabSessionTests.errors(outputs).isEmpty)
        #expect(observer.finished == 1)
        #expect(observer.reported == Array(1...observer.reported.count))
        let done = try #require(observer.reported.last)
        #expect(done >= 7 && done < 20)
        let texts = Self.texts(outputs)
        #expect(texts.last?.contains("stopped after \(done) trials") == true)
        #expect(texts.first?.split(separator: "\n").count == done + 1)
    }

    @Test("completion offers the strategies after tune and hyperparameter names after sweep")
    func completion() {
        #expect(Completion.candidates(lineBeforeCursor: "tune ") == ["grid", "random", "bayes", "compare", "export"])
        #expect(Completion.candidates(lineBeforeCursor: "sweep learn").contains("learning-rate"))
    }

    @Test("lesson 7 still loads with the search commands in its try block")
    func lessonSeven() throws {
        let directory = BuiltBinary.packageRoot.appendingPathComponent("Lessons").path
        let book = LessonBook.load(directory: directory, allowedCommands: CommandRegistry.lessonWords, refusedCommands: CommandRegistry.refusedInLessons, datasetNames: DatasetCatalog.allNames)
        #expect(book.errors.isEmpty, "\(book.errors)")
        #expect(book.lessons.contains { $0.number == 7 })
        let text = try String(contentsOfFile: directory + "/07-searching.md", encoding: .utf8)
        #expect(text.contains("try:\n  - sweep"))
    }
}
