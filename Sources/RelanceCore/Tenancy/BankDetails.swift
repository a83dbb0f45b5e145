import Foundation

/// Checks of bank details printed on payment instructions.
public enum BankDetails {
    /// An IBAN: country letters, check digits, then 11–30 letters or digits, with a valid
    /// ISO 13616 mod-97 checksum. Spaces are ignored.
    public static func ibanProblem(_ value: String) -> String? {
        let compact = value.replacingOccurrences(of: " ", with: "").uppercased()
        guard (15...34).contains(compact.count), compact.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }),
              compact.prefix(2).allSatisfy(\.isLetter), compact.dropFirst(2).prefix(2).allSatisfy(\.isNumber)
        else { return "is not an IBAN" }
        let rearranged = compact.dropFirst(4) + compact.prefix(4)
        var remainder = 0
        for character in rearranged {
            let digits = character.isNumber ? String(character) : String(Int(character.asciiValue!) - 55)
            for digit in digits { remainder = (remainder * 10 + Int(String(digit))!) % 97 }
        }
        return remainder == 1 ? nil : "has a wrong IBAN check digit"
    }

    /// An IBAN as people read and type it: capitals in groups of four separated by spaces
    /// (`FR76 3000 6000 0112 3456 7890 189`), whatever spacing it was given with.
    public static func readableIBAN(_ value: String) -> String {
        grouped(value.replacingOccurrences(of: " ", with: "").uppercased())
    }

    /// `compact` in groups of four characters separated by single spaces, the last group
    /// possibly shorter (how IBANs and RF creditor references are printed).
    public static func grouped(_ compact: String) -> String {
        var result = ""
        for (index, character) in compact.enumerated() {
            if index > 0 && index % 4 == 0 { result += " " }
            result.append(character)
        }
        return result
    }

    /// A BIC (ISO 9362): 8 or 11 letters and digits.
    public static func bicProblem(_ value: String) -> String? {
        (value.count == 8 || value.count == 11) && value.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) })
            ? nil : "must be 8 or 11 uppercase letters and digits"
    }

    /// An e-mail address of the plain `local@domain.tld` shape.
    public static func emailProblem(_ value: String) -> String? {
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              value.count <= 254, !value.contains(where: \.isWhitespace)
        else { return "is not an e-mail address" }
        return nil
    }
}
