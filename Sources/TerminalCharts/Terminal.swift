// Terminal policy: size, colour, character set, and redrawing a frame in place.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The characters a chart may use.
public enum Charset: Sendable {
    /// Unicode: braille dots (2 x 4 per cell) for curves, box-drawing characters for axes, shade blocks for heatmaps.
    case braille
    /// Printable ASCII only, one plotted point per cell (for TERM=dumb, logs, or when asked).
    case ascii
}

/// How a chart is drawn: the whole output's size in terminal cells, colour, characters.
public struct RenderOptions: Sendable {
    /// Width of every output line, in terminal cells (columns). No line is longer.
    public var width: Int
    /// Number of output lines, title, axes, legend and notes included.
    public var height: Int
    /// True to add ANSI SGR colour codes (256-colour palette). The visible text is the same either way.
    public var color: Bool
    /// Braille and box drawing, or plain ASCII.
    public var charset: Charset

    /// Options for a `width` x `height` cell area (default 80 x 20, no colour, braille).
    public init(width: Int = 80, height: Int = 20, color: Bool = false, charset: Charset = .braille) {
        self.width = width
        self.height = height
        self.color = color
        self.charset = charset
    }
}

extension RenderOptions {
    /// Largest width accepted, in cells; a larger request gets a one-line message instead of a chart.
    public static let maximumWidth = 4000
    /// Largest height accepted, in lines.
    public static let maximumHeight = 2000

    /// Options for charts written to `fileDescriptor`: the width is `width` if given, else the
    /// terminal's (TIOCGWINSZ, then COLUMNS/LINES), else 80; the height is `height` if given,
    /// else the terminal's rows minus 2 (room for the prompt) capped at 24, else 20. Colour
    /// follows `color` (auto: only on a terminal without NO_COLOR); ASCII for TERM=dumb or when
    /// `ascii` is true.
    public static func forOutput(fileDescriptor: Int32 = 1, environment: [String: String], color: ColorChoice = .auto,
                                 width: Int? = nil, height: Int? = nil, ascii: Bool = false) -> RenderOptions {
        let terminal = isTerminal(fileDescriptor: fileDescriptor)
        let size = TerminalSize.current(fileDescriptor: fileDescriptor, environment: environment)
        let columns = width ?? size?.columns ?? 80
        let rows = height ?? size.map { max(1, min($0.rows - 2, 24)) } ?? 20
        return RenderOptions(width: columns, height: rows,
                             color: color.resolve(isTerminal: terminal, environment: environment),
                             charset: ascii ? .ascii : charsetFor(environment: environment))
    }
}

/// One line saying the requested size cannot be drawn (too large), or nil.
func sizeProblem(_ options: RenderOptions, kind: String) -> String? {
    if options.width > RenderOptions.maximumWidth || options.height > RenderOptions.maximumHeight {
        return "\(kind) too large to draw: \(options.width)x\(options.height) cells asked, at most \(RenderOptions.maximumWidth)x\(RenderOptions.maximumHeight); ask for a smaller size."
    }
    return nil
}

/// The user's colour choice, as typed after `--color`.
public enum ColorChoice: String, Sendable, CaseIterable {
    /// Colour only when writing to a terminal, NO_COLOR unset (or empty) and TERM is not "dumb".
    case auto
    /// Always colour, even into a pipe or file.
    case always
    /// Never colour.
    case never

    /// Whether to colour output. `isTerminal` says whether the output is a terminal (see
    /// `isTerminal(fileDescriptor:)`); `environment` is the process environment.
    /// NO_COLOR follows https://no-color.org: present and not empty disables colour in `auto`.
    public func resolve(isTerminal: Bool, environment: [String: String]) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto:
            if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
            if environment["TERM"] == "dumb" { return false }
            return isTerminal
        }
    }
}

/// The character set for this environment: ASCII when TERM is "dumb", else braille.
public func charsetFor(environment: [String: String]) -> Charset {
    environment["TERM"] == "dumb" ? .ascii : .braille
}

/// True when `fileDescriptor` (1 = standard output) is a terminal (isatty(3)).
public func isTerminal(fileDescriptor: Int32 = 1) -> Bool {
    isatty(fileDescriptor) == 1
}

/// The size of the terminal.
public enum TerminalSize {
    /// Columns and rows of the terminal on `fileDescriptor`, asked with the TIOCGWINSZ ioctl;
    /// when that fails (not a terminal, or a zero size), the COLUMNS and LINES environment
    /// variables (both positive integers); else nil, and the caller uses its default.
    public static func current(fileDescriptor: Int32 = 1, environment: [String: String]) -> (columns: Int, rows: Int)? {
        if let size = windowSize(fileDescriptor) { return size }
        return fromEnvironment(environment)
    }

    /// COLUMNS and LINES when both are positive integers, else nil.
    public static func fromEnvironment(_ environment: [String: String]) -> (columns: Int, rows: Int)? {
        guard let columnsText = environment["COLUMNS"], let rowsText = environment["LINES"],
              let columns = Int(columnsText.trimmingSpaces), let rows = Int(rowsText.trimmingSpaces),
              columns > 0, rows > 0 else { return nil }
        return (columns, rows)
    }

    private static func windowSize(_ fd: Int32) -> (columns: Int, rows: Int)? {
        var size = winsize()
        #if canImport(Darwin)
        let request = UInt(TIOCGWINSZ)
        #else
        let request = UInt(TIOCGWINSZ)
        #endif
        guard ioctl(fd, request, &size) == 0, size.ws_col > 0, size.ws_row > 0 else { return nil }
        return (Int(size.ws_col), Int(size.ws_row))
    }
}

extension String {
    var trimmingSpaces: Substring {
        var slice = Substring(self)
        while slice.first == " " { slice.removeFirst() }
        while slice.last == " " { slice.removeLast() }
        return slice
    }
}

/// Redraws a chart in place on a terminal, one frame per epoch, without flicker: the cursor
/// moves up over the previous frame and every line is overwritten and cleared to its end
/// (ESC[K); nothing is erased first, so the screen never shows a blank frame. The cursor is
/// hidden during the redraw, and the frame is wrapped in synchronized-update mode 2026
/// (terminals without it ignore the private mode). The sequences are ECMA-48 / VT100 CSI
/// codes: CUU (ESC[nA), EL (ESC[K), ED (ESC[J), DECTCEM (ESC[?25l / ESC[?25h).
///
/// Pure: it returns the bytes, the caller writes them. Each frame must fit the terminal
/// width (charts rendered for that width do), else wrapped lines break the line count.
///
///     var live = LiveRedraw()
///     for epoch in ... { write(live.frame(chart.render(options))) }
///     write(live.finish())
public struct LiveRedraw: Sendable {
    /// Lines of the frame on screen (0 before the first frame).
    public private(set) var previousLineCount: Int

    /// Starts with nothing on screen (or with `previousLineCount` lines already drawn by this redraw).
    public init(previousLineCount: Int = 0) {
        self.previousLineCount = max(0, previousLineCount)
    }

    /// The bytes that replace the previous frame by `frame` and leave the cursor at the start of the line after it.
    public mutating func frame(_ frame: String) -> String {
        let bytes = LiveRedraw.redraw(previousLineCount: previousLineCount, frame: frame)
        previousLineCount = LiveRedraw.lineCount(frame)
        return bytes
    }

    /// The bytes to write when drawing is over: shows the cursor again (already shown after each frame; harmless).
    public func finish() -> String { LiveRedraw.showCursor }

    /// The bytes that overwrite the `previousLineCount` lines just above the cursor with `frame`:
    /// hide cursor, begin synchronized update, move up, each line followed by ESC[K and a newline,
    /// ESC[J to clear leftover lines when the new frame is shorter, end synchronized update, show cursor.
    public static func redraw(previousLineCount: Int, frame: String) -> String {
        var out = hideCursor + beginSynchronized
        if previousLineCount > 0 { out += "\u{1B}[\(previousLineCount)A\r" }
        let lines = frame.split(separator: "\n", omittingEmptySubsequences: false)
        let count = lineCount(frame)
        for line in lines.prefix(count) {
            out += line
            out += clearToEndOfLine + "\n"
        }
        if count < previousLineCount { out += clearToEndOfScreen }
        out += endSynchronized + showCursor
        return out
    }

    /// Lines in `frame` (a final newline does not start another line).
    public static func lineCount(_ frame: String) -> Int {
        if frame.isEmpty { return 0 }
        var count = 1
        for byte in frame.utf8 where byte == 0x0A { count += 1 }
        if frame.utf8.last == 0x0A { count -= 1 }
        return count
    }

    /// Live drawing only on a terminal that can move its cursor: `isTerminal` true and TERM not "dumb".
    /// Piped or redirected output gets the final chart once instead.
    public static func isLive(isTerminal: Bool, environment: [String: String]) -> Bool {
        isTerminal && environment["TERM"] != "dumb"
    }

    static let hideCursor = "\u{1B}[?25l"
    static let showCursor = "\u{1B}[?25h"
    static let beginSynchronized = "\u{1B}[?2026h"
    static let endSynchronized = "\u{1B}[?2026l"
    static let clearToEndOfLine = "\u{1B}[K"
    static let clearToEndOfScreen = "\u{1B}[J"
}

/// Decides when a live chart is worth redrawing: not before `interval` seconds of training have
/// passed (short trainings print their final chart once, with no redraws), then at most once per
/// `interval` (default 0.1 s, about 10 frames per second). Pure: the caller passes the time.
public struct RedrawThrottle: Sendable {
    /// Seconds between frames, and before the first one.
    public let interval: Double
    private var last: Double

    /// A throttle for a training started at `start` (seconds, any monotonic clock).
    public init(start: Double, interval: Double = 0.1) {
        self.interval = interval
        last = start
    }

    /// True (and the frame counts as drawn) when at least `interval` seconds passed since the
    /// start or since the last frame drawn.
    public mutating func isDue(now: Double) -> Bool {
        guard now - last >= interval - 1e-9 else { return false }   // tolerance for clock sums like 10.1 - 10
        last = now
        return true
    }
}

/// ANSI colours (xterm 256-colour palette indices).
enum Palette {
    /// Series colours after the Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design"),
    /// told apart by the common colour-vision deficiencies: blue, orange, bluish green,
    /// vermillion, sky blue, reddish purple, yellow.
    static let series: [UInt8] = [32, 214, 36, 166, 74, 175, 185]
    /// Dimmed colour for reference lines and axes notes.
    static let reference: UInt8 = 245
    /// Sequential ramp after viridis (van der Walt & Smith, matplotlib 2015), dark to light.
    static let ramp: [UInt8] = [53, 60, 30, 77, 220]
    /// Region backgrounds for classes (darker versions of `series`).
    static let regions: [UInt8] = [24, 130, 29, 88, 31, 96, 100]

    static func foreground(_ color: UInt8) -> String { "\u{1B}[38;5;\(color)m" }
    static func background(_ color: UInt8) -> String { "\u{1B}[48;5;\(color)m" }
    static let reset = "\u{1B}[0m"
}

/// `text` without ANSI CSI escape sequences (ESC [ ... final byte): what a reader sees.
public func strippingEscapes(_ text: String) -> String {
    var out = String.UnicodeScalarView()
    var iterator = text.unicodeScalars.makeIterator()
    while let scalar = iterator.next() {
        if scalar == "\u{1B}" {
            guard let next = iterator.next() else { break }
            if next == "[" {
                while let c = iterator.next() {
                    if c.value >= 0x40 && c.value <= 0x7E { break }
                }
            }
            continue
        }
        out.append(scalar)
    }
    return String(out)
}
