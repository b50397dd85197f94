import Vocabulary
import Foundation
import Learning
import Teaching
import TerminalCharts
import Testing
@testable import HyperLabApp

/// The charts the lab draws from its runs: epoch 0, scales, marks, fit, path, regions, animation.
@Suite("chart wiring")
struct ChartWiringTests {
    static func session(_ commands: [String]) -> (LabSession, [Output]) {
        let session = LabSessionTests.makeSession()
        var last: [Output] = []
        for command in ["set auto off"] + commands { last = session.execute(command) }
        return (session, last)
    }

    static func plane(learningRate: Double, epochs: Int = 30, momentum: Double = 0) throws -> (Trainer, OptimizerPath) {
        let data = try DatasetCatalog.load("plane", datasetsDirectory: "/nonexistent", seed: 1)
        var h = Hyperparameters.defaults(model: .linear, dataset: "plane")
        h.batchSize = .full
        h.learningRate = learningRate
        h.momentum = momentum
        h.seed = 1
        h.epochs = epochs
        let path = try OptimizerPath.record(dataset: data, hyperparameters: h, epochs: epochs)
        let trainer = try Trainer(dataset: data, model: .linear, hyperparameters: h)
        return (trainer, path)
    }

    @Test("the loss chart starts at epoch 0; a diverged run ends in a joined ! mark; early stopping draws its line")
    func lossChartMarks() throws {
        let (session, _) = Self.session(["use plane", "model linear", "set batch-size full learning-rate 2 epochs 20", "train"])
        let run = try #require(session.runs.last)
        #expect(run.outcome.diverged)
        let chart = ChartBuilder.lossChart(run)
        #expect(chart.series[0].xs.first == 0)
        let marker = try #require(chart.series[0].markers.first)
        #expect(marker.glyph == "!" && marker.joinsLine && marker.x == Double(run.outcome.divergedAt ?? -1))
        // From epoch 0 (118) to the blow-up (about 1.1e4) is less than two decades: linear, by the policy.
        let finite = chart.series.flatMap(\.ys).filter(\.isFinite)
        #expect(finite.max()! / finite.min()! < ScalePolicy.logSpanRatio && chart.yScale == .linear)
        // A good run falls from 118 at epoch 0 to the noise level near 1: more than two decades, log.
        let (good, _) = Self.session(["use plane", "model linear", "set batch-size full learning-rate 0.5 epochs 20", "train"])
        let climb = ChartBuilder.lossChart(try #require(good.runs.last))
        #expect(climb.yScale == .log)
        #expect(climb.render(RenderOptions(width: 80, height: 20)).contains("(log scale)"))

        let (stopped, _) = Self.session(["use sine", "model linear", "set degree 15 early-stopping 5 epochs 300", "train"])
        let early = try #require(stopped.runs.last)
        #expect(early.outcome.stoppedEarly)
        let line = try #require(ChartBuilder.lossChart(early).verticalLines.first)
        #expect(line.x == Double(early.outcome.restoredBestEpoch ?? -1))
    }

    @Test("run facts and quiz curves still count epochs from 1")
    func factsSkipEpochZero() throws {
        let (session, _) = Self.session(["use plane", "model linear", "set epochs 7", "train"])
        let run = try #require(session.runs.last)
        #expect(run.history.count == 8)
        #expect(RunFacts(run).trainLoss == run.history.dropFirst().map(\.trainLoss))
        #expect(LabQuestionRuns.curves([run]).first?.trainLoss.count == 7)
    }

    @Test("the path's surface equals the trainer's loss at every recorded epoch (full batch keeps the bias at its best)")
    func pathSurfaceMatchesTrainer() throws {
        let (_, path) = try Self.plane(learningRate: 0.5)
        #expect(path.w1.count == 31)
        for i in path.w1.indices {
            let surface = path.moments.loss(path.w1[i], path.w2[i])
            #expect(abs(surface - path.losses[i]) <= 1e-9 * max(1, path.losses[i]), "epoch \(i): \(surface) vs \(path.losses[i])")
        }
        // The plane is y = 3 x1 - 2 x2 + 1 + noise: least squares lands near (3, -2).
        let optimum = try #require(path.moments.optimum)
        #expect(abs(optimum.0 - 3) < 0.1 && abs(optimum.1 + 2) < 0.1)
        #expect(abs(path.w1.last! - optimum.0) < 1e-3 && abs(path.w2.last! - optimum.1) < 1e-3)
    }

    @Test("too large a rate jumps across the minimum every epoch; a tiny one crawls; momentum overshoots")
    func pathShapes() throws {
        let (_, large) = try Self.plane(learningRate: 0.8)
        let optimum = try #require(large.moments.optimum)
        let sides = large.w1.dropFirst().prefix(10).map { $0 - optimum.0 > 0 }
        #expect(zip(sides, sides.dropFirst()).allSatisfy { $0 != $1 }, "w1 alternates sides: \(large.w1.prefix(11))")
        let (_, tiny) = try Self.plane(learningRate: 0.005)
        let start = hypot(tiny.w1[0] - optimum.0, tiny.w2[0] - optimum.1)
        let end = hypot(tiny.w1.last! - optimum.0, tiny.w2.last! - optimum.1)
        #expect(end > 0.5 * start, "30 tiny steps cover less than half the way")
        let distances = tiny.w1.indices.map { hypot(tiny.w1[$0] - optimum.0, tiny.w2[$0] - optimum.1) }
        #expect(zip(distances, distances.dropFirst()).allSatisfy { $0 > $1 })
        let (_, heavy) = try Self.plane(learningRate: 0.05, momentum: 0.9)
        #expect(heavy.w1.contains { $0 > optimum.0 + 0.5 }, "momentum carries w1 past 3: \(heavy.w1.prefix(20))")
    }

    @Test("plot path draws contours and the path; it refuses what has no two weights")
    func plotPath() throws {
        let (session, _) = Self.session(["use plane", "model linear", "set batch-size full learning-rate 0.8 epochs 20", "train"])
        guard case .contour(let contour) = session.execute("plot path").first else { Issue.record("no contour"); return }
        #expect(contour.pathX.count == 21)
        let text = Renderer(options: RenderOptions(width: 80, height: 24)).render(.contour(contour))
        #expect(text.contains("weight of x1") && text.contains("weights after each epoch"))
        #expect(LabSessionTests.errors(session.execute("continue 5")).isEmpty)
        guard case .contour(let longer) = session.execute("plot path").first else { Issue.record("no contour"); return }
        #expect(longer.pathX.count == 26, "a continue with the same settings is one long run")
        _ = session.execute("set learning-rate 0.1")
        _ = session.execute("continue 5")
        #expect(LabSessionTests.errors(session.execute("plot path")).first?.contains("cannot be replayed") == true)
        #expect(LabSessionTests.errors(session.execute("watch 1")).isEmpty)
        #expect(LabSessionTests.errors(session.execute("watch 3")).first?.contains("cannot be replayed") == true)
        let (other, _) = Self.session(["use circles", "model logistic", "train"])
        #expect(LabSessionTests.errors(other.execute("plot path")).first?.contains("classification") == true)
    }

    @Test("plot fit: training and validation points and the model's curve over the data's range")
    func plotFit() throws {
        let (session, _) = Self.session(["use sine", "model linear", "set degree 3", "train"])
        guard case .chart(let chart) = session.execute("plot fit").first else { Issue.record("no chart"); return }
        let curve = chart.series[0], training = chart.series[1], validation = chart.series[2]
        let trainer = try #require(session.trainer)
        #expect(training.xs.count == trainer.trainingRows.count && validation.xs.count == trainer.validationRows.count)
        let xs = (0..<trainer.dataset.rowCount).map { trainer.dataset.features[$0, 0] }
        #expect(curve.xs.first == xs.min() && curve.xs.last == xs.max())
        let middle = curve.xs[100]
        #expect(abs(trainer.predict(Matrix(rows: 1, columns: 1, values: [middle]))[0, 0] - curve.ys[100]) < 1e-12)
        let (plane, _) = Self.session(["use plane", "model linear", "train"])
        #expect(LabSessionTests.errors(plane.execute("plot fit")).first?.contains("1 feature") == true)
    }

    @Test("decision regions carry confidence and validation points, aspect kept")
    func regions() throws {
        let (session, _) = Self.session(["use circles", "model mlp", "set epochs 30", "train"])
        guard case .heatmap(let map) = session.execute("plot boundary").first else { Issue.record("no map"); return }
        let trainer = try #require(session.trainer)
        #expect(map.confidence != nil && map.keepAspectRatio)
        #expect(map.points.count == trainer.trainingRows.count && map.validationPoints.count == trainer.validationRows.count)
        let shares = try #require(map.confidence).flatMap { $0 }
        #expect(shares.allSatisfy { $0 >= 0.5 && $0 <= 1 })
    }

    @Test("sweeps mark every value and the best; known optimum: regret on log y")
    func searchCharts() {
        let chart = ChartBuilder.sweep(xs: [0.001, 0.01, 0.1, 1], train: [0.5, 0.4, 0.3, 0.2], validation: [0.6, 0.45, 0.5, 0.9],
                                       title: "t", xLabel: "l2", logX: false)
        #expect(chart.series.allSatisfy { $0.marksEveryPoint })
        #expect(chart.xScale == .log, "log-spaced values")
        #expect(chart.series[1].markers.first?.x == 0.01 && chart.series[1].markers.first?.glyph == "B")
        let best = ChartBuilder.bestSoFar([("bayes", [(1, 5), (2, 0.5), (3, 0.5)])], optimum: 0.397887, title: "t")
        #expect(best.yScale == .log)
        #expect(abs(best.series[0].ys[1] - (0.5 - 0.397887)) < 1e-12)
        #expect(ChartBuilder.bestSoFar([("grid", [(1, 5), (2, 4)])], optimum: nil, title: "t").series[0].ys == [5, 4])
    }

    @Test("--theme wins; else COLORFGBG's background; else dark")
    func theme() {
        #expect(AppEnvironment.resolve(theme: .light, variables: [:]).renderOptions().theme == .light)
        #expect(AppEnvironment.resolve(variables: ["COLORFGBG": "0;15"]).renderOptions().theme == .light)
        #expect(AppEnvironment.resolve(variables: ["COLORFGBG": "15;0"]).theme == .dark)
        #expect(AppEnvironment.resolve(variables: [:]).theme == .dark)
    }

    @Test("watch records one frame per epoch from 0 with a map each; piped, it prints the last frame")
    func watchRecords() throws {
        let (session, _) = Self.session(["use circles", "model mlp", "set epochs 12"])
        guard case .animation(let animation) = session.execute("watch").first else { Issue.record("no animation"); return }
        #expect(animation.frameCount == 13 && animation.regions.count == 13)
        #expect(session.runs.isEmpty, "watch keeps no run")
        for (width, height) in [(80, 24), (120, 40)] {
            let frame = animation.frame(5, status: TrainingStatus(epoch: 5, totalEpochs: 12, epochsPerSecond: 4, state: .paused),
                                        options: RenderOptions(width: width, height: height - 1))
            let lines = frame.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == height - 1 && lines.allSatisfy { $0.count <= width })
            #expect(lines.last?.hasPrefix("epoch 5/12") == true)
        }
        #expect(Renderer(options: RenderOptions(width: 80, height: 20)).render(.animation(animation)).contains("finished"))
        #expect(WatchKey(bytes: [0x20]) == .pauseOrPlay && WatchKey(bytes: [0x6E]) == .step && WatchKey(bytes: [0x2E]) == .step)
        #expect(WatchKey(bytes: [0x0D]) == .finish && WatchKey(bytes: [0x03]) == .stop && WatchKey(bytes: [0x2B]) == .faster)
    }
}
