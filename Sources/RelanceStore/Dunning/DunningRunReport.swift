import Foundation
import RelanceCore

/// What a dunning run did (or, dry, would do), day by day.
public struct DunningRunReport: Sendable {
    /// One day's work.
    public struct Day: Sendable {
        public var date: CalendarDate
        public var reminders: [Reminder] = []
        public var tasks: [DunningTaskRecord] = []
        /// Steps due that wait (minimum gap, no billing contact).
        public var held = 0
        /// Invoices whose formal notice went out that day.
        public var formalNotices: [UUID] = []
        /// Customers handed to collection that day.
        public var toCollection: [UUID] = []
    }

    public var asOf: CalendarDate
    public var dryRun: Bool
    /// The days run, in order: the days since the last real run up to `asOf`, or `asOf` alone.
    public var days: [Day]
}
