import Foundation

/// How an attempt ended, waiting to be recorded by `QueueSQL.complete`.
struct Completion: Sendable {
    enum Outcome: String, Sendable {
        /// Done; the job moves to `finished_jobs`.
        case succeeded
        /// Given up; kept in `finished_jobs` with its error.
        case discarded
        /// Cancelled by an operator while it ran.
        case cancelled
        /// Failed; runs again at `runAt`.
        case failed
        /// Asked to run later; the attempt does not count.
        case snoozed
        /// Interrupted by the worker's shutdown; available again at once, the attempt does not count.
        case released
    }

    var id: Int64
    var attempt: Int
    var outcome: Outcome
    var runAt: Date?
    var error: String?

    /// `id * 1024 + attempt`: one number that fences a completion to its attempt
    /// (attempts never exceed 1000, a CHECK in the table).
    var fencingKey: Int64 { id * 1024 + Int64(attempt) }

    init(_ job: ClaimedJob, _ outcome: Outcome, runAt: Date? = nil, error: String? = nil) {
        id = job.id
        attempt = job.attempt
        self.outcome = outcome
        self.runAt = runAt
        self.error = error
    }
}
