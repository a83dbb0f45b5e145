/// A calendar date with no time zone (PostgreSQL `date`): a day, not an instant.
///
/// Valid for the proleptic Gregorian calendar; `init?(year:month:day:)` rejects impossible
/// dates such as February 30.
public struct PostgresDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 2000-01-01 (PostgreSQL's epoch); negative before it.
    public var daysSince2000: Int32

    public init(daysSince2000: Int32) { self.daysSince2000 = daysSince2000 }

    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= PostgresDate.daysIn(month: month, year: year) else { return nil }
        let days = PostgresDate.daysFromCivil(year: year, month: month, day: day) - PostgresDate.unixDaysAt2000
        guard let narrow = Int32(exactly: days) else { return nil }
        self.daysSince2000 = narrow
    }

    /// Parses `YYYY-MM-DD`.
    public init?(iso8601 text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public var components: (year: Int, month: Int, day: Int) {
        PostgresDate.civilFromDays(Int(daysSince2000) + PostgresDate.unixDaysAt2000)
    }

    public var description: String {
        let (year, month, day) = components
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public static func < (lhs: PostgresDate, rhs: PostgresDate) -> Bool { lhs.daysSince2000 < rhs.daysSince2000 }

    private static let unixDaysAt2000 = 10_957

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days (days since 1970-01-01).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension PostgresDate: PostgresEncodable, PostgresDecodable {
    public static var postgresDataType: PostgresDataType { .date }
    public func encode(into buffer: inout [UInt8]) -> Bool { buffer.appendBigEndian(daysSince2000); return true }
    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresDataType) throws(PostgresDecodingProblem) -> PostgresDate {
        guard type == .date else { throw .typeMismatch }
        guard bytes.count == 4 else { throw .malformed("date of \(bytes.count) bytes") }
        let days = bytes.readBigEndian(Int32.self)
        if days == .max || days == .min { throw .malformed("infinite date") }
        return PostgresDate(daysSince2000: days)
    }
}
