import Vocabulary
import Learning
import TerminalCharts

/// A training recorded epoch by epoch for `watch`: the history (epoch 0 first), how it ended,
/// and for 2-D classification the decision regions after each recorded epoch.
public struct TrainingAnimation: Sendable {
    /// The run replayed (its history is the whole animation).
    public var run: Run
    /// Decision regions by epoch (key: epoch number), for 2-D classification; empty otherwise.
    /// Runs of more than `maximumMaps` epochs keep a map every few epochs; a frame shows the
    /// latest map at or before its epoch.
    public var regions: [Int: Heatmap]

    /// Most region maps kept per animation (memory bound: about 64 x 32 cells each).
    public static let maximumMaps = 300
    /// Grid cells of the animated region maps (coarser than `plot boundary`, for speed).
    static let resolution = (columns: 64, rows: 32)

    /// The number of frames: one per epoch of the history.
    public var frameCount: Int { run.history.count }

    /// The loss chart of the history up to frame `index` (0 = epoch 0); the divergence and
    /// early-stopping marks appear on the last frame.
    func lossChart(frame index: Int) -> LineChart {
        let shown = Array(run.history.prefix(index + 1))
        let last = index >= frameCount - 1
        return ChartBuilder.curves(history: shown, task: run.task, accuracy: false, outcome: last ? run.outcome : nil,
                                   title: (run.id > 0 ? "run \(run.id): " : "watching ") + "\(run.model.rawValue) on \(run.datasetName)")
    }

    /// The region map of frame `index`: the latest recorded at or before its epoch.
    func regions(frame index: Int) -> Heatmap? {
        guard !regions.isEmpty, run.history.indices.contains(index) else { return nil }
        let epoch = run.history[index].epoch
        return regions.filter { $0.key <= epoch }.max { $0.key < $1.key }?.value
    }

    /// Frame `index` laid out for `options` (`LiveFrame.compose`: side by side from 102 cells
    /// wide, else stacked) with `status` at the bottom.
    func frame(_ index: Int, status: TrainingStatus, options: RenderOptions) -> String {
        LiveFrame.compose(loss: lossChart(frame: index), regions: regions(frame: index), status: status, options: options)
    }

    /// The last frame with a "finished" status: what `watch` prints when output is not a terminal.
    func finalFrame(options: RenderOptions) -> String {
        let last = max(0, frameCount - 1)
        let status = TrainingStatus(epoch: run.final?.epoch ?? 0, totalEpochs: run.final?.epoch ?? 0, epochsPerSecond: 0, state: .finished)
        var sized = options
        if regions(frame: last) != nil && LiveFrame.arrangement(width: options.width) == .stacked { sized.height = max(sized.height, 2 * options.height) }
        return frame(last, status: status, options: sized)
    }

    /// Records `epochs` epochs of a fresh model with `hyperparameters` on `dataset` (the same
    /// seeded training `train` makes) as run `id` (0: a training not kept among the runs), with a region map after every epoch (every
    /// few epochs past `maximumMaps`) for a 2-D classification.
    ///
    /// - Throws: `CommandError` when the trainer refuses the settings.
    static func record(id: Int, dataset: Dataset, datasetName: String, model: ModelKind, hyperparameters: Hyperparameters,
                       changed: [(name: String, value: String)], epochs: Int) throws(CommandError) -> TrainingAnimation {
        let trainer: Trainer
        do { trainer = try Trainer(dataset: dataset, model: model, hyperparameters: hyperparameters) } catch {
            throw .learning(error)
        }
        let mapsRegions = dataset.task.isClassification && dataset.featureCount == 2
        let every = max(1, (epochs + maximumMaps - 1) / maximumMaps)
        var regions: [Int: Heatmap] = [:]
        func snapshot(_ epoch: Int) {
            guard mapsRegions, epoch % every == 0 || epoch == epochs else { return }
            regions[epoch] = try? ChartBuilder.boundary(trainer: trainer, dataset: dataset, resolution: resolution,
                                                        title: "decision regions, epoch \(epoch)")
        }
        snapshot(0)
        let outcome = trainer.train(epochs: epochs, onEpoch: { snapshot($0.epoch) })
        if mapsRegions, outcome.stoppedEarly, let last = trainer.history.last?.epoch, let best = outcome.restoredBestEpoch {
            regions[last] = try? ChartBuilder.boundary(trainer: trainer, dataset: dataset, resolution: resolution,
                                                       title: "decision regions, weights of epoch \(best) restored")
        }
        let run = Run(id: id, datasetName: datasetName, model: model, hyperparameters: hyperparameters, changed: changed,
                      history: trainer.history, outcome: outcome, task: dataset.task)
        return TrainingAnimation(run: run, regions: regions)
    }
}
