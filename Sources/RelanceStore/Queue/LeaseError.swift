import Foundation

/// Why the lease fence (`ClaimedJob.fence()`) refused an irreversible effect.
public enum LeaseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// This attempt no longer holds the job: its lease expired and the job was rescued (and
    /// perhaps claimed by another worker), or it already finished. The handler must not act;
    /// its worker cancels it and records nothing for this attempt.
    case lost(jobID: Int64, attempt: Int)
    /// The lease is still held but expires at `expiresAt`, within the fence's `margin`: too soon
    /// to start an effect that another worker might repeat once the lease is gone (heartbeats
    /// are behind). The attempt fails and is retried with backoff.
    case expiring(jobID: Int64, attempt: Int, expiresAt: Date, margin: Duration)

    public var description: String {
        switch self {
        case .lost(let id, let attempt):
            "job \(id) attempt \(attempt): lease lost (the job was rescued from this worker)"
        case .expiring(let id, let attempt, let expiresAt, let margin):
            "job \(id) attempt \(attempt): lease expires at \(expiresAt), within the fence margin of \(margin)"
        }
    }
}
