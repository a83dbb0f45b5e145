/// PostgreSQL `numeric` in its binary form, readable as exact decimal text.
///
/// `SUM(bigint)` returns `numeric`, so integer totals arrive this way; decode them as
/// `Int64` (exact, or an error) or `String`. Never as a floating-point number.
struct PostgresNumeric: CustomStringConvertible {
    var digits: [Int16]  // base-10,000 digits
    var weight: Int16    // exponent of the first digit, in base 10,000
    var sign: UInt16     // 0x0000 positive, 0x4000 negative, 0xC000 NaN
    var scale: Int16     // digits after the decimal point

    init(bytes: UnsafeRawBufferPointer) throws(PostgresDecodingProblem) {
        guard bytes.count >= 8 else { throw .malformed("numeric of \(bytes.count) bytes") }
        let count = Int(bytes.readBigEndian(Int16.self, at: 0))
        weight = bytes.readBigEndian(Int16.self, at: 2)
        sign = bytes.readBigEndian(UInt16.self, at: 4)
        scale = bytes.readBigEndian(Int16.self, at: 6)
        guard bytes.count == 8 + 2 * count else { throw .malformed("numeric digit count") }
        digits = (0..<count).map { bytes.readBigEndian(Int16.self, at: 8 + 2 * $0) }
        if sign == 0xC000 { throw .malformed("NaN") }
        if sign == 0xD000 || sign == 0xF000 { throw .malformed("infinite numeric") }
    }

    var description: String {
        var integerPart = ""
        if weight >= 0 {
            for index in 0...Int(weight) {
                let digit = index < digits.count ? Int(digits[index]) : 0
                if integerPart.isEmpty {
                    if digit != 0 { integerPart = String(digit) }
                } else {
                    integerPart += Self.pad4(digit)
                }
            }
        }
        if integerPart.isEmpty { integerPart = "0" }
        var fraction = ""
        if scale > 0 {
            var index = Int(weight) + 1
            while fraction.count < Int(scale) {
                let digit = (index >= 0 && index < digits.count) ? Int(digits[index]) : 0
                fraction += Self.pad4(digit)
                index += 1
            }
            fraction = String(fraction.prefix(Int(scale)))
        }
        let isZero = digits.allSatisfy { $0 == 0 }
        let body = fraction.isEmpty ? integerPart : integerPart + "." + fraction
        return (sign == 0x4000 && !isZero) ? "-" + body : body
    }

    private static func pad4(_ digit: Int) -> String {
        let text = String(digit)
        return String(repeating: "0", count: 4 - text.count) + text
    }
}
