/// Where hyperlab keeps a user's files, by the XDG Base Directory Specification 0.8: the one resolver.
///
/// `$XDG_STATE_HOME` (history) and `$XDG_DATA_HOME` (the learner's database) count only when they
/// are absolute paths, as the specification asks; otherwise `$HOME/.local/state` and
/// `$HOME/.local/share`. Pure: nothing is created (writers create folders with mode 0700).
public enum XDGBaseDirectory: Sendable {
    /// `$XDG_STATE_HOME`: state that should survive a restart but is not precious (the command history).
    case state
    /// `$XDG_DATA_HOME`: the user's data (lesson progress, quiz cards, the review log).
    case data

    /// The `hyperlab` folder of this kind for `environment`, e.g. `/home/ada/.local/share/hyperlab`;
    /// nil when neither the XDG variable nor `HOME` gives an absolute path.
    public func hyperlabFolder(environment: [String: String]) -> String? {
        let (variable, fallback) = self == .state ? ("XDG_STATE_HOME", ".local/state") : ("XDG_DATA_HOME", ".local/share")
        if let base = environment[variable], base.hasPrefix("/") { return Self.joined(base, "hyperlab") }
        if let home = environment["HOME"], home.hasPrefix("/") { return Self.joined(home, fallback + "/hyperlab") }
        return nil
    }

    /// `directory` + "/" + `relative`, without doubling a trailing slash.
    static func joined(_ directory: String, _ relative: String) -> String {
        directory.hasSuffix("/") ? directory + relative : directory + "/" + relative
    }
}
