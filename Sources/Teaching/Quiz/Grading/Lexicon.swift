import Vocabulary
import Foundation

/// The shared lexicon of free-text grading: the field's terms, their synonyms and plain-word paraphrases, each
/// mapped to one concept, in one table that every rubric uses.
///
/// A rubric claim and a learner's answer are both read through this table (see `ClaimReader`), so a teacher
/// writes a claim once ("learning rate too high diverges") and every phrasing listed here counts ("if the step
/// size is too big the loss blows up"). Phrases are written in plain words; they are normalized like answers
/// (case, accents, British spellings, simple stemming), and the longest phrase wins where several start at the
/// same word. A phrase may include `not` ("not useful" is `bad`), which then is no negation of its own.
///
/// Opposites say which concepts contradict each other. Two kinds exist:
/// - *modifiers* (`high`/`low`, `rise`/`fall`, ...) bind to the nearest word of a claim, so in "a rate that is
///   too low diverges, one too high is slow", `diverges` goes with `too low`;
/// - *subjects* (`grid`/`bayes`, `overfit`/`underfit`) bind to what they precede, so in
///   "grid search learns from results and Bayesian optimization ignores them", `ignores` is said of Bayesian
///   optimization.
public enum Lexicon {
    /// Concept ids and the phrases that name them. A concept id is what a rubric claim reduces to.
    public static let concepts: [(concept: String, phrases: [String])] = [
        // Hyperparameters and parts of a model.
        ("hyperparameter", ["hyperparameter", "hyper parameter", "setting", "configuration", "knob"]),
        ("learning-rate", ["learning rate", "learning-rate", "step size", "stepsize", "step length", "lr", "eta", "rate",
                           "step", "size of the step", "size of each step", "size of the update", "update size"]),
        ("batch", ["batch size", "batch", "mini batch", "minibatch", "examples per update", "size of the batch"]),
        ("epoch", ["epoch", "number of epochs", "pass over the data"]),
        ("architecture", ["architecture", "layer", "hidden layer", "unit", "neuron", "network size", "size of the network",
                          "model size", "size of the model", "depth", "width", "number of layers", "number of units",
                          "network", "topology", "degree"]),
        ("parameter", ["parameter", "weight", "coefficient"]),
        ("regularization", ["regularization", "regularizer", "penalty", "weight decay", "l2", "l1", "dropout"]),
        // Sizes and directions.
        ("high", ["high", "too high", "large", "too large", "big", "too big", "huge", "very high", "very large",
                  "enormous", "massive", "too much", "more", "many", "too many", "extra", "greater", "bigger", "too far",
                  "above a threshold", "above the threshold", "above", "far above",
                  "larger", "higher", "deep", "deeper", "full", "add", "excessive", "excessively"]),
        ("low", ["low", "too low", "small", "too small", "tiny", "very small", "very low", "little", "too little",
                 "few", "fewer", "too few", "less", "lower", "smaller", "not enough", "minuscule", "too short",
                 "below a threshold", "below the threshold", "below", "far below", "insufficient"]),
        ("rise", ["rise", "go up", "goes up", "increase", "climb", "grow", "get worse", "worsen", "widen", "shoot up",
                  "creep up"]),
        ("fall", ["fall", "go down", "goes down", "decrease", "drop", "decline", "shrink", "keep falling",
                  "keep dropping", "come down", "reduce"]),
        ("good", ["good", "well", "better", "best", "useful", "accurate", "great", "optimal", "right"]),
        ("bad", ["bad", "badly", "poor", "poorly", "worse", "worst", "wrong", "mistake", "useless", "off", "fail",
                 "not useful", "not good", "not well", "hopeless", "unpromising", "no use", "little use",
                 "little practical use", "suffer", "hurt", "drop in performance", "performance drop"]),
        ("fast", ["fast", "faster", "quick", "quickly", "rapid", "speed up", "sooner"]),
        ("slow", ["slow", "slowly", "slower", "crawl", "take forever", "forever", "take long", "take a long time",
                  "take ages", "painfully slow", "barely move", "stall", "sluggish", "need many epochs",
                  "many epochs", "inch", "creep", "wait for ages", "ages", "wait forever", "hardly move"]),
        // Training dynamics.
        ("diverge", ["diverge", "divergence", "blow up", "explode", "explosion", "nan", "infinity", "infinite",
                     "unstable", "instability", "go to infinity", "fly off", "not converge", "never converge",
                     "not settle", "never settle"]),
        ("oscillate", ["oscillate", "oscillation", "bounce", "bounce around", "jump around", "jumpy", "zigzag",
                       "overshoot", "jump over", "swing", "erratic", "fluctuate wildly", "up and down", "back and forth"]),
        ("converge", ["converge", "convergence", "reach the minimum", "settle", "get to the minimum", "progress"]),
        ("noise", ["noise", "noisy", "noisier", "random quirk", "quirk", "random fluctuation", "fluctuation", "wiggle",
                   "accidental pattern", "idiosyncrasy", "jitter", "variance", "random error", "randomness",
                   "particular sample", "specific sample", "detail specific", "peculiarity", "coincidence",
                   "noise included", "noise and all"]),
        ("smooth", ["smooth", "smoother", "stable", "steady", "less noisy", "stabler", "calm", "consistent"]),
        ("gradient", ["gradient", "gradient estimate", "direction"]),
        ("update", ["update", "step of gradient descent", "weight update"]),
        ("cost", ["cost", "costly", "expensive", "compute", "computation", "memory", "time per step", "budget"]),
        ("cheap", ["cheap", "cheaper", "efficient", "more efficient", "efficiently", "less compute", "less time",
                   "lower cost", "saves time", "save time", "saves compute"]),
        // Fitting.
        ("overfit", ["overfit", "overfitting", "over fit", "over fitting", "overfitted", "high variance",
                     "overtrained", "overtraining"]),
        ("underfit", ["underfit", "underfitting", "under fit", "under fitting", "underfitted", "high bias"]),
        ("complex", ["complex", "too complex", "flexible", "too flexible", "overparameterized", "over parameterized",
                     "expressive", "too powerful", "high capacity", "big model", "large model", "bigger model",
                     "weakly regularized", "too little regularization", "not enough regularization"]),
        ("simple", ["simple", "too simple", "stiff", "too stiff", "rigid", "too rigid", "weak", "too weak",
                    "constrained", "overly constrained", "low capacity", "small model", "too constrained",
                    "too much regularization", "regularized too hard", "heavily regularized"]),
        ("capacity", ["capacity", "complexity", "how complex", "how much the model can represent",
                      "what the model can represent", "represent", "expressiveness", "expressive power",
                      "power of the model"]),
        ("memorize", ["memorize", "memorization", "learn by heart", "by heart", "copy", "rote", "fit every point",
                      "match every point", "fit everything", "match every training point", "fit every training point",
                      "fit the training data too closely", "too closely", "memorization of"]),
        ("fit", ["fit", "follow", "chase", "learn", "pick up", "capture", "catch", "match", "track"]),
        ("miss", ["miss", "ignore", "overlook", "not capture", "not catch", "not follow", "not learn", "not fit",
                  "fail to capture", "fail to fit", "fail to follow", "fail to learn", "unable to capture",
                  "unable to fit", "unable to follow", "unable to learn", "not pick up"]),
        ("pattern", ["pattern", "trend", "signal", "structure", "real relationship", "underlying relationship",
                     "underlying", "main trend", "general pattern", "true function", "real pattern"]),
        ("training", ["training", "train", "training set", "training data", "training example", "training point",
                      "training sample", "data it trains on", "train set", "training curve"]),
        ("validation", ["validation", "validation set", "held out", "held-out", "dev set", "test", "test set",
                        "validation curve", "validation data"]),
        ("new-data", ["new data", "unseen data", "new example", "new point", "new sample", "fresh data",
                      "anything new", "data it has not seen", "data it never saw", "unseen", "new input",
                      "real world", "future data", "other data", "new case"]),
        ("generalize", ["generalize", "generalization", "transfer", "carry over", "hold for new data", "recur",
                        "repeat", "show up in new data", "hold for new data"]),
        ("poor-generalization", ["generalize poorly", "generalize badly", "generalize worse", "poor generalization",
                                 "bad generalization", "not generalize", "fail to generalize", "unable to generalize",
                                 "generalise poorly"]),
        ("loss", ["loss", "error", "cost function", "objective function"]),
        ("gap", ["gap", "generalization gap", "difference between training and validation", "distance between"]),
        ("both", ["both", "everywhere", "even on the training data", "even the training data", "all curves",
                  "either curve"]),
        // Search.
        ("grid", ["grid search", "grid", "a grid", "the grid", "table of values"]),
        ("random-search", ["random search", "random", "at random", "randomly"]),
        ("bayes", ["bayesian optimization", "bayesian", "bayes", "bo", "bayesian method", "bayesian search",
                   "bayesian approach", "bayes opt"]),
        ("exhaustive", ["every combination", "all combinations", "each combination", "every point", "every box",
                        "everything", "exhaustive", "exhaustively", "brute force", "whole grid", "all settings",
                        "every setting", "all points", "evenly", "blindly", "no matter what", "fixed grid", "fixed",
                        "all of them", "one after the other", "even bad one", "even the bad one", "predefined",
                        "every value", "all values", "every candidate"]),
        ("surrogate", ["surrogate", "surrogate model", "probabilistic model", "gaussian process", "gp",
                       "running guess", "running guess of how good untried settings are", "belief", "posterior",
                       "tree parzen estimator", "tpe", "model of the score", "model of the objective",
                       "model of performance", "model of the validation score", "estimate of the score",
                       "estimate of how good", "guess of how good"]),
        ("estimate", ["estimate", "guess", "predict", "prediction", "forecast", "expect", "expectation"]),
        ("score", ["score", "performance", "objective", "result", "how good", "how well", "validation score",
                   "accuracy", "outcome"]),
        ("history", ["learn from", "learn from each", "learn from each evaluation", "use previous results",
                     "use past results", "use earlier results", "use the results", "results so far",
                     "scores seen so far", "seen so far", "earlier result", "previous result", "past result",
                     "previous evaluation", "past evaluation", "earlier evaluation", "earlier trial",
                     "previous trial", "past trial", "past run", "earlier run", "previous run", "earlier tries",
                     "remember", "after each evaluation", "after every evaluation", "after each trial",
                     "after every try", "after each try", "after each run", "informed by", "what it has seen",
                     "what it has learned", "what it has seen", "what it saw", "what it already saw", "after each", "after every", "update after each", "adapt", "feedback"]),
        ("choose-next", ["next", "choose next", "pick next", "what to try next", "where to evaluate next",
                         "acquisition function", "expected improvement", "goes there next", "focus on",
                         "sample there", "spend the next run", "where to look", "where to try", "decide where",
                         "promising", "promising region", "most promising", "explore", "exploration", "exploit",
                         "exploitation", "uncertain", "uncertainty", "improvement is likely", "likely to improve",
                         "where it expects", "concentrate", "targeted", "smart choice", "guided", "direct"]),
        ("evaluation", ["evaluation", "trial", "try", "tries", "training run", "run", "experiment", "training",
                        "evaluate", "candidate", "sample", "iteration"]),
        ("preset", ["set before training", "chosen before training", "fixed before training",
                    "decided before training", "set beforehand", "chosen beforehand", "fixed beforehand",
                    "set in advance", "chosen in advance", "before training", "beforehand", "in advance",
                    "up front", "not learned", "not learned from the data", "not learnt", "not trained",
                    "outside the model", "by hand"]),
        ("control", ["control", "decide", "determine", "shape", "govern", "influence", "affect", "set", "frame",
                     "steer", "change", "trade", "trade off", "balance", "come from", "depend on", "determined by"]),
    ]

    /// Opposite modifiers: each binds to the nearest word of a claim.
    public static let modifierOpposites: [(String, String)] = [
        ("high", "low"), ("rise", "fall"), ("noise", "smooth"), ("complex", "simple"), ("good", "bad"),
        ("fast", "slow"), ("cheap", "cost"), ("fit", "miss"), ("training", "validation"),
    ]

    /// Opposite subjects: each binds to the words after it.
    public static let subjectOpposites: [(String, String)] = [
        ("grid", "bayes"), ("overfit", "underfit"),
    ]

    /// Words that negate what follows them in the same part of a clause.
    static let negators: Set<String> = ["not", "no", "never", "nor", "neither", "without", "cannot", "nothing",
                                        "lack", "lacks", "lacking", "unable", "instead", "rather", "none"]

    /// Words whose presence makes a clause a statement rather than a list of terms: verbs, auxiliaries,
    /// subordinators, prepositions.
    static let glue: Set<String> = [
        "is", "are", "was", "were", "be", "been", "being", "am", "it", "they", "when", "if", "because", "so",
        "then", "too", "can", "will", "would", "may", "might", "must", "should", "could", "does", "do", "did",
        "has", "have", "had", "gets", "get", "got", "becomes", "become", "makes", "make", "made", "causes", "cause",
        "leads", "lead", "gives", "give", "means", "mean", "stays", "stay", "keeps", "keep", "goes", "go", "of",
        "to", "by", "than", "from", "with", "on", "at", "in", "for", "where", "which", "that", "while", "whereas",
        "uses", "use", "using", "needs", "need", "tries", "try", "builds", "build", "picks", "pick", "chooses",
        "choose", "takes", "take", "lets", "let", "after", "before", "into", "its", "their", "what", "how",
        "instead", "rather", "not", "no", "never", "->", "=", "=>", "→", "turns", "ends", "results", "only",
        "each", "every", "too", "very", "much", "the", "a", "an", "this", "these", "those", "them", "he", "she",
        "you", "we", "one", "there", "both", "either", "sets", "controls", "decides", "determines", "shapes",
        "affects", "changes", "influences", "governs", "helps", "needs", "control", "decide", "determine",
        "shape", "affect", "change", "influence", "govern",
    ]

    /// Words that separate the parts of a clause (they weaken the link between the words on either side, and
    /// end the reach of a negation): `,`, `:`, `(`, `)`, `and`, `or`, `so`, `because`, `which`, `then`.
    static let softBoundaries: Set<String> = [",", ":", "(", ")", "and", "or", "so", "because", "which", "then",
                                              "since", "therefore", "thus", "hence", "as", "unless", "until",
                                              "otherwise", "else"]

    /// Words that end a clause as a full stop does (a claim is read within one clause).
    static let hardBoundaryWords: Set<String> = ["but", "whereas", "while", "whilst", "however", "although",
                                                 "though", "unlike", "yet", "meanwhile"]

    /// British spellings rewritten to American before stemming (a prefix and its replacement).
    static let britishPrefixes: [(String, String)] = [
        ("memoris", "memoriz"), ("generalis", "generaliz"), ("regularis", "regulariz"), ("optimis", "optimiz"),
        ("minimis", "minimiz"), ("maximis", "maximiz"), ("normalis", "normaliz"), ("parameteris", "parameteriz"),
        ("overparameteris", "overparameteriz"), ("recognis", "recogniz"), ("realis", "realiz"), ("utilis", "utiliz"),
        ("randomis", "randomiz"), ("stabilis", "stabiliz"), ("initialis", "initializ"), ("characteris", "characteriz"),
        ("summaris", "summariz"), ("visualis", "visualiz"), ("behaviour", "behavior"), ("modelling", "modeling"),
        ("modelled", "modeled"), ("colour", "color"), ("analys", "analyz"), ("favour", "favor"),
    ]

    /// Contractions and common apostrophe-less spellings, expanded before reading.
    static let contractions: [String: [String]] = [
        "dont": ["do", "not"], "doesnt": ["does", "not"], "didnt": ["did", "not"], "isnt": ["is", "not"],
        "arent": ["are", "not"], "wasnt": ["was", "not"], "werent": ["were", "not"], "cant": ["can", "not"],
        "cannot": ["can", "not"], "wont": ["will", "not"], "wouldnt": ["would", "not"], "couldnt": ["could", "not"],
        "shouldnt": ["should", "not"], "hasnt": ["has", "not"], "havent": ["have", "not"], "hadnt": ["had", "not"],
        "its": ["it", "is"], "thats": ["that", "is"], "learnt": ["learned"], "aint": ["is", "not"],
    ]
}
