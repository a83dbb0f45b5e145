import Foundation

/// A cron expression evaluated on a time zone's local wall clock.
///
/// Syntax: five fields `minute hour day-of-month month day-of-week`, or six with a leading
/// `second` (for tests and fine-grained probes). Each field is `*`, a number, a range `1-5`,
/// a step `*/15` or `10-50/10`, or a comma-separated list of those. Day-of-week is 0-7, where
/// both 0 and 7 are Sunday. Names (`MON`, `JAN`) are not accepted.
///
/// Day matching follows Vixie cron: when both day-of-month and day-of-week are restricted
/// (neither starts with `*`), a day matches if *either* does (`0 0 1 * 1` is "the 1st and
/// every Monday"); otherwise both must match (`0 0 */2 * 1` is "odd-numbered Mondays").
///
/// Daylight-saving time, as the issue specifies:
/// - a local time the clock skips (spring forward) runs once, at the first instant after the
///   gap (the instant of the change): `30 2 * * *` in Europe/Paris runs at 03:00 CEST on the
///   day of the change, and every gap time of `*/15 * * * *` collapses into that one run;
/// - a local time the clock shows twice (fall back) runs once, the first time: nothing runs
///   during the repeated hour.
///
/// Evaluation steps field by field (month, day, hour, minute, second), never second by second,
/// and searches at most 60 years away. The type is a pure value: no I/O, no clock of its own.
public struct CronSchedule: Sendable, Hashable, CustomStringConvertible {
    /// A field of the expression, with the values it accepts.
    public enum Field: String, Sendable, CaseIterable {
        case second
        case minute
        case hour
        case dayOfMonth = "day-of-month"
        case month
        case dayOfWeek = "day-of-week"

        /// Accepted values (day-of-week accepts 7 for Sunday).
        public var range: ClosedRange<Int> {
            switch self {
            case .second, .minute: 0...59
            case .hour: 0...23
            case .dayOfMonth: 1...31
            case .month: 1...12
            case .dayOfWeek: 0...7
            }
        }
    }

    /// The expression as written.
    public let expression: String
    private let seconds: UInt64
    private let minutes: UInt64
    private let hours: UInt64
    private let daysOfMonth: UInt64
    private let months: UInt64
    private let daysOfWeek: UInt64
    /// Vixie cron's rule: both day fields restricted means either may match.
    private let eitherDayMatches: Bool

    /// How far a search goes before it gives up (covers every weekday of a 29 February).
    private static let searchYears = 60

    /// Parses `expression`.
    /// - Throws: `CronScheduleError.fieldCount`, `.invalidField` naming the field and the
    ///   reason, or `.neverMatches` for a date no month has (`0 0 31 4 *`).
    public init(_ expression: String) throws(CronScheduleError) {
        let fields = expression.split(whereSeparator: \.isWhitespace).map(String.init)
        guard fields.count == 5 || fields.count == 6 else { throw .fieldCount(fields.count) }
        let first = fields.count - 5
        self.expression = expression
        seconds = first == 1 ? try Self.parse(fields[0], .second) : 1
        minutes = try Self.parse(fields[first], .minute)
        hours = try Self.parse(fields[first + 1], .hour)
        daysOfMonth = try Self.parse(fields[first + 2], .dayOfMonth)
        months = try Self.parse(fields[first + 3], .month)
        let weekdays = try Self.parse(fields[first + 4], .dayOfWeek)
        daysOfWeek = (weekdays & 0x7F) | (weekdays >> 7 & 1)  // 7 is Sunday, as 0
        eitherDayMatches = !fields[first + 2].hasPrefix("*") && !fields[first + 4].hasPrefix("*")
        if !eitherDayMatches {
            // Some selected month must have some selected day (29 February counts: leap years exist).
            let possible = (1...12).contains { month in
                months.has(month) && (1...WallClock.daysInMonth(year: 2000, month: month)).contains { daysOfMonth.has($0) }
            }
            guard possible else { throw .neverMatches(expression) }
        }
    }

    public var description: String { expression }

    /// The latest occurrence at or before `date`, on the wall clock of `timeZone`.
    /// - Returns: a whole-second instant, or nil if none exists within 60 years before.
    public func latestOccurrence(atOrBefore date: Date, in timeZone: TimeZone) -> Date? {
        guard let t = Self.seconds(date) else { return nil }
        var bound = WallClock.highestWall(atOrBefore: t, in: timeZone)
        // The mapping guarantees the first candidate fits; the loop only guards odd zone data.
        for _ in 0..<64 {
            guard let wall = previousWall(atOrBefore: bound) else { return nil }
            let instant = WallClock.firstInstant(ofWall: wall, in: timeZone)
            if instant <= t { return Date(timeIntervalSince1970: Double(instant)) }
            bound = wall - 1
        }
        return nil
    }

    /// The first occurrence strictly after `date`, on the wall clock of `timeZone`.
    /// - Returns: a whole-second instant, or nil if none exists within 60 years after.
    public func nextOccurrence(after date: Date, in timeZone: TimeZone) -> Date? {
        guard let t = Self.seconds(date) else { return nil }
        var bound = WallClock.highestWall(atOrBefore: t, in: timeZone) + 1
        for _ in 0..<64 {
            guard let wall = nextWall(atOrAfter: bound) else { return nil }
            let instant = WallClock.firstInstant(ofWall: wall, in: timeZone)
            if instant > t { return Date(timeIntervalSince1970: Double(instant)) }
            bound = wall + 1
        }
        return nil
    }

    // MARK: - Wall-clock search

    /// Whether the schedule runs on this calendar day (ignoring the time of day).
    private func runs(year: Int, month: Int, day: Int) -> Bool {
        let dayOfMonth = daysOfMonth.has(day)
        let dayOfWeek = daysOfWeek.has(WallClock.weekday(year: year, month: month, day: day))
        return eitherDayMatches ? (dayOfMonth || dayOfWeek) : (dayOfMonth && dayOfWeek)
    }

    /// The first matching wall-clock second at or after `start`.
    func nextWall(atOrAfter start: Int64) -> Int64? {
        var f = WallClock.Fields(wall: start)
        let lastYear = f.year + Self.searchYears
        while f.year <= lastYear {
            guard let month = months.first(atOrAfter: f.month) else {
                f = WallClock.Fields(year: f.year + 1, month: 1, day: 1, hour: 0, minute: 0, second: 0)
                continue
            }
            if month != f.month { f = WallClock.Fields(year: f.year, month: month, day: 1, hour: 0, minute: 0, second: 0) }
            let length = WallClock.daysInMonth(year: f.year, month: f.month)
            guard let day = (f.day...max(f.day, length)).first(where: { $0 <= length && runs(year: f.year, month: f.month, day: $0) }) else {
                f = WallClock.Fields(year: f.year, month: f.month + 1, day: 1, hour: 0, minute: 0, second: 0)
                continue
            }
            if day != f.day { (f.day, f.hour, f.minute, f.second) = (day, 0, 0, 0) }
            guard let hour = hours.first(atOrAfter: f.hour) else {
                (f.day, f.hour, f.minute, f.second) = (f.day + 1, 0, 0, 0)
                continue
            }
            if hour != f.hour { (f.hour, f.minute, f.second) = (hour, 0, 0) }
            guard let minute = minutes.first(atOrAfter: f.minute) else {
                (f.hour, f.minute, f.second) = (f.hour + 1, 0, 0)
                continue
            }
            if minute != f.minute { (f.minute, f.second) = (minute, 0) }
            guard let second = seconds.first(atOrAfter: f.second) else {
                (f.minute, f.second) = (f.minute + 1, 0)
                continue
            }
            f.second = second
            return f.wall
        }
        return nil
    }

    /// The last matching wall-clock second at or before `start`.
    func previousWall(atOrBefore start: Int64) -> Int64? {
        var f = WallClock.Fields(wall: start)
        let firstYear = f.year - Self.searchYears
        while f.year >= firstYear {
            guard let month = months.last(atOrBefore: f.month) else {
                f = WallClock.Fields(year: f.year - 1, month: 12, day: 31, hour: 23, minute: 59, second: 59)
                continue
            }
            if month != f.month { f = WallClock.Fields(year: f.year, month: month, day: 31, hour: 23, minute: 59, second: 59) }
            let length = WallClock.daysInMonth(year: f.year, month: f.month)
            if f.day > length { (f.day, f.hour, f.minute, f.second) = (length, 23, 59, 59) }
            guard f.day >= 1, let day = (1...f.day).reversed().first(where: { runs(year: f.year, month: f.month, day: $0) }) else {
                f = WallClock.Fields(year: f.year, month: f.month - 1, day: 31, hour: 23, minute: 59, second: 59)
                continue
            }
            if day != f.day { (f.day, f.hour, f.minute, f.second) = (day, 23, 59, 59) }
            guard let hour = hours.last(atOrBefore: f.hour) else {
                (f.day, f.hour, f.minute, f.second) = (f.day - 1, 23, 59, 59)
                continue
            }
            if hour != f.hour { (f.hour, f.minute, f.second) = (hour, 59, 59) }
            guard let minute = minutes.last(atOrBefore: f.minute) else {
                (f.hour, f.minute, f.second) = (f.hour - 1, 59, 59)
                continue
            }
            if minute != f.minute { (f.minute, f.second) = (minute, 59) }
            guard let second = seconds.last(atOrBefore: f.second) else {
                (f.minute, f.second) = (f.minute - 1, 59)
                continue
            }
            f.second = second
            return f.wall
        }
        return nil
    }

    // MARK: - Parsing

    /// Whole seconds since 1970 (rounded down), or nil for a date no calendar reaches.
    private static func seconds(_ date: Date) -> Int64? {
        let value = date.timeIntervalSince1970.rounded(.down)
        guard value.isFinite, value.magnitude < 1e12 else { return nil }
        return Int64(value)
    }

    /// The set of values a field selects, as bits.
    private static func parse(_ text: String, _ field: Field) throws(CronScheduleError) -> UInt64 {
        let range = field.range
        var bits: UInt64 = 0
        for element in text.split(separator: ",", omittingEmptySubsequences: false) {
            let element = String(element)
            guard !element.isEmpty else { throw .invalidField(field, text: text, reason: .empty) }
            let parts = element.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            var step = 1
            if parts.count == 2 {
                guard let value = number(parts[1]), value >= 1 else { throw .invalidField(field, text: element, reason: .invalidStep) }
                step = value
            }
            let low: Int
            let high: Int
            if parts[0] == "*" {
                (low, high) = (range.lowerBound, range.upperBound)
            } else if let dash = parts[0].firstIndex(of: "-") {
                low = try value(String(parts[0][..<dash]), field, element)
                high = try value(String(parts[0][parts[0].index(after: dash)...]), field, element)
                guard low <= high else { throw .invalidField(field, text: element, reason: .reversedRange(low, high)) }
            } else {
                guard parts.count == 1 else { throw .invalidField(field, text: element, reason: .stepWithoutRange) }
                low = try value(parts[0], field, element)
                high = low
            }
            for selected in stride(from: low, through: high, by: step) { bits |= 1 << UInt64(selected) }
        }
        return bits
    }

    private static func value(_ text: String, _ field: Field, _ element: String) throws(CronScheduleError) -> Int {
        guard !text.isEmpty else { throw .invalidField(field, text: element, reason: .empty) }
        guard let value = number(text) else { throw .invalidField(field, text: element, reason: .notANumber) }
        guard field.range.contains(value) else { throw .invalidField(field, text: element, reason: .outOfRange(value, field.range)) }
        return value
    }

    /// A decimal number of ASCII digits only (no sign, no spaces), at most 6 digits.
    private static func number(_ text: String) -> Int? {
        guard (1...6).contains(text.utf8.count), text.utf8.allSatisfy({ (48...57).contains($0) }) else { return nil }
        return Int(text)
    }
}

extension UInt64 {
    fileprivate func has(_ value: Int) -> Bool {
        (0..<64).contains(value) && self & (1 << UInt64(value)) != 0
    }

    /// The smallest member at or above `value`.
    fileprivate func first(atOrAfter value: Int) -> Int? {
        guard value < 64 else { return nil }
        let rest = self & (UInt64.max << UInt64(Swift.max(value, 0)))
        return rest == 0 ? nil : rest.trailingZeroBitCount
    }

    /// The largest member at or below `value`.
    fileprivate func last(atOrBefore value: Int) -> Int? {
        guard value >= 0 else { return nil }
        let rest = value >= 63 ? self : self & ((1 << UInt64(value + 1)) - 1)
        return rest == 0 ? nil : 63 - rest.leadingZeroBitCount
    }
}
