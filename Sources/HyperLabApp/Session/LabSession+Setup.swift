import Vocabulary
import Learning

extension LabSession {
    /// Sets up the session from command-line flags without training: dataset (name or CSV path,
    /// with its CSV options), model and `NAME=VALUE` settings, in that order.
    ///
    /// - Throws: `CommandError` with the first problem found (unknown dataset, model or
    ///   hyperparameter, value out of range, model that does not fit the task).
    public func configure(dataset: String?, target: String? = nil, classification: Bool = false, noise: Double? = nil,
                          model: String?, settings: [String]) throws(CommandError) {
        let wasAuto = autoTrain
        try expectSuccess(execute("set auto off"))
        defer { if wasAuto { _ = execute("set auto on") } }
        if let dataset {
            var words = ["use", shellQuote(dataset)]
            if let target { words += ["--target", shellQuote(target)] }
            if classification { words.append("--classification") }
            if let noise { words += ["--noise", "\(noise)"] }
            try expectSuccess(execute(words.joined(separator: " ")))
        }
        if let model { try expectSuccess(execute("model " + shellQuote(model))) }
        for setting in settings {
            guard setting.contains("=") else {
                throw CommandError("--set takes NAME=VALUE (got `\(setting)`), e.g. --set learning-rate=0.1")
            }
            try expectSuccess(execute("set " + shellQuote(setting)))
        }
    }

    private func expectSuccess(_ outputs: [Output]) throws(CommandError) {
        for case .error(let message) in outputs { throw CommandError(message) }
    }

    /// Trains once and returns the run, or the error. For the one-shot `hyperlab train`.
    public func trainOnce() throws(CommandError) -> (run: Run, hints: [String]) {
        for output in try train() {
            if case .run(let run, let hints) = output { return (run, hints) }
        }
        throw CommandError("training produced no run")
    }

    /// The JSON object of a run, as `hyperlab train --json` prints it.
    public func json(of run: Run) -> String { RunExport.json(run) }
}
