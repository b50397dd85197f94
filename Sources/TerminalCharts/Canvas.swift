// The plot area: braille dots (2 x 4 per cell, Unicode 3.0 block U+2800...U+28FF) or one
// ASCII glyph per cell, with a colour per cell and glyphs drawn over the dots.

/// Braille dot bits by (row within cell, column within cell), per the Unicode braille
/// pattern numbering: dots 1-2-3 and 7 down the left column, 4-5-6 and 8 down the right.
private let brailleBits: [[UInt8]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]

struct Canvas {
    let columns: Int
    let rows: Int
    let braille: Bool
    var bits: [UInt8]
    var dotColor: [UInt8]
    var glyph: [UInt32]
    var glyphColor: [UInt8]
    /// Characters behind the dots (vertical lines), allocated on first use; 0 = none.
    var back: [UInt32] = []
    var backColor: [UInt8] = []
    /// True while drawing a backdrop (contour lines): its dots are marked per cell, and a
    /// later, normal dot in a marked cell first clears the backdrop's dots there.
    var drawingBackdrop = false
    private var backdrop: [Bool] = []

    init(columns: Int, rows: Int, braille: Bool) {
        self.columns = columns
        self.rows = rows
        self.braille = braille
        let count = columns * rows
        bits = Array(repeating: 0, count: count)
        dotColor = Array(repeating: 0, count: count)
        glyph = Array(repeating: 0, count: count)
        glyphColor = Array(repeating: 0, count: count)
    }

    /// Dots across (2 per cell in braille, 1 in ASCII).
    var dotWidth: Int { braille ? columns * 2 : columns }
    /// Dots down (4 per cell in braille, 1 in ASCII).
    var dotHeight: Int { braille ? rows * 4 : rows }

    /// Cell column of dot column `x`.
    func cellColumn(_ x: Int) -> Int { braille ? x >> 1 : x }
    /// Cell row of dot row `y`.
    func cellRow(_ y: Int) -> Int { braille ? y >> 2 : y }

    /// Sets one dot; in ASCII the whole cell shows `asciiGlyph`.
    mutating func plot(_ x: Int, _ y: Int, color: UInt8, asciiGlyph: UInt32) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        if braille {
            let index = (y >> 2) * columns + (x >> 1)
            if drawingBackdrop {
                if backdrop.isEmpty { backdrop = Array(repeating: false, count: columns * rows) }
                backdrop[index] = true
            } else if !backdrop.isEmpty && backdrop[index] {
                bits[index] = 0
                backdrop[index] = false
            }
            bits[index] |= brailleBits[y & 3][x & 1]
            dotColor[index] = color
        } else {
            let index = y * columns + x
            glyph[index] = asciiGlyph
            glyphColor[index] = color
        }
    }

    /// Draws the dots of a straight segment (Bresenham's line algorithm, Bresenham 1965).
    mutating func line(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, color: UInt8, asciiGlyph: UInt32) {
        var phase = 0
        line(x0, y0, x1, y1, color: color, asciiGlyph: asciiGlyph, pattern: LinePattern.all[0], phase: &phase)
    }

    /// A segment whose dots follow `pattern` (braille only; ASCII cells always show the glyph),
    /// counting dots from `phase` and leaving it after the last dot so joined segments continue the pattern.
    mutating func line(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, color: UInt8, asciiGlyph: UInt32,
                       pattern: LinePattern, phase: inout Int) {
        var x = x0
        var y = y0
        let dx = abs(x1 - x0)
        let dy = -abs(y1 - y0)
        let sx = x0 < x1 ? 1 : -1
        let sy = y0 < y1 ? 1 : -1
        var error = dx + dy
        let solid = !braille || pattern.period <= 1
        while true {
            if solid || pattern.draws(phase) { plot(x, y, color: color, asciiGlyph: asciiGlyph) }
            if x == x1 && y == y1 { break }
            phase += 1
            let e2 = 2 * error
            if e2 >= dy { error += dy; x += sx }
            if e2 <= dx { error += dx; y += sy }
        }
    }

    /// Puts `scalar` over the cell holding dot (x, y).
    mutating func stamp(dotX x: Int, dotY y: Int, scalar: UInt32, color: UInt8) {
        stamp(column: cellColumn(x), row: cellRow(y), scalar: scalar, color: color)
    }

    /// Puts `scalar` over cell (column, row).
    mutating func stamp(column: Int, row: Int, scalar: UInt32, color: UInt8) {
        guard column >= 0, row >= 0, column < columns, row < rows else { return }
        let index = row * columns + column
        glyph[index] = scalar
        glyphColor[index] = color
    }

    /// Puts `scalar` behind cell (column, row): shown only when no dot or glyph is there.
    mutating func setBack(column: Int, row: Int, scalar: UInt32, color: UInt8) {
        guard column >= 0, row >= 0, column < columns, row < rows else { return }
        if back.isEmpty {
            back = Array(repeating: 0, count: columns * rows)
            backColor = Array(repeating: 0, count: columns * rows)
        }
        back[row * columns + column] = scalar
        backColor[row * columns + column] = color
    }

    /// Appends row `row` as UTF-8 (no trailing blanks); `background` fills empty cells (0 = space).
    func appendRow(_ row: Int, to out: inout [UInt8], color: Bool, background: UInt32, backgroundColor: UInt8) {
        var last = columns - 1
        let base = row * columns
        if background == 0 {
            let hasBack = !back.isEmpty
            while last >= 0 && glyph[base + last] == 0 && bits[base + last] == 0
                    && (!hasBack || back[base + last] == 0) { last -= 1 }
        }
        var current: UInt8 = 0
        var column = 0
        while column <= last {
            let index = base + column
            var scalar: UInt32 = 0x20
            var cellColor: UInt8 = 0
            if glyph[index] != 0 {
                scalar = glyph[index]
                cellColor = glyphColor[index]
            } else if bits[index] != 0 {
                scalar = 0x2800 + UInt32(bits[index])
                cellColor = dotColor[index]
            } else if !back.isEmpty && back[index] != 0 {
                scalar = back[index]
                cellColor = backColor[index]
            } else if background != 0 {
                scalar = background
                cellColor = backgroundColor
            }
            if color && cellColor != current {
                if cellColor == 0 {
                    appendASCII(Palette.reset, to: &out)
                } else {
                    appendASCII(Palette.foreground(cellColor), to: &out)
                }
                current = cellColor
            }
            appendScalar(scalar, to: &out)
            column += 1
        }
        if color && current != 0 { appendASCII(Palette.reset, to: &out) }
    }
}

/// Appends the UTF-8 encoding of `v` (a valid scalar value).
@inline(__always)
func appendScalar(_ v: UInt32, to out: inout [UInt8]) {
    if v < 0x80 {
        out.append(UInt8(v))
    } else if v < 0x800 {
        out.append(UInt8(0xC0 | (v >> 6)))
        out.append(UInt8(0x80 | (v & 0x3F)))
    } else if v < 0x10000 {
        out.append(UInt8(0xE0 | (v >> 12)))
        out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
        out.append(UInt8(0x80 | (v & 0x3F)))
    } else {
        out.append(UInt8(0xF0 | (v >> 18)))
        out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
        out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
        out.append(UInt8(0x80 | (v & 0x3F)))
    }
}

/// Appends the bytes of `text`.
@inline(__always)
func appendASCII(_ text: String, to out: inout [UInt8]) {
    out.append(contentsOf: text.utf8)
}
