import Foundation
import Postgres
import RelanceCore

/// The job queue: enqueue (inside the caller's transaction), and the operator's view of jobs
/// (list, show, cancel, retry, depth). Workers use the claim and completion statements
/// through `JobWorker`. The SQL is in `QueueSQL`.
public struct JobQueue: Sendable {
    public let pool: PostgresPool
    public let clock: QueueClock

    public init(pool: PostgresPool, clock: QueueClock = .database) {
        self.pool = pool
        self.clock = clock
    }

    /// The channel an enqueue notifies (once per statement, folded per transaction).
    public static let channel = "relance_jobs"
    /// The channel a cancellation of a running job notifies, with the job id as payload.
    public static let cancelChannel = "relance_job_cancel"

    // MARK: - Enqueue

    /// Enqueues `job` inside the transaction (or autocommit statement) on `connection`.
    /// - Returns: its id, or `nil` when an unfinished job holds its unique key.
    @discardableResult
    public func enqueue(_ job: NewJob, in connection: PostgresConnection) async throws -> Int64? {
        try await enqueue([job], in: connection).first
    }

    /// Enqueues `jobs` in one statement inside the transaction on `connection`. A job whose
    /// unique key is held by an unfinished job (or by an earlier job in `jobs`) is skipped.
    ///
    /// Works in a tenant's transaction too (`TenantDatabase.withTransaction`), where the
    /// tenant's role cannot reach the control schema: the insert runs as the application
    /// role and the tenant's role is back in force right after (two round trips in all).
    /// - Returns: the ids of the jobs inserted.
    @discardableResult
    public func enqueue(_ jobs: [NewJob], in connection: PostgresConnection) async throws -> [Int64] {
        try await Self.enqueue(jobs, within: connection)
    }

    /// `enqueue(_:in:)` without a queue at hand (the store enqueues from inside its own
    /// transactions, e.g. `WebhookFanout`).
    static func enqueue(_ jobs: [NewJob], within connection: PostgresConnection) async throws -> [Int64] {
        guard !jobs.isEmpty else { return [] }
        // First leave the tenant's role (a separate round trip: the insert is prepared, and
        // preparing it resolves `relance.jobs`, which the tenant's role may not see).
        try await connection.query(QueueSQL.leaveRole)
        let results = try await connection.pipeline([Self.insert(jobs), PostgresStatement(QueueSQL.restoreRole)])
        return try results[0].map { try $0.decode(Int64.self, at: 0) }
    }

    /// Enqueues `jobs` in a transaction of their own (one round trip: a pooled connection
    /// comes back as the application role, so there is no tenant role to leave).
    @discardableResult
    public func enqueue(_ jobs: [NewJob]) async throws -> [Int64] {
        guard !jobs.isEmpty else { return [] }
        return try await pool.pipeline([Self.insert(jobs)])[0].map { try $0.decode(Int64.self, at: 0) }
    }

    private static func insert(_ jobs: [NewJob]) -> PostgresStatement {
        PostgresStatement(jobs.contains { $0.uniqueKey != nil } ? QueueSQL.enqueue : QueueSQL.enqueueWithoutKeys, [
            jobs.map(\.tenant.rawValue), jobs.map(\.kind), jobs.map(\.payload), jobs.map { Int64($0.priority) },
            jobs.map(\.runAt), jobs.map { Int64($0.maxAttempts) }, jobs.map(\.uniqueKey),
        ])
    }

    // MARK: - Operators

    /// The job with this id, unfinished or finished.
    /// - Throws: `QueueError.jobNotFound`.
    public func job(id: Int64) async throws -> JobRecord {
        guard let row = try await pool.query(QueueSQL.show, [id]).first else { throw QueueError.jobNotFound(id) }
        return try JobRecord(row: row)
    }

    /// Jobs, newest first, filtered by state, kind and tenant; `before` is the last id of the
    /// previous page.
    public func list(
        states: [JobState]? = nil, kind: String? = nil, tenant: String? = nil, before: Int64? = nil, limit: Int = 50
    ) async throws -> [JobRecord] {
        let rows = try await pool.query(QueueSQL.list, [
            states.map { $0.map(\.rawValue) }, kind, tenant, before, Int64(max(1, min(limit, 1000))),
        ])
        return try rows.map(JobRecord.init(row:))
    }

    /// Cancels a job: a waiting one ends at once; a running one is cancelled by its worker
    /// (its handler's task is cancelled) and ends when the handler returns.
    /// - Returns: the job afterwards.
    /// - Throws: `QueueError.jobNotFound`, or `.invalidState` if it already finished.
    public func cancel(id: Int64) async throws -> JobRecord {
        // Twice at most: a claim committing while the statement waits on the row makes both of
        // its parts miss (one re-checks the row and sees it running, the other still sees it
        // available); the second run sees it running and flags it.
        for _ in 0..<2 {
            let row = try await pool.query(QueueSQL.cancel, [id, clock.parameter]).first
            let (ended, flagged) = (try row?.decode(Int64.self, at: 0) ?? 0, try row?.decode(Int64.self, at: 1) ?? 0)
            let job = try await job(id: id)
            if ended + flagged > 0 { return job }
            if job.state != .running || job.cancelRequested {
                throw QueueError.invalidState(id: id, state: job.state, operation: "cancel")
            }
        }
        let job = try await job(id: id)
        throw QueueError.invalidState(id: id, state: job.state, operation: "cancel")
    }

    /// Runs a job again now: a discarded or cancelled job comes back with its attempts reset;
    /// a failed or scheduled one runs now.
    /// - Throws: `QueueError.jobNotFound`, `.invalidState` (running or succeeded), or
    ///   `.uniqueKeyTaken` when an unfinished job holds its unique key.
    public func retry(id: Int64) async throws -> JobRecord {
        let changed: Int64
        do {
            changed = try await pool.query(QueueSQL.retry, [id, clock.parameter]).first?.decode(Int64.self, at: 0) ?? 0
        } catch let error as PostgresError where error.sqlState == SQLState.uniqueViolation {
            let existing = try await job(id: id)
            throw QueueError.uniqueKeyTaken(id: id, uniqueKey: existing.uniqueKey ?? "")
        }
        let job = try await job(id: id)
        if changed == 0 { throw QueueError.invalidState(id: id, state: job.state, operation: "retry") }
        return job
    }

    /// Unfinished jobs counted by state and kind.
    public func depth() async throws -> [JobDepth] {
        try await pool.query(QueueSQL.depth).map { row in
            let state: String = try row.decode(at: 0)
            return JobDepth(state: JobState(rawValue: state) ?? .available, kind: try row.decode(at: 1), count: try row.decode(at: 2))
        }
    }
}

/// How many unfinished jobs of a kind are in a state.
public struct JobDepth: Sendable, Equatable {
    public var state: JobState
    public var kind: String
    public var count: Int64
}
