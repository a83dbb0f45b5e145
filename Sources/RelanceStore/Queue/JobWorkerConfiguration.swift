import Foundation
import RelanceCore

/// How a `JobWorker` claims and runs jobs.
public struct JobWorkerConfiguration: Sendable {
    /// Shown in the `workers` table and logs (e.g. the pod name).
    public var name: String
    /// Jobs run at once.
    public var concurrency: Int
    /// The most jobs one claim takes (a claim never takes more than the free slots).
    public var claimBatch: Int
    /// Per-kind limits on jobs of that kind running at once in this worker.
    public var kindLimits: [String: Int]
    /// The lease a claim takes; renewed by heartbeats while the job runs.
    public var lease: Duration
    /// How often the worker heartbeats and renews leases.
    public var heartbeat: Duration
    /// Without notifications, how often the worker looks for due jobs (also how late a job
    /// scheduled for later may start).
    public var pollInterval: Duration
    /// Completions wait at most this long to be recorded together.
    public var flushInterval: Duration
    /// Delays between failed attempts.
    public var backoff: RetryBackoff

    public init(
        name: String = ProcessInfo.processInfo.hostName, concurrency: Int = 16, claimBatch: Int = 200,
        kindLimits: [String: Int] = [:], lease: Duration = .seconds(60), heartbeat: Duration = .seconds(5),
        pollInterval: Duration = .seconds(1), flushInterval: Duration = .milliseconds(100), backoff: RetryBackoff = RetryBackoff()
    ) {
        precondition(concurrency >= 1 && claimBatch >= 1, "a worker needs at least one slot")
        self.name = name
        self.concurrency = concurrency
        self.claimBatch = claimBatch
        self.kindLimits = kindLimits
        self.lease = lease
        self.heartbeat = heartbeat
        self.pollInterval = pollInterval
        self.flushInterval = flushInterval
        self.backoff = backoff
    }
}
