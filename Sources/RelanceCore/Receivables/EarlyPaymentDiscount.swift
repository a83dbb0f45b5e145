import Foundation

/// An early-payment discount (escompte): `percent` off the invoice total when it is paid
/// within `within_days` of its issue date. JSON: `{"percent": 2, "within_days": 10}`, where
/// `percent` is a decimal with at most 2 places (2, 1.5, 0.25) held as basis points.
public struct EarlyPaymentDiscount: Sendable, Hashable, Codable {
    /// The discount in basis points: 200 = 2 %, 150 = 1.5 %.
    public var percentBasisPoints: Int
    /// Days after the issue date during which it applies, that day included (0…365).
    public var withinDays: Int

    /// The value with these fields, as given (no checks).
    public init(percentBasisPoints: Int, withinDays: Int) {
        self.percentBasisPoints = percentBasisPoints
        self.withinDays = withinDays
    }

    /// Why it cannot be used, or nil: percent is 0.01…100 (1…10000 basis points) and
    /// within_days is 0…365.
    public var problem: String? {
        if !(1...10_000).contains(percentBasisPoints) { return "percent must be 0.01 to 100" }
        if !(0...365).contains(withinDays) { return "within_days must be 0 to 365" }
        return nil
    }

    /// The last day a payment earns the discount: `issuedOn + withinDays` (nil past 9999-12-31).
    public func lastDate(issuedOn: CalendarDate) -> CalendarDate? {
        issuedOn.adding(days: withinDays)
    }

    /// The discount on `total` minor units: round_half_up(total × basis points / 10000), ties
    /// away from zero, computed exactly in 128 bits (and clamped to `Int64` for basis points
    /// beyond 10000, which `problem` refuses anyway).
    public func amount(onTotal total: Int64) -> Int64 {
        Int64(clamping: InvoiceTotals.roundHalfUp(Int128(total) * Int128(percentBasisPoints), dividedBy: 10_000))
    }

    enum CodingKeys: String, CodingKey {
        case percent
        case withinDays = "within_days"
    }

    /// Decodes `percent` as an exact decimal (through `Decimal`, never `Double`) with at most 2 places.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let percent = try container.decode(Decimal.self, forKey: .percent)
        let scaled = percent * 100
        var rounded = Decimal()
        var copy = scaled
        NSDecimalRound(&rounded, &copy, 0, .plain)
        guard rounded == scaled, let basisPoints = ScaledDecimal("\(rounded)").flatMap({ Int(exactly: $0.units) }),
              ScaledDecimal("\(rounded)")?.scale == 0 else {
            throw DecodingError.dataCorruptedError(forKey: .percent, in: container,
                                                   debugDescription: "must be a number with at most 2 decimal places")
        }
        percentBasisPoints = basisPoints
        withinDays = try container.decode(Int.self, forKey: .withinDays)
    }

    /// Encodes `percent` as a JSON number with the basis points' two places (1.5, 2).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Decimal(percentBasisPoints) / 100, forKey: .percent)
        try container.encode(withinDays, forKey: .withinDays)
    }
}
