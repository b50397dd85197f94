/// The long explanation of one hyperparameter for `help NAME`.
///
/// The range and default come from the engine (`HyperparameterCatalog`), so they are never
/// written twice; this adds what a learner needs: what the setting does, what too small and too
/// large do, and the names other tools use (scikit-learn, Keras/PyTorch), as in the vocabulary of
/// the design notes.
struct HyperparameterGuide: Sendable {
    let name: String
    let what: String
    let tooSmall: String
    let tooLarge: String
    let scikitLearn: String
    let kerasPyTorch: String
    /// A command sequence that demonstrates the claim, when there is one; checked by the tests.
    let tryThis: String?

    static let all: [HyperparameterGuide] = [
        HyperparameterGuide(
            name: "learning-rate",
            what: "How big a step each update takes along the negative gradient of the loss.",
            tooSmall: "the loss falls very slowly; after the given epochs it is still far from its best.",
            tooLarge: "the steps overshoot the minimum: the loss zig-zags, then grows and blows up (diverges).",
            scikitLearn: "learning_rate_init (MLP), eta0 (SGDClassifier)", kerasPyTorch: "learning_rate / lr",
            tryThis: "use breast-cancer, model logistic, set learning-rate 50: the run diverges"),
        HyperparameterGuide(
            name: "batch-size",
            what: "How many training examples are averaged for one update. `full` uses the whole training set (plain gradient descent).",
            tooSmall: "many cheap, noisy updates per epoch: the curve is jagged, and each epoch takes longer.",
            tooLarge: "few smooth updates per epoch: each epoch makes less progress, so more epochs are needed.",
            scikitLearn: "batch_size", kerasPyTorch: "batch_size", tryThis: nil),
        HyperparameterGuide(
            name: "epochs",
            what: "How many passes over the training set training makes.",
            tooSmall: "training stops before the model has learned what it can (underfitting).",
            tooLarge: "time is wasted, and a flexible model may start to memorize the training data (overfitting): watch the validation curve.",
            scikitLearn: "max_iter", kerasPyTorch: "epochs", tryThis: nil),
        HyperparameterGuide(
            name: "optimizer",
            what: "The rule that turns gradients into updates: `sgd` (stochastic gradient descent, with optional momentum) or `adam` (adaptive steps per weight).",
            tooSmall: "(a choice, not a size)", tooLarge: "(a choice, not a size)",
            scikitLearn: "solver", kerasPyTorch: "optimizer", tryThis: nil),
        HyperparameterGuide(
            name: "momentum",
            what: "For `sgd`: the share of the previous update carried into the next one (heavy-ball momentum), which speeds up travel along long valleys.",
            tooSmall: "0 is plain SGD: slower on badly scaled problems.",
            tooLarge: "close to 1 the updates keep rolling past the minimum and oscillate.",
            scikitLearn: "momentum", kerasPyTorch: "momentum", tryThis: nil),
        HyperparameterGuide(
            name: "l2",
            what: "The strength of the L2 penalty (l2/2)·‖w‖² added to the mean loss (biases are not penalized). It pulls the weights towards zero and so limits how closely the model can follow noise.",
            tooSmall: "no brake on the weights: a flexible model can overfit (training loss falls, validation loss rises).",
            tooLarge: "the weights are held near zero: the model cannot fit even the real pattern (underfitting), both losses stay high.",
            scikitLearn: "alpha (scaled differently)", kerasPyTorch: "kernel_regularizer=l2(...) / weight_decay", tryThis: nil),
        HyperparameterGuide(
            name: "l1",
            what: "The strength of the L1 penalty l1·‖w‖₁ added to the mean loss. It pushes small weights to exactly zero, so the model uses fewer features.",
            tooSmall: "no sparsity; like a small l2.",
            tooLarge: "every weight is pushed to zero and the model underfits.",
            scikitLearn: "l1_ratio with penalty='elasticnet' (and C)", kerasPyTorch: "kernel_regularizer=l1(...)", tryThis: nil),
        HyperparameterGuide(
            name: "hidden-layers",
            what: "For `mlp`: the number of units in each hidden layer, e.g. `16,8` (two layers). `none` means no hidden layer. More units and layers give more capacity.",
            tooSmall: "too little capacity to follow the pattern (underfitting).",
            tooLarge: "enough capacity to memorize noise (overfitting), and slower training.",
            scikitLearn: "hidden_layer_sizes", kerasPyTorch: "Dense(...) / nn.Linear(...) layers", tryThis: nil),
        HyperparameterGuide(
            name: "activation",
            what: "For `mlp`: the function applied after each hidden layer: relu, tanh or sigmoid.",
            tooSmall: "(a choice, not a size)", tooLarge: "(a choice, not a size)",
            scikitLearn: "activation", kerasPyTorch: "activation= / nn.ReLU, nn.Tanh, nn.Sigmoid", tryThis: nil),
        HyperparameterGuide(
            name: "degree",
            what: "For `linear`: the degree of the polynomial features (x, x², ..., x^degree) the model may use. Higher degree, more capacity.",
            tooSmall: "a straight line through a curve: both losses stay high (underfitting).",
            tooLarge: "the curve bends through the noise of the training points (overfitting): the validation loss rises above the training loss.",
            scikitLearn: "PolynomialFeatures(degree)", kerasPyTorch: "(features built by hand)", tryThis: nil),
        HyperparameterGuide(
            name: "validation-fraction",
            what: "The share of rows held out of training to measure how well the model does on data it has not seen. 0 trains on every row and gives no validation curve.",
            tooSmall: "the validation score is measured on few rows and is noisy.",
            tooLarge: "less data is left to train on, so the model learns less.",
            scikitLearn: "validation_fraction / train_test_split(test_size)", kerasPyTorch: "validation_split", tryThis: nil),
        HyperparameterGuide(
            name: "early-stopping",
            what: "Patience: stop when the validation loss has not improved for this many epochs, and go back to the best weights seen. 0 turns it off.",
            tooSmall: "a lucky bump in the curve stops training too soon.",
            tooLarge: "training runs long past the best epoch before stopping.",
            scikitLearn: "early_stopping=True with n_iter_no_change", kerasPyTorch: "EarlyStopping(patience=..., restore_best_weights=True)", tryThis: nil),
        HyperparameterGuide(
            name: "seed",
            what: "One number that fixes every random choice: the validation split, the initial weights and the order of the examples. The same seed and settings give the same curves.",
            tooSmall: "(any value is fine)", tooLarge: "(any value is fine)",
            scikitLearn: "random_state", kerasPyTorch: "keras.utils.set_random_seed / torch.manual_seed", tryThis: nil),
    ]

    /// The guide for a canonical name, or nil.
    static func guide(for name: String) -> HyperparameterGuide? { all.first { $0.name == name } }
}
