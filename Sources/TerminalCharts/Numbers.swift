// Number formatting for axis labels and legends, done with integers so that the
// text is exact and identical on every platform (no locale, no printf).
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Exact powers of ten for small exponents (these are exactly representable up to 1e22).
private let exactPowersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]

/// 10^e as a Double (exact for 0 <= e <= 22; 0 or inf outside the Double range).
func powerOfTen(_ e: Int) -> Double {
    if e >= 0 && e <= 22 { return exactPowersOfTen[e] }
    if e < 0 && e >= -22 { return 1 / exactPowersOfTen[-e] }
    return pow(10, Double(e))
}

/// n x 10^e as a Double, rounding once where possible (division for negative e keeps 0.3 exact-looking).
func decimalValue(_ n: Int64, _ e: Int) -> Double {
    if e >= 0 { return Double(n) * powerOfTen(e) }
    if e >= -22 { return Double(n) / exactPowersOfTen[-e] }
    // Split the scaling so that neither factor under- or overflows on its own.
    return Double(n) / exactPowersOfTen[22] * powerOfTen(e + 22)
}

/// Multiplies `a` by 10^k in steps that never overflow an intermediate factor.
func scaledByPowerOfTen(_ a: Double, _ k: Int) -> Double {
    var value = a
    var rest = k
    while rest > 300 { value *= 1e300; rest -= 300 }
    while rest < -300 { value *= 1e-300; rest += 300 }
    return value * powerOfTen(rest)
}

/// The text of n x 10^e in fixed notation with exactly `decimals` digits after the point
/// (`decimals` must be at least -e when e < 0), e.g. (5, -1, 2) -> "0.50", (12, 2, 0) -> "1200".
func formatFixed(_ n: Int64, exponent e: Int, decimals: Int) -> String {
    let negative = n < 0
    var digits = String(n.magnitude)
    var text: String
    if e >= 0 {
        if n != 0 { digits += String(repeating: "0", count: e) }
        text = digits
        if decimals > 0 { text += "." + String(repeating: "0", count: decimals) }
    } else {
        let fraction = -e
        if digits.count <= fraction {
            digits = String(repeating: "0", count: fraction - digits.count + 1) + digits
        }
        let integerPart = digits.prefix(digits.count - fraction)
        var fractionPart = String(digits.suffix(fraction))
        if decimals > fraction { fractionPart += String(repeating: "0", count: decimals - fraction) }
        text = decimals > 0 ? integerPart + "." + fractionPart : String(integerPart)
    }
    return negative && n != 0 ? "-" + text : text
}

/// The text of n x 10^e in compact scientific notation: trailing zeros dropped, no "+" and
/// no leading zeros in the exponent, e.g. (12, -10) -> "1.2e-9", (10, -9) -> "1e-8", (3, 300) -> "3e300".
func formatScientific(_ n: Int64, exponent e: Int) -> String {
    if n == 0 { return "0" }
    var digits = String(n.magnitude)
    var exponent = e
    while digits.count > 1 && digits.hasSuffix("0") {
        digits.removeLast()
        exponent += 1
    }
    let power = exponent + digits.count - 1
    var mantissa = String(digits.prefix(1))
    if digits.count > 1 { mantissa += "." + digits.dropFirst() }
    let sign = n < 0 ? "-" : ""
    return power == 0 ? sign + mantissa : sign + mantissa + "e" + String(power)
}

/// Removes trailing zeros after a decimal point ("0.500" -> "0.5", "2.0" -> "2").
func trimFraction(_ text: String) -> String {
    guard text.contains(".") else { return text }
    var result = text
    while result.hasSuffix("0") { result.removeLast() }
    if result.hasSuffix(".") { result.removeLast() }
    return result
}

/// `value` rounded to `digits` significant digits, in fixed notation for 1e-4 <= |value| < 1e6
/// and compact scientific notation otherwise; "NaN", "inf", "-inf" for non-finite values.
/// Used for legend ranges, heatmap cell values and any number that is not an axis tick.
func formatSignificant(_ value: Double, digits: Int = 3) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value > 0 ? "inf" : "-inf" }
    if value == 0 { return "0" }
    let digits = max(1, min(digits, 15))
    let magnitude = abs(value)
    var e = Int(floor(log10(magnitude)))
    var n = scaledByPowerOfTen(magnitude, digits - 1 - e).rounded()
    if n >= powerOfTen(digits) {
        e += 1
        n = scaledByPowerOfTen(magnitude, digits - 1 - e).rounded()
    }
    let significand = Int64(n) * (value < 0 ? -1 : 1)
    let exponent = e - digits + 1
    if e >= 6 || e <= -5 { return formatScientific(significand, exponent: exponent) }
    return trimFraction(formatFixed(significand, exponent: exponent, decimals: max(0, -exponent)))
}
