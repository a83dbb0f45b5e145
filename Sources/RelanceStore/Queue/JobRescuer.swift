import Foundation
import Logging
import Metrics
import Postgres
import RelanceCore
import ServiceLifecycle

/// Returns the jobs whose lease expired (their worker died or stalled), so other workers run them.
///
/// Every `interval` it takes running jobs whose lease expired, counts the lost attempt, and
/// makes them claimable again (or discards them when no attempt is left, or cancels them when
/// an operator asked). The old worker's late completions are then refused by fencing, and its
/// next heartbeat cancels the handlers it still runs. Only an expired lease hands a job over
/// (a silent worker's leases expire, since nothing renews them): that is what the lease fence
/// (`ClaimedJob.fence()`) relies on. Workers silent for `deadAfter` that hold no job lose
/// their `workers` row. Several rescuers may run at once (one per worker process): `SKIP
/// LOCKED` keeps them from returning a job twice.
public struct JobRescuer: Service {
    public let pool: PostgresPool
    public let interval: Duration
    public let deadAfter: Duration
    public let clock: QueueClock
    public let logger: Logger

    public init(pool: PostgresPool, interval: Duration = .seconds(5), deadAfter: Duration = .seconds(30),
                clock: QueueClock = .database, logger: Logger = Logger(label: "relance.rescuer")) {
        self.pool = pool
        self.interval = interval
        self.deadAfter = deadAfter
        self.clock = clock
        self.logger = logger
    }

    /// What one pass did.
    public struct Result: Sendable, Equatable {
        /// Returned to the queue to run again.
        public var returned: Int
        /// Discarded (no attempt left) or cancelled (an operator asked).
        public var ended: Int
    }

    public func run() async throws {
        await repeatUntilShutdown(every: interval, logger: logger, failure: "rescue failed") {
            _ = try await rescue()
        }
    }

    /// One pass: rescues every job whose lease expired (in chunks) and removes dead workers' rows.
    @discardableResult
    public func rescue() async throws -> Result {
        var total = Result(returned: 0, ended: 0)
        let chunk: Int64 = 1000
        while true {
            let row = try await pool.query(QueueSQL.rescue, [clock.parameter, chunk]).first
            let ended = Int(try row?.decode(Int64.self, at: 0) ?? 0)
            let returned = Int(try row?.decode(Int64.self, at: 1) ?? 0)
            total.ended += ended
            total.returned += returned
            if ended + returned < Int(chunk) { break }
        }
        if total.returned + total.ended > 0 {
            JobMetrics.shared.rescued.increment(by: total.returned + total.ended)
            logger.warning("rescued jobs whose lease expired", metadata: [
                "returned": "\(total.returned)", "ended": "\(total.ended)",
            ])
        }
        try await pool.query(QueueSQL.removeDeadWorkers, [clock.parameter, deadAfter.inSeconds])
        return total
    }
}
