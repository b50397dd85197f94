// Text measured in terminal cells.

/// The number of terminal cells `s` occupies: East Asian wide and fullwidth characters and
/// emoji count 2, combining marks, zero-width characters and control characters count 0,
/// everything else 1. Grapheme clusters are measured as one unit (the widest scalar in it;
/// an emoji presentation selector makes it 2).
///
/// The wide and zero-width ranges follow Unicode Standard Annex #11 (East Asian Width,
/// classes W and F) and the general categories Mn/Me/Cf, condensed to the blocks that
/// occur in practice, as wcwidth(3) implementations do.
public func displayWidth(_ s: String) -> Int {
    var asciiOnly = true
    var count = 0
    for byte in s.utf8 {
        if byte >= 0x80 { asciiOnly = false; break }
        if byte >= 0x20 && byte != 0x7F { count += 1 }
    }
    if asciiOnly { return count }
    var width = 0
    for character in s { width += characterWidth(character) }
    return width
}

/// Cells taken by one grapheme cluster (see `displayWidth`).
func characterWidth(_ character: Character) -> Int {
    var width = 0
    var emojiPresentation = false
    for scalar in character.unicodeScalars {
        if scalar.value == 0xFE0F { emojiPresentation = true }
        width = max(width, scalarWidth(scalar.value))
    }
    if emojiPresentation && width > 0 { return 2 }
    return width
}

/// Cells taken by one Unicode scalar on its own.
func scalarWidth(_ v: UInt32) -> Int {
    if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
    if v < 0x300 { return 1 }
    if isZeroWidth(v) { return 0 }
    if isWide(v) { return 2 }
    return 1
}

private func isZeroWidth(_ v: UInt32) -> Bool {
    switch v {
    case 0x0300...0x036F, 0x0483...0x0489, 0x0591...0x05BD, 0x0610...0x061A, 0x064B...0x065F,
         0x0E31, 0x0E34...0x0E3A, 0x0E47...0x0E4E,
         0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x2064,
         0x20D0...0x20FF, 0xFE00...0xFE0F, 0xFE20...0xFE2F, 0xFEFF, 0xE0100...0xE01EF:
        return true
    default:
        return false
    }
}

private func isWide(_ v: UInt32) -> Bool {
    switch v {
    case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3,
         0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1, 0x26AA...0x26AB,
         0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE, 0x26D4, 0x26EA, 0x26F2...0x26F3, 0x26F5, 0x26FA,
         0x26FD, 0x2705, 0x270A...0x270B, 0x2728, 0x274C, 0x274E, 0x2753...0x2755, 0x2757,
         0x2795...0x2797, 0x27B0, 0x27BF, 0x2B1B...0x2B1C, 0x2B50, 0x2B55,
         0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
         0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
         0xFF00...0xFF60, 0xFFE0...0xFFE6,
         0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF, 0x1F004, 0x1F0CF, 0x1F18E,
         0x1F191...0x1F19A, 0x1F200...0x1F251, 0x1F300...0x1F64F, 0x1F680...0x1F6FF,
         0x1F7E0...0x1F7EB, 0x1F90C...0x1F9FF, 0x1FA70...0x1FAFF, 0x20000...0x3FFFD:
        return true
    default:
        return false
    }
}

/// `text` made safe to write to a terminal: every C0 control character (U+0000-U+001F), DEL
/// (U+007F) and C1 control character (U+0080-U+009F) is shown escaped instead of acted on, so
/// text from a file or a dataset can never move the cursor, set the window title (OSC 0), write
/// the clipboard (OSC 52), change colours or ring the bell. Line feed and tab are kept when
/// `keepingLineBreaks` is true (multi-line prose), and escaped like the others otherwise.
///
/// Escapes: `\x1b` for a C0 control or DEL (two lowercase hex digits), `\u009b` for a C1
/// control. Everything else, including backslashes and all printable Unicode, is unchanged.
/// Linear in the length of `text`; returns `text` itself when there is nothing to escape.
/// - Parameters:
///   - text: any text (a lesson title, a CSV value, a YAML excerpt).
///   - keepingLineBreaks: keep LF and tab (true) or escape them too (false, for one-line fields).
/// - Returns: the text with its control characters escaped.
public func escapingControlCharacters(_ text: String, keepingLineBreaks: Bool = true) -> String {
    func isEscaped(_ v: UInt32) -> Bool {
        if v == 0x0A || v == 0x09 { return !keepingLineBreaks }
        return v < 0x20 || (v >= 0x7F && v < 0xA0)
    }
    guard text.unicodeScalars.contains(where: { isEscaped($0.value) }) else { return text }
    let hex = Array("0123456789abcdef".unicodeScalars)
    var scalars = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
        let v = scalar.value
        guard isEscaped(v) else { scalars.append(scalar); continue }
        scalars.append(contentsOf: (v < 0x80 ? "\\x" : "\\u00").unicodeScalars)
        scalars.append(hex[Int(v >> 4)])
        scalars.append(hex[Int(v & 0xF)])
    }
    return String(scalars)
}

/// `text` on one line: control characters (newlines, tabs, escapes) become spaces, so a
/// name taken from a file can never move the cursor or break the layout.
func singleLine(_ text: String) -> String {
    if !text.unicodeScalars.contains(where: { $0.value < 0x20 || ($0.value >= 0x7F && $0.value < 0xA0) }) {
        return text
    }
    var scalars = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
        let v = scalar.value
        scalars.append(v < 0x20 || (v >= 0x7F && v < 0xA0) ? " " : scalar)
    }
    return String(scalars)
}

/// `text` cut to at most `width` cells, ending in an ellipsis when something was cut
/// ("…" in Unicode, "." in ASCII).
func truncated(_ text: String, toWidth width: Int, ascii: Bool) -> String {
    if width <= 0 { return "" }
    if displayWidth(text) <= width { return text }
    var result = ""
    var used = 0
    for character in text {
        let w = characterWidth(character)
        if used + w > width - 1 { break }
        result.append(character)
        used += w
    }
    return result + (ascii ? "." : "…")
}

/// Words of `text` packed into lines of at most `width` cells; a word longer than a line
/// is cut. Never returns an empty array for non-empty text.
func wordWrap(_ text: String, width: Int, ascii: Bool) -> [String] {
    let width = max(1, width)
    var lines: [String] = []
    var current = ""
    var currentWidth = 0
    for wordSlice in text.split(separator: " ", omittingEmptySubsequences: true) {
        var word = String(wordSlice)
        var w = displayWidth(word)
        if w > width {
            word = truncated(word, toWidth: width, ascii: ascii)
            w = displayWidth(word)
        }
        if currentWidth == 0 {
            current = word
            currentWidth = w
        } else if currentWidth + 1 + w <= width {
            current += " " + word
            currentWidth += 1 + w
        } else {
            lines.append(current)
            current = word
            currentWidth = w
        }
    }
    if currentWidth > 0 { lines.append(current) }
    return lines
}

/// One line of text being laid out in cells: places labels at columns, refuses overlaps,
/// and renders without trailing spaces. Wide characters take two cells.
struct TextRow {
    private(set) var cells: [String]
    private var occupied: [Bool]
    let width: Int

    init(width: Int) {
        self.width = max(0, width)
        cells = Array(repeating: " ", count: self.width)
        occupied = Array(repeating: false, count: self.width)
    }

    /// True when `textWidth` cells from `column`, plus `gap` free cells either side, are inside the row and free.
    func isFree(column: Int, textWidth: Int, gap: Int = 0) -> Bool {
        if column < 0 || column + textWidth > width { return false }
        let from = max(0, column - gap)
        let to = min(width, column + textWidth + gap)
        for i in from..<to where occupied[i] { return false }
        return true
    }

    /// Writes `text` from `column` (cells outside the row are dropped).
    mutating func place(_ text: String, at column: Int) {
        var col = column
        for character in text {
            let w = characterWidth(character)
            if w == 0 { continue }
            if col < 0 { col += w; continue }
            if col + w > width { break }
            cells[col] = String(character)
            occupied[col] = true
            if w == 2 {
                cells[col + 1] = ""
                occupied[col + 1] = true
            }
            col += w
        }
    }

    /// Marks a cell as taken by a character drawn separately (e.g. an axis glyph).
    mutating func set(_ character: String, at column: Int) {
        guard column >= 0 && column < width else { return }
        cells[column] = character
        occupied[column] = true
    }

    var text: String {
        var result = cells.joined()
        while result.hasSuffix(" ") { result.removeLast() }
        return result
    }
}

/// `text` with trailing spaces removed.
func trimmedRight(_ text: String) -> String {
    var result = text
    while result.hasSuffix(" ") { result.removeLast() }
    return result
}

/// One legend item: a glyph (or swatch) and its text, with an optional colour.
struct LegendEntry {
    var glyph: String
    var text: String
    /// Foreground colour of the whole entry (0: none).
    var color: UInt8 = 0
    /// Replaces the coloured form of the glyph (e.g. a swatch with a background colour).
    var coloredGlyph: String? = nil
}

/// Legend entries packed into lines of at most `width` cells, three spaces apart; each line in
/// plain and coloured form (same visible text).
func packLegend(_ entries: [LegendEntry], width: Int, ascii: Bool) -> [(plain: String, colored: String)] {
    var lines: [(plain: String, colored: String)] = []
    var plain = "", colored = "", used = 0
    for entry in entries {
        let glyphWidth = displayWidth(entry.glyph)
        let text = truncated(entry.text, toWidth: max(1, width - glyphWidth - 1), ascii: ascii)
        let entryPlain = entry.glyph + " " + text
        let w = displayWidth(entryPlain)
        var entryColored = entryPlain
        if let coloredGlyph = entry.coloredGlyph {
            entryColored = coloredGlyph + " " + text
        } else if entry.color != 0 {
            entryColored = Palette.foreground(entry.color) + entryPlain + Palette.reset
        }
        if used > 0 && used + 3 + w > width {
            lines.append((plain, colored))
            plain = ""; colored = ""; used = 0
        }
        if used > 0 {
            plain += "   "; colored += "   "; used += 3
        }
        plain += entryPlain; colored += entryColored; used += w
    }
    if used > 0 { lines.append((plain, colored)) }
    return lines
}

/// Appends a chart's title centred in `width` cells (cut to fit), bold when `color`.
/// Shared by line charts and heatmaps.
func appendTitle(_ title: String, to out: inout [UInt8], width: Int, ascii: Bool, color: Bool) {
    let text = truncated(title, toWidth: width, ascii: ascii)
    out.append(contentsOf: repeatElement(0x20, count: max(0, (width - displayWidth(text)) / 2)))
    if color { appendASCII("\u{1B}[1m", to: &out) }
    appendASCII(text, to: &out)
    if color { appendASCII(Palette.reset, to: &out) }
}

/// Appends the lines under a chart's x tick labels, each on a new line: the x axis name centred
/// under the plot area, the packed legend lines (coloured when `color`), then the notes.
/// Shared by line charts and heatmaps so both frames end the same way.
func appendFooter(to out: inout [UInt8], axisName: String?, plotLeft: Int, plotWidth: Int, width: Int, ascii: Bool,
                  legendLines: [(plain: String, colored: String)], noteLines: [String], color: Bool) {
    if let axisName {
        out.append(0x0A)
        let text = truncated(axisName, toWidth: width, ascii: ascii)
        let w = displayWidth(text)
        out.append(contentsOf: repeatElement(0x20, count: max(0, min(plotLeft + (plotWidth - w) / 2, width - w))))
        appendASCII(text, to: &out)
    }
    for line in legendLines {
        out.append(0x0A)
        appendASCII(color ? line.colored : line.plain, to: &out)
    }
    for line in noteLines {
        out.append(0x0A)
        appendASCII(line, to: &out)
    }
}
