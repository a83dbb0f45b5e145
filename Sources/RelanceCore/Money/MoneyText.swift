/// Amounts written for people, in the customer's language: `1 234,56 €` in French (a narrow
/// no-break space between thousands, a no-break space before the symbol), `€1,234.56` in
/// English. Built on `Money.decimalString`, so exact for every currency's minor units.
public enum MoneyText {
    /// The symbol of the currencies people write with one; others are written with their code.
    static let symbols = ["EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF", "JPY": "¥"]

    public static func format(_ minor: Int64, _ currency: Currency, language: String) -> String {
        let plain = Money.decimalString(minor, minorUnits: currency.minorUnits)
        let negative = plain.hasPrefix("-")
        let unsigned = negative ? String(plain.dropFirst()) : plain
        let parts = unsigned.split(separator: ".", omittingEmptySubsequences: false)
        let french = language == "fr"
        let whole = group(String(parts[0]), separator: french ? "\u{202F}" : ",")
        let number = parts.count > 1 ? whole + (french ? "," : ".") + parts[1] : whole
        let symbol = symbols[currency.code] ?? currency.code
        if french { return (negative ? "-" : "") + number + "\u{00A0}" + symbol }
        let prefix = symbol.count == 1 ? symbol : symbol + "\u{00A0}"
        return (negative ? "-" : "") + prefix + number
    }

    static func group(_ digits: String, separator: String) -> String {
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += separator }
            out.append(digit)
        }
        return out
    }
}
