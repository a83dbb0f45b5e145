/// A checked legal identifier, normalised.
///
/// - SIREN: 9 digits passing the Luhn check.
/// - SIRET: 14 digits passing the Luhn check; La Poste's establishments (SIREN 356000000),
///   which INSEE numbers outside the Luhn rule, are also valid when the sum of their 14
///   digits is a multiple of 5 (so its head office 35600000000048, which passes Luhn but
///   not the digit sum, stays valid).
/// - VAT: a two-letter prefix among the 27 EU member states (EL for Greece) and XI (Northern
///   Ireland), then that state's format from the European Commission's VIES "VAT number
///   structure" table. For FR: two key characters then a 9-digit SIREN; when the key is
///   numeric it must equal (12 + 3 × (SIREN mod 97)) mod 97 (SIREN 404833048 → FR83404833048).
///   Check digits of other states are not verified.
public struct LegalIdentifier: Sendable, Hashable {
    public let scheme: LegalIDScheme
    /// Spaces (any whitespace) and dots removed; VAT numbers upper-cased.
    public let value: String

    /// Normalises `value` and checks it against `scheme`: the identifier, or the problem
    /// ("is not a valid SIREN (9 digits expected)", "is not a valid SIRET (Luhn check failed)",
    /// "is not a valid EU VAT number (unknown country prefix US)", "is not a valid EU VAT number
    /// (wrong format for DE)", "is not a valid EU VAT number (key does not match the SIREN)").
    public static func make(scheme: LegalIDScheme, value: String) -> Result<LegalIdentifier, LegalIdentifierProblem> {
        var normalised = String(value.filter { !$0.isWhitespace && $0 != "." })
        if scheme == .vat { normalised = normalised.uppercased() }
        if let message = problem(scheme: scheme, value: normalised) {
            return .failure(LegalIdentifierProblem(message: message))
        }
        return .success(LegalIdentifier(scheme: scheme, value: normalised))
    }

    private init(scheme: LegalIDScheme, value: String) {
        self.scheme = scheme
        self.value = value
    }

    /// La Poste's SIREN: its SIRETs may pass a digit-sum rule instead of Luhn.
    static let laPosteSIREN = "356000000"

    private static func problem(scheme: LegalIDScheme, value: String) -> String? {
        switch scheme {
        case .siren:
            guard let digits = asciiDigits(value), digits.count == 9 else { return "is not a valid SIREN (9 digits expected)" }
            return luhn(digits) ? nil : "is not a valid SIREN (Luhn check failed)"
        case .siret:
            guard let digits = asciiDigits(value), digits.count == 14 else { return "is not a valid SIRET (14 digits expected)" }
            if luhn(digits) || (value.hasPrefix(laPosteSIREN) && digits.reduce(0, +) % 5 == 0) { return nil }
            return "is not a valid SIRET (Luhn check failed)"
        case .vat:
            return vatProblem(value)
        }
    }

    /// The digits of an all-ASCII-digit string, else nil.
    static func asciiDigits(_ text: String) -> [Int]? {
        var digits: [Int] = []
        for scalar in text.unicodeScalars {
            guard ("0"..."9").contains(scalar) else { return nil }
            digits.append(Int(scalar.value - 48))
        }
        return digits
    }

    /// The Luhn check: doubling every second digit from the right, the sum is a multiple of 10.
    static func luhn(_ digits: [Int]) -> Bool {
        var sum = 0
        for (position, digit) in digits.reversed().enumerated() {
            let value = position % 2 == 1 ? digit * 2 : digit
            sum += value > 9 ? value - 9 : value
        }
        return sum % 10 == 0
    }

    /// The French VAT key of a SIREN: (12 + 3 × (SIREN mod 97)) mod 97.
    static func frenchVATKey(siren: Int) -> Int {
        (12 + 3 * (siren % 97)) % 97
    }

    /// VIES "VAT number structure": what follows the country prefix. `9` a digit, `X` a letter
    /// or digit as the table says; written as regular expressions over ASCII.
    static let vatFormats: [String: String] = [
        "AT": "U[0-9]{8}",
        "BE": "[01][0-9]{9}",
        "BG": "[0-9]{9,10}",
        "CY": "[0-9]{8}[A-Z]",
        "CZ": "[0-9]{8,10}",
        "DE": "[0-9]{9}",
        "DK": "[0-9]{8}",
        "EE": "[0-9]{9}",
        "EL": "[0-9]{9}",
        "ES": "[A-Z0-9][0-9]{7}[A-Z0-9]",
        "FI": "[0-9]{8}",
        "FR": "[A-HJ-NP-Z0-9]{2}[0-9]{9}",
        "HR": "[0-9]{11}",
        "HU": "[0-9]{8}",
        "IE": "[0-9]{7}[A-W][A-I]?|[0-9][A-Z+*][0-9]{5}[A-W]",
        "IT": "[0-9]{11}",
        "LT": "[0-9]{9}|[0-9]{12}",
        "LU": "[0-9]{8}",
        "LV": "[0-9]{11}",
        "MT": "[0-9]{8}",
        "NL": "[0-9]{9}B[0-9]{2}",
        "PL": "[0-9]{10}",
        "PT": "[0-9]{9}",
        "RO": "[1-9][0-9]{1,9}",
        "SE": "[0-9]{10}01",
        "SI": "[0-9]{8}",
        "SK": "[0-9]{10}",
        "XI": "[0-9]{9}|[0-9]{12}|GD[0-9]{3}|HA[0-9]{3}",
    ]

    private static func vatProblem(_ value: String) -> String? {
        let prefix = String(value.prefix(2))
        guard value.unicodeScalars.prefix(2).allSatisfy({ ("A"..."Z").contains($0) }), prefix.count == 2,
              let format = vatFormats[prefix] else {
            return "is not a valid EU VAT number (unknown country prefix \(prefix.isEmpty ? "none" : prefix))"
        }
        let rest = String(value.dropFirst(2))
        guard let regex = try? Regex("(?:" + format + ")"), (try? regex.wholeMatch(in: rest)) != nil,
              rest.unicodeScalars.allSatisfy(\.isASCII) else {
            return "is not a valid EU VAT number (wrong format for \(prefix))"
        }
        if prefix == "FR", let key = Int(rest.prefix(2)), let siren = Int(rest.dropFirst(2)),
           key != frenchVATKey(siren: siren) {
            return "is not a valid EU VAT number (key does not match the SIREN)"
        }
        return nil
    }
}
