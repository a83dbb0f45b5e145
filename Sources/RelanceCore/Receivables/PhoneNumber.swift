import Foundation

/// A phone number in E.164 form: "+", then 8…15 digits, the first not 0 ("+33612345678").
public struct PhoneNumber: Sendable, Hashable {
    public let e164: String

    /// Normalises `text` to E.164, or nil:
    ///
    /// 1. spaces (any whitespace), dots, dashes and parentheses are removed — a "(0)" written
    ///    after an international prefix ("+33 (0)6 12 34 56 78") is dropped first;
    /// 2. a "00" prefix becomes "+";
    /// 3. when `defaultCountry` is "FR", a French national number — "0" then a non-zero digit
    ///    then 8 digits (10 digits) — becomes "+33" and the 9 digits after the 0;
    ///    other countries' national numbers are not converted (nil without "+" or "00");
    /// 4. the result must be "+" then 8…15 ASCII digits, the first not 0.
    public static func normalise(_ text: String, defaultCountry: String = "FR") -> PhoneNumber? {
        var trimmed = String(text.filter { !$0.isWhitespace })
        if trimmed.hasPrefix("+") || trimmed.hasPrefix("00") {
            trimmed = trimmed.replacingOccurrences(of: "(0)", with: "")
        }
        var compact = String(trimmed.filter { !".-()".contains($0) })
        if compact.hasPrefix("00") {
            compact = "+" + compact.dropFirst(2)
        } else if defaultCountry == "FR", compact.count == 10, compact.hasPrefix("0"),
                  compact.unicodeScalars.dropFirst().first.map({ ("1"..."9").contains($0) }) == true {
            compact = "+33" + compact.dropFirst()
        }
        let digits = compact.unicodeScalars.dropFirst()
        guard compact.hasPrefix("+"), (8...15).contains(digits.count), digits.first != "0",
              digits.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
        return PhoneNumber(e164: compact)
    }

    private init(e164: String) {
        self.e164 = e164
    }
}
