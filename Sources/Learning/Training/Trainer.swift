import Vocabulary
import Foundation

/// Trains one model on one dataset with one set of hyperparameters, epoch by epoch.
///
/// - Data: rows are split (seeded, stratified for classification) into training and validation
///   rows; the feature transformation (`Preprocessor`: z-scores, and polynomial features for
///   degree > 1) is fitted on the training rows only. Targets stay in their raw units, so a
///   regression loss is in target units squared.
/// - Initialization (seeded by `seed`): linear, logistic and softmax start from zero weights
///   (their objectives are convex, so the optimum does not depend on the start); an mlp's hidden
///   layers use He normal, N(0, 2/fan-in), with relu (K. He et al. (2015), ICCV) and Glorot
///   uniform, U(±√(6/(fan-in + fan-out))), with tanh and sigmoid and on the output layer
///   (X. Glorot and Y. Bengio (2010), AISTATS). Biases start at 0, except that the output bias of
///   a regression model starts at the mean training target (so epoch 0 predicts the mean).
/// - Objective: mean data loss + (l2/2)·‖w‖² + l1·‖w‖₁ over the weights, biases not penalized.
///   Each step: decoupled weight decay (`weight-decay`), the optimizer's step on data loss + l2,
///   then the proximal step of l1 (soft-thresholding, so weights become exactly 0; see
///   `Engine.proximalL1` for sgd, momentum and adam and their sources).
/// - Learning rate: epoch e uses `hyperparameters.learningRate(epoch: e)` (schedule and warm-up)
///   for all its steps, and records it in `EpochRecord.learningRate`.
/// - Divergence: training stops at the epoch where the training loss or any parameter is not
///   finite, or where the training loss exceeds `divergenceFactor` times the reference loss (the
///   larger of the loss at the initial weights and the loss of the best constant prediction).
/// - Precision: an mlp trains in single precision (Float: twice the SIMD lanes, so about twice
///   the speed); linear, logistic and softmax train in double precision, so full-batch gradient
///   descent reaches their optimum to 1e-4 and better. Losses are summed in double precision.
/// - Determinism: the same data, hyperparameters and seed give bit-identical histories; and
///   training n epochs then m more equals training n + m epochs at once.
///
/// Not thread-safe: use one trainer from one thread at a time.
public final class Trainer {
    /// Training counts as diverged when the training loss exceeds this many times the reference loss.
    public static let divergenceFactor = 10.0

    /// The dataset as given (raw units).
    public let dataset: Dataset
    /// The model being trained.
    public let model: ModelKind
    /// The hyperparameters in force (change them with `update`).
    public private(set) var hyperparameters: Hyperparameters
    /// Row indices (into `dataset`) used for training, ascending.
    public let trainingRows: [Int]
    /// Row indices (into `dataset`) held out for validation, ascending.
    public let validationRows: [Int]
    /// All epochs since the last reset (or since creation), starting with epoch 0: the
    /// measurements at the initial weights, before any training (`learningRate` nil). So the
    /// first record is epoch 0 and the last one is the last epoch trained.
    public private(set) var history: [EpochRecord] = []

    /// The number of the last epoch trained since the last reset (0 before any).
    public var epochsTrained: Int { history.last?.epoch ?? 0 }
    /// The loss that the divergence bound is relative to (see the type's documentation).
    public private(set) var referenceLoss: Double = 1

    let preprocessor: Preprocessor
    let engine: AnyEngine
    let precision: Precision
    let inputWidth: Int
    private var bestValidationLoss = Double.infinity
    private var bestEpoch: Int?
    private var bestParameters: [Double] = []
    private var epochsSinceBest = 0

    /// Splits `dataset` by `hyperparameters.validationFraction` (seeded by `hyperparameters.seed`,
    /// stratified for classification; for regression on one feature the rows with the smallest and
    /// largest value always train, so validation measures interpolation), fits the feature transformation on the training rows and
    /// initializes the model.
    ///
    /// - Throws: `LearningError` when the model does not fit the task, a hyperparameter is out of
    ///   range, the split leaves no training row, early stopping has no validation rows, or the
    ///   polynomial degree makes too many features.
    public convenience init(dataset: Dataset, model: ModelKind, hyperparameters: Hyperparameters) throws(LearningError) {
        let split = Split.holdOut(dataset, fraction: hyperparameters.validationFraction, seed: hyperparameters.seed)
        try self.init(dataset: dataset, model: model, hyperparameters: hyperparameters,
                      trainingRows: split.training, validationRows: split.validation)
    }

    /// Trains on explicit rows (for cross-validation): the feature transformation is fitted on
    /// `trainingRows` only; `hyperparameters.validationFraction` is not used.
    ///
    /// - Throws: `LearningError` as the other initializer, and for row indices outside the dataset.
    public convenience init(dataset: Dataset, model: ModelKind, hyperparameters: Hyperparameters,
                            trainingRows: [Int], validationRows: [Int]) throws(LearningError) {
        try self.init(dataset: dataset, model: model, hyperparameters: hyperparameters,
                      trainingRows: trainingRows, validationRows: validationRows, precision: nil)
    }

    /// The designated initializer; `precision` nil means single for mlp, double for the other models;
    /// `keptInputBytes` is the engine's limit for keeping transformed inputs (see `Engine`; tests set 0
    /// to make every row be transformed on use).
    init(dataset: Dataset, model: ModelKind, hyperparameters: Hyperparameters,
         trainingRows: [Int], validationRows: [Int], precision: Precision?,
         keptInputBytes: Int = Engine<Double>.keptInputBytes) throws(LearningError) {
        if model.check(dataset.task) != nil { throw .modelDoesNotFit(model, dataset.task) }
        try Trainer.validate(hyperparameters)
        let n = dataset.rowCount
        guard !trainingRows.isEmpty else {
            throw .noTrainingRows(validationFraction: hyperparameters.validationFraction)
        }
        guard trainingRows.allSatisfy({ $0 >= 0 && $0 < n }), validationRows.allSatisfy({ $0 >= 0 && $0 < n }) else {
            throw .rowsOutOfRange(rowCount: n, dataset: dataset.name)
        }
        guard dataset.featureCount > 0 else {
            throw .noFeatures(dataset: dataset.name)
        }
        if hyperparameters.earlyStopping > 0 && validationRows.isEmpty {
            throw .earlyStoppingNeedsValidation
        }
        if hyperparameters.degree > 1 {
            let count = Preprocessor.featureCount(inputs: dataset.featureCount, degree: hyperparameters.degree)
            guard count <= Preprocessor.maximumFeatures else {
                throw .tooManyPolynomialFeatures(degree: hyperparameters.degree, inputs: dataset.featureCount, count: count,
                                                 maximum: Preprocessor.maximumFeatures)
            }
        }
        self.dataset = dataset
        self.model = model
        self.hyperparameters = hyperparameters
        self.trainingRows = trainingRows.sorted()
        self.validationRows = validationRows.sorted()

        preprocessor = Preprocessor(raw: dataset.features, rows: self.trainingRows, degree: hyperparameters.degree)
        inputWidth = preprocessor.outputCount
        let trainingTargets = self.trainingRows.map { dataset.targets[$0] }
        let validationTargets = self.validationRows.map { dataset.targets[$0] }

        let classes = dataset.task.classes.count
        let output: OutputKind
        let outputs: Int
        switch dataset.task {
        case .regression: output = .identity; outputs = 1
        case .classification:
            if model == .softmax || classes > 2 { output = .softmax; outputs = classes } else { output = .sigmoid; outputs = 1 }
        }
        let hidden = model == .mlp ? hyperparameters.hiddenLayers : []
        let sizes = [inputWidth] + hidden + [outputs]
        let chosen = precision ?? (model == .mlp ? .single : .double)
        let batchRows: Int
        switch hyperparameters.batchSize {
        case .full: batchRows = self.trainingRows.count
        case .examples(let b): batchRows = Swift.min(b, self.trainingRows.count)
        }
        let memory = MemoryEstimate(sizes: sizes, trainingRows: self.trainingRows.count, validationRows: self.validationRows.count,
                                    batchRows: batchRows, bytesPerValue: chosen == .single ? 4 : 8)
        guard memory.bytes <= MemoryEstimate.limitBytes else {
            throw .tooMuchMemory(bytes: memory.bytes, limit: MemoryEstimate.limitBytes, hiddenLayers: hidden, batchRows: batchRows,
                                 trainingRows: self.trainingRows.count)
        }
        self.precision = chosen
        // The engine reads the dataset's raw matrix (shared, not copied) and transforms rows itself: it keeps
        // a transformed copy only when that is small or needed whole (see `Engine`).
        engine = AnyEngine(precision: chosen, sizes: sizes, activation: hyperparameters.activation, output: output,
                           inputs: EngineInputs(raw: dataset.features, trainingRows: self.trainingRows,
                                                validationRows: self.validationRows, transform: preprocessor),
                           trainY: trainingTargets, validationY: validationTargets, keptInputBytes: keptInputBytes)
        reset()
    }

    /// Number of training rows.
    public var trainingRowCount: Int { trainingRows.count }
    /// Number of validation rows.
    public var validationRowCount: Int { validationRows.count }
    /// Training stops as diverged when the training loss exceeds this value: `divergenceFactor` x `referenceLoss`.
    public var divergenceBound: Double { Trainer.divergenceFactor * referenceLoss }

    /// Checks every hyperparameter against its documented range.
    static func validate(_ h: Hyperparameters) throws(LearningError) {
        if let name = h.firstOutOfRange {
            throw .outOfRange(name: name)
        }
    }

    /// Changes the optimization settings (learning-rate, batch-size, epochs, optimizer, momentum,
    /// l2, l1, weight-decay, schedule, warmup, early-stopping) and keeps the weights. A new optimizer starts with fresh state.
    ///
    /// - Throws: `LearningError` when a setting that needs a reset changed (hidden-layers,
    ///   activation, degree, validation-fraction, seed), a value is out of range, or early
    ///   stopping is asked for without validation rows.
    public func update(_ hyperparameters: Hyperparameters) throws(LearningError) {
        try Trainer.validate(hyperparameters)
        let old = self.hyperparameters
        for spec in HyperparameterCatalog.all where spec.restartsTraining {
            if old.text(of: spec.name) != hyperparameters.text(of: spec.name) {
                throw .needsRestart(spec.id)
            }
        }
        if hyperparameters.earlyStopping > 0 && validationRows.isEmpty {
            throw .earlyStoppingNeedsValidation
        }
        if hyperparameters.optimizer != old.optimizer { engine.resetOptimizer() }
        self.hyperparameters = hyperparameters
    }

    /// Goes back to the initial weights for the seed (bit-identical to a new trainer), clears the
    /// history, the optimizer state, the shuffling sequence and the early-stopping record.
    public func reset() {
        let h = hyperparameters
        var rng = SeededGenerator(seed: h.seed, stream: 2)
        var p = [Double](repeating: 0, count: engine.parameterCount)
        let sizes = engine.sizes
        let layers = sizes.count - 1
        if model == .mlp {
            for l in 0..<layers {
                let fanIn = sizes[l], fanOut = sizes[l + 1]
                let offset = engine.weightOffsets[l]
                if l < layers - 1 && h.activation == .relu {
                    let sd = (2 / Double(fanIn)).squareRoot()
                    for i in 0..<(fanIn * fanOut) { p[offset + i] = sd * rng.normal() }
                } else {
                    let limit = (6 / Double(fanIn + fanOut)).squareRoot()
                    for i in 0..<(fanIn * fanOut) { p[offset + i] = rng.uniform(-limit, limit) }
                }
            }
        }
        // The training targets in row order, read from the dataset (not kept twice: the engine holds them too).
        let targets = dataset.targets
        let trainingTargets = trainingRows.lazy.map { targets[$0] }
        let n = trainingRows.count
        let targetMean = trainingTargets.reduce(0, +) / Double(n)
        if case .regression = dataset.task {
            p[engine.biasOffsets[layers - 1]] = targetMean
        }
        engine.setParameters(p)
        engine.resetOptimizer()
        engine.resetShuffle(seed: h.seed)
        history = []
        bestValidationLoss = .infinity
        bestEpoch = nil
        bestParameters = []
        epochsSinceBest = 0

        // Reference loss for the divergence bound: the best constant prediction, or the start if worse.
        var baseline = 0.0
        switch dataset.task {
        case .regression:
            for y in trainingTargets { let d = y - targetMean; baseline += d * d }
            baseline /= Double(n)
        case .classification(let classes):
            var counts = [Double](repeating: 0, count: classes.count)
            for y in trainingTargets { counts[Int(y)] += 1 }
            for c in counts where c > 0 { baseline -= c / Double(n) * Foundation.log(c / Double(n)) }
        }
        let initial = evaluate()
        history = [initial]
        let start = initial.trainLoss
        referenceLoss = Swift.max(baseline, start.isFinite ? start : 0, 1e-6)
    }

    /// The measurements at the current weights, numbered as the last epoch run (0 before any).
    public func evaluate() -> EpochRecord {
        let lastEpoch = history.last?.epoch ?? 0
        let h = hyperparameters
        let m = engine.measure(l2: h.l2, l1: h.l1)
        let classification = dataset.task.isClassification
        return EpochRecord(epoch: lastEpoch, trainLoss: m.trainLoss, validationLoss: m.validationLoss,
                           objective: m.trainLoss + m.penalty, trainAccuracy: classification ? m.trainAccuracy : nil,
                           validationAccuracy: classification ? m.validationAccuracy : nil,
                           learningRate: history.last?.learningRate)
    }

    /// Trains `epochs` more epochs (default `hyperparameters.epochs`) from the current weights.
    ///
    /// Each epoch shuffles the training rows (seeded), takes one optimizer step per batch, then
    /// measures the loss on the whole training and validation sets and calls `onEpoch`.
    ///
    /// The training loss recorded for an epoch is the exact loss over every training row at the
    /// weights after the epoch's last step: neither the mean of the batches' losses (each is taken
    /// at weights that change within the epoch, and a full-batch epoch's forward pass gives the loss
    /// before its update, not after) nor a sample of rows. Where a forward pass gives the same
    /// values it is shared instead: with full-batch training the measurement's forward pass over the
    /// training rows is the one the next epoch's gradient starts from (same weights, same rows), so
    /// it runs once, not twice. With mini-batches the measurement is a pass of its own.
    /// `shouldStop` is polled before every batch; when it returns true, the call ends with
    /// `interrupted` and the unfinished epoch is not recorded.
    public func train(epochs: Int? = nil, shouldStop: () -> Bool = { false },
                      onEpoch: (EpochRecord) -> Void = { _ in }) -> TrainingOutcome {
        let clock = ContinuousClock()
        let started = clock.now
        let h = hyperparameters
        let epochCount = Swift.max(0, epochs ?? h.epochs)
        let n = trainingRows.count
        let batch: Int
        switch h.batchSize {
        case .full: batch = n
        case .examples(let b): batch = Swift.min(b, n)
        }
        var records = [EpochRecord]()
        var diverged = false, divergedAt: Int?, reason: String?
        var stoppedEarly = false, restored: Int?, interrupted = false

        for _ in 0..<epochCount {
            var scheduled = h
            scheduled.learningRate = h.learningRate(epoch: epochsTrained + 1)
            if !engine.epoch(batch: batch, scheduled, shouldStop: shouldStop) { interrupted = true; break }
            let record = evaluateNext(learningRate: scheduled.learningRate)
            history.append(record)
            records.append(record)
            onEpoch(record)

            if !record.trainLoss.isFinite || !record.objective.isFinite || !engine.parametersAreFinite() {
                diverged = true
                divergedAt = record.epoch
                reason = "the loss became infinite or not a number at epoch \(record.epoch): " + likelyCause(h)
                break
            }
            if record.trainLoss > divergenceBound {
                diverged = true
                divergedAt = record.epoch
                reason = "the training loss (\(NumberFormat.compact(record.trainLoss))) grew past \(Int(Trainer.divergenceFactor)) times its reference (\(NumberFormat.compact(referenceLoss))) at epoch \(record.epoch): " + likelyCause(h)
                break
            }
            if h.earlyStopping > 0, let validation = record.validationLoss {
                if validation < bestValidationLoss {
                    bestValidationLoss = validation
                    bestEpoch = record.epoch
                    bestParameters = engine.parameters()
                    epochsSinceBest = 0
                } else {
                    epochsSinceBest += 1
                    if epochsSinceBest >= h.earlyStopping, let best = bestEpoch {
                        engine.setParameters(bestParameters)
                        stoppedEarly = true
                        restored = best
                        reason = "stopped early at epoch \(record.epoch): the validation loss did not improve for \(h.earlyStopping) epoch\(h.earlyStopping == 1 ? "" : "s"); restored the weights of epoch \(best) (validation loss \(NumberFormat.compact(bestValidationLoss)))"
                        break
                    }
                }
            }
        }
        if interrupted {
            reason = "interrupted after epoch \(history.last?.epoch ?? 0); the weights are kept, so training can continue"
        }
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return TrainingOutcome(history: records, diverged: diverged, divergedAt: divergedAt, reason: reason,
                               stoppedEarly: stoppedEarly, restoredBestEpoch: restored, interrupted: interrupted,
                               seconds: seconds, parameters: parameters, parametersInDataUnits: parametersInDataUnits)
    }

    /// The gradient of the objective (mean data loss over all training rows + penalty) with respect
    /// to every parameter, in the flat layout of `network.parameters`.
    func objectiveGradient() -> [Double] {
        engine.objectiveGradient(l2: hyperparameters.l2, l1: hyperparameters.l1)
    }

    private func evaluateNext(learningRate: Double) -> EpochRecord {
        let r = evaluate()
        return EpochRecord(epoch: epochsTrained + 1, trainLoss: r.trainLoss, validationLoss: r.validationLoss,
                           objective: r.objective, trainAccuracy: r.trainAccuracy, validationAccuracy: r.validationAccuracy,
                           learningRate: learningRate)
    }

    private func likelyCause(_ h: Hyperparameters) -> String {
        // The rate as a learner would type it (up to 6 significant digits: 5.3739 from a search's draw, not
        // 5.373902322111736), and a tenth of it rounded to 2 significant digits for the suggestion.
        let lr = NumberFormat.setting(h.learningRate)
        let smaller = NumberFormat.suggestion(h.learningRate / 10)
        var text = "the learning rate (\(lr)) is probably too high for this data; try a smaller one, such as \(smaller)"
        if h.optimizer == .sgd && h.momentum >= 0.5 {
            text += " (momentum \(NumberFormat.shortest(h.momentum)) makes each step up to \(NumberFormat.compact(1 / (1 - h.momentum))) times larger)"
        }
        return text
    }


    /// The learned parameters, layer by layer: "layer l weights" (inputs x units) and
    /// "layer l biases" (1 x units). Weights act on the transformed features (z-scores, and
    /// Legendre products for degree > 1), not on raw units.
    public var parameters: [ParameterBlock] {
        var blocks = [ParameterBlock]()
        let values = engine.parameters()
        let sizes = engine.sizes
        for l in 0..<(sizes.count - 1) {
            let rows = sizes[l], columns = sizes[l + 1]
            let w = engine.weightOffsets[l], b = engine.biasOffsets[l]
            blocks.append(ParameterBlock(name: "layer \(l + 1) weights", rows: rows, columns: columns,
                                         values: Array(values[w..<(w + rows * columns)])))
            blocks.append(ParameterBlock(name: "layer \(l + 1) biases", rows: 1, columns: columns,
                                         values: Array(values[b..<(b + columns)])))
        }
        return blocks
    }

    /// The model in the units of the raw features (see `DataUnitParameters`), for linear, logistic
    /// and softmax models with degree 1; nil for an mlp (its hidden layers are not linear) and for
    /// degree > 1 (the weights act on polynomial features, not on one input each).
    public var parametersInDataUnits: DataUnitParameters? {
        guard model != .mlp, preprocessor.degree <= 1, engine.sizes.count == 2 else { return nil }
        let values = engine.parameters()
        let p = engine.sizes[0], k = engine.sizes[1]
        let w = engine.weightOffsets[0], b = engine.biasOffsets[0]
        var weights = [[Double]](repeating: [Double](repeating: 0, count: p), count: k)
        var intercepts = [Double](repeating: 0, count: k)
        for c in 0..<k {
            var intercept = values[b + c]
            for j in 0..<p {
                let standardized = values[w + j * k + c]
                weights[c][j] = standardized / preprocessor.deviation[j]
                intercept -= standardized * preprocessor.mean[j] / preprocessor.deviation[j]
            }
            intercepts[c] = intercept
        }
        let classes = dataset.task.classes
        let outputs: [String]
        switch engine.output {
        case .identity: outputs = [dataset.targetName]
        case .sigmoid: outputs = ["log-odds of \(classes.count > 1 ? classes[1] : "class 1")"]
        case .softmax: outputs = classes.map { "score of \($0)" }
        }
        return DataUnitParameters(featureNames: dataset.featureNames, outputNames: outputs, weights: weights, intercepts: intercepts)
    }

    /// What the weights of `parameters` act on, one sentence without the final period (for
    /// `params`): standardized inputs or polynomial features, and why there is no equation in
    /// the data's units when there is none.
    public var inputDescription: String {
        if preprocessor.degree > 1 {
            return "The first layer's weights act on \(inputWidth) polynomial features of degree up to \(preprocessor.degree) (Legendre products of the inputs scaled to [−1, 1], each standardized): there is no one weight per input, so no equation in the data's units"
        }
        let standardized = "The first layer's weights act on standardized inputs z = (x − mean)/sd (mean and sd of the training rows)"
        return model == .mlp ? standardized + "; the hidden units make the mlp nonlinear, so there is no equation in the data's units" : standardized
    }

    /// Predictions for raw (untransformed) feature rows, `rows x dataset.featureCount`.
    ///
    /// - Returns: classification: `rows x classes` probabilities (each row sums to 1); regression:
    ///   `rows x 1` predictions in target units. When `raw.columns` differs from the dataset's
    ///   feature count, every value is NaN (the shapes do not fit).
    public func predict(_ raw: Matrix) -> Matrix {
        let classes = dataset.task.classes.count
        let width = classes > 0 ? classes : 1
        guard raw.columns == dataset.featureCount else {
            return Matrix(rows: raw.rows, columns: width, repeating: .nan)
        }
        let z = engine.logits(raw: raw, transform: preprocessor)
        let k = engine.sizes[engine.sizes.count - 1]
        var out = [Double](repeating: 0, count: raw.rows * width)
        for r in 0..<raw.rows {
            let o = r * width
            switch engine.output {
            case .identity:
                out[o] = z[r]
            case .sigmoid:
                let p = 1 / (1 + Foundation.exp(-z[r]))
                out[o] = 1 - p
                out[o + 1] = p
            case .softmax:
                var m = -Double.infinity
                for j in 0..<k { m = Swift.max(m, z[r * k + j]) }
                var sum = 0.0
                for j in 0..<k { let e = Foundation.exp(z[r * k + j] - m); out[o + j] = e; sum += e }
                for j in 0..<k { out[o + j] /= sum }
            }
        }
        return Matrix(rows: raw.rows, columns: width, values: out)
    }
}
