import Persistence
import Vocabulary
import Foundation
import TerminalCharts
import LineEditor

/// Where hyperlab finds its files and how it draws, resolved once at start-up.
public struct AppEnvironment: Sendable {
    /// Chart widths hyperlab draws, in terminal cells: `--width` must lie here, and a wider terminal is used
    /// up to the upper bound (the one width limit; `RenderOptions.maximumWidth` is only the chart
    /// library's own guard against absurd sizes).
    public static let widthRange = 20...500
    /// Chart heights hyperlab draws, in lines: `--height` must lie here.
    public static let heightRange = 5...200

    /// Folder with the real datasets (`*.csv`).
    public var datasetsDirectory: String
    /// Folder with the lesson and quiz files.
    public var lessonsDirectory: String
    /// `$XDG_STATE_HOME/hyperlab` (default `~/.local/state/hyperlab`): history.
    public var stateDirectory: String
    /// `$XDG_DATA_HOME/hyperlab` (default `~/.local/share/hyperlab`): progress and quiz schedule.
    public var dataDirectory: String
    /// Width of charts in terminal cells; nil = from the terminal, else 80.
    public var width: Int?
    /// Height of charts in terminal cells; nil = from the terminal, else 20.
    public var height: Int?
    /// The `--color` choice.
    public var colorChoice: ColorChoice
    /// The `--theme` choice; nil: guessed from COLORFGBG (`Theme.guess`), else dark.
    public var themeChoice: Theme? = nil
    /// True when standard output is a terminal.
    public var outputIsTerminal: Bool
    /// The process environment, kept for colour and size decisions.
    public var variables: [String: String]

    /// Resolves folders from the flags, then `HYPERLAB_HOME`, then the package the executable was
    /// built in (walking up from the executable's folder to one holding `Datasets/`), then the
    /// current directory.
    public static func resolve(datasets: String? = nil, lessons: String? = nil, width: Int? = nil, height: Int? = nil,
                               color: ColorChoice = .auto, theme: Theme? = nil,
                               variables: [String: String] = ProcessInfo.processInfo.environment) -> AppEnvironment {
        let home = projectHome(variables: variables)
        // HOME from the password database only when the environment has none, so both folders always resolve.
        var withHome = variables
        if withHome["HOME"]?.hasPrefix("/") != true { withHome["HOME"] = NSHomeDirectory() }
        return AppEnvironment(
            datasetsDirectory: datasets ?? home + "/Datasets",
            lessonsDirectory: lessons ?? home + "/Lessons",
            stateDirectory: XDGBaseDirectory.state.hyperlabFolder(environment: withHome) ?? NSHomeDirectory() + "/.local/state/hyperlab",
            dataDirectory: XDGBaseDirectory.data.hyperlabFolder(environment: withHome) ?? NSHomeDirectory() + "/.local/share/hyperlab",
            width: width, height: height, colorChoice: color, themeChoice: theme,
            outputIsTerminal: isatty(1) == 1, variables: variables)
    }

    /// Removes the temporary files that an earlier run killed while saving (`kill -9` between writing
    /// `NAME.tmp-PID` and renaming it) left in `stateDirectory` (the history) and `dataDirectory`
    /// (progress, quiz schedule, learner database): `TemporaryFiles.removeStale`, which leaves the
    /// files of processes still running, links, folders and other users' files alone. Call it once
    /// at start-up, before anything is saved. A folder that does not exist yet is skipped.
    /// - Returns: the names removed, state folder first (for tests).
    @discardableResult
    public func removeStaleTemporaryFiles() -> [String] {
        TemporaryFiles.removeStale(in: stateDirectory) + TemporaryFiles.removeStale(in: dataDirectory)
    }

    /// The folder holding Datasets/ and Lessons/.
    static func projectHome(variables: [String: String]) -> String {
        if let home = variables["HYPERLAB_HOME"], !home.isEmpty { return home }
        let fm = FileManager.default
        var url = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
        if let exe = try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe") { url = URL(fileURLWithPath: exe) }
        for _ in 0..<8 {
            url.deleteLastPathComponent()
            if fm.fileExists(atPath: url.path + "/Datasets/iris.csv") { return url.path }
        }
        return fm.currentDirectoryPath
    }

    /// Chart options for the current output: size from the flags, the terminal, or 80 x 20;
    /// colour by the `--color` choice and NO_COLOR; ASCII outside a UTF-8 locale; the theme of
    /// `--theme`, else guessed from COLORFGBG, else dark (`theme`).
    public func renderOptions(maxHeight: Int = 22) -> RenderOptions {
        let size = outputIsTerminal ? TerminalSize.current(fileDescriptor: 1, environment: variables) : nil
        let envColumns = variables["COLUMNS"].flatMap(Int.init)
        let columns = width ?? size?.columns ?? envColumns ?? 80
        let rows = height ?? size.map { max(8, min(maxHeight, $0.rows - 4)) } ?? 20
        return RenderOptions(width: min(max(columns, Self.widthRange.lowerBound), Self.widthRange.upperBound), height: min(rows, Self.heightRange.upperBound),
                             color: colorChoice.resolve(isTerminal: outputIsTerminal, environment: variables),
                             charset: charsetFor(environment: variables), theme: theme)
    }

    /// The terminal's background for chart colours: `--theme`, else `Theme.guess(environment:)`, else dark.
    public var theme: Theme { themeChoice ?? Theme.guess(environment: variables) ?? .dark }

    /// `path` with a leading `~` or `~/` replaced by `$HOME` of this environment (never the password
    /// database's home); other paths unchanged. `~user` forms are left as they are.
    public func expandingHome(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/"), let home = variables["HOME"], !home.isEmpty else { return path }
        return home + path.dropFirst()
    }
}
