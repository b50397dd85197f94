/// Writes JSON text straight into a byte buffer, keys in the order they are written (no dictionary,
/// no sorting, no locale): one line, no spaces, slashes not escaped, non-ASCII characters as UTF-8.
///
/// Numbers are written with Swift's shortest round-trip spelling (`Double.description`), so reading
/// the text back gives the same `Double`; a non-finite number is written as `null`.
struct JSONWriter {
    /// The text so far, UTF-8.
    private(set) var bytes: [UInt8] = []
    /// Per open object or array: whether it already holds a member (so the next needs a comma).
    private var hasMember: [Bool] = []
    /// True right after a key, when the value needs no comma.
    private var afterKey = false

    /// An empty writer; `reserve` bytes are reserved up front.
    init(reserve: Int = 0) { bytes.reserveCapacity(reserve) }

    /// The text written.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    private mutating func separate() {
        if afterKey { afterKey = false; return }
        if let last = hasMember.last {
            if last { bytes.append(UInt8(ascii: ",")) }
            hasMember[hasMember.count - 1] = true
        }
    }

    /// Opens an object `{`.
    mutating func beginObject() { separate(); bytes.append(UInt8(ascii: "{")); hasMember.append(false) }
    /// Closes the innermost object.
    mutating func endObject() { hasMember.removeLast(); bytes.append(UInt8(ascii: "}")) }
    /// Opens an array `[`.
    mutating func beginArray() { separate(); bytes.append(UInt8(ascii: "[")); hasMember.append(false) }
    /// Closes the innermost array.
    mutating func endArray() { hasMember.removeLast(); bytes.append(UInt8(ascii: "]")) }

    /// Writes a member name; the next value written is its value.
    mutating func key(_ name: String) {
        separate()
        writeString(name)
        bytes.append(UInt8(ascii: ":"))
        afterKey = true
    }

    /// A string value, escaped as RFC 8259 section 7 requires.
    mutating func string(_ value: String) { separate(); writeString(value) }
    /// An integer value.
    mutating func integer(_ value: Int) { separate(); bytes.append(contentsOf: String(value).utf8) }
    /// A number, or `null` when it is not finite.
    mutating func number(_ value: Double) {
        separate()
        if value.isFinite { bytes.append(contentsOf: value.description.utf8) } else { bytes.append(contentsOf: "null".utf8) }
    }
    /// A number or `null`.
    mutating func number(_ value: Double?) { if let value { number(value) } else { null() } }
    /// An integer or `null`.
    mutating func integer(_ value: Int?) { if let value { integer(value) } else { null() } }
    /// A string or `null`.
    mutating func string(_ value: String?) { if let value { string(value) } else { null() } }
    /// `true` or `false`.
    mutating func bool(_ value: Bool) { separate(); bytes.append(contentsOf: (value ? "true" : "false").utf8) }
    /// `null`.
    mutating func null() { separate(); bytes.append(contentsOf: "null".utf8) }

    /// Writes a value that is already JSON text (e.g. from `JSONSerialization`), as one member or element.
    mutating func json(_ text: String) { separate(); bytes.append(contentsOf: text.utf8) }

    private mutating func writeString(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                          hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
