import Foundation

/// The one number formatter: every number hyperlab prints goes through one of these, so a
/// value reads the same in help, summaries, hints, lessons and JSON-free text.
public enum NumberFormat {
    /// A loss or score for a summary line: 3 significant digits, scientific notation when the
    /// magnitude is ≥ 1e5 or < 1e-3, one decimal from 100 on; "n/a" for nil, "not a number" and
    /// "infinite"/"-infinite" for non-finite values.
    public static func loss(_ value: Double?) -> String {
        guard let value else { return "n/a" }
        if value.isNaN { return "not a number" }
        if value.isInfinite { return value > 0 ? "infinite" : "-infinite" }
        let magnitude = abs(value)
        if magnitude != 0 && (magnitude >= 1e5 || magnitude < 1e-3) { return String(format: "%.2e", value) }
        if magnitude >= 100 { return String(format: "%.1f", value) }
        return String(format: "%.3g", value)
    }

    /// A hyperparameter value as the learner would type it: up to 6 significant digits, no
    /// trailing zeros, short exponents (0.05, 1e-5, 2e6). Float noise such as
    /// 0.10500000000000001 reads 0.105.
    public static func setting(_ value: Double) -> String {
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude < 1e-3 || magnitude >= 1e5 {
            return shortExponent(String(format: "%.5e", value))
        }
        return String(format: "%g", value)
    }

    /// `value` rounded to `digits` significant digits (1...15), for a suggested setting such as
    /// "try learning-rate 0.3" (never 0.30000000000000004): the text of the rounded value.
    public static func suggestion(_ value: Double, digits: Int = 2) -> String {
        guard value.isFinite, value != 0 else { return setting(value) }
        let d = min(max(digits, 1), 15)
        let text = String(format: "%.\(d - 1)e", value)
        return setting(Double(text) ?? value)
    }

    /// Shortest text that reads back as the same double; whole numbers below 1e15 without ".0".
    public static func shortest(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        return String(x)
    }

    /// "1.50000e-05" → "1.5e-5": drops trailing zeros of the mantissa and zeros and plus signs of the exponent.
    private static func shortExponent(_ text: String) -> String {
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return text }
        var mantissa = String(text[..<e])
        if mantissa.contains(".") {
            while mantissa.hasSuffix("0") { mantissa.removeLast() }
            if mantissa.hasSuffix(".") { mantissa.removeLast() }
        }
        var exponent = String(text[text.index(after: e)...])
        var sign = ""
        if exponent.hasPrefix("-") || exponent.hasPrefix("+") {
            sign = exponent.hasPrefix("-") ? "-" : ""
            exponent.removeFirst()
        }
        while exponent.count > 1 && exponent.hasPrefix("0") { exponent.removeFirst() }
        return mantissa + "e" + sign + exponent
    }

    /// A number inside a sentence of a lesson or hint: 3 significant digits, whole from 100 on,
    /// scientific when the magnitude is ≥ 1e5 or < 1e-3; "not a number", "infinity", "-infinity".
    public static func sentence(_ value: Double) -> String {
        if value.isNaN { return "not a number" }
        if value.isInfinite { return value > 0 ? "infinity" : "-infinity" }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e5 || magnitude < 1e-3 { return String(format: "%.2e", value) }
        if magnitude >= 100 { return String(format: "%.0f", value) }
        var text = String(format: "%.3g", value)
        if text.contains("e") { text = String(format: "%.4f", value) }
        return text
    }

    /// A factor or ratio: 4 significant digits (3 in scientific notation when the magnitude is
    /// ≥ 1e5 or < 1e-3); non-finite values as Swift prints them.
    public static func compact(_ x: Double) -> String {
        if !x.isFinite { return String(x) }
        if x != 0 && (Swift.abs(x) >= 1e5 || Swift.abs(x) < 1e-3) { return String(format: "%.3g", x) }
        return String(format: "%.4g", x)
    }
}
