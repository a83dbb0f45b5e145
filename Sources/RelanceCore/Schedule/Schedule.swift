import Foundation

/// A named recurring job: each tenant gets one job of `kind` per occurrence of `cron` on the
/// tenant's own wall clock (its IANA time zone).
///
/// Only the definition: the scheduler (RelanceStore) decides when to enqueue, and the job
/// queue validates `kind` and `priority` when it does.
public struct Schedule: Sendable, Hashable {
    /// Identifies the schedule in the scheduler's record of what it enqueued
    /// (`relance.schedule_runs.schedule`) and in job unique keys. Renaming a schedule
    /// restarts it: the renamed one enqueues its latest due occurrence at once.
    public var name: String
    public var cron: CronSchedule
    /// The job kind to enqueue, e.g. `dunning.run`.
    public var kind: String
    /// Queue priority of the jobs (0 runs first).
    public var priority: Int16

    /// - Parameter name: defaults to `kind`.
    public init(name: String? = nil, cron: CronSchedule, kind: String, priority: Int16 = 2) {
        self.name = name ?? kind
        self.cron = cron
        self.kind = kind
        self.priority = priority
    }

    /// The unique key of the job for `tenant` at `occurrence`:
    /// `<schedule>:<tenant>:<local time with offset>`, e.g.
    /// `dunning.run:acme:2026-03-30T06:00:00+02:00`. The same occurrence always gives the same
    /// key, and distinct occurrences distinct keys (the offset tells repeated hours apart).
    public func uniqueKey(tenant: String, occurrence: Date, in timeZone: TimeZone) -> String {
        "\(name):\(tenant):\(Self.localTimestamp(occurrence, in: timeZone))"
    }

    /// `occurrence` as ISO 8601 local time with its UTC offset, to the second,
    /// e.g. `2026-03-30T06:00:00+02:00`.
    public static func localTimestamp(_ occurrence: Date, in timeZone: TimeZone) -> String {
        let seconds = occurrence.timeIntervalSince1970.rounded(.down)
        return WallClock.iso8601(seconds.isFinite ? Int64(max(-1e12, min(1e12, seconds))) : 0, in: timeZone)
    }
}
