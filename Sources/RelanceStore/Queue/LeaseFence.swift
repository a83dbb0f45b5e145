import Foundation
import Postgres
import RelanceCore

/// The check behind `ClaimedJob.fence()`: does this attempt still hold its job's lease, with at
/// least a margin to spare?
///
/// A worker gives each job it claims a fence that asks the database (one primary-key read of
/// `relance.jobs`: owner, attempt, `lease_expires_at > now + margin`, on the queue's clock).
/// Handler tests get `.alwaysHeld`, or a fence of their own through `init(_:)`.
public struct LeaseFence: Sendable {
    /// The margin `ClaimedJob.fence()` uses when called without one.
    public let margin: Duration
    private let check: @Sendable (_ job: ClaimedJob, _ margin: Duration) async throws -> Void

    /// A fence that runs `check`, which throws (`LeaseError`, typically) to refuse the effect.
    public init(margin: Duration = .seconds(10), _ check: @escaping @Sendable (_ job: ClaimedJob, _ margin: Duration) async throws -> Void) {
        self.margin = margin
        self.check = check
    }

    /// A fence that always passes (a job built by hand in a handler test).
    public static let alwaysHeld = LeaseFence { _, _ in }

    /// The database's answer for attempts of worker `owner`.
    static func database(pool: PostgresPool, owner: UUID, margin: Duration, clock: QueueClock) -> LeaseFence {
        LeaseFence(margin: margin) { job, margin in
            let row = try await pool.query(QueueSQL.fence, [job.id, Int64(job.attempt), owner, margin.inSeconds, clock.parameter]).first
            guard let row else { throw LeaseError.lost(jobID: job.id, attempt: job.attempt) }
            let lasts: Bool = try row.decode(at: 0)
            if !lasts {
                throw LeaseError.expiring(jobID: job.id, attempt: job.attempt, expiresAt: try row.decode(at: 1), margin: margin)
            }
        }
    }

    func callAsFunction(_ job: ClaimedJob, margin: Duration?) async throws {
        try await check(job, margin ?? self.margin)
    }
}
