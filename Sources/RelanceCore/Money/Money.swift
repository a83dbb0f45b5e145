import Foundation

/// An amount of money: a whole number of minor units (cents) and its currency. JSON carries
/// it as `{"amount": 12345, "currency": "EUR"}` (€123.45). There is no Double anywhere
/// near it. Adding or subtracting two currencies is a programming error (a precondition):
/// check currencies where input arrives, before any arithmetic.
public struct Money: Sendable, Hashable, Codable, CustomStringConvertible {
    public var amount: Int64
    public var currency: Currency

    public init(_ amount: Int64, _ currency: Currency) {
        self.amount = amount
        self.currency = currency
    }

    public static func zero(_ currency: Currency) -> Money { Money(0, currency) }

    public var isZero: Bool { amount == 0 }
    public var isNegative: Bool { amount < 0 }

    /// "1234.50 EUR": the amount in major units with the currency's digits, for logs and CSV.
    public var description: String { "\(Money.decimalString(amount, minorUnits: currency.minorUnits)) \(currency.code)" }

    /// `minor` as a decimal string with `minorUnits` digits after the point ("-12.05").
    public static func decimalString(_ minor: Int64, minorUnits: Int) -> String {
        let negative = minor < 0
        let digits = String(minor.magnitude)
        guard minorUnits > 0 else { return (negative ? "-" : "") + digits }
        let padded = String(repeating: "0", count: max(0, minorUnits + 1 - digits.count)) + digits
        let split = padded.index(padded.endIndex, offsetBy: -minorUnits)
        return (negative ? "-" : "") + padded[..<split] + "." + padded[split...]
    }

    public static func + (lhs: Money, rhs: Money) -> Money {
        precondition(lhs.currency == rhs.currency, "adding \(lhs.currency) to \(rhs.currency)")
        return Money(lhs.amount + rhs.amount, lhs.currency)
    }

    public static func - (lhs: Money, rhs: Money) -> Money {
        precondition(lhs.currency == rhs.currency, "subtracting \(rhs.currency) from \(lhs.currency)")
        return Money(lhs.amount - rhs.amount, lhs.currency)
    }

    public static prefix func - (value: Money) -> Money { Money(-value.amount, value.currency) }
}
