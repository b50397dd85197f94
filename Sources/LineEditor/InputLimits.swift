/// The bounds on what the line editor accepts, so that hostile input (a 10 MB line, a 100 MB history
/// entry, a huge paste) costs a bounded amount of time and memory and produces one short message.
public enum InputLimits {
    /// The longest command line accepted, in UTF-8 bytes (without its line ending): 4096, the size
    /// of Linux's terminal line buffer (`N_TTY_BUF_SIZE`), far above any hyperlab command. A longer
    /// line is refused as a whole with one message on standard error; it is never run, echoed or
    /// kept in the history.
    public static let maximumLineBytes = 4096

    /// The most bytes one paste (or one burst of typed input) may bring before a line is accepted:
    /// 64 KiB. Past it the rest of the burst is dropped with the same single message, so pasting
    /// a whole file costs nothing.
    public static let maximumPasteBytes = 65_536

    /// The most bytes read from (and written to) the history file: 1 MiB. A larger file is read
    /// from its last MiB only (the partial first line dropped); entries longer than
    /// `maximumLineBytes` are skipped when reading and never added.
    public static let maximumHistoryFileBytes = 1 << 20
}

extension InputLimits {
    /// The one message written to standard error when a line (or the rest of a paste) is refused:
    /// "hyperlab: line refused: longer than 4096 bytes (the rest of that input was dropped)".
    static func refusalMessage(programName: String) -> String {
        "\(programName): line refused: longer than \(maximumLineBytes) bytes (the rest of that input was dropped)\n"
    }
}
