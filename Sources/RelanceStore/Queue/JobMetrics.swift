import Metrics
import Synchronization

/// The queue's metrics (names in docs/operations.md). Metric objects are created once per
/// label set and reused: a worker may finish tens of thousands of jobs a second.
final class JobMetrics: Sendable {
    static let shared = JobMetrics()

    private let durations = Mutex<[String: Metrics.Timer]>([:])
    private let finished = Mutex<[String: Counter]>([:])
    private let failures = Mutex<[String: Counter]>([:])
    let claimDuration = Metrics.Timer(label: "relance_jobs_claim_duration_seconds")
    let claimed = Counter(label: "relance_jobs_claimed_total")
    let fenced = Counter(label: "relance_jobs_completions_refused_total")
    let leaseLost = Counter(label: "relance_jobs_lease_lost_total")
    let rescued = Counter(label: "relance_jobs_rescued_total")
    let pruned = Counter(label: "relance_jobs_pruned_total")
    let running = Gauge(label: "relance_jobs_running")

    func duration(kind: String) -> Metrics.Timer {
        durations.withLock { cache in
            if let timer = cache[kind] { return timer }
            let timer = Metrics.Timer(label: "relance_job_duration_seconds", dimensions: [("kind", kind)])
            cache[kind] = timer
            return timer
        }
    }

    func finished(kind: String, outcome: String) -> Counter {
        finished.withLock { cache in
            let key = kind + "\u{0}" + outcome
            if let counter = cache[key] { return counter }
            let counter = Counter(label: "relance_jobs_finished_total", dimensions: [("kind", kind), ("outcome", outcome)])
            cache[key] = counter
            return counter
        }
    }

    func failure(kind: String) -> Counter {
        failures.withLock { cache in
            if let counter = cache[kind] { return counter }
            let counter = Counter(label: "relance_jobs_failures_total", dimensions: [("kind", kind)])
            cache[kind] = counter
            return counter
        }
    }
}
