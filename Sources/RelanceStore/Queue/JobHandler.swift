import Foundation

/// Runs the jobs of one kind.
///
/// A handler must be idempotent: a job may run more than once (its worker died after the
/// work but before recording it), so running it twice must change nothing more than once.
/// The task is cancelled when an operator cancels the job or the worker's shutdown grace
/// period ends; a handler that throws `CancellationError` then ends the attempt cleanly.
public protocol JobHandler: Sendable {
    /// The kind of job it runs, e.g. `dunning.run`.
    var kind: String { get }
    /// Runs one attempt. Throwing fails the attempt: it is retried with backoff, or discarded
    /// when it was the last one.
    func run(_ job: ClaimedJob) async throws -> JobResult
}

/// What a handler says about an attempt.
public enum JobResult: Sendable, Equatable {
    /// Done.
    case completed
    /// Failed, run again after `delay` (or after the usual backoff when `nil`); counts as an
    /// attempt, so the job is discarded when none remain.
    case retry(reason: String, after: Duration? = nil)
    /// Cannot succeed: stop now and keep it for inspection.
    case discard(reason: String)
    /// Not yet: run again at `until`, without counting this attempt.
    case snooze(until: Date)
}
