import Foundation

/// An ISO 4217 currency: its three-letter code and how many minor units it has (EUR 2,
/// JPY 0, KWD 3). Only codes this system knows can be made.
public struct Currency: Sendable, Hashable, Codable, CustomStringConvertible {
    public let code: String

    /// The currency, or nil unless `code` is a known ISO 4217 code (three capitals).
    public init?(_ code: String) {
        guard SettingsRule.currency(code) == nil else { return nil }
        self.code = code
    }

    public static let eur = Currency("EUR")!

    /// Digits after the decimal separator: 2 for most, 0 for JPY, KRW, XOF…, 3 for KWD, BHD….
    public var minorUnits: Int {
        if Self.zeroDecimal.contains(code) { return 0 }
        if Self.threeDecimal.contains(code) { return 3 }
        return 2
    }

    /// 10 ^ minorUnits: how many minor units make one major unit.
    public var minorPerMajor: Int64 {
        var value: Int64 = 1
        for _ in 0..<minorUnits { value *= 10 }
        return value
    }

    public var description: String { code }

    static let zeroDecimal: Set<String> = [
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV",
        "XAF", "XOF", "XPF",
    ]
    static let threeDecimal: Set<String> = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let code = try container.decode(String.self)
        guard let currency = Currency(code) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "is not an ISO 4217 currency code")
        }
        self = currency
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}
