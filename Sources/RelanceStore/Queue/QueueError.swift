/// What the job queue reports.
public enum QueueError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A job to enqueue breaks a rule (kind, priority, attempts, unique key, payload).
    case invalidJob(String)
    /// No job with this id (in either table).
    case jobNotFound(Int64)
    /// The operation does not apply to a job in this state (e.g. retrying a running job).
    case invalidState(id: Int64, state: JobState, operation: String)
    /// Retrying would collide with an unfinished job holding the same unique key.
    case uniqueKeyTaken(id: Int64, uniqueKey: String)

    public var description: String {
        switch self {
        case .invalidJob(let reason): "invalid job: \(reason)"
        case .jobNotFound(let id): "job \(id) not found"
        case .invalidState(let id, let state, let operation): "job \(id) is \(state.rawValue); cannot \(operation) it"
        case .uniqueKeyTaken(let id, let key): "job \(id) cannot be retried: an unfinished job holds its unique key \"\(key)\""
        }
    }
}
