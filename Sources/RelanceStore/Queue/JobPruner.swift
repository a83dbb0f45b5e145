import Foundation
import Logging
import Metrics
import Postgres
import RelanceCore
import ServiceLifecycle

/// Keeps the queue's tables small: vacuums the hot table when it holds many dead rows (checked
/// every `interval`, a one-row statistics query), and every 15th interval deletes finished
/// jobs older than the retention period (in small chunks, so it never holds long locks) and
/// refreshes the depth gauges.
public struct JobPruner: Service {
    public let pool: PostgresPool
    public let retention: Duration
    public let interval: Duration
    public let clock: QueueClock
    public let logger: Logger

    public init(pool: PostgresPool, retention: Duration = .seconds(7 * 86_400), interval: Duration = .seconds(1),
                clock: QueueClock = .database, logger: Logger = Logger(label: "relance.pruner")) {
        self.pool = pool
        self.retention = retention
        self.interval = interval
        self.clock = clock
        self.logger = logger
    }

    public func run() async throws {
        var monitor = QueueDepthGauges()
        var tick = 0
        await repeatUntilShutdown(every: interval, logger: logger, failure: "pruning failed") {
            try await vacuumIfNeeded()
            if tick % 15 == 0 {
                try await prune()
                monitor.update(try await JobQueue(pool: pool, clock: clock).depth())
            }
            tick += 1
        }
    }

    /// Every job leaves two dead row versions in the hot table (claimed, then finished), and
    /// autovacuum looks at a table at most once a minute by default: at tens of thousands of
    /// jobs a second the table would grow by hundreds of megabytes in between. So the pruner
    /// vacuums `relance.jobs` itself once it holds `deadRowsThreshold` dead rows (statistics
    /// lag by about a second). `SKIP_LOCKED`: when another worker's vacuum is running, skip.
    /// Returns whether it vacuumed.
    @discardableResult
    public func vacuumIfNeeded(deadRowsThreshold: Int64 = 20_000) async throws -> Bool {
        let dead = try await pool.query(QueueSQL.deadRows).first?.decode(Int64?.self, at: 0) ?? nil
        guard let dead, dead >= deadRowsThreshold else { return false }
        try await pool.withConnection { try await $0.execute(QueueSQL.vacuum) }
        return true
    }

    /// Deletes every finished job older than the retention period; returns how many.
    @discardableResult
    public func prune() async throws -> Int {
        let cutoff = clock.now.addingTimeInterval(-retention.inSeconds)
        let chunk = 5000
        var total = 0
        while true {
            let deleted = try await pool.query(QueueSQL.prune, [cutoff, Int64(chunk)]).affectedRows
            total += deleted
            if deleted < chunk { break }
        }
        if total > 0 {
            JobMetrics.shared.pruned.increment(by: total)
            logger.info("pruned finished jobs", metadata: ["count": "\(total)"])
        }
        return total
    }
}
