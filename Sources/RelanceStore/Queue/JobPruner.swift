import Foundation
import Logging
import Metrics
import Postgres
import RelanceCore
import ServiceLifecycle

/// Deletes finished jobs older than the retention period, in small chunks so it never holds
/// long locks, and keeps the queue-depth gauges current.
public struct JobPruner: Service {
    public let pool: PostgresPool
    public let retention: Duration
    public let interval: Duration
    public let clock: QueueClock
    public let logger: Logger

    public init(pool: PostgresPool, retention: Duration = .seconds(7 * 86_400), interval: Duration = .seconds(60),
                clock: QueueClock = .database, logger: Logger = Logger(label: "relance.pruner")) {
        self.pool = pool
        self.retention = retention
        self.interval = interval
        self.clock = clock
        self.logger = logger
    }

    public func run() async throws {
        var monitor = QueueDepthGauges()
        while !Task.isShuttingDownGracefully {
            do {
                try await prune()
                monitor.update(try await JobQueue(pool: pool, clock: clock).depth())
            } catch is CancellationError {
                return
            } catch {
                logger.error("pruning failed", metadata: ["error": "\(error)"])
            }
            do { try await Task.sleep(for: interval) } catch { return }
            if Task.isCancelled { return }
        }
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
