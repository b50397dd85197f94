import Vocabulary

/// Every REPL command, in the order `help` lists them: the one list.
///
/// Adding a command is one new file with a type conforming to `LabCommand` and one line here.
enum CommandRegistry {
    /// The commands, grouped as the learner meets them.
    static var all: [any LabCommand.Type] { [
        HelpCommand.self,
        DatasetsCommand.self,
        UseCommand.self,
        ModelsCommand.self,
        ModelCommand.self,
        SetCommand.self,
        UnsetCommand.self,
        ShowCommand.self,
        ParamsCommand.self,
        TrainCommand.self,
        ContinueCommand.self,
        ResetCommand.self,
        PlotCommand.self,
        WatchCommand.self,
        RunsCommand.self,
        WhyCommand.self,
        CompareCommand.self,
        ExportCommand.self,
        ShareCommand.self,
        SweepCommand.self,
        LearningCurveCommand.self,
        TuneCommand.self,
        LessonsCommand.self,
        StartLessonCommand.self,
        ForgetCommand.self,
        StartQuizCommand.self,
        StatsCommand.self,
        ReportCommand.self,
        QuitCommand.self,
    ] }

    /// The command with this name or alias (case-insensitive), or nil.
    static func command(named word: String) -> (any LabCommand.Type)? {
        let lowered = word.lowercased()
        return all.first { $0.name == lowered || $0.aliases.contains(lowered) }
    }

    /// Every name and alias, for completion and suggestions.
    static var words: [String] { all.flatMap { [$0.name] + $0.aliases } }

    /// The names and aliases a lesson file may run.
    static var lessonWords: [String] { all.filter { $0.allowedInLessons }.flatMap { [$0.name] + $0.aliases } }

    /// The names and aliases a lesson file may not run (they write files, leave, or drive lessons and the quiz).
    static var refusedInLessons: [String] { all.filter { !$0.allowedInLessons }.flatMap { [$0.name] + $0.aliases } }

    /// Runs one line's words: the registry's dispatch.
    ///
    /// A hyperparameter typed as a command (`lr=0.1`) gets a pointer to `set`; an unknown word a
    /// "did you mean".
    static func dispatch(_ words: [String], in context: CommandContext) throws(CommandError) -> [Output] {
        guard let word = words.first else { return [] }
        guard let command = command(named: word) else {
            if let id = HyperparameterName(lookup: word.split(separator: "=").first.map(String.init) ?? word) {
                throw CommandError("`\(word)` is a hyperparameter, not a command: type `set \(id.rawValue) VALUE` to change it, or `help \(id.rawValue)`")
            }
            throw CommandError("unknown command `\(word)`." + didYouMean(word, among: Self.words) + " Type `help` for the list.")
        }
        return try command.run(Array(words.dropFirst()), in: context)
    }
}
