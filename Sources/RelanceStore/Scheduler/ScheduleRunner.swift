import Foundation
import Logging
import Postgres
import RelanceCore
import Synchronization

/// One scheduler tick: for every active tenant and every schedule, the latest occurrence at or
/// before now on the tenant's wall clock (`relance.tenants.time_zone`) is enqueued, once.
///
/// Once means once across ticks, leaders, restarts and clock jumps: `relance.schedule_runs`
/// records the last occurrence enqueued per (tenant, schedule), and one transaction advances
/// that record only where it is older and enqueues jobs only for the rows it advanced. So:
/// - after downtime (or a forward clock jump) only the latest missed occurrence runs, once;
/// - a clock moved backwards finds every record newer and enqueues nothing;
/// - a tenant or schedule seen for the first time gets its latest due occurrence at once;
/// - two ticks racing (two leaders for a moment) enqueue each occurrence once.
///
/// The cost is two statements per tick whatever the number of tenants (the tenant list and the
/// fenced upsert), plus one enqueue when something is due; occurrences are computed once per
/// time zone, not per tenant. A tenant whose time zone is unknown is logged and skipped.
public struct ScheduleRunner: Sendable {
    public let pool: PostgresPool
    public let schedules: [Schedule]
    public let clock: QueueClock
    public let logger: Logger
    private let warned = WarnedOnce()

    /// - Parameter clock: "now" for the occurrences: the injected instant in tests, the
    ///   database's clock in production (`.database`).
    public init(pool: PostgresPool, schedules: [Schedule], clock: QueueClock = .database,
                logger: Logger = Logger(label: "relance.scheduler")) {
        self.pool = pool
        self.schedules = schedules
        self.clock = clock
        self.logger = logger
    }

    /// Runs one tick.
    /// - Returns: how many jobs it enqueued.
    /// - Throws: a `PostgresError` (nothing was recorded or enqueued then), or `CancellationError`.
    @discardableResult
    public func tick() async throws -> Int {
        var seenNames = Set<String>()
        let runnable = schedules.filter { isRunnable($0) && seenNames.insert($0.name).inserted }
        guard !runnable.isEmpty else { return 0 }
        let rows = try await pool.query(SchedulerSQL.activeTenants)
        guard let first = rows.first else { return 0 }
        let now = try clock.parameter ?? first.decode(Date.self, at: 2)
        var zones: [String: TimeZone] = [:]
        var dueByZone: [String: [Date?]] = [:]
        var tenantZone: [String: TimeZone] = [:]
        var (tenants, names, occurrences) = ([String](), [String](), [Date]())
        for row in rows {
            let (tenant, zoneName) = (try row.decode(String.self, at: 0), try row.decode(String.self, at: 1))
            guard let zone = zones[zoneName] ?? TimeZone(identifier: zoneName) else {
                if warned.first("\(tenant)|\(zoneName)") {
                    logger.error("tenant skipped by the scheduler: unknown time zone",
                                 metadata: ["tenant": "\(tenant)", "time_zone": "\(zoneName)"])
                }
                continue
            }
            zones[zoneName] = zone
            tenantZone[tenant] = zone
            let due = dueByZone[zoneName] ?? runnable.map { $0.cron.latestOccurrence(atOrBefore: now, in: zone) }
            dueByZone[zoneName] = due
            for (schedule, occurrence) in zip(runnable, due) {
                guard let occurrence else { continue }
                tenants.append(tenant)
                names.append(schedule.name)
                occurrences.append(occurrence)
            }
        }
        guard !tenants.isEmpty else { return 0 }
        let byName = Dictionary(runnable.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let queue = JobQueue(pool: pool, clock: clock)
        return try await pool.withTransaction { transaction in
            let advanced = try await transaction.query(SchedulerSQL.advance, [tenants, names, occurrences, clock.parameter])
            guard !advanced.isEmpty else { return 0 }
            var jobs: [NewJob] = []
            jobs.reserveCapacity(advanced.count)
            for row in advanced {
                let tenant = try row.decode(String.self, at: 0)
                let name = try row.decode(String.self, at: 1)
                let occurrence = try row.decode(Date.self, at: 2)
                guard let schedule = byName[name], let zone = tenantZone[tenant] else { continue }
                jobs.append(try NewJob(
                    tenant: try TenantSlug(tenant), kind: schedule.kind,
                    payload: ["schedule": name, "occurrence": Schedule.localTimestamp(occurrence, in: zone)],
                    priority: schedule.priority, runAt: occurrence,
                    uniqueKey: schedule.uniqueKey(tenant: tenant, occurrence: occurrence, in: zone)))
            }
            return try await queue.enqueue(jobs, in: transaction).count
        }
    }

    /// Whether the queue accepts the schedule's jobs; a schedule it would refuse is logged
    /// once and left out, so it cannot fail the ticks of the others. (A second schedule with
    /// the same name is left out too: the name identifies the schedule's record.)
    private func isRunnable(_ schedule: Schedule) -> Bool {
        let valid = NewJob.isValidKind(schedule.kind) && NewJob.priorities.contains(schedule.priority)
            && (1...100).contains(schedule.name.utf8.count)
        if !valid, warned.first("schedule|\(schedule.name)") {
            logger.error("schedule skipped: invalid kind, priority or name",
                         metadata: ["schedule": "\(schedule.name)", "kind": "\(schedule.kind)", "priority": "\(schedule.priority)"])
        }
        return valid
    }
}

/// Remembers which problems were already logged, so a tick every second does not repeat them.
private final class WarnedOnce: Sendable {
    private let seen = Mutex<Set<String>>([])

    /// True the first time `key` is seen.
    func first(_ key: String) -> Bool { seen.withLock { $0.insert(key).inserted } }
}
