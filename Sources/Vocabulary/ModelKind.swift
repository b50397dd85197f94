/// The models the trainer can fit. All are trained by the same gradient-based loop; they
/// differ in their layers, output function and loss.
public enum ModelKind: String, CaseIterable, Sendable {
    /// Linear regression (optionally on polynomial features of `degree`): ŷ = x·w + b, mean squared error.
    case linear
    /// Logistic regression for two classes: p = σ(x·w + b), mean binary cross-entropy.
    case logistic
    /// Multinomial logistic (softmax) regression: p = softmax(x·W + b), mean cross-entropy.
    case softmax
    /// Multilayer perceptron: `hidden-layers` with `activation`, then an output layer that follows
    /// the task (identity + squared error, sigmoid + binary cross-entropy, softmax + cross-entropy).
    case mlp

    /// One line for a `models` listing.
    public var summary: String {
        switch self {
        case .linear: return "linear regression (ŷ = w·x + b, on polynomial features of `degree`), mean squared error; regression only"
        case .logistic: return "logistic regression (p = σ(w·x + b)), mean cross-entropy; two classes only"
        case .softmax: return "softmax regression (p = softmax(W·x + b)), mean cross-entropy; any number of classes"
        case .mlp: return "neural network with `hidden-layers` and `activation`; output and loss follow the task (any task)"
        }
    }

    /// nil when the model fits `task`, else one plain sentence saying why not and what to use instead.
    public func check(_ task: LearningTask) -> String? {
        switch (self, task) {
        case (.linear, .regression), (.mlp, _), (.softmax, .classification):
            return nil
        case (.linear, .classification):
            return "linear is for regression, but this dataset is classification: use logistic (two classes), softmax or mlp"
        case (.logistic, .regression), (.softmax, .regression):
            return "\(rawValue) is for classification, but this dataset is regression: use linear or mlp"
        case (.logistic, .classification(let classes)):
            return classes.count == 2 ? nil
                : "logistic handles two classes, but this dataset has \(classes.count): use softmax or mlp"
        }
    }

    /// The model a new dataset starts with: the simplest that fits its task.
    public static func simplest(for task: LearningTask) -> ModelKind {
        switch task {
        case .regression: return .linear
        case .classification(let classes): return classes.count == 2 ? .logistic : .softmax
        }
    }
}

/// How the gradient turns into a parameter update.
public enum Optimizer: String, CaseIterable, Sendable {
    /// Stochastic gradient descent with heavy-ball momentum (B.T. Polyak (1964)):
    /// v ← momentum·v − learning-rate·g, w ← w + v.
    case sgd
    /// Adam (D.P. Kingma and J. Ba (2015), "Adam: a method for stochastic optimization", ICLR),
    /// β1 = 0.9, β2 = 0.999, ε = 1e-8; `momentum` is not used.
    case adam
}

/// How the learning rate changes from epoch to epoch (the `schedule` hyperparameter). The rate of
/// each epoch is `Hyperparameters.learningRate(epoch:)`; `warmup` epochs of linear warm-up come first.
public enum LearningRateSchedule: String, CaseIterable, Sendable {
    /// The same rate every epoch.
    case constant
    /// The rate divided by 10 after half and again after three quarters of the cycle
    /// (K. He et al. (2016), "Deep Residual Learning for Image Recognition", CVPR, section 4.2: at 32k and
/// 48k of 64k iterations).
    case step
    /// Cosine annealing without restarts inside a cycle: rate·(1 + cos(π·t/T))/2
    /// (I. Loshchilov and F. Hutter (2017), "SGDR: Stochastic Gradient Descent with Warm Restarts", ICLR, eq. 5).
    case cosine
}

/// The nonlinearity of the hidden layers of an `mlp`.
public enum Activation: String, CaseIterable, Sendable {
    /// max(0, z); initialized with He normal (K. He et al. (2015), "Delving deep into rectifiers").
    case relu
    /// tanh(z); initialized with Glorot uniform (X. Glorot and Y. Bengio (2010)).
    case tanh
    /// 1 / (1 + e^−z); initialized with Glorot uniform.
    case sigmoid
}

/// Examples per update.
public enum BatchSize: Sendable, Equatable {
    /// The whole training set per update (full-batch gradient descent).
    case full
    /// This many examples per update (the last batch of an epoch may be smaller).
    case examples(Int)
}
