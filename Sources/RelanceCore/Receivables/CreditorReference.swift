/// ISO 11649 structured creditor references ("RF" references) for payment slips and transfers.
public enum CreditorReference {
    /// The reference for an invoice number: its ASCII letters and digits, uppercased (anything
    /// else dropped), at most the last 21 of them, after "RF" and two check digits. The check
    /// digits are `98 − (n mod 97)`, two digits, where n is the number read from that body
    /// followed by "RF00" with each letter replaced by its value (A = 10 … Z = 35).
    /// nil when the number has no ASCII letter or digit. "539007547034" → "RF18539007547034".
    public static func make(from number: String) -> String? {
        let body = String(number.unicodeScalars.filter { $0.isASCII && isAlphanumeric($0) }.map { Character($0) }).uppercased()
        guard !body.isEmpty else { return nil }
        let kept = String(body.suffix(21))
        let check = 98 - mod97(kept + "RF00")
        return "RF" + (check < 10 ? "0" : "") + String(check) + kept
    }

    /// Whether `reference` is a well-formed RF reference: "RF", two check digits and 1…21
    /// letters or digits, with `mod 97 == 1` once the first four characters are moved to the
    /// end. Written compactly ("RF18539007547034") or in groups of four separated by single
    /// spaces ("RF18 5390 0754 7034"); letters may be lowercase.
    public static func isValid(_ reference: String) -> Bool {
        let compact: String
        if reference.contains(" ") {
            let groups = reference.split(separator: " ", omittingEmptySubsequences: false)
            guard groups.dropLast().allSatisfy({ $0.count == 4 }), let last = groups.last, (1...4).contains(last.count) else {
                return false
            }
            compact = groups.joined()
        } else {
            compact = reference
        }
        let scalars = Array(compact.uppercased().unicodeScalars)
        guard (5...25).contains(scalars.count), scalars[0] == "R", scalars[1] == "F",
              scalars[2...3].allSatisfy({ ("0"..."9").contains($0) }),
              scalars.allSatisfy({ $0.isASCII && isAlphanumeric($0) }) else { return false }
        let text = String(String.UnicodeScalarView(scalars))
        return mod97(String(text.dropFirst(4)) + String(text.prefix(4))) == 1
    }

    /// `reference` as it is printed for people to quote: capitals in groups of four
    /// ("RF18 5390 0754 7034"), whether it was given compact or grouped.
    public static func printed(_ reference: String) -> String {
        BankDetails.grouped(String(reference.filter { $0 != " " }).uppercased())
    }

    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar) || ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar)
    }

    /// The value of uppercase ASCII letters and digits, letters as 10…35, modulo 97.
    static func mod97(_ text: String) -> Int {
        var remainder = 0
        for scalar in text.unicodeScalars {
            let value = ("0"..."9").contains(scalar) ? Int(scalar.value - 48) : Int(scalar.value - 55)
            remainder = (value < 10 ? remainder * 10 + value : remainder * 100 + value) % 97
        }
        return remainder
    }
}
