/// Every hyperparameter, by its one name (DESIGN.md's vocabulary), in the order help and `show`
/// list them. Every `switch` over it is exhaustive: a new case that is not described, stored or
/// used is a compile error.
///
/// Adding a hyperparameter touches three files: this one (the case and its `spec`),
/// `Hyperparameters.swift` (the stored field and its subscript cases) and the engine that uses it.
public enum HyperparameterName: String, CaseIterable, Sendable, Codable {
    /// Step size of each update.
    case learningRate = "learning-rate"
    /// Examples per update.
    case batchSize = "batch-size"
    /// Passes over the training set.
    case epochs
    /// L2 penalty strength.
    case l2
    /// L1 penalty strength.
    case l1
    /// Decoupled weight decay per step (not a penalty of the objective).
    case weightDecay = "weight-decay"
    /// Heavy-ball momentum of sgd.
    case momentum
    /// sgd or adam.
    case optimizer
    /// How the learning rate changes from epoch to epoch.
    case schedule
    /// Epochs of linear learning-rate warm-up.
    case warmup
    /// Units per hidden layer of an mlp.
    case hiddenLayers = "hidden-layers"
    /// Nonlinearity of the hidden layers.
    case activation
    /// Polynomial degree of the features.
    case degree
    /// Share of rows held out for validation.
    case validationFraction = "validation-fraction"
    /// Patience of early stopping.
    case earlyStopping = "early-stopping"
    /// One seed for split, initialization and shuffling.
    case seed

    /// The name for a name or alias as typed: case-insensitive, underscores read as hyphens
    /// (`learning_rate`, `LR`); nil when unknown.
    public init?(lookup text: String) {
        let key = text.lowercased().replacingOccurrences(of: "_", with: "-")
        guard let found = Self.allCases.first(where: { $0.rawValue == key || $0.spec.aliases.contains(key) }) else { return nil }
        self = found
    }

    /// What this hyperparameter means and which values it accepts.
    public var spec: HyperparameterSpec {
        switch self {
        case .learningRate:
            return HyperparameterSpec(
                id: self, aliases: ["lr"], summary: "step size of each update",
                domain: .real(lower: 0, lowerOpen: true, upper: 1000, upperOpen: false, logScale: true),
                defaultText: "0.1", unit: nil, restartsTraining: false,
                guide: HyperparameterGuide(
                    what: "How big a step each update takes along the negative gradient of the loss. `schedule` and `warmup` can vary it from epoch to epoch; the history records the rate each epoch used.",
                    tooSmall: "the loss falls very slowly; after the given epochs it is still far from its best.",
                    tooLarge: "the steps overshoot the minimum: the weights jump from one side of the valley to the other, and past a limit the loss grows and blows up (diverges).",
                    scikitLearn: "learning_rate_init (MLP), eta0 (SGDClassifier)", kerasPyTorch: "learning_rate / lr",
                    tryThis: "use breast-cancer, model logistic, set learning-rate 50: the run diverges"))
        case .batchSize:
            return HyperparameterSpec(
                id: self, aliases: ["batch"], summary: "examples per update; full = the whole training set",
                domain: .batchSize(1...1_000_000), defaultText: "32", unit: "examples", restartsTraining: false,
                guide: HyperparameterGuide(
                    what: "How many training examples are averaged for one update. `full` uses the whole training set (plain gradient descent).",
                    tooSmall: "many cheap, noisy updates per epoch: the curve is jagged, and each epoch takes longer.",
                    tooLarge: "few smooth updates per epoch: each epoch makes less progress, so more epochs are needed.",
                    scikitLearn: "batch_size", kerasPyTorch: "batch_size", tryThis: nil))
        case .epochs:
            return HyperparameterSpec(
                id: self, aliases: [], summary: "passes over the training set",
                domain: .integer(1...100_000), defaultText: "100", unit: "epochs", restartsTraining: false,
                guide: HyperparameterGuide(
                    what: "How many passes over the training set training makes.",
                    tooSmall: "training stops before the model has learned what it can (underfitting).",
                    tooLarge: "time is wasted, and a flexible model may start to memorize the training data (overfitting): watch the validation curve.",
                    scikitLearn: "max_iter", kerasPyTorch: "epochs", tryThis: nil))
        case .l2:
            return HyperparameterSpec(
                id: self, aliases: [], summary: "penalty (l2/2)·‖w‖² added to the mean loss; biases not penalized",
                domain: .real(lower: 0, lowerOpen: false, upper: 100, upperOpen: false, logScale: true),
                defaultText: "0", unit: nil, restartsTraining: false,
                guide: HyperparameterGuide(
                    what: "The strength of the L2 penalty (l2/2)·‖w‖² added to the mean loss (biases are not penalized). It pulls the weights towards zero and so limits how closely the model can follow noise. Its gradient l2·w goes through the optimizer, so under adam it is scaled per weight like the data gradient: for decay that adam does not rescale, use weight-decay.",
                    tooSmall: "no brake on the weights: a flexible model can overfit (training loss falls, validation loss rises).",
                    tooLarge: "the weights are held near zero: the model cannot fit even the real pattern (underfitting), both losses stay high.",
                    scikitLearn: "on the same standardized inputs, with n training rows: Ridge(alpha = n·l2/2); LogisticRegression(C = 1/(n·l2)); SGDClassifier(loss='log_loss', alpha = l2)",
                    kerasPyTorch: "Keras kernel_regularizer=L2(l2/2) (Keras adds λ·Σw²); PyTorch SGD or Adam weight_decay = l2 (it adds weight_decay·w to the gradient, biases too unless they are in a group with weight_decay=0), not AdamW",
                    tryThis: nil))
        case .l1:
            return HyperparameterSpec(
                id: self, aliases: [], summary: "penalty l1·‖w‖₁ added to the mean loss; biases not penalized; makes exact zeros",
                domain: .real(lower: 0, lowerOpen: false, upper: 100, upperOpen: false, logScale: true),
                defaultText: "0", unit: nil, restartsTraining: false,
                guide: HyperparameterGuide(
                    what: "The strength of the L1 penalty l1·‖w‖₁ added to the mean loss (biases are not penalized). After each update every weight moves towards zero by a fixed amount and stops at exactly 0 instead of crossing it (a proximal step, soft-thresholding), so weights that matter little become exactly 0 and the model uses fewer features; `params` counts them.",
                    tooSmall: "no sparsity; like a small l2.",
                    tooLarge: "every weight is set to zero and the model underfits.",
                    scikitLearn: "on the same standardized inputs, with n training rows: Lasso(alpha = l1/2); LogisticRegression(penalty='l1', solver='saga', C = 1/(n·l1)); SGDClassifier(loss='log_loss', penalty='l1', alpha = l1)",
                    kerasPyTorch: "Keras kernel_regularizer=L1(l1); PyTorch has no option: add l1·Σ|w| to the loss (a subgradient: weights then hover near zero instead of reaching it)",
                    tryThis: nil))
        case .weightDecay:
            return HyperparameterSpec(
                id: self, aliases: [], summary: "decoupled weight decay: each step also does w ← w − learning-rate·weight-decay·w (biases not decayed)",
                domain: .real(lower: 0, lowerOpen: false, upper: 100, upperOpen: false, logScale: true),
                defaultText: "0", unit: nil, restartsTraining: false,
                guide: HyperparameterGuide(
                    what: "Decoupled weight decay (I. Loshchilov and F. Hutter (2019), \"Decoupled Weight Decay Regularization\", ICLR): each step shrinks every weight by the share learning-rate·weight-decay of its value before the update, outside the optimizer: w ← w − lr·(update + weight-decay·w). Biases are not decayed. With sgd and momentum 0 it is exactly l2 of the same value: w − lr·(g + l2·w) is the same step. The decay per step is lr·weight-decay, so it scales with the learning rate (and the schedule) like the gradient step does; the paper's decay factor λ per step is lr·weight-decay. With momentum the l2 gradient is carried in the velocity and the decay is not (SGDW), and under adam the l2 gradient is divided by adam's per-weight scale while the decay is not (AdamW): there they differ. It is a rule of the update, not a term of the objective.",
                    tooSmall: "no brake on the weights (as a small l2).",
                    tooLarge: "the weights shrink towards zero faster than the data can pull them back: underfitting; with learning-rate·weight-decay above 1 each step flips their sign and training diverges.",
                    scikitLearn: "no adam counterpart (MLPClassifier's alpha is an L2 penalty); for sgd with momentum 0: SGDClassifier(loss='log_loss', alpha = weight-decay)",
                    kerasPyTorch: "PyTorch AdamW(weight_decay = weight-decay) (it does p ← p·(1 − lr·weight_decay)); Keras AdamW(weight_decay = weight-decay) and the weight_decay argument of Keras 3 optimizers (decoupled too); not PyTorch Adam's or SGD's weight_decay, which is l2",
                    tryThis: nil))
        case .momentum:
            return HyperparameterSpec(
                id: self, aliases: [], summary: "heavy-ball momentum for sgd (adam ignores it)",
                domain: .real(lower: 0, lowerOpen: false, upper: 1, upperOpen: true, logScale: false),
                defaultText: "0", unit: nil, restartsTraining: false,
                guide: HyperparameterGuide(
                    what: "For `sgd`: the share of the previous update carried into the next one (heavy-ball momentum), which speeds up travel along long valleys.",
                    tooSmall: "0 is plain SGD: slower on badly scaled problems.",
                    tooLarge: "close to 1 the updates keep rolling past the minimum and oscillate.",
                    scikitLearn: "momentum", kerasPyTorch: "momentum", tryThis: nil))
        case .optimizer:
            return HyperparameterSpec(
                id: self, aliases: [], summary: "how the gradient becomes an update: sgd or adam",
                domain: .choices(Optimizer.allCases.map(\.rawValue)), defaultText: "sgd", unit: nil, restartsTraining: false,
                guide: HyperparameterGuide(
                    what: "The rule that turns gradients into updates: `sgd` (stochastic gradient descent, with optional momentum) or `adam` (adaptive steps per weight).",
                    tooSmall: "(a choice, not a size)", tooLarge: "(a choice, not a size)",
                    scikitLearn: "solver", kerasPyTorch: "optimizer", tryThis: nil))
        case .schedule:
            return HyperparameterSpec(
                id: self, aliases: ["lr-schedule"], summary: "how the learning rate changes from epoch to epoch: constant, step or cosine",
                domain: .choices(LearningRateSchedule.allCases.map(\.rawValue)), defaultText: "constant", unit: nil, restartsTraining: false,
                guide: HyperparameterGuide(
                    what: "The learning rate of each epoch, over a cycle of `epochs` epochs after the warm-up (t = 0 in the cycle's first epoch, T = epochs − warmup): `constant` keeps learning-rate; `step` divides it by 10 after half and again after three quarters of the cycle (the ResNet recipe: K. He et al. (2016), \"Deep Residual Learning for Image Recognition\", CVPR); `cosine` uses learning-rate·(1 + cos(π·t/T))/2 (I. Loshchilov and F. Hutter (2017), \"SGDR: Stochastic Gradient Descent with Warm Restarts\", ICLR, eq. 5). Training past the cycle with `continue` starts a new cycle at the full rate (a warm restart). With mini-batches (noisy gradients) a decaying rate lets the weights settle at the minimum where a constant one keeps bouncing around it.",
                    tooSmall: "(a choice, not a size)", tooLarge: "(a choice, not a size)",
                    scikitLearn: "MLPClassifier learning_rate='constant' (its 'invscaling' and 'adaptive' are other decays)",
                    kerasPyTorch: "Keras CosineDecay / PiecewiseConstantDecay; PyTorch lr_scheduler.CosineAnnealingLR(T_max = T) / MultiStepLR(milestones=[⌈T/2⌉, ⌈3T/4⌉], gamma=0.1), stepped once per epoch",
                    tryThis: nil))
        case .warmup:
            return HyperparameterSpec(
                id: self, aliases: ["warmup-epochs"], summary: "epochs of linear learning-rate warm-up before the schedule; 0 = none",
                domain: .integer(0...100_000), defaultText: "0", unit: "epochs", restartsTraining: false,
                guide: HyperparameterGuide(
                    what: "For the first `warmup` epochs the learning rate grows linearly, learning-rate·e/warmup in epoch e = 1...warmup (P. Goyal et al. (2017), \"Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour\", gradual warm-up); then the schedule runs over the remaining epochs. It avoids large first steps while the weights are far from any minimum.",
                    tooSmall: "0 starts at the full rate: a large rate can blow up in the first epochs.",
                    tooLarge: "epochs spent crawling at a small rate; at warmup >= epochs the whole run is warm-up.",
                    scikitLearn: "(none)", kerasPyTorch: "Keras CosineDecay(warmup_steps=...); PyTorch lr_scheduler.LinearLR(start_factor = 1/warmup, total_iters = warmup − 1) chained with SequentialLR",
                    tryThis: nil))
        case .hiddenLayers:
            return HyperparameterSpec(
                id: self, aliases: ["layers"], summary: "units per hidden layer of an mlp, e.g. 16,8; none = no hidden layer",
                domain: .layers(maxLayers: 8, units: 1...1024), defaultText: "16", unit: "units", restartsTraining: true,
                guide: HyperparameterGuide(
                    what: "For `mlp`: the number of units in each hidden layer, e.g. `16,8` (two layers). `none` means no hidden layer. More units and layers give more capacity.",
                    tooSmall: "too little capacity to follow the pattern (underfitting).",
                    tooLarge: "enough capacity to memorize noise (overfitting), and slower training.",
                    scikitLearn: "hidden_layer_sizes", kerasPyTorch: "Dense(...) / nn.Linear(...) layers", tryThis: nil))
        case .activation:
            return HyperparameterSpec(
                id: self, aliases: [], summary: "nonlinearity of the hidden layers: relu, tanh or sigmoid",
                domain: .choices(Activation.allCases.map(\.rawValue)), defaultText: "relu", unit: nil, restartsTraining: true,
                guide: HyperparameterGuide(
                    what: "For `mlp`: the function applied after each hidden layer: relu, tanh or sigmoid.",
                    tooSmall: "(a choice, not a size)", tooLarge: "(a choice, not a size)",
                    scikitLearn: "activation", kerasPyTorch: "activation= / nn.ReLU, nn.Tanh, nn.Sigmoid", tryThis: nil))
        case .degree:
            return HyperparameterSpec(
                id: self, aliases: [], summary: "polynomial degree of the features (1 = the features themselves)",
                domain: .integer(1...20), defaultText: "1", unit: nil, restartsTraining: true,
                guide: HyperparameterGuide(
                    what: "For `linear`: the degree of the polynomial features (x, x², ..., x^degree) the model may use. Higher degree, more capacity.",
                    tooSmall: "a straight line through a curve: both losses stay high (underfitting).",
                    tooLarge: "the curve bends through the noise of the training points (overfitting): the validation loss rises above the training loss.",
                    scikitLearn: "PolynomialFeatures(degree)", kerasPyTorch: "(features built by hand)", tryThis: nil))
        case .validationFraction:
            return HyperparameterSpec(
                id: self, aliases: [], summary: "share of the rows held out for validation (stratified for classification); 0 allowed",
                domain: .real(lower: 0, lowerOpen: false, upper: 0.9, upperOpen: false, logScale: false),
                defaultText: "0.2", unit: nil, restartsTraining: true,
                guide: HyperparameterGuide(
                    what: "The share of rows held out of training to measure how well the model does on data it has not seen. 0 trains on every row and gives no validation curve.",
                    tooSmall: "the validation score is measured on few rows and is noisy.",
                    tooLarge: "less data is left to train on, so the model learns less.",
                    scikitLearn: "validation_fraction / train_test_split(test_size)", kerasPyTorch: "validation_split", tryThis: nil))
        case .earlyStopping:
            return HyperparameterSpec(
                id: self, aliases: ["patience"], summary: "stop after this many epochs without validation improvement and restore the best weights; 0 = off",
                domain: .integer(0...100_000), defaultText: "0", unit: "epochs", restartsTraining: false,
                guide: HyperparameterGuide(
                    what: "Patience: stop when the validation loss has not improved for this many epochs, and go back to the best weights seen. 0 turns it off.",
                    tooSmall: "a lucky bump in the curve stops training too soon.",
                    tooLarge: "training runs long past the best epoch before stopping.",
                    scikitLearn: "early_stopping=True with n_iter_no_change", kerasPyTorch: "EarlyStopping(patience=..., restore_best_weights=True)", tryThis: nil))
        case .seed:
            return HyperparameterSpec(
                id: self, aliases: [], summary: "one seed for the split, the initialization and the shuffling",
                domain: .seed, defaultText: "0", unit: nil, restartsTraining: true,
                guide: HyperparameterGuide(
                    what: "One number that fixes every random choice: the validation split, the initial weights and the order of the examples. The same seed and settings give the same curves.",
                    tooSmall: "(any value is fine)", tooLarge: "(any value is fine)",
                    scikitLearn: "random_state", kerasPyTorch: "keras.utils.set_random_seed / torch.manual_seed", tryThis: nil))
        }
    }
}
