/// Where a job is in its life. The first four live in the hot `jobs` table; the last three
/// in `finished_jobs`.
public enum JobState: String, Sendable, Codable, CaseIterable {
    /// Due later: waits for its `run_at`.
    case scheduled
    /// Due: waiting for a worker.
    case available
    /// Leased to a worker.
    case running
    /// An attempt failed; it runs again at `run_at`.
    case failed
    /// Finished successfully.
    case succeeded
    /// Given up: attempts exhausted, or the handler said the job cannot succeed.
    case discarded
    /// Cancelled by an operator.
    case cancelled

    /// Whether the job has ended (it lives in `finished_jobs`).
    public var isFinished: Bool {
        switch self {
        case .scheduled, .available, .running, .failed: false
        case .succeeded, .discarded, .cancelled: true
        }
    }
}
