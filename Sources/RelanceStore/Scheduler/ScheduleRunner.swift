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
/// - a clock moved backwards finds every row not yet due and enqueues nothing;
/// - a tenant or schedule seen for the first time gets its latest due occurrence at once;
/// - two ticks racing (two leaders for a moment) enqueue each occurrence once.
///
/// Cost: each row also holds its next due instant (`next_due`, computed with the pure
/// `CronSchedule` in the tenant's time zone), so a tick reads only the rows due now: when
/// nothing is due it is one round trip of two index probes, whatever the number of tenants.
/// What changes the next due instant re-arms the row (`next_due = '-infinity'`), and the
/// next tick computes it again:
/// - a tenant created, suspended, resumed or given another time zone: triggers on `tenants`
///   note it in `schedule_changes`, which every tick drains (`SchedulerSQL.reconcileChanged`);
/// - the configured schedules: the first tick of a runner (the service makes one per
///   leadership term) creates every tenant's missing rows, re-arms rows computed with another
///   cron and parks those of schedules no longer configured (`SchedulerSQL.reconcileAll`,
///   the one statement that reads every tenant).
/// A row of a tenant that is not active or whose time zone is unknown (logged once) is parked
/// (`next_due = 'infinity'`) until one of these re-arms it.
public struct ScheduleRunner: Sendable {
    public let pool: PostgresPool
    public let schedules: [Schedule]
    public let clock: QueueClock
    public let logger: Logger
    /// Rows handled per transaction; a tick runs as many as the due rows need.
    public let batchSize: Int
    private let warned = WarnedOnce()
    private let reconciled = Flag()

    /// - Parameter clock: "now" for the occurrences: the injected instant in tests, the
    ///   database's clock in production (`.database`).
    public init(pool: PostgresPool, schedules: [Schedule], clock: QueueClock = .database, batchSize: Int = 5000,
                logger: Logger = Logger(label: "relance.scheduler")) {
        self.pool = pool
        self.schedules = schedules
        self.clock = clock
        self.batchSize = max(1, batchSize)
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
        let names = runnable.map(\.name)
        let crons = runnable.map(\.cron.expression)
        if !reconciled.isSet {
            _ = try await pool.withConnection { connection in
                try await connection.pipeline([
                    PostgresStatement(SchedulerSQL.reconcileAll, [names, crons]),
                    PostgresStatement(SchedulerSQL.parkUnconfigured, [names]),
                ])
            }
            reconciled.set()
        }
        let probe = try await pool.withConnection { connection in
            try await connection.pipeline([
                PostgresStatement(SchedulerSQL.reconcileChanged, [names, crons]),
                PostgresStatement(SchedulerSQL.anyDue, [clock.parameter]),
            ])
        }
        guard try probe[1].first?.decode(Bool.self, at: 0) == true else { return 0 }
        let byName = Dictionary(runnable.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var enqueued = 0
        while true {
            let (count, handled) = try await advanceDue(byName)
            enqueued += count
            if handled < batchSize { return enqueued }
        }
    }

    /// One transaction: locks up to `batchSize` due rows, computes each one's latest and next
    /// occurrence, advances the fence and enqueues the jobs. Returns (jobs enqueued, rows handled).
    private func advanceDue(_ byName: [String: Schedule]) async throws -> (Int, Int) {
        let queue = JobQueue(pool: pool, clock: clock)
        return try await pool.withTransaction { transaction in
            let rows = try await transaction.query(SchedulerSQL.due, [clock.parameter, Int64(batchSize)])
            guard let first = rows.first else { return (0, 0) }
            let now = try clock.parameter ?? first.decode(Date.self, at: 5)
            var zones: [String: TimeZone] = [:]
            var tenantZone: [String: TimeZone] = [:]
            var (tenants, names, occurrences, nextDue) = ([String](), [String](), [Date?](), [Date?]())
            for row in rows {
                let tenant = try row.decode(String.self, at: 0)
                let name = try row.decode(String.self, at: 1)
                let zoneName = try row.decode(String.self, at: 3)
                let active = try row.decode(String.self, at: 4) == "active"
                tenants.append(tenant)
                names.append(name)
                let zone = zones[zoneName] ?? TimeZone(identifier: zoneName)
                if zone == nil, active, warned.first("\(tenant)|\(zoneName)") {
                    logger.error("tenant skipped by the scheduler: unknown time zone",
                                 metadata: ["tenant": "\(tenant)", "time_zone": "\(zoneName)"])
                }
                guard active, let zone, let schedule = byName[name] else {
                    occurrences.append(nil)  // parked until re-armed
                    nextDue.append(nil)
                    continue
                }
                zones[zoneName] = zone
                tenantZone[tenant] = zone
                occurrences.append(schedule.cron.latestOccurrence(atOrBefore: now, in: zone))
                nextDue.append(schedule.cron.nextOccurrence(after: now, in: zone))
            }
            let advanced = try await transaction.query(SchedulerSQL.advance, [tenants, names, occurrences, nextDue, clock.parameter])
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
            let count = jobs.isEmpty ? 0 : try await queue.enqueue(jobs, in: transaction).count
            return (count, rows.count)
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

/// Set once, read by every tick (whether this runner reconciled every tenant already).
private final class Flag: Sendable {
    private let value = Atomic<Bool>(false)

    var isSet: Bool { value.load(ordering: .acquiring) }
    func set() { value.store(true, ordering: .releasing) }
}
