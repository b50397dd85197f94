import Vocabulary
import Foundation
import Learning
import Testing
@testable import HyperLabApp

/// `use FILE` hands the loader a monitor: a progress line through the lab's observer for long loads, and
/// Ctrl-C (the observer's stop request) ends the load with one plain message, keeping the dataset in use.
/// And a run keeps its epochs once.
@Suite("use: load progress and stop; runs keep their history once")
struct UseLoadTests {
    /// Records progress lines; asks to stop when `stop` is true.
    final class LoadObserver: TrainingObserver, SearchObserver {
        let stop: Bool
        var statuses: [String] = []
        var finished = 0
        var stopQuestions = 0
        init(stop: Bool) { self.stop = stop }
        func trainingProgress(history: [EpochRecord], task: LearningTask, totalEpochs: Int) {}
        func shouldStopTraining() -> Bool { stopQuestions += 1; return stop }
        func trainingFinished() {}
        func searchProgress(done: Int, planned: Int, elapsedSeconds: Double, status: String) { statuses.append(status) }
        func searchFinished() { finished += 1 }
    }

    /// A numeric CSV of `rows` rows (two features and a target) in a fresh temporary folder.
    static func csv(rows: Int) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("use-load-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var text = "a,b,y\n"
        for i in 0..<rows { text += "\(i % 97),\(Double(i % 13) / 4),\(i % 7)\n" }
        let path = folder.appendingPathComponent("rows.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// `use` of a fresh 30,000-row CSV in a new session with `observer` and the progress delay `delay`.
    static func use(delay: Double, observer: LoadObserver) throws -> (lab: LabSession, path: String, outputs: [Output]) {
        let path = try csv(rows: 30_000)
        let lab = LabSessionTests.makeSession()
        lab.loadProgressDelay = delay
        lab.observer = observer
        return (lab, path, lab.execute("use \(path)"))
    }

    @Test("a load past the progress delay shows its progress through the observer and then clears it")
    func progress() throws {
        let observer = LoadObserver(stop: false)
        let (lab, path, outputs) = try Self.use(delay: 0, observer: observer)
        #expect(LabSessionTests.errors(outputs).isEmpty)
        #expect(lab.datasetName == path)
        #expect(observer.stopQuestions >= 3)   // every 8192 rows of 30,000
        let first = try #require(observer.statuses.first)
        #expect(first.hasPrefix("loading \(path): ") && first.hasSuffix("rows  (Ctrl-C stops)"), "\(first)")
        #expect(first.contains("8192 rows"), "\(first)")
        #expect(observer.finished == 1)
    }

    @Test("a load shorter than the progress delay shows nothing")
    func quiet() throws {
        let observer = LoadObserver(stop: false)
        let (lab, path, outputs) = try Self.use(delay: 3600, observer: observer)
        #expect(LabSessionTests.errors(outputs).isEmpty && lab.datasetName == path)
        #expect(observer.statuses.isEmpty && observer.finished == 0)
        #expect(observer.stopQuestions >= 3)
    }

    @Test("Ctrl-C during a load: one plain message, nothing loaded, the dataset in use kept")
    func stop() throws {
        let observer = LoadObserver(stop: true)
        let (lab, path, outputs) = try Self.use(delay: 1, observer: observer)
        #expect(outputs.count == 1)
        #expect(LabSessionTests.errors(outputs) == ["Loading \(path) stopped by Ctrl-C: nothing was loaded; still using breast-cancer."])
        #expect(lab.datasetName == "breast-cancer")
        #expect(try lab.dataset().name == "breast-cancer")
    }

    @Test("a run keeps its epochs once: the compact history, the outcome without records")
    func historyOnce() throws {
        let lab = LabSessionTests.makeSession()
        let outputs = lab.execute("set epochs 300")
        let run = try #require(LabSessionTests.runs(outputs).last)
        #expect(run.outcome.history.isEmpty)
        #expect(run.history.count == 301 && run.history.first?.epoch == 0 && run.history.last?.epoch == 300)
        #expect(run.history.dropFirst().allSatisfy { $0.learningRate != nil })
        let trainer = try #require(lab.trainer)
        #expect(Array(run.history) == trainer.history)
        // breast-cancer logistic with validation rows: 2 losses, 2 accuracies, the objective and the
        // learning rate per epoch, 8 bytes each.
        #expect(run.historyBytes == 301 * 6 * 8)
    }
}
