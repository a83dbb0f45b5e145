import Foundation
import Postgres
import RelanceCore

/// A job leased to this worker for one attempt: what a handler receives.
public struct ClaimedJob: Sendable, Identifiable {
    public var id: Int64
    public var tenant: TenantSlug
    public var kind: String
    /// The payload, as JSON text.
    public var payload: String
    public var priority: Int16
    /// This attempt's number, from 1.
    public var attempt: Int
    public var maxAttempts: Int
    public var uniqueKey: String?
    public var createdAt: Date
    /// An operator cancelled it before this attempt started running.
    var cancelRequested: Bool = false
    /// What `fence()` asks.
    var leaseFence: LeaseFence = .alwaysHeld

    /// A job as a handler would receive it (for handler tests). Its `fence()` always passes
    /// unless a `fence` is given (e.g. one that throws `LeaseError.lost`).
    public init(
        id: Int64, tenant: TenantSlug, kind: String, payload: String, priority: Int16 = 2, attempt: Int = 1,
        maxAttempts: Int = 20, uniqueKey: String? = nil, createdAt: Date = Date(), fence: LeaseFence = .alwaysHeld
    ) {
        self.leaseFence = fence
        self.id = id
        self.tenant = tenant
        self.kind = kind
        self.payload = payload
        self.priority = priority
        self.attempt = attempt
        self.maxAttempts = maxAttempts
        self.uniqueKey = uniqueKey
        self.createdAt = createdAt
    }

    /// The payload decoded as `T`.
    public func decodePayload<T: Decodable>(as type: T.Type = T.self) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(payload.utf8))
    }

    /// Whether this is the last attempt the job gets.
    public var isLastAttempt: Bool { attempt >= maxAttempts }

    /// The lease fence: call it right before an effect that cannot be undone or is seen
    /// outside the database (sending an e-mail, posting a webhook, handing a letter to a
    /// printer), and do nothing irreversible if it throws.
    ///
    /// It passes only if this attempt still holds the job's lease and the lease lasts at least
    /// `margin` longer (one primary-key read of the job's row, on the queue's clock). Since a
    /// job changes hands only once its lease has expired, no other worker can hold the job
    /// until at least `margin` after the fence passed: start the effect at once, and choose a
    /// margin above the time it may take (the SMTP or HTTP timeout). Later effects need a
    /// fence of their own.
    ///
    /// - Parameter margin: by default the worker's (`JobWorkerConfiguration.fenceMargin`,
    ///   10 s). Keep it well below half the lease: heartbeats renew a lease only once half of
    ///   it is gone.
    /// - Throws: `CancellationError` if the attempt is cancelled (lease lost, operator cancel,
    ///   shutdown); `LeaseError.lost` if the lease is gone (the worker then records nothing for
    ///   this attempt); `LeaseError.expiring` if it expires within the margin; or the error
    ///   of the database read.
    public func fence(margin: Duration? = nil) async throws {
        try Task.checkCancellation()
        try await leaseFence(self, margin: margin)
        try Task.checkCancellation()
    }
}

extension ClaimedJob {
    /// Reads a row of `QueueSQL.claim`; `fence()` asks `fence`.
    init(row: PostgresRow, fence: LeaseFence = .alwaysHeld) throws {
        leaseFence = fence
        id = try row.decode(at: 0)
        let tenantName: String = try row.decode(at: 1)
        tenant = try TenantSlug(tenantName)
        kind = try row.decode(at: 2)
        payload = try row.decode(at: 3)
        priority = try row.decode(at: 4)
        attempt = Int(try row.decode(Int32.self, at: 5))
        maxAttempts = Int(try row.decode(Int32.self, at: 6))
        uniqueKey = try row.decode(at: 7)
        createdAt = try row.decode(at: 8)
        cancelRequested = try row.decode(at: 9)
    }
}
