/// One stretch of late interest: the days from `from` to `to` (both included) on which the
/// same amount was overdue at the same rate.
public struct LateChargePeriod: Sendable, Hashable {
    public var from: CalendarDate
    public var to: CalendarDate
    /// The annual rate in basis points.
    public var rateBasisPoints: Int
    /// `to − from + 1`.
    public var days: Int
    /// The overdue amount interest runs on, in minor units.
    public var base: Int64
    /// round_half_up(base × rate × days / (10000 × 365)), in minor units.
    public var amount: Int64

    /// The value with these fields, as given (no checks).
    public init(from: CalendarDate, to: CalendarDate, rateBasisPoints: Int, days: Int, base: Int64, amount: Int64) {
        self.from = from
        self.to = to
        self.rateBasisPoints = rateBasisPoints
        self.days = days
        self.base = base
        self.amount = amount
    }
}
