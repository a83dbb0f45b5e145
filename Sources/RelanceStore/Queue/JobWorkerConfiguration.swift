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
    /// How long a lease must still last for `ClaimedJob.fence()` to pass: the time an effect
    /// started right after the fence has before another worker could hold the job. By default
    /// 10 s, or a quarter of the lease if that is shorter. Keep it below half the lease minus a
    /// heartbeat, or fences fail between renewals (a lease is renewed once half of it is gone).
    public var fenceMargin: Duration

    public init(
        name: String = ProcessInfo.processInfo.hostName, concurrency: Int = 16, claimBatch: Int = 200,
        kindLimits: [String: Int] = [:], lease: Duration = .seconds(60), heartbeat: Duration = .seconds(5),
        pollInterval: Duration = .seconds(1), flushInterval: Duration = .milliseconds(100), backoff: RetryBackoff = RetryBackoff(),
        fenceMargin: Duration? = nil
    ) {
        precondition(concurrency >= 1 && claimBatch >= 1, "a worker needs at least one slot")
        let fenceMargin = fenceMargin ?? min(.seconds(10), lease / 4)
        precondition(fenceMargin >= .zero && fenceMargin < lease / 2, "the fence margin must be below half the lease")
        self.name = name
        self.concurrency = concurrency
        self.claimBatch = claimBatch
        self.kindLimits = kindLimits
        self.lease = lease
        self.heartbeat = heartbeat
        self.pollInterval = pollInterval
        self.flushInterval = flushInterval
        self.backoff = backoff
        self.fenceMargin = fenceMargin
    }
}
