import Foundation
import RelanceCore
import Testing

/// Instants are written in UTC; the comment on each row gives the local wall clock.
@Suite struct CronScheduleTests {
    /// One evaluation: at `at`, the latest occurrence at or before it and the next one after it.
    struct Row: Sendable, CustomTestStringConvertible {
        var cron: String
        var zone: String
        var at: String
        var latest: String
        var next: String
        var note: String

        init(_ cron: String, _ zone: String, at: String, latest: String, next: String, _ note: String) {
            (self.cron, self.zone, self.at, self.latest, self.next, self.note) = (cron, zone, at, latest, next, note)
        }

        var testDescription: String { "\(cron) in \(zone) at \(at): \(note)" }
    }

    static let rows: [Row] = [
        // Daily 06:00 in Europe/Paris across both changes of 2026 (29 March, 25 October).
        Row("0 6 * * *", "Europe/Paris", at: "2026-03-28T12:00:00Z", latest: "2026-03-28T05:00:00Z", next: "2026-03-29T04:00:00Z", "06:00 CET, then 06:00 CEST"),
        Row("0 6 * * *", "Europe/Paris", at: "2026-03-29T04:00:00Z", latest: "2026-03-29T04:00:00Z", next: "2026-03-30T04:00:00Z", "exactly at an occurrence"),
        Row("0 6 * * *", "Europe/Paris", at: "2026-03-29T03:59:59Z", latest: "2026-03-28T05:00:00Z", next: "2026-03-29T04:00:00Z", "one second before"),
        Row("0 6 * * *", "Europe/Paris", at: "2026-10-24T12:00:00Z", latest: "2026-10-24T04:00:00Z", next: "2026-10-25T05:00:00Z", "06:00 CEST, then 06:00 CET"),
        Row("0 6 * * *", "Europe/Paris", at: "2026-10-25T05:00:00Z", latest: "2026-10-25T05:00:00Z", next: "2026-10-26T05:00:00Z", "the day of the fall back"),
        // A skipped local time runs once, at the first instant after the gap (03:00 CEST).
        Row("30 2 * * *", "Europe/Paris", at: "2026-03-28T12:00:00Z", latest: "2026-03-28T01:30:00Z", next: "2026-03-29T01:00:00Z", "02:30 does not exist on 29 March"),
        Row("30 2 * * *", "Europe/Paris", at: "2026-03-29T01:00:00Z", latest: "2026-03-29T01:00:00Z", next: "2026-03-30T00:30:00Z", "after the gap run"),
        Row("30 2 * * *", "Europe/Paris", at: "2026-03-29T00:59:59Z", latest: "2026-03-28T01:30:00Z", next: "2026-03-29T01:00:00Z", "01:59:59 CET, just before the gap"),
        // A repeated local time runs once, the first time (02:30 CEST, not 02:30 CET).
        Row("30 2 * * *", "Europe/Paris", at: "2026-10-25T00:29:59Z", latest: "2026-10-24T00:30:00Z", next: "2026-10-25T00:30:00Z", "before the first 02:30"),
        Row("30 2 * * *", "Europe/Paris", at: "2026-10-25T01:40:00Z", latest: "2026-10-25T00:30:00Z", next: "2026-10-26T01:30:00Z", "02:40 CET, the repeated hour"),
        Row("30 2 * * *", "Europe/Paris", at: "2026-10-25T01:30:00Z", latest: "2026-10-25T00:30:00Z", next: "2026-10-26T01:30:00Z", "02:30 CET is not a second run"),
        Row("*/15 * * * *", "Europe/Paris", at: "2026-03-29T00:50:00Z", latest: "2026-03-29T00:45:00Z", next: "2026-03-29T01:00:00Z", "01:50 CET; the gap's quarters fold into 03:00"),
        Row("*/15 * * * *", "Europe/Paris", at: "2026-03-29T01:00:00Z", latest: "2026-03-29T01:00:00Z", next: "2026-03-29T01:15:00Z", "03:00 CEST"),
        Row("*/15 * * * *", "Europe/Paris", at: "2026-10-25T01:40:00Z", latest: "2026-10-25T00:45:00Z", next: "2026-10-25T02:00:00Z", "02:40 CET: the repeated hour already ran"),
        Row("*/15 * * * *", "Europe/Paris", at: "2026-10-25T00:50:00Z", latest: "2026-10-25T00:45:00Z", next: "2026-10-25T02:00:00Z", "02:50 CEST: next is 03:00 CET"),
        // Weekly.
        Row("0 7 * * 1", "Europe/Paris", at: "2026-03-25T12:00:00Z", latest: "2026-03-23T06:00:00Z", next: "2026-03-30T05:00:00Z", "Monday 07:00 CET, then CEST"),
        Row("0 7 * * 7", "Europe/Paris", at: "2026-03-25T12:00:00Z", latest: "2026-03-22T06:00:00Z", next: "2026-03-29T05:00:00Z", "7 is Sunday"),
        Row("0 7 * * 0", "Europe/Paris", at: "2026-03-25T12:00:00Z", latest: "2026-03-22T06:00:00Z", next: "2026-03-29T05:00:00Z", "0 is Sunday"),
        Row("0 8,12 * * 1-5", "UTC", at: "2026-05-09T10:00:00Z", latest: "2026-05-08T12:00:00Z", next: "2026-05-11T08:00:00Z", "Saturday: Friday noon, Monday 08:00"),
        Row("0 0 * * 5-7", "UTC", at: "2026-05-10T12:00:00Z", latest: "2026-05-10T00:00:00Z", next: "2026-05-15T00:00:00Z", "Friday to Sunday, through 7"),
        // Every 15 minutes and steps.
        Row("*/15 * * * *", "UTC", at: "2026-05-10T10:07:30Z", latest: "2026-05-10T10:00:00Z", next: "2026-05-10T10:15:00Z", "between quarters"),
        Row("*/15 * * * *", "UTC", at: "2026-05-10T10:15:00Z", latest: "2026-05-10T10:15:00Z", next: "2026-05-10T10:30:00Z", "on a quarter"),
        Row("*/15 * * * *", "UTC", at: "2026-12-31T23:59:59Z", latest: "2026-12-31T23:45:00Z", next: "2027-01-01T00:00:00Z", "across the new year"),
        Row("10-50/10 * * * *", "UTC", at: "2026-05-10T10:50:00Z", latest: "2026-05-10T10:50:00Z", next: "2026-05-10T11:10:00Z", "range with a step"),
        Row("10-50/10 * * * *", "UTC", at: "2026-05-10T10:05:00Z", latest: "2026-05-10T09:50:00Z", next: "2026-05-10T10:10:00Z", "before the range starts"),
        Row("0 */6 * * *", "UTC", at: "2026-05-10T13:00:00Z", latest: "2026-05-10T12:00:00Z", next: "2026-05-10T18:00:00Z", "every six hours"),
        Row("0 9-17/4 * * *", "UTC", at: "2026-05-10T18:00:00Z", latest: "2026-05-10T17:00:00Z", next: "2026-05-11T09:00:00Z", "9, 13 and 17"),
        // Leap days and month ends.
        Row("0 12 29 2 *", "UTC", at: "2026-01-01T00:00:00Z", latest: "2024-02-29T12:00:00Z", next: "2028-02-29T12:00:00Z", "29 February only in leap years"),
        Row("0 0 29 2 *", "Europe/Paris", at: "2028-02-28T23:00:00Z", latest: "2028-02-28T23:00:00Z", next: "2032-02-28T23:00:00Z", "local midnight of 29 February"),
        Row("0 0 31 * *", "UTC", at: "2026-04-15T00:00:00Z", latest: "2026-03-31T00:00:00Z", next: "2026-05-31T00:00:00Z", "skips 30-day months"),
        Row("0 0 31 * *", "UTC", at: "2026-03-01T00:00:00Z", latest: "2026-01-31T00:00:00Z", next: "2026-03-31T00:00:00Z", "skips February"),
        // Seconds (six fields).
        Row("*/20 * * * * *", "UTC", at: "2026-05-10T10:00:05Z", latest: "2026-05-10T10:00:00Z", next: "2026-05-10T10:00:20Z", "every 20 seconds"),
        Row("30 0 6 * * *", "UTC", at: "2026-05-10T06:00:00Z", latest: "2026-05-09T06:00:30Z", next: "2026-05-10T06:00:30Z", "06:00:30 daily"),
        Row("* * * * * *", "Europe/Paris", at: "2026-03-29T00:59:59Z", latest: "2026-03-29T00:59:59Z", next: "2026-03-29T01:00:00Z", "every second across the gap"),
        // America/New_York (8 March and 1 November 2026).
        Row("0 6 * * *", "America/New_York", at: "2026-03-07T12:00:00Z", latest: "2026-03-07T11:00:00Z", next: "2026-03-08T10:00:00Z", "06:00 EST, then EDT"),
        Row("0 6 * * *", "America/New_York", at: "2026-10-31T12:00:00Z", latest: "2026-10-31T10:00:00Z", next: "2026-11-01T11:00:00Z", "06:00 EDT, then EST"),
        Row("30 2 * * *", "America/New_York", at: "2026-03-08T06:00:00Z", latest: "2026-03-07T07:30:00Z", next: "2026-03-08T07:00:00Z", "02:30 skipped: runs at 03:00 EDT"),
        Row("30 1 * * *", "America/New_York", at: "2026-11-01T06:45:00Z", latest: "2026-11-01T05:30:00Z", next: "2026-11-02T06:30:00Z", "01:45 EST, the repeated hour"),
        // Pacific/Auckland: ahead of UTC by a day, DST in the southern summer (5 April, 27 September 2026).
        Row("0 6 * * *", "Pacific/Auckland", at: "2026-01-15T00:00:00Z", latest: "2026-01-14T17:00:00Z", next: "2026-01-15T17:00:00Z", "06:00 NZDT"),
        Row("0 6 * * *", "Pacific/Auckland", at: "2026-07-15T00:00:00Z", latest: "2026-07-14T18:00:00Z", next: "2026-07-15T18:00:00Z", "06:00 NZST"),
        Row("30 2 * * *", "Pacific/Auckland", at: "2026-09-26T12:00:00Z", latest: "2026-09-25T14:30:00Z", next: "2026-09-26T14:00:00Z", "02:30 skipped: runs at 03:00 NZDT"),
        Row("30 2 * * *", "Pacific/Auckland", at: "2026-04-04T14:45:00Z", latest: "2026-04-04T13:30:00Z", next: "2026-04-05T14:30:00Z", "02:45 NZST, the repeated hour"),
        // Day-of-month and day-of-week.
        Row("0 0 1 * 5", "UTC", at: "2026-03-02T00:00:00Z", latest: "2026-03-01T00:00:00Z", next: "2026-03-06T00:00:00Z", "the 1st or a Friday"),
        Row("0 0 1 * 5", "UTC", at: "2026-03-28T00:00:00Z", latest: "2026-03-27T00:00:00Z", next: "2026-04-01T00:00:00Z", "a Friday, then the 1st"),
        Row("0 0 */2 * 1", "UTC", at: "2026-03-01T00:00:00Z", latest: "2026-02-23T00:00:00Z", next: "2026-03-09T00:00:00Z", "* in day-of-month: odd-numbered Mondays"),
    ]

    @Test(arguments: rows)
    func latestAndNextOccurrences(row: Row) throws {
        let schedule = try CronSchedule(row.cron)
        let zone = try #require(TimeZone(identifier: row.zone))
        let at = try Self.instant(row.at)
        #expect(schedule.latestOccurrence(atOrBefore: at, in: zone) == (try Self.instant(row.latest)),
                "latest at or before \(row.at) in \(row.zone) (\(row.note))")
        #expect(schedule.nextOccurrence(after: at, in: zone) == (try Self.instant(row.next)),
                "next after \(row.at) in \(row.zone) (\(row.note))")
    }

    static let invalid: [(String, CronScheduleError)] = [
        ("", .fieldCount(0)),
        ("* * * *", .fieldCount(4)),
        ("* * * * * * *", .fieldCount(7)),
        ("60 * * * *", .invalidField(.minute, text: "60", reason: .outOfRange(60, 0...59))),
        ("* 24 * * *", .invalidField(.hour, text: "24", reason: .outOfRange(24, 0...23))),
        ("* * 0 * *", .invalidField(.dayOfMonth, text: "0", reason: .outOfRange(0, 1...31))),
        ("* * 32 * *", .invalidField(.dayOfMonth, text: "32", reason: .outOfRange(32, 1...31))),
        ("* * * 13 *", .invalidField(.month, text: "13", reason: .outOfRange(13, 1...12))),
        ("* * * 0 *", .invalidField(.month, text: "0", reason: .outOfRange(0, 1...12))),
        ("* * * * 8", .invalidField(.dayOfWeek, text: "8", reason: .outOfRange(8, 0...7))),
        ("60 * * * * *", .invalidField(.second, text: "60", reason: .outOfRange(60, 0...59))),
        ("5-1 * * * *", .invalidField(.minute, text: "5-1", reason: .reversedRange(5, 1))),
        ("*/0 * * * *", .invalidField(.minute, text: "*/0", reason: .invalidStep)),
        ("*/x * * * *", .invalidField(.minute, text: "*/x", reason: .invalidStep)),
        ("0 */ * * *", .invalidField(.hour, text: "*/", reason: .invalidStep)),
        ("a * * * *", .invalidField(.minute, text: "a", reason: .notANumber)),
        ("+5 * * * *", .invalidField(.minute, text: "+5", reason: .notANumber)),
        ("-5 * * * *", .invalidField(.minute, text: "-5", reason: .empty)),
        ("1-2-3 * * * *", .invalidField(.minute, text: "1-2-3", reason: .notANumber)),
        ("1,,2 * * * *", .invalidField(.minute, text: "1,,2", reason: .empty)),
        ("0 0 * * 1,", .invalidField(.dayOfWeek, text: "1,", reason: .empty)),
        ("5/15 * * * *", .invalidField(.minute, text: "5/15", reason: .stepWithoutRange)),
        ("0 0 30 2 *", .neverMatches("0 0 30 2 *")),
        ("0 0 31 4,6,9,11 *", .neverMatches("0 0 31 4,6,9,11 *")),
    ]

    @Test(arguments: invalid)
    func invalidExpressionsNameTheFieldAndReason(expression: String, error: CronScheduleError) {
        #expect(throws: error, "\"\(expression)\"") { _ = try CronSchedule(expression) }
    }

    @Test(arguments: ["0 0 29 2 *", "0 0 30 2 1", " 0  6 * * * ", "0\t6 * * *", "0-59/59 0,23 1-31 1-12 0-7", "*/1 * * * * *"])
    func validExpressions(expression: String) throws {
        #expect(throws: Never.self) { _ = try CronSchedule(expression) }
    }

    @Test func errorsReadAsSentences() {
        #expect(CronScheduleError.invalidField(.dayOfWeek, text: "8", reason: .outOfRange(8, 0...7)).description
            == "cron day-of-week field \"8\" 8 is outside 0-7")
        #expect(CronScheduleError.fieldCount(4).description.contains("expected 5"))
    }

    /// A DST day has one run per local quarter hour that exists: 92 on the 23-hour day, 96 on
    /// the 25-hour day (the repeated hour runs once), and no instant twice.
    @Test(arguments: [
        ("2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z", 92),
        ("2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z", 96),
        ("2026-05-09T22:00:00Z", "2026-05-10T22:00:00Z", 96),
    ])
    func quartersOfALocalDayInParis(start: String, end: String, expected: Int) throws {
        let schedule = try CronSchedule("*/15 * * * *")
        let zone = try #require(TimeZone(identifier: "Europe/Paris"))
        let (from, until) = (try Self.instant(start), try Self.instant(end))
        var occurrences: [Date] = []
        var cursor = from.addingTimeInterval(-1)
        while let next = schedule.nextOccurrence(after: cursor, in: zone), next < until {
            occurrences.append(next)
            cursor = next
        }
        #expect(occurrences.count == expected, "local day starting \(start)")
        #expect(Set(occurrences).count == occurrences.count)
    }

    /// Walking forward with `nextOccurrence` and back with `latestOccurrence` agree, every
    /// occurrence is strictly later than the one before, and daily runs land on the local hour
    /// by Foundation's own calendar.
    @Test(arguments: [
        ("0 6 * * *", "Europe/Paris"), ("0 6 * * *", "America/New_York"), ("0 6 * * *", "Pacific/Auckland"),
        ("30 2 * * *", "Europe/Paris"), ("*/15 * * * *", "America/New_York"), ("0 7 * * 1", "Pacific/Auckland"),
        ("0 0 1 * 5", "Europe/Paris"), ("*/20 * * * * *", "Europe/Paris"),
    ])
    func forwardAndBackwardAgree(cron: String, zone identifier: String) throws {
        let schedule = try CronSchedule(cron)
        let zone = try #require(TimeZone(identifier: identifier))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        // Start a few days before each 2026 change in the three zones.
        for start in ["2026-03-06T00:00:00Z", "2026-03-27T00:00:00Z", "2026-04-03T00:00:00Z", "2026-09-25T00:00:00Z",
                      "2026-10-23T00:00:00Z", "2026-10-30T00:00:00Z"] {
            var previous = try #require(schedule.latestOccurrence(atOrBefore: try Self.instant(start), in: zone))
            for _ in 0..<300 {
                let next = try #require(schedule.nextOccurrence(after: previous, in: zone))
                #expect(next > previous, "\(cron) in \(identifier) after \(previous)")
                #expect(schedule.latestOccurrence(atOrBefore: next, in: zone) == next, "\(cron) in \(identifier) at \(next)")
                #expect(schedule.latestOccurrence(atOrBefore: next.addingTimeInterval(-1), in: zone) == previous,
                        "\(cron) in \(identifier) just before \(next)")
                #expect(schedule.latestOccurrence(atOrBefore: next.addingTimeInterval(-0.25), in: zone) == previous)
                if cron == "0 6 * * *" {
                    let local = calendar.dateComponents([.hour, .minute, .second], from: next)
                    #expect(local.hour == 6 && local.minute == 0 && local.second == 0, "\(next) in \(identifier)")
                }
                previous = next
            }
        }
    }

    @Test func fractionalSecondsRoundDown() throws {
        let schedule = try CronSchedule("*/20 * * * * *")
        let at = try Self.instant("2026-05-10T10:00:20Z").addingTimeInterval(0.5)
        #expect(schedule.latestOccurrence(atOrBefore: at, in: .gmt) == (try Self.instant("2026-05-10T10:00:20Z")))
        #expect(schedule.nextOccurrence(after: at, in: .gmt) == (try Self.instant("2026-05-10T10:00:40Z")))
    }

    @Test func sparseSchedulesAreFoundAcrossYears() throws {
        // The 1st or 29th of February when it is a Monday: once in years, found field by field.
        let schedule = try CronSchedule("0 0 */28 2 1")
        let next = try #require(schedule.nextOccurrence(after: try Self.instant("2026-01-01T00:00:00Z"), in: .gmt))
        #expect(next == (try Self.instant("2027-02-01T00:00:00Z")))
        let leapDay = try CronSchedule("0 0 29 2 *")
        // 2100 is not a leap year.
        #expect(leapDay.nextOccurrence(after: try Self.instant("2096-03-01T00:00:00Z"), in: .gmt) == (try Self.instant("2104-02-29T00:00:00Z")))
    }

    @Test(arguments: [
        ("Europe/Paris", "2026-03-30T04:00:00Z", "dunning.run:acme_bakery:2026-03-30T06:00:00+02:00"),
        ("Europe/Paris", "2026-01-05T05:00:00Z", "dunning.run:acme_bakery:2026-01-05T06:00:00+01:00"),
        ("America/New_York", "2026-11-01T05:30:00Z", "dunning.run:acme_bakery:2026-11-01T01:30:00-04:00"),
        ("America/New_York", "2026-11-01T06:30:00Z", "dunning.run:acme_bakery:2026-11-01T01:30:00-05:00"),
        ("Pacific/Auckland", "2026-01-14T17:00:00Z", "dunning.run:acme_bakery:2026-01-15T06:00:00+13:00"),
        ("UTC", "2026-02-28T23:59:59Z", "dunning.run:acme_bakery:2026-02-28T23:59:59+00:00"),
        ("Asia/Kolkata", "2026-05-10T00:30:00Z", "dunning.run:acme_bakery:2026-05-10T06:00:00+05:30"),
    ])
    func uniqueKeysNameTheLocalOccurrence(zone identifier: String, occurrence: String, key: String) throws {
        let schedule = Schedule(cron: try CronSchedule("0 6 * * *"), kind: "dunning.run")
        let zone = try #require(TimeZone(identifier: identifier))
        #expect(schedule.name == "dunning.run")
        #expect(schedule.uniqueKey(tenant: "acme_bakery", occurrence: try Self.instant(occurrence), in: zone) == key)
    }

    static func instant(_ text: String) throws -> Date {
        try Date(text, strategy: .iso8601)
    }
}
