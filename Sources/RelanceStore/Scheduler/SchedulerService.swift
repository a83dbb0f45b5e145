import Logging
import Metrics
import Postgres
import RelanceCore
import ServiceLifecycle

/// The relance-scheduler loop: stand by until this replica wins the leader election, then
/// enqueue due occurrences every `tick` for as long as it leads.
///
/// - Standby: retries the lock every `standbyRetry` (default: `tick`, at most 1 s), so a
///   standby takes over within about that long after the leader's session ends.
/// - Leader: before every tick it checks its lock connection; the moment that check fails it
///   stops ticking, reports `relance_scheduler_leader 0`, and goes back to standby.
/// - Graceful shutdown: finishes the tick in progress, releases the lock, and returns.
///
/// A failed tick (database unreachable) is logged and retried at the next tick; nothing it
/// did is kept, and the fence in `schedule_runs` makes the retry enqueue each occurrence once.
///
/// Each leadership term starts with a tick that reconciles every tenant with the configured
/// schedules (`RELANCE_SCHEDULES`: new schedules, changed crons, removed ones); later ticks
/// cost what is due, not what exists (see `ScheduleRunner`).
///
/// Metrics: gauge `relance_scheduler_leader` (1 while this replica leads, else 0), counter
/// `relance_scheduler_enqueued_total` (jobs enqueued by this replica).
public struct SchedulerService: Service {
    public let pool: PostgresPool
    public let lockDatabase: PostgresConfiguration
    public let schedules: [Schedule]
    public let tick: Duration
    public let standbyRetry: Duration
    public let clock: QueueClock
    public let logger: Logger

    /// - Parameters:
    ///   - pool: the connections ticks use.
    ///   - lockDatabase: where the dedicated lock connection goes (not through a transaction-mode pooler).
    ///   - tick: time between two ticks while leading.
    ///   - standbyRetry: time between two lock attempts on standby; nil means `min(tick, 1 s)`.
    public init(pool: PostgresPool, lockDatabase: PostgresConfiguration, schedules: [Schedule], tick: Duration,
                standbyRetry: Duration? = nil, clock: QueueClock = .database,
                logger: Logger = Logger(label: "relance.scheduler")) {
        self.pool = pool
        self.lockDatabase = lockDatabase
        self.schedules = schedules
        self.tick = tick
        self.standbyRetry = standbyRetry ?? min(tick, .seconds(1))
        self.clock = clock
        self.logger = logger
    }

    public func run() async throws {
        let election = LeaderElection(configuration: lockDatabase, logger: logger)
        // A runner per leadership term: its first tick reconciles every tenant with this
        // replica's schedules, which another leader may have run with a different configuration.
        var runner = ScheduleRunner(pool: pool, schedules: schedules, clock: clock, logger: logger)
        let leaderGauge = Gauge(label: "relance_scheduler_leader")
        let enqueuedTotal = Counter(label: "relance_scheduler_enqueued_total")
        leaderGauge.record(0)
        logger.info("scheduler standing by", metadata: [
            "schedules": "\(schedules.map { "\($0.name)@\($0.cron)" }.joined(separator: ";"))", "tick": "\(tick)",
        ])
        var leading = false
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            if leading {
                if await election.isLeader() {
                    do {
                        let enqueued = try await runner.tick()
                        if enqueued > 0 {
                            enqueuedTotal.increment(by: enqueued)
                            logger.info("enqueued scheduled jobs", metadata: ["count": "\(enqueued)"])
                        }
                    } catch {
                        if Task.isCancelled { break }
                        logger.error("scheduler tick failed", metadata: ["error": "\(error)"])
                    }
                    _ = await pauseUnlessShuttingDown(for: tick)
                    continue
                }
                leading = false
                leaderGauge.record(0)
                logger.warning("lost leadership: the lock connection broke; standing by")
            }
            do {
                if try await election.tryAcquire() {
                    leading = true
                    runner = ScheduleRunner(pool: pool, schedules: schedules, clock: clock, logger: logger)
                    leaderGauge.record(1)
                    logger.info("became leader", metadata: ["lock_key": "0x\(String(election.key, radix: 16))"])
                    continue
                }
            } catch {
                if Task.isCancelled { break }
                logger.warning("leader election cannot reach the database", metadata: ["error": "\(error)"])
            }
            _ = await pauseUnlessShuttingDown(for: standbyRetry)
        }
        await election.resign()
        leaderGauge.record(0)
        if leading { logger.info("released leadership") }
    }
}
