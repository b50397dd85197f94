import Vocabulary
import Foundation

/// Rounding and wording of the numbers the diagnosis suggests and quotes.
enum DiagnosisNumbers {
    /// `value` rounded to `digits` significant digits through its decimal text, so that the double
    /// prints back as that text (0.1 x 3 → 0.3, not 0.30000000000000004).
    static func rounded(_ value: Double, digits: Int = 1) -> Double {
        guard value.isFinite, value != 0 else { return value }
        return Double(String(format: "%.\(max(1, digits))g", value)) ?? value
    }

    /// A suggested setting: short, no float noise (0.05, 1e-5, 300).
    static func setting(_ value: Double) -> String {
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude < 1e-3 || magnitude >= 1e5 {
            let text = String(format: "%.1e", value)
            let parts = text.split(separator: "e")
            var mantissa = String(parts[0])
            if mantissa.hasSuffix(".0") { mantissa.removeLast(2) }
            let exponent = Int(parts[1]) ?? 0
            return "\(mantissa)e\(exponent)"
        }
        return String(format: "%g", value)
    }

    /// A measured loss: 3 significant digits, scientific when very large or small.
    static func loss(_ value: Double) -> String {
        if value.isNaN { return "not a number" }
        if value.isInfinite { return value > 0 ? "infinite" : "-infinite" }
        let magnitude = abs(value)
        if magnitude != 0 && (magnitude >= 1e5 || magnitude < 1e-3) { return String(format: "%.2e", value) }
        if magnitude >= 100 { return String(format: "%.0f", value) }
        return String(format: "%.3g", value)
    }

    /// A share as a whole percentage, "37%".
    static func percent(_ share: Double) -> String {
        String(format: "%.0f%%", 100 * share)
    }
}
