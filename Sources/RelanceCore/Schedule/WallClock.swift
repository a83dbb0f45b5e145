import Foundation

/// Local wall-clock time as whole seconds on a proleptic Gregorian timeline ("the UTC instant
/// whose calendar fields read like the local clock"), and the mapping between instants and
/// wall-clock seconds in a time zone, with daylight-saving gaps and overlaps made explicit.
///
/// `Calendar.date(from:)` also converts local fields to instants, but which instant it picks
/// for a time that a DST change skips or repeats is not specified, so the cron evaluation does
/// the mapping itself from `TimeZone.secondsFromGMT(for:)` (the same tz database).
enum WallClock {
    /// Calendar fields of a wall-clock second.
    struct Fields: Equatable {
        var year: Int
        var month: Int
        var day: Int
        var hour: Int
        var minute: Int
        var second: Int

        init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
            (self.year, self.month, self.day, self.hour, self.minute, self.second) = (year, month, day, hour, minute, second)
        }

        init(wall: Int64) {
            let days = Int(wall.floorDivided(by: 86_400))
            let seconds = Int(wall - Int64(days) * 86_400)
            (year, month, day) = WallClock.civil(fromDays: days)
            (hour, minute, second) = (seconds / 3600, seconds / 60 % 60, seconds % 60)
        }

        var wall: Int64 {
            Int64(WallClock.days(year: year, month: month, day: day)) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        }
    }

    // MARK: - Civil calendar arithmetic (H. Hinnant's algorithms, proleptic Gregorian)

    /// Days since 1970-01-01 of a calendar date.
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The calendar date `days` after 1970-01-01.
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// 0 = Sunday … 6 = Saturday.
    static func weekday(year: Int, month: Int, day: Int) -> Int {
        let days = days(year: year, month: month, day: day)
        return ((days % 7) + 11) % 7  // 1970-01-01 was a Thursday (4)
    }

    static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // MARK: - Instants and wall-clock seconds in a time zone

    /// The zone's offset from UTC, in seconds, at instant `t` (seconds since 1970 UTC).
    static func offset(at t: Int64, in zone: TimeZone) -> Int64 {
        Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(t))))
    }

    /// The wall clock at instant `t`.
    static func wall(at t: Int64, in zone: TimeZone) -> Int64 {
        t + offset(at: t, in: zone)
    }

    /// The latest wall-clock second the zone has shown at or before instant `t`.
    ///
    /// Equal to the wall clock at `t`, except in the hour a DST change repeats (fall back):
    /// there the clock reads earlier than it did just before the change, and every wall time up
    /// to the change has already been shown once.
    static func highestWall(atOrBefore t: Int64, in zone: TimeZone) -> Int64 {
        let now = offset(at: t, in: zone)
        let dayBefore = t - 86_400
        guard offset(at: dayBefore, in: zone) > now else { return t + now }
        let change = firstChange(after: dayBefore, through: t, in: zone)
        return max(t + now, change - 1 + offset(at: change - 1, in: zone))
    }

    /// The first instant at which the zone's clock shows wall-clock second `wall`.
    ///
    /// A repeated wall time (fall back) maps to its first showing. A skipped one (spring
    /// forward gap) maps to the first instant after the gap: the instant of the change.
    static func firstInstant(ofWall wall: Int64, in zone: TimeZone) -> Int64 {
        let candidates = Set([
            offset(at: wall - 86_400, in: zone), offset(at: wall, in: zone), offset(at: wall + 86_400, in: zone),
        ])
        let instants = candidates.compactMap { candidate -> Int64? in
            let instant = wall - candidate
            return offset(at: instant, in: zone) == candidate ? instant : nil
        }
        if let first = instants.min() { return first }
        // In a gap: the clock jumped from before `wall` (larger instant under the smaller
        // offset) to after it (smaller instant under the larger offset).
        let low = wall - (candidates.max() ?? 0)
        let high = wall - (candidates.min() ?? 0)
        return firstChange(after: low, through: high, in: zone)
    }

    /// The first instant in `(low, high]` whose offset differs from the offset at `low`
    /// (`high` if none does). Binary search: assumes at most one change in the interval.
    static func firstChange(after low: Int64, through high: Int64, in zone: TimeZone) -> Int64 {
        let before = offset(at: low, in: zone)
        var (low, high) = (low, high)
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if offset(at: middle, in: zone) == before { low = middle } else { high = middle }
        }
        return high
    }

    /// `2026-03-30T07:00:00+02:00`: the local wall clock at `t` with the zone's offset then.
    static func iso8601(_ t: Int64, in zone: TimeZone) -> String {
        let offset = offset(at: t, in: zone)
        let fields = Fields(wall: t + offset)
        let sign = offset < 0 ? "-" : "+"
        let magnitude = Int(offset.magnitude)
        let offsetText = two(magnitude / 3600) + ":" + two(magnitude / 60 % 60)
            + (magnitude % 60 == 0 ? "" : ":" + two(magnitude % 60))
        let yearText = fields.year >= 0 && fields.year < 10_000
            ? String(repeating: "0", count: 4 - String(fields.year).count) + String(fields.year) : String(fields.year)
        return "\(yearText)-\(two(fields.month))-\(two(fields.day))T\(two(fields.hour)):\(two(fields.minute)):\(two(fields.second))"
            + sign + offsetText
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

extension Int64 {
    /// Division rounding toward negative infinity.
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let (quotient, remainder) = quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? quotient - 1 : quotient
    }
}
