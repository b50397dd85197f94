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
    /// The terminal's background, light or dark: selects colours that keep at least 3:1
    /// contrast against it (see `Theme`). Only matters when `color` is true.
    public var theme: Theme

    /// Options for a `width` x `height` cell area (default 80 x 20, no colour, braille, dark theme).
    public init(width: Int = 80, height: Int = 20, color: Bool = false, charset: Charset = .braille, theme: Theme = .dark) {
        self.width = width
        self.height = height
        self.color = color
        self.charset = charset
        self.theme = theme
    }
}

/// The terminal's background: colours are chosen per theme so that every series colour has at
/// least 3:1 contrast (WCAG 2.1 relative luminance) against black (dark) or white (light).
public enum Theme: String, Sendable, CaseIterable {
    /// Light text on a dark background (the default when nothing is known).
    case dark
    /// Dark text on a light background.
    case light

    /// A guess from COLORFGBG ("foreground;background" palette indices, set by rxvt, Konsole
    /// and others; e.g. "15;0" or "0;default;15"): the last field is the background; indices
    /// 7 and 9...15 (white, light grey and the bright colours) are light backgrounds, 0...6 and 8
    /// dark ones. Nil when COLORFGBG is missing or its background is not a number 0...15.
    public static func guess(environment: [String: String]) -> Theme? {
        guard let value = environment["COLORFGBG"],
              let last = value.split(separator: ";").last,
              let background = Int(last), (0...15).contains(background) else { return nil }
        return background == 7 || background >= 9 ? .light : .dark
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
    /// follows `color` (auto: only on a terminal without NO_COLOR, with TERM set and not
    /// "dumb"); ASCII for TERM=dumb, a locale that is not UTF-8 (`charsetFor(environment:)`) or
    /// when `ascii` is true. The theme is `theme` if given, else guessed from COLORFGBG, else dark.
    public static func forOutput(fileDescriptor: Int32 = 1, environment: [String: String], color: ColorChoice = .auto,
                                 width: Int? = nil, height: Int? = nil, ascii: Bool = false,
                                 theme: Theme? = nil) -> RenderOptions {
        let terminal = isTerminal(fileDescriptor: fileDescriptor)
        let size = TerminalSize.current(fileDescriptor: fileDescriptor, environment: environment)
        let columns = width ?? size?.columns ?? 80
        let rows = height ?? size.map { max(1, min($0.rows - 2, 24)) } ?? 20
        return RenderOptions(width: columns, height: rows,
                             color: color.resolve(isTerminal: terminal, environment: environment),
                             charset: ascii ? .ascii : charsetFor(environment: environment),
                             theme: theme ?? Theme.guess(environment: environment) ?? .dark)
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
    /// Colour only when writing to a terminal, NO_COLOR unset (or empty), and TERM set, not empty and not "dumb".
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
            guard let term = environment["TERM"], !term.isEmpty, term != "dumb" else { return false }
            return isTerminal
        }
    }
}

/// The character set for this environment: ASCII when TERM is "dumb" or the character-type
/// locale is not UTF-8, else braille. The locale is the first of LC_ALL, LC_CTYPE, LANG that is
/// set and not empty (POSIX precedence, XBD 8.2); with none, it is the C locale, which is ASCII.
/// UTF-8 is recognized by "UTF-8" or "utf8" in the name, in any case (e.g. "C.UTF-8", "en_US.utf8").
public func charsetFor(environment: [String: String]) -> Charset {
    if environment["TERM"] == "dumb" { return .ascii }
    return localeIsUTF8(environment: environment) ? .braille : .ascii
}

/// True when the character-type locale of `environment` (LC_ALL, else LC_CTYPE, else LANG) names UTF-8.
public func localeIsUTF8(environment: [String: String]) -> Bool {
    let locale = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? "C"
    let lowered = locale.lowercased()
    return lowered.contains("utf-8") || lowered.contains("utf8")
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
        var out: [UInt8] = []
        out.reserveCapacity(frame.utf8.count + 64)
        appendASCII(hideCursor + beginSynchronized, to: &out)
        if previousLineCount > 0 { appendASCII("\u{1B}[\(previousLineCount)A\r", to: &out) }
        let count = lineCount(frame)
        var written = 0
        for line in Array(frame.utf8).split(separator: 0x0A, omittingEmptySubsequences: false) where written < count {
            out.append(contentsOf: line)
            appendASCII(clearToEndOfLine, to: &out)
            out.append(0x0A)
            written += 1
        }
        if count < previousLineCount { appendASCII(clearToEndOfScreen, to: &out) }
        appendASCII(endSynchronized + showCursor, to: &out)
        return String(decoding: out, as: UTF8.self)
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

/// ANSI colours (xterm 256-colour palette indices), per theme.
enum Palette {
    /// Series colours: the Okabe-Ito set (Okabe & Ito 2008, "Color Universal Design"), ordered
    /// so that the first five series have no two similar hues (blue, orange, bluish green,
    /// reddish purple, sky blue; then vermillion, yellow, black/grey), each the nearest xterm
    /// colour with at least 3:1 contrast against the theme's background (checked in a test).
    static func series(_ theme: Theme) -> [UInt8] {
        theme == .dark ? darkSeries : lightSeries
    }
    static let darkSeries: [UInt8] = [32, 214, 36, 175, 74, 166, 185, 250]
    static let lightSeries: [UInt8] = [25, 136, 29, 132, 31, 166, 100, 16]
    /// Colour of series number `index` (0-based) in `theme`.
    static func seriesColor(_ index: Int, _ theme: Theme) -> UInt8 {
        let colors = series(theme)
        return colors[index % colors.count]
    }
    /// Dimmed colour for reference lines, contours and axes notes (3.5:1 on white, 6:1 on black).
    static let reference: UInt8 = 245
    /// Sequential ramp after viridis (van der Walt & Smith, matplotlib 2015), dark to light.
    static let ramp: [UInt8] = [53, 60, 30, 77, 220]
    /// Region backgrounds by class (same hue order as `series`), each as strong, medium and pale
    /// (pale: closest to the terminal background, for cells where the model is unsure).
    static func regions(_ theme: Theme) -> [[UInt8]] {
        theme == .dark ? darkRegions : lightRegions
    }
    static let darkRegions: [[UInt8]] = [[25, 24, 17], [130, 94, 58], [29, 23, 22], [133, 96, 53],
                                         [31, 30, 23], [124, 88, 52], [142, 100, 58]]
    static let lightRegions: [[UInt8]] = [[111, 153, 189], [215, 222, 223], [79, 158, 194], [176, 219, 225],
                                          [117, 159, 195], [209, 217, 224], [227, 229, 230]]
    /// Black or white, whichever contrasts more with `background`: at least 4.58:1 with any colour,
    /// because the two contrasts multiply to 21 (WCAG 2.1 contrast ratio).
    static func pointColor(on background: UInt8) -> UInt8 {
        let l = relativeLuminance(xterm: background)
        return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? 16 : 231
    }

    static func foreground(_ color: UInt8) -> String { "\u{1B}[38;5;\(color)m" }
    static func background(_ color: UInt8) -> String { "\u{1B}[48;5;\(color)m" }
    static let reset = "\u{1B}[0m"
}

/// The sRGB colour (0...255 per channel) of xterm 256-colour index `index`: the 16 system colours
/// as xterm sets them, the 6x6x6 cube (levels 0, 95, 135, 175, 215, 255) and the 24 greys 8...238.
public func xtermRGB(_ index: UInt8) -> (red: Int, green: Int, blue: Int) {
    let system: [(Int, Int, Int)] = [(0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205),
                                     (0, 205, 205), (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0),
                                     (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255)]
    let i = Int(index)
    if i < 16 { return system[i] }
    if i < 232 {
        let levels = [0, 95, 135, 175, 215, 255]
        let c = i - 16
        return (levels[c / 36], levels[(c / 6) % 6], levels[c % 6])
    }
    let grey = 8 + (i - 232) * 10
    return (grey, grey, grey)
}

/// WCAG 2.1 relative luminance (0 black ... 1 white) of an sRGB colour given as 0...255 channels:
/// L = 0.2126 R + 0.7152 G + 0.0722 B of the linearized channels, c/12.92 for c <= 0.04045 else
/// ((c + 0.055)/1.055)^2.4 (W3C, "Web Content Accessibility Guidelines 2.1", definition of relative luminance).
public func relativeLuminance(red: Int, green: Int, blue: Int) -> Double {
    func linear(_ channel: Int) -> Double {
        let c = Double(channel) / 255
        return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
    }
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
}

/// Relative luminance of xterm colour `index` (see `xtermRGB` and `relativeLuminance`).
public func relativeLuminance(xterm index: UInt8) -> Double {
    let c = xtermRGB(index)
    return relativeLuminance(red: c.red, green: c.green, blue: c.blue)
}

/// WCAG 2.1 contrast ratio (L1 + 0.05) / (L2 + 0.05) of two relative luminances, lighter over
/// darker: 1 (same) ... 21 (black on white).
public func contrastRatio(_ a: Double, _ b: Double) -> Double {
    (max(a, b) + 0.05) / (min(a, b) + 0.05)
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
