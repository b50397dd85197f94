/// One REPL command as the learner sees it in `help`.
public struct CommandInfo: Sendable {
    /// The word typed first, e.g. `set`.
    public let name: String
    /// Other words accepted for it, e.g. `exit` for `quit`.
    public let aliases: [String]
    /// The usage line, e.g. `set NAME VALUE [NAME VALUE]...`.
    public let usage: String
    /// One line for the command list.
    public let summary: String
    /// Longer text for `help NAME`: what it does, with an example.
    public let details: String
}

/// Every REPL command, in the order `help` lists them.
public enum CommandCatalog {
    /// The commands, grouped as the learner meets them.
    public static let all: [CommandInfo] = [
        CommandInfo(name: "help", aliases: ["?"], usage: "help [COMMAND|HYPERPARAMETER]",
                    summary: "list the commands, or explain one command or hyperparameter",
                    details: "`help set` explains a command; `help learning-rate` explains a hyperparameter: what it is, its range, what too small and too large do, and its names in scikit-learn and Keras/PyTorch."),
        CommandInfo(name: "datasets", aliases: [], usage: "datasets",
                    summary: "list the built-in datasets (real and synthetic)",
                    details: "Real datasets come from Datasets/ (see Datasets/README.md for their sources); synthetic ones are generated from the seed."),
        CommandInfo(name: "use", aliases: ["dataset"], usage: "use NAME|PATH [--target COLUMN] [--classification] [--noise X]",
                    summary: "train on a built-in dataset or on your own CSV file",
                    details: "`use iris` picks a built-in dataset; `use data/houses.csv --target price` reads a CSV file with a header row. The target is the last column unless --target names another; a target that is not numeric (or --classification) makes it a classification task. For a synthetic dataset, --noise sets how noisy it is (`use circles --noise 0.3`). If the current model does not fit the new task, hyperlab picks one that does and says so."),
        CommandInfo(name: "models", aliases: [], usage: "models",
                    summary: "list the models and the tasks they fit",
                    details: "linear (regression), logistic (two classes), softmax (several classes), mlp (a neural network with hidden layers, any task)."),
        CommandInfo(name: "model", aliases: [], usage: "model NAME",
                    summary: "choose the model to train",
                    details: "`model mlp` switches to a neural network; its hyperparameters hidden-layers and activation then apply. Settings you changed with `set` go back to the defaults for the new model (the seed is kept), and hyperlab says which."),
        CommandInfo(name: "set", aliases: [], usage: "set NAME VALUE [NAME VALUE]...",
                    summary: "change a hyperparameter; retrains and redraws at once",
                    details: "`set learning-rate 0.5` (or `set lr=0.5`) changes one setting and trains again from the same initial weights, so the new curves can be compared with the old ones. Several pairs can be given at once. `set auto off` turns the instant retraining off so that several changes can be made before one `train`; `set auto on` turns it back on."),
        CommandInfo(name: "unset", aliases: [], usage: "unset NAME|all",
                    summary: "put a hyperparameter back to its default",
                    details: "`unset l2` puts l2 back to the default for this model and dataset; `unset all` puts every setting back."),
        CommandInfo(name: "show", aliases: ["settings"], usage: "show",
                    summary: "show the dataset, the model and every hyperparameter (changed ones marked *)",
                    details: "Hyperparameters are the settings you choose before training; `params` shows what training learned."),
        CommandInfo(name: "params", aliases: ["weights"], usage: "params",
                    summary: "show the learned parameters (weights and biases) with their shapes",
                    details: "Parameters are learned from the training data; hyperparameters are chosen by you. Train, look at `params`, change a hyperparameter, train again and compare."),
        CommandInfo(name: "train", aliases: ["run"], usage: "train",
                    summary: "train from the initial weights with the current settings",
                    details: "Starts from the same initial weights for the same seed, so two runs differ only by the settings you changed."),
        CommandInfo(name: "continue", aliases: [], usage: "continue [EPOCHS]",
                    summary: "train more epochs from the current weights",
                    details: "`continue 50` trains 50 more epochs without resetting the weights, for example after lowering the learning rate. Settings that change the model's shape (hidden-layers, degree, activation, seed, validation-fraction) need a fresh `train`."),
        CommandInfo(name: "reset", aliases: [], usage: "reset",
                    summary: "put the weights back to their initial values",
                    details: "The same seed gives the same initial weights again."),
        CommandInfo(name: "plot", aliases: [], usage: "plot loss|accuracy|boundary",
                    summary: "draw the last run's loss or accuracy curves, or a 2-D classifier's decision regions",
                    details: "`plot boundary` shades the regions where the model predicts each class and draws the training points over them; it needs a dataset with two features (circles, xor, spiral, gaussians)."),
        CommandInfo(name: "runs", aliases: [], usage: "runs",
                    summary: "list this session's runs with their settings and final losses",
                    details: "Every training is kept as a numbered run for `compare` and `export`."),
        CommandInfo(name: "compare", aliases: [], usage: "compare RUN RUN...",
                    summary: "overlay the validation curves of several runs",
                    details: "`compare 1 2 3` draws the validation loss of runs 1, 2 and 3 on one chart (training loss when a run has no validation set)."),
        CommandInfo(name: "export", aliases: [], usage: "export FILE.csv|FILE.json",
                    summary: "write the last run's history to a file",
                    details: "CSV has one row per epoch; JSON is the same object `hyperlab train --json` prints."),
        CommandInfo(name: "share", aliases: [], usage: "share",
                    summary: "print one line that reproduces the current setup",
                    details: "Paste the line into a shell: `hyperlab --dataset ... --model ... --set ...` starts hyperlab with the same dataset, model and settings and trains."),
        CommandInfo(name: "sweep", aliases: [], usage: "sweep NAME V1,V2,...|LOW..HIGH [--steps N] [--log] [--folds K]",
                    summary: "validation curve: training and validation loss against one hyperparameter",
                    details: "`sweep learning-rate 0.001..1 --log` trains the current model at 7 learning rates spaced evenly on a log scale (--steps changes the count) and draws the mean training and validation loss of 5-fold cross-validation (--folds K; --folds 0 uses one hold-out split) against it, then names the best value. `sweep l2 0,0.01,0.1` tries listed values. Rates and penalties are drawn on a log axis. Ctrl-C stops and keeps the values done."),
        CommandInfo(name: "learning-curve", aliases: [], usage: "learning-curve [--steps N] [--folds K]",
                    summary: "learning curve: training and validation loss against the number of training rows",
                    details: "Trains the current setup on 10%, 20%, ..., 100% of the training rows (--steps N for N sizes) with 5-fold cross-validation (--folds K; 0 for one hold-out split). A validation loss still falling at the right end says more data would help; a large gap between the curves says the model overfits."),
        CommandInfo(name: "tune", aliases: [], usage: "tune grid|random|bayes|compare|export SPACE [OPTIONS]",
                    summary: "search for good settings: grid, random or Bayesian search, compared by trainings spent",
                    details: "Options: --budget N, --folds K, --seed S, --objective branin|gramacy-lee, --json, --explain. SPACE lists hyperparameters and their ranges: `learning-rate=1e-4..1:log l2=1e-6..1:log hidden-layers=8|16|32` (:log searches on a log scale, :int keeps whole numbers, A|B|C lists choices). `tune random SPACE --budget 20` scores 20 settings (default 20, at most 500) by the mean 5-fold cross-validated validation loss (--folds K) and prints a table of trials, a chart of the best value so far and, for a 2-D grid, a heatmap. `tune compare SPACE --budget 20` runs the three strategies on the same budget and seed and overlays their curves. `tune bayes x=0.5..2.5 --objective gramacy-lee --explain` draws each step of Bayesian optimization: the surrogate's mean, its uncertainty band, the points seen and the next pick. --objective branin|gramacy-lee searches a test function instead of the model (the space may be left out). --json prints the trials and the best one as JSON. `tune export optuna SPACE` prints the same search as Python code for Optuna (or `ray` for Ray Tune). Ctrl-C stops and keeps the trials done."),
        CommandInfo(name: "lessons", aliases: [], usage: "lessons",
                    summary: "list the lessons with your progress in each",
                    details: "Lessons are files in Lessons/ (see Lessons/README.md to write your own)."),
        CommandInfo(name: "lesson", aliases: [], usage: "lesson NAME|NUMBER",
                    summary: "start or resume a lesson",
                    details: "Inside a lesson: `next`, `back`, `hint` (more each time), `skip` (shows the answer), `restart`, `bye` (leave; progress is kept). Every lab command works inside a lesson too."),
        CommandInfo(name: "forget", aliases: [], usage: "forget LESSON",
                    summary: "clear your progress in one lesson",
                    details: "`forget 2` starts lesson 2 from scratch next time."),
        CommandInfo(name: "quiz", aliases: [], usage: "quiz [TOPIC] [--count N] | quiz review",
                    summary: "practise with questions; what you miss comes back (spaced repetition)",
                    details: "`quiz` asks 10 questions, due ones first; `quiz learning-rate --count 5` picks a topic; `quiz review` asks what is due again. At a question: `hint`, `skip`, `quit`; after a free-text answer graded wrong, `override` if you were right. Lab questions train a hidden setup and ask you to read its chart."),
        CommandInfo(name: "stats", aliases: [], usage: "stats [TOPIC]",
                    summary: "quiz results per topic and over the days",
                    details: "Answered, share right, due and flagged questions per topic, and a chart of your results by day."),
        CommandInfo(name: "quit", aliases: ["exit", "q"], usage: "quit",
                    summary: "leave hyperlab (Ctrl-D does the same)",
                    details: "History and progress are kept."),
    ]

    /// The command with this name or alias, or nil.
    public static func command(named word: String) -> CommandInfo? {
        let lowered = word.lowercased()
        return all.first { $0.name == lowered || $0.aliases.contains(lowered) }
    }

    /// Every name and alias, for completion and suggestions.
    public static var words: [String] { all.flatMap { [$0.name] + $0.aliases } }

    /// The commands of the lab itself: the ones a lesson file may run (not lessons, quiz or quit).
    public static var labCommands: [CommandInfo] {
        all.filter { !["lessons", "lesson", "forget", "quiz", "stats", "quit"].contains($0.name) }
    }
}
