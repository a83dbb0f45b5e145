/// An exact decimal number read from text, never through `Double`: `units / 10^scale`.
///
/// `"12"` is (12, 0), `"-1.5"` is (-15, 1), `"0.125"` is (125, 3), `"1.50"` is (150, 2): the
/// scale is the number of digits written after the point (0…18), kept as given.
///
/// Equality, hashing and ordering compare the *value*: `1.50 == 1.5`, they hash alike and
/// neither is less than the other, although `units`, `scale` and `description` differ.
public struct ScaledDecimal: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The value × 10^scale.
    public let units: Int64
    /// Digits after the point, as given (0…18).
    public let scale: Int

    /// The largest scale a value may have.
    public static let maximumScale = 18

    /// Parses a plain decimal: an optional `-`, one or more ASCII digits, then optionally a
    /// `.` followed by one or more digits (`"12"`, `"-1.5"`, `"0.125"`, `"007"`).
    ///
    /// nil for anything else: exponents (`"1e2"`), a `+` sign, a bare point (`".5"`, `"5."`),
    /// spaces, more than 18 digits after the point, or units beyond `Int64`. No field limit
    /// (such as at most 3 places) is enforced here: that is the caller's rule.
    public init?(_ text: String) {
        var bytes = Substring(text).utf8[...]
        var negative = false
        if bytes.first == UInt8(ascii: "-") {
            negative = true
            bytes = bytes.dropFirst()
        }
        let integer = bytes.prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        guard !integer.isEmpty else { return nil }
        var rest = bytes.dropFirst(integer.count)
        var fraction = rest.prefix(0)
        if rest.first == UInt8(ascii: ".") {
            rest = rest.dropFirst()
            fraction = rest.prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
            guard !fraction.isEmpty else { return nil }
            rest = rest.dropFirst(fraction.count)
        }
        guard rest.isEmpty, fraction.count <= Self.maximumScale else { return nil }
        var magnitude: UInt64 = 0
        for byte in Array(integer) + Array(fraction) {
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            magnitude = sum
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }  // so -9223372036854775808 is refused too
        units = negative ? -Int64(magnitude) : Int64(magnitude)
        scale = fraction.count
    }

    /// The value `units / 10^scale`. `scale` must be 0…18 (a precondition).
    public init(units: Int64, scale: Int) {
        precondition((0...Self.maximumScale).contains(scale), "scale \(scale) is outside 0…18")
        self.units = units
        self.scale = scale
    }

    /// The same value written with exactly `scale` places, or nil when `scale` is outside
    /// 0…18, when dropping places would drop a non-zero digit (1.25 to 1 place), or when the
    /// units would not fit `Int64`.
    public func rescaled(to scale: Int) -> ScaledDecimal? {
        guard (0...Self.maximumScale).contains(scale) else { return nil }
        if scale >= self.scale {
            let (value, overflow) = units.multipliedReportingOverflow(by: Self.powerOf10(scale - self.scale))
            return overflow ? nil : ScaledDecimal(units: value, scale: scale)
        }
        let (quotient, remainder) = units.quotientAndRemainder(dividingBy: Self.powerOf10(self.scale - scale))
        return remainder == 0 ? ScaledDecimal(units: quotient, scale: scale) : nil
    }

    /// The value with `scale` digits after the point, trailing zeros kept as given:
    /// `"1.5"`, `"1.50"`, `"-0.125"`, `"12"`. Minus zero reads `"0"`.
    public var description: String {
        let digits = String(units.magnitude)
        let sign = units < 0 ? "-" : ""
        guard scale > 0 else { return sign + digits }
        let padded = String(repeating: "0", count: max(0, scale + 1 - digits.count)) + digits
        let split = padded.index(padded.endIndex, offsetBy: -scale)
        return sign + padded[..<split] + "." + padded[split...]
    }

    /// The value as an exact fraction `numerator / 10^scale` at `scale` ≥ self.scale (no overflow in Int128).
    func units128(atScale scale: Int) -> Int128 {
        Int128(units) * Int128(Self.powerOf10(scale - self.scale))
    }

    /// Compares values: 1.50 == 1.5.
    public static func == (lhs: ScaledDecimal, rhs: ScaledDecimal) -> Bool {
        let scale = max(lhs.scale, rhs.scale)
        return lhs.units128(atScale: scale) == rhs.units128(atScale: scale)
    }

    /// Orders by value.
    public static func < (lhs: ScaledDecimal, rhs: ScaledDecimal) -> Bool {
        let scale = max(lhs.scale, rhs.scale)
        return lhs.units128(atScale: scale) < rhs.units128(atScale: scale)
    }

    /// Hashes the value (trailing zeros stripped), consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        var (units, scale) = (units, scale)
        while scale > 0, units % 10 == 0 {
            units /= 10
            scale -= 1
        }
        hasher.combine(units)
        hasher.combine(scale)
    }

    /// 10^exponent for 0…18.
    static func powerOf10(_ exponent: Int) -> Int64 {
        var value: Int64 = 1
        for _ in 0..<exponent { value *= 10 }
        return value
    }
}
