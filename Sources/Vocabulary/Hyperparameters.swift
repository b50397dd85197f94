/// The settings chosen before training, one stored field per `HyperparameterName`.
///
/// Ranges are those of each name's `spec.domain` (checked by `set(_:to:)` and
/// `firstOutOfRange`; the trainer assumes them).
public struct Hyperparameters: Sendable, Equatable {
    /// Step size of each update, > 0.
    public var learningRate: Double
    /// Examples per update, or the whole training set.
    public var batchSize: BatchSize
    /// Passes over the training set per `train` call.
    public var epochs: Int
    /// sgd (with `momentum`) or adam.
    public var optimizer: Optimizer
    /// Heavy-ball momentum for sgd, in [0, 1).
    public var momentum: Double
    /// Penalty (l2/2)·‖w‖² on the weights (not the biases) added to the mean data loss.
    public var l2: Double
    /// Penalty l1·‖w‖₁ on the weights (not the biases) added to the mean data loss, applied by a
    /// proximal step (soft-thresholding) after each update, so weights can become exactly 0.
    public var l1: Double
    /// Decoupled weight decay: each step also does w ← w − rate·weightDecay·w on the weights (not
    /// the biases), outside the optimizer (I. Loshchilov and F. Hutter (2019), ICLR); >= 0.
    public var weightDecay: Double
    /// How the learning rate changes from epoch to epoch.
    public var schedule: LearningRateSchedule
    /// Epochs of linear learning-rate warm-up before the schedule, >= 0.
    public var warmup: Int
    /// Units per hidden layer of an `mlp`, input side first; empty = no hidden layer.
    public var hiddenLayers: [Int]
    /// Nonlinearity of the hidden layers.
    public var activation: Activation
    /// Polynomial degree of the features (1 = the features themselves).
    public var degree: Int
    /// Share of the rows held out for validation (stratified for classification), 0 allowed.
    public var validationFraction: Double
    /// Patience: stop after this many epochs without a lower validation loss and restore the best weights; 0 = off.
    public var earlyStopping: Int
    /// One seed for the split, the initialization and the shuffling.
    public var seed: UInt64

    /// Every field spelled out; the defaults are each spec's `defaultText` (no hidden layer: the
    /// mlp's 16 units come from `defaults(model:dataset:)`).
    public init(learningRate: Double = 0.1, batchSize: BatchSize = .examples(32), epochs: Int = 100,
                optimizer: Optimizer = .sgd, momentum: Double = 0, l2: Double = 0, l1: Double = 0,
                weightDecay: Double = 0, schedule: LearningRateSchedule = .constant, warmup: Int = 0,
                hiddenLayers: [Int] = [], activation: Activation = .relu, degree: Int = 1,
                validationFraction: Double = 0.2, earlyStopping: Int = 0, seed: UInt64 = 0) {
        self.learningRate = learningRate
        self.batchSize = batchSize
        self.epochs = epochs
        self.optimizer = optimizer
        self.momentum = momentum
        self.l2 = l2
        self.l1 = l1
        self.weightDecay = weightDecay
        self.schedule = schedule
        self.warmup = warmup
        self.hiddenLayers = hiddenLayers
        self.activation = activation
        self.degree = degree
        self.validationFraction = validationFraction
        self.earlyStopping = earlyStopping
        self.seed = seed
    }

    /// The value of one hyperparameter, typed by its domain. Setting a value of the wrong kind
    /// for the name (a programming error: values come from `spec.parse`) leaves the field unchanged.
    public subscript(name: HyperparameterName) -> HyperparameterValue {
        get {
            switch name {
            case .learningRate: return .real(learningRate)
            case .batchSize: return .batchSize(batchSize)
            case .epochs: return .integer(epochs)
            case .l2: return .real(l2)
            case .l1: return .real(l1)
            case .weightDecay: return .real(weightDecay)
            case .schedule: return .choice(schedule.rawValue)
            case .warmup: return .integer(warmup)
            case .momentum: return .real(momentum)
            case .optimizer: return .choice(optimizer.rawValue)
            case .hiddenLayers: return .layers(hiddenLayers)
            case .activation: return .choice(activation.rawValue)
            case .degree: return .integer(degree)
            case .validationFraction: return .real(validationFraction)
            case .earlyStopping: return .integer(earlyStopping)
            case .seed: return .seed(seed)
            }
        }
        set {
            switch (name, newValue) {
            case (.learningRate, .real(let x)): learningRate = x
            case (.batchSize, .batchSize(let x)): batchSize = x
            case (.epochs, .integer(let x)): epochs = x
            case (.l2, .real(let x)): l2 = x
            case (.l1, .real(let x)): l1 = x
            case (.weightDecay, .real(let x)): weightDecay = x
            case (.schedule, .choice(let x)): schedule = LearningRateSchedule(rawValue: x) ?? schedule
            case (.warmup, .integer(let x)): warmup = x
            case (.momentum, .real(let x)): momentum = x
            case (.optimizer, .choice(let x)): optimizer = Optimizer(rawValue: x) ?? optimizer
            case (.hiddenLayers, .layers(let x)): hiddenLayers = x
            case (.activation, .choice(let x)): activation = Activation(rawValue: x) ?? activation
            case (.degree, .integer(let x)): degree = x
            case (.validationFraction, .real(let x)): validationFraction = x
            case (.earlyStopping, .integer(let x)): earlyStopping = x
            case (.seed, .seed(let x)): seed = x
            case (.learningRate, _), (.batchSize, _), (.epochs, _), (.l2, _), (.l1, _), (.weightDecay, _), (.momentum, _),
                 (.optimizer, _), (.schedule, _), (.warmup, _), (.hiddenLayers, _), (.activation, _), (.degree, _), (.validationFraction, _), (.earlyStopping, _), (.seed, _):
                return
            }
        }
    }

    /// The documented defaults for `model` on `dataset` (a built-in name; anything else gets the
    /// model's general defaults). They are chosen so that each pair trains stably in well under a
    /// second in a release build:
    /// - every model: batch-size 32, sgd, momentum 0, l2 0, l1 0, weight-decay 0, schedule
    ///   constant, warmup 0, relu, degree 1,
    ///   validation-fraction 0.2, early-stopping 0, seed 0;
    /// - linear: learning-rate 0.05, 100 epochs (features are standardized, so diabetes in original
    ///   units converges without diverging); sine: degree 3, adam, learning-rate 0.05, batch full,
    ///   1000 epochs, validation-fraction 0.5 (20 training rows: degree 15 then overfits clearly);
    /// - logistic and softmax: learning-rate 0.1, 100 epochs;
    /// - mlp: hidden-layers 16, adam, learning-rate 0.01, 100 epochs (adam's step does not grow with
    ///   the scale of the target, so regression in raw units such as diabetes stays stable);
    ///   digits: hidden-layers 32, 10 epochs (reaches at least 0.95 validation accuracy);
    ///   spiral, circles, xor: hidden-layers 16,16, 300 epochs; sine: hidden-layers 16,16, tanh,
    ///   batch full, 1000 epochs, validation-fraction 0.5.
    public static func defaults(model: ModelKind, dataset: String) -> Hyperparameters {
        var h = Hyperparameters()
        let builtIn = DatasetName(rawValue: dataset)
        switch model {
        case .linear:
            h.learningRate = 0.05
            h.epochs = 100
            if builtIn == .sine {
                h.degree = 3
                h.optimizer = .adam
                h.batchSize = .full
                h.epochs = 1000
                h.validationFraction = 0.5
            }
        case .logistic, .softmax:
            h.learningRate = 0.1
            h.epochs = 100
        case .mlp:
            h.hiddenLayers = [16]
            h.optimizer = .adam
            h.learningRate = 0.01
            h.epochs = 100
            switch builtIn {
            case .digits:
                h.hiddenLayers = [32]
                h.epochs = 10
            case .spiral, .circles, .xor:
                h.hiddenLayers = [16, 16]
                h.epochs = 300
            case .sine:
                h.hiddenLayers = [16, 16]
                h.activation = .tanh
                h.batchSize = .full
                h.epochs = 1000
                h.validationFraction = 0.5
            case .breastCancer, .diabetes, .iris, .wine, .gaussians, .plane, nil:
                break
            }
        }
        return h
    }

    /// Sets the hyperparameter `name` (a vocabulary name or alias, e.g. "learning-rate" or "lr")
    /// from `value` as typed ("0.1", "full", "16,8", "" or "none" for no hidden layer).
    ///
    /// - Throws: `VocabularyError` for an unknown name (listing the names), text that is not a
    ///   value of the right kind, or a value outside the documented range (stating the range).
    public mutating func set(_ name: String, to value: String) throws(VocabularyError) {
        guard let id = HyperparameterName(lookup: name) else {
            throw .unknownHyperparameter(name: name, known: HyperparameterName.allCases.map(\.rawValue))
        }
        self[id] = try id.spec.validate(value)
    }

    /// The first hyperparameter (in vocabulary order) whose value is outside its documented
    /// range, nil when every value is allowed. `set` and the trainer both rely on it.
    public var firstOutOfRange: String? {
        HyperparameterName.allCases.first { !$0.spec.contains(self[$0]) }?.rawValue
    }

    /// The canonical text of the current value of `name` (name or alias), as `set` accepts it;
    /// nil for an unknown name. Numbers use Swift's shortest round-trip form ("0.1", "32").
    public func text(of name: String) -> String? {
        guard let id = HyperparameterName(lookup: name) else { return nil }
        return id.spec.text(of: self[id])
    }
}
