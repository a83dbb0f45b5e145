extension CalendarDate {
    /// The first representable date, 0001-01-01, as days since 1970-01-01.
    static let minimumDaysSinceEpoch = WallClock.days(year: 1, month: 1, day: 1)
    /// The last representable date, 9999-12-31, as days since 1970-01-01.
    static let maximumDaysSinceEpoch = WallClock.days(year: 9999, month: 12, day: 31)

    /// Days since 1970-01-01 (0 on that day, negative before it), proleptic Gregorian.
    public var daysSinceEpoch: Int { WallClock.days(year: year, month: month, day: day) }

    /// The date `daysSinceEpoch` days after 1970-01-01, or nil when it falls outside
    /// 0001-01-01…9999-12-31.
    public init?(daysSinceEpoch: Int) {
        guard (Self.minimumDaysSinceEpoch...Self.maximumDaysSinceEpoch).contains(daysSinceEpoch) else { return nil }
        let civil = WallClock.civil(fromDays: daysSinceEpoch)
        self.init(year: civil.year, month: civil.month, day: civil.day)
    }

    /// The date `days` later (earlier when negative), or nil when the result falls outside
    /// 0001-01-01…9999-12-31 (or `days` is so large the sum overflows).
    public func adding(days: Int) -> CalendarDate? {
        let (sum, overflow) = daysSinceEpoch.addingReportingOverflow(days)
        guard !overflow else { return nil }
        return CalendarDate(daysSinceEpoch: sum)
    }

    /// The last day of this date's month (28, 29, 30 or 31).
    public var endOfMonth: CalendarDate {
        CalendarDate(year: year, month: month, day: WallClock.daysInMonth(year: year, month: month))!
    }

    /// `self − other` in days: positive when `self` is later, 0 on the same day.
    public func days(since other: CalendarDate) -> Int { daysSinceEpoch - other.daysSinceEpoch }
}
