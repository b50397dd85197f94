import Vocabulary
import Foundation

/// One hyperparameter setting of a lab question, as text in the vocabulary of DESIGN.md
/// (`learning-rate` = `"50"`, `hidden-layers` = `"16,8"`, `batch-size` = `"full"`).
public struct LabSetting: Sendable, Equatable {
    /// The canonical vocabulary name (aliases such as `lr` are resolved when the file is loaded).
    public let name: String
    /// The value as it would be typed after `set NAME`.
    public let value: String

    /// Makes a setting.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// What a lab run must show on its chart; the lab question is only honest when the engine's run does show it.
public enum LabPhenomenon: String, Sendable, CaseIterable, Equatable {
    /// The loss blows up, or ends above where it started, or keeps jumping up and down (learning rate too high).
    case diverges
    /// The loss falls, but only a little over all the epochs (learning rate too low).
    case slow
    /// The loss falls steadily to a low value and stays there (learning rate about right).
    case converges
    /// Training loss low, validation loss well above it (too much capacity or too little regularization).
    case overfits
    /// Both losses stay high and close together (too little capacity or too much regularization).
    case underfits
    /// Both losses low and close together.
    case goodFit = "good-fit"
    /// Of the runs on one chart, this one's training curve is the most jagged (e.g. the smaller batch).
    case noisier
    /// Of the runs on one chart, this one's training curve is the smoothest (e.g. the full batch).
    case smoother
}

/// One training run of a lab question: a label on the chart, its own settings on top of the shared ones,
/// and what its curve must show.
public struct LabRun: Sendable, Equatable {
    /// The curve's name on the chart ("A", "B"); a single-run question uses "run".
    public let label: String
    /// All settings of this run: the lab's shared settings, overridden by the run's own, in file order.
    public let hyperparameters: [LabSetting]
    /// What this run's curve must show.
    public let shows: LabPhenomenon

    /// Makes a run.
    public init(label: String, hyperparameters: [LabSetting], shows: LabPhenomenon) {
        self.label = label
        self.hyperparameters = hyperparameters
        self.shows = shows
    }

    /// The value of a setting in this run, by canonical name.
    public func value(of name: String) -> String? {
        hyperparameters.last(where: { $0.name == name })?.value
    }
}

/// The hidden setup of a lab question: what the app trains (one run per curve) before showing the chart.
///
/// The app trains every run with `DatasetCatalog.load(dataset, seed:, noise:)` and `Trainer` using the model and
/// the run's settings applied with `Hyperparameters.set(name, to: value)` on top of the defaults for the model and
/// dataset, with `seed` set to the chosen seed; it then draws `chart` for every run (training and, when
/// validation rows exist, validation curves) and asks the question.
public struct LabSetup: Sendable, Equatable {
    /// A dataset name from the catalog (`breast-cancer`, `sine`, ...).
    public let dataset: String
    /// A model name (`linear`, `logistic`, `softmax`, `mlp`).
    public let model: String
    /// Noise level for a synthetic dataset, nil for the set's default.
    public let noise: Double?
    /// The seeds the question may be shown with; a session picks one of them. Each must show the phenomenon.
    public let seeds: [UInt64]
    /// What the chart plots: `loss` or `accuracy`.
    public let chart: String
    /// The runs drawn on the chart (1 or 2).
    public let runs: [LabRun]

    /// Makes a setup.
    public init(dataset: String, model: String, noise: Double?, seeds: [UInt64], chart: String, runs: [LabRun]) {
        self.dataset = dataset
        self.model = model
        self.noise = noise
        self.seeds = seeds
        self.chart = chart
        self.runs = runs
    }

    /// The same setup with the settings of its two runs exchanged, labels kept in place: the run listed second is
    /// trained and drawn under the first label, and the other way round. Setups without exactly two runs are returned
    /// unchanged. The quiz shows a two-run question either way round (seeded), so that its right answer is not always
    /// the same letter.
    public func swappingRuns() -> LabSetup {
        guard runs.count == 2 else { return self }
        let first = LabRun(label: runs[0].label, hyperparameters: runs[1].hyperparameters, shows: runs[1].shows)
        let second = LabRun(label: runs[1].label, hyperparameters: runs[0].hyperparameters, shows: runs[0].shows)
        return LabSetup(dataset: dataset, model: model, noise: noise, seeds: seeds, chart: chart, runs: [first, second])
    }

    /// `text` with the two runs' labels exchanged as whole words ("A used 0.001 and B used 0.5" becomes "B used 0.001
    /// and A used 0.5"): what a choice says once the runs are swapped (``swappingRuns()``). Unchanged without two runs.
    public func mirrored(_ text: String) -> String {
        guard runs.count == 2 else { return text }
        let a = runs[0].label, b = runs[1].label
        var result = ""
        var word = ""
        func flush() {
            result += word == a ? b : (word == b ? a : word)
            word = ""
        }
        for character in text {
            if character.isLetter || character.isNumber || character == "_" {
                word.append(character)
            } else {
                flush()
                result.append(character)
            }
        }
        flush()
        return result
    }

    /// The index of the choice that says what `choices[index]` says once the runs are swapped (``swappingRuns()``):
    /// the choice whose clauses (split at `,`, `;` and ` and `) are those of ``mirrored(_:)``, in any order ("A used
    /// 0.001 and B used 0.5" is mirrored by "A used 0.5 and B used 0.001"); nil when no choice says it.
    public func mirroredChoice(of index: Int, among choices: [String]) -> Int? {
        guard runs.count == 2, choices.indices.contains(index) else { return nil }
        func clauses(_ text: String) -> [String] {
            text.lowercased().replacingOccurrences(of: ";", with: ",").replacingOccurrences(of: " and ", with: ",")
                .split(separator: ",").map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
                .filter { !$0.isEmpty }.sorted()
        }
        let wanted = clauses(mirrored(choices[index]))
        return choices.indices.first { clauses(choices[$0]) == wanted }
    }

    /// One line naming the whole hidden setup for the reveal after the answer, e.g.
    /// `breast-cancer, logistic, seed 1: learning-rate 50, epochs 100`.
    public func revealText(seed: UInt64) -> [String] {
        var head = "\(dataset), \(model)"
        if let noise { head += ", noise \(NumberText.format(noise))" }
        head += ", seed \(seed)"
        if runs.count == 1 {
            let settings = runs[0].hyperparameters.map { "\($0.name) \($0.value)" }.joined(separator: ", ")
            return ["The hidden setup was: \(head)" + (settings.isEmpty ? "." : ": \(settings).")]
        }
        var lines = ["The hidden setup was: \(head)."]
        for run in runs {
            let settings = run.hyperparameters.map { "\($0.name) \($0.value)" }.joined(separator: ", ")
            lines.append("  \(run.label): \(settings)")
        }
        return lines
    }
}

/// The curves of one finished lab run, as the app read them from the engine (one value per epoch).
public struct LabCurve: Sendable, Equatable {
    /// Training data loss after each epoch (non-finite values allowed: a diverging run produces them).
    public let trainLoss: [Double]
    /// Validation data loss after each epoch, nil without validation rows.
    public let validationLoss: [Double]?
    /// Whether the engine stopped the run as diverged.
    public let diverged: Bool

    /// Makes a curve.
    public init(trainLoss: [Double], validationLoss: [Double]?, diverged: Bool) {
        self.trainLoss = trainLoss
        self.validationLoss = validationLoss
        self.diverged = diverged
    }

    /// Sum of the rises of the training loss between consecutive epochs divided by the total fall from
    /// the highest to the lowest value: 0 for a curve that only goes down, larger the more it zig-zags.
    public var jaggedness: Double {
        let finite = trainLoss.filter(\.isFinite)
        guard finite.count >= 2, let high = finite.max(), let low = finite.min(), high > low else { return 0 }
        var rises = 0.0
        for index in 1..<finite.count where finite[index] > finite[index - 1] {
            rises += finite[index] - finite[index - 1]
        }
        return rises / (high - low)
    }
}

/// The rules that decide whether a run shows a phenomenon. They are deliberately plain so that a teacher can
/// say them aloud; the thresholds are the constants below.
///
/// `baselineLoss` is the loss of the best constant prediction on the training data (regression: the variance of the
/// targets, i.e. the mean squared error of predicting their mean; classification: the cross-entropy of predicting
/// the class frequencies). It puts "high" and "low" on the scale of the dataset.
public enum LabCheck {
    /// A training loss is "low" below this share of the baseline loss (the model explains over 80% of what a
    /// constant cannot).
    public static let lowShare = 0.2
    /// A training loss is "high" at or above this share of the baseline loss. (A straight line through one period of
    /// a sine leaves about 45% of its variance unexplained, which must count as high.)
    public static let highShare = 0.3
    /// Overfitting: the final validation loss exceeds the final training loss by at least this share of the baseline.
    public static let overfitGapShare = 0.3
    /// Good fits: the final validation loss exceeds the final training loss by less than this share of the baseline
    /// (underfits only need to stay below `overfitGapShare`).
    public static let closeGapShare = 0.2
    /// A slow run ends above this share of its first-epoch loss; a converging run below it.
    public static let slowShare = 0.5
    /// A diverging run zig-zags at least this much (see `LabCurve.jaggedness`).
    public static let divergingJaggedness = 1.0

    /// The loss of the best constant prediction on `targets` (the training rows' targets): the population variance
    /// for regression (`classCount` nil), the cross-entropy (natural log) of the class frequencies for classification
    /// (targets are class indices 0..<classCount). 0 for no targets.
    public static func baselineLoss(targets: [Double], classCount: Int?) -> Double {
        let task: LearningTask = classCount.map { .classification(classes: (0..<max($0, 0)).map(String.init)) } ?? .regression
        return task.constantPredictionLoss(targets: targets)
    }

    /// Nil when `runs[index]` shows `runs[index].shows`, else one line saying what the curve shows instead.
    /// `curves` are in the order of `runs`.
    public static func failure(of runs: [LabRun], curves: [LabCurve], index: Int, baselineLoss: Double) -> String? {
        guard runs.count == curves.count, runs.indices.contains(index) else {
            return "expected one curve per run (\(runs.count) runs, \(curves.count) curves)"
        }
        let run = runs[index]
        let curve = curves[index]
        let train = curve.trainLoss
        guard let first = train.first, let last = train.last else { return "run \(run.label): no epochs" }
        let blewUp = curve.diverged || train.contains(where: { !$0.isFinite })
        let label = "run \(run.label)"
        func describe(_ value: Double) -> String { NumberText.format((value * 1000).rounded() / 1000) }
        switch run.shows {
        case .diverges:
            if blewUp || last >= first || curve.jaggedness >= divergingJaggedness { return nil }
            return "\(label): expected divergence, but the loss fell from \(describe(first)) to \(describe(last)) without blowing up"
        case .slow:
            if blewUp { return "\(label): expected slow learning, but it diverged" }
            if last < first && last > slowShare * first { return nil }
            return "\(label): expected a slow fall, but the loss went from \(describe(first)) to \(describe(last))"
        case .converges:
            if blewUp { return "\(label): expected convergence, but it diverged" }
            let low = train.min() ?? last
            if last <= slowShare * first && last <= low * 1.1 + 1e-12 && curve.jaggedness < divergingJaggedness { return nil }
            return "\(label): expected a steady fall to a low loss, but it went from \(describe(first)) to \(describe(last))"
        case .overfits, .underfits, .goodFit:
            if blewUp { return "\(label): expected a \(run.shows.rawValue) run, but it diverged" }
            guard let validation = curve.validationLoss, let lastValidation = validation.last, lastValidation.isFinite else {
                return "\(label): needs validation data to show \(run.shows.rawValue)"
            }
            let gap = lastValidation - last
            let scale = max(baselineLoss, 1e-12)
            switch run.shows {
            case .overfits:
                if last < lowShare * scale && gap >= overfitGapShare * scale { return nil }
            case .underfits:
                // High training loss and no overfitting gap: with 20 validation rows the validation loss of a too-simple
                // model can sit above its training loss by sampling noise alone.
                if last >= highShare * scale && gap < overfitGapShare * scale { return nil }
            default:
                if last < lowShare * scale && gap < closeGapShare * scale { return nil }
            }
            return "\(label): expected \(run.shows.rawValue), but training ends at \(describe(last)) and validation at "
                + "\(describe(lastValidation)) (baseline \(describe(baselineLoss)))"
        case .noisier, .smoother:
            let mine = curve.jaggedness
            let others = curves.indices.filter { $0 != index }.map { curves[$0].jaggedness }
            guard !others.isEmpty else { return "\(label): \(run.shows.rawValue) needs a second run to compare with" }
            if run.shows == .noisier, others.allSatisfy({ mine > $0 }) { return nil }
            if run.shows == .smoother, others.allSatisfy({ mine < $0 }) { return nil }
            return "\(label): expected the \(run.shows == .noisier ? "most" : "least") jagged curve, but its jaggedness is "
                + "\(describe(mine)) against \(others.map(describe).joined(separator: ", "))"
        }
    }
}
