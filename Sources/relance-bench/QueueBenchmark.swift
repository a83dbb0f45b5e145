import Foundation
import Logging
import Postgres
import RelanceCore
import RelanceStore
import Synchronization

/// `relance-bench queue`: the job queue's figures, comparable line for line with
/// `../shared/bench/queue-peer/run.sh` (same job count, same machine, same run).
///
/// - batched enqueue of `jobs` no-op jobs;
/// - drain of `jobs` no-op jobs by `workers` real `JobWorker`s (as many worker processes),
///   with the jobs spread over each of `tenants` (e.g. 10 and 10,000: the claim's cost must
///   not grow with the number of tenants);
/// - enqueue-to-start latency of single jobs on an idle worker;
/// - drain while another connection holds a snapshot open for `heldSeconds`;
/// - the hot table's size after a million jobs went through the queue.
enum QueueBenchmark {
    struct Settings {
        var jobs = 200_000
        var workers = 4
        var concurrency = 500
        var batch = 500
        var enqueueBatch = 5000
        var latencySamples = 300
        var heldSeconds = 60
        var million = 1_000_000
        /// Tenant counts to spread the enqueue and drain over, one run each (`--tenants 10,10000`).
        var tenants = [10]
        var peerResults: String?
    }

    static let kind = "bench.noop"

    /// Counts handler runs; the benchmark waits on it.
    final class NoopHandler: JobHandler {
        let kind = QueueBenchmark.kind
        let runs = Atomic<Int>(0)
        let starts = Mutex<[Int: ContinuousClock.Instant]>([:])
        let recordStarts = Atomic<Bool>(false)

        func run(_ job: ClaimedJob) async throws -> JobResult {
            if recordStarts.load(ordering: .relaxed), let sequence = Int(job.uniqueKey ?? "") {
                let now = ContinuousClock.now
                starts.withLock { $0[sequence] = now }
            }
            runs.add(1, ordering: .relaxed)
            return .completed
        }
    }

    static func run(_ settings: Settings, sqlDirectory: URL) async throws {
        guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty else {
            throw UsageError(message: "set DATABASE_URL to a database the benchmark may fill")
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
        let configuration = PostgresConfiguration(connectionString: url, applicationName: "relance-bench")
        let setup = try await PostgresConnection.connect(configuration: configuration)
        try await Migrator().migrate(try MigrationSet.load(from: sqlDirectory, scope: .control), schema: Migrator.controlSchema, on: setup)
        let pool = PostgresPool(connection: configuration, configuration: .init(size: 4, acquireTimeout: .seconds(60)))
        let queue = JobQueue(pool: pool)
        func slugs(_ count: Int) throws -> [TenantSlug] { try (0..<count).map { try TenantSlug("tenant\($0)") } }
        var tenants = try slugs(10)
        func jobs(_ count: Int, from start: Int = 0) throws -> [NewJob] {
            try (start..<(start + count)).map { try NewJob(tenant: tenants[$0 % tenants.count], kind: kind, payloadJSON: "{}") }
        }
        func reset() async throws {
            try await setup.execute("TRUNCATE relance.jobs, relance.finished_jobs, relance.workers")
            try await setup.execute("VACUUM ANALYZE relance.jobs")
        }
        print("# cores \(ProcessInfo.processInfo.activeProcessorCount); jobs \(settings.jobs); \(settings.workers) workers × concurrency \(settings.concurrency), claim batch \(settings.batch); tenants \(settings.tenants.map(String.init).joined(separator: ", "))")

        // 1. Batched enqueue, then 2. the drain with the real worker pool, for each tenant count.
        var enqueueRate = 0.0
        var drain = 0.0
        var drains: [(tenants: Int, rate: Double)] = []
        for count in settings.tenants {
            tenants = try slugs(count)
            let suffix = count == 10 ? "" : "_t\(count)"
            try await reset()
            let started = ContinuousClock.now
            for offset in stride(from: 0, to: settings.jobs, by: settings.enqueueBatch) {
                try await queue.enqueue(try jobs(min(settings.enqueueBatch, settings.jobs - offset), from: offset))
            }
            let rate = Double(settings.jobs) / seconds(since: started)
            print(String(format: "relance_enqueue_batch%d%@_jobs_per_s: %.0f", settings.enqueueBatch, suffix, rate))
            try await setup.execute("VACUUM ANALYZE relance.jobs")
            let drained = try await drainRate(configuration: configuration, settings: settings, pool: pool, expected: settings.jobs)
            print(String(format: "relance_drain_w%d_c%d_b%d%@_jobs_per_s: %.0f", settings.workers, settings.concurrency, settings.batch, suffix, drained))
            if drains.isEmpty { (enqueueRate, drain) = (rate, drained) }
            drains.append((count, drained))
        }
        if let fewest = drains.min(by: { $0.tenants < $1.tenants }), let most = drains.max(by: { $0.tenants < $1.tenants }),
           most.tenants > fewest.tenants {
            print(String(format: "ratio_drain_t%d_to_t%d: %.2f (target ≥ 0.80)", most.tenants, fewest.tenants, most.rate / fewest.rate))
        }
        tenants = try slugs(10)

        // 3. Idle enqueue-to-start latency.
        try await reset()
        let latencies = try await idleLatency(configuration: configuration, pool: pool, samples: settings.latencySamples, tenant: tenants[0])
        print(String(format: "relance_idle_enqueue_to_start_ms: p50=%.2f p90=%.2f p99=%.2f max=%.2f (%d samples)",
                     percentile(latencies, 0.50), percentile(latencies, 0.90), percentile(latencies, 0.99), latencies.max() ?? 0, latencies.count))

        // 4. Drain while a snapshot is held open.
        if settings.heldSeconds > 0 {
            try await reset()
            for offset in stride(from: 0, to: settings.jobs, by: settings.enqueueBatch) {
                try await queue.enqueue(try jobs(min(settings.enqueueBatch, settings.jobs - offset), from: offset))
            }
            try await setup.execute("VACUUM ANALYZE relance.jobs")
            let holder = try await PostgresConnection.connect(configuration: configuration)
            try await holder.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
            _ = try await holder.query("SELECT count(*) FROM relance.jobs")
            let (rate, done, elapsed) = try await drainWithLimit(configuration: configuration, settings: settings, pool: pool,
                                                                 expected: settings.jobs, limit: .seconds(settings.heldSeconds))
            try await holder.execute("ROLLBACK")
            await holder.close()
            print(String(format: "relance_drain_w%d_held_snapshot_jobs_per_s: %.0f", settings.workers, rate))
            print("#   (held snapshot: \(done) of \(settings.jobs) jobs done in \(String(format: "%.1f", elapsed)) s, limit \(settings.heldSeconds) s)")
        }

        // 5. A million jobs through the queue: enqueued in batches while the workers drain.
        if settings.million > 0 {
            try await reset()
            let before = try await relationSize(setup, "relance.jobs")
            let handler = NoopHandler()
            let workers = startWorkers(configuration: configuration, settings: settings, handler: handler)
            // As in relance-worker: the pruner keeps the hot table vacuumed.
            let pruner = Task { try await JobPruner(pool: pool).run() }
            defer { pruner.cancel() }
            let started = ContinuousClock.now
            // Paced like a steady producer: at most 20,000 jobs waiting at any time, so the
            // figure shows what a million jobs leave behind, not the size of a backlog.
            for offset in stride(from: 0, to: settings.million, by: settings.enqueueBatch) {
                while offset - handler.runs.load(ordering: .relaxed) > 20_000 { try await Task.sleep(for: .milliseconds(2)) }
                try await queue.enqueue(try jobs(min(settings.enqueueBatch, settings.million - offset), from: offset))
            }
            while handler.runs.load(ordering: .relaxed) < settings.million { try await Task.sleep(for: .milliseconds(20)) }
            try await waitForEmptyQueue(setup)
            let elapsed = seconds(since: started)
            await stop(workers)
            let hot = try await relationSize(setup, "relance.jobs")
            let finished = try await relationSize(setup, "relance.finished_jobs")
            print(String(format: "relance_million_jobs_s: %.1f (enqueued in batches, at most 20,000 waiting, while %d workers drained; %.0f jobs/s)",
                         elapsed, settings.workers, Double(settings.million) / elapsed))
            try await setup.execute("VACUUM relance.jobs")
            let vacuumed = try await relationSize(setup, "relance.jobs")
            print("relance_hot_table_bytes_after_million: \(hot) (with indexes; \(vacuumed) after a plain VACUUM; empty: \(before); finished_jobs: \(finished))")
        }

        if let path = settings.peerResults { try printRatios(peerResults: path, drain: drain, enqueue: enqueueRate) }
        await pool.close()
        await setup.close()
    }

    // MARK: - Drains

    private typealias RunningWorker = (worker: JobWorker, pool: PostgresPool, task: Task<Void, any Error>)

    private static func startWorkers(configuration: PostgresConfiguration, settings: Settings, handler: NoopHandler) -> [RunningWorker] {
        (0..<settings.workers).map { index in
            let pool = PostgresPool(connection: configuration, configuration: .init(size: 3, acquireTimeout: .seconds(60)))
            let worker = JobWorker(pool: pool, handlers: [handler],
                                   configuration: JobWorkerConfiguration(name: "bench-\(index)", concurrency: settings.concurrency,
                                                                         claimBatch: settings.batch))
            return (worker, pool, Task { try await worker.run() })
        }
    }

    private static func stop(_ workers: [RunningWorker]) async {
        for running in workers { running.task.cancel() }
        for running in workers {
            _ = try? await running.task.value
            await running.pool.close()
        }
    }

    private static func drainRate(configuration: PostgresConfiguration, settings: Settings, pool: PostgresPool, expected: Int) async throws -> Double {
        try await drainWithLimit(configuration: configuration, settings: settings, pool: pool, expected: expected, limit: .seconds(3600)).rate
    }

    /// Starts the workers, waits until `expected` jobs ran and were recorded (or `limit`
    /// passed), stops them; returns jobs/s, jobs done and seconds.
    private static func drainWithLimit(configuration: PostgresConfiguration, settings: Settings, pool: PostgresPool, expected: Int,
                                       limit: Duration) async throws -> (rate: Double, done: Int, seconds: Double) {
        let handler = NoopHandler()
        let started = ContinuousClock.now
        let workers = startWorkers(configuration: configuration, settings: settings, handler: handler)
        let deadline = started + limit
        while handler.runs.load(ordering: .relaxed) < expected && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        if handler.runs.load(ordering: .relaxed) >= expected {
            try await pool.withConnection { try await waitForEmptyQueue($0) }
        }
        let elapsed = seconds(since: started)
        await stop(workers)
        let done = try await pool.query("SELECT count(*) FROM relance.finished_jobs")[0].decode(Int.self, at: 0)
        return (Double(done) / elapsed, done, elapsed)
    }

    private static func waitForEmptyQueue(_ connection: PostgresConnection) async throws {
        while try await connection.query("SELECT EXISTS (SELECT 1 FROM relance.jobs)")[0].decode(Bool.self, at: 0) {
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    // MARK: - Latency

    /// Enqueues one job at a time (autocommit, as a request would) on an idle worker and
    /// measures the time from sending the INSERT to the handler starting.
    private static func idleLatency(configuration: PostgresConfiguration, pool: PostgresPool, samples: Int, tenant: TenantSlug) async throws -> [Double] {
        let handler = NoopHandler()
        handler.recordStarts.store(true, ordering: .relaxed)
        let workerPool = PostgresPool(connection: configuration, configuration: .init(size: 3))
        let worker = JobWorker(pool: workerPool, handlers: [handler], configuration: JobWorkerConfiguration(name: "bench-latency", concurrency: 10))
        let task = Task { try await worker.run() }
        defer { task.cancel() }
        let queue = JobQueue(pool: pool)
        // Warm up: the worker listens, connections are open.
        for sequence in 0..<20 {
            try await queue.enqueue([try NewJob(tenant: tenant, kind: kind, payloadJSON: "{}", uniqueKey: "w\(sequence)")])
            while handler.runs.load(ordering: .relaxed) <= sequence { try await Task.sleep(for: .milliseconds(1)) }
        }
        var latencies: [Double] = []
        for sequence in 0..<samples {
            try await Task.sleep(for: .milliseconds(20))  // idle between jobs
            let sent = ContinuousClock.now
            try await queue.enqueue([try NewJob(tenant: tenant, kind: kind, payloadJSON: "{}", uniqueKey: String(sequence))])
            var start: ContinuousClock.Instant?
            while start == nil {
                start = handler.starts.withLock { $0[sequence] }
                if start == nil { try await Task.sleep(for: .microseconds(200)) }
            }
            latencies.append((start! - sent) / .microseconds(1) / 1000)
        }
        task.cancel()
        _ = try? await task.value
        await workerPool.close()
        return latencies
    }

    // MARK: - Figures

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        (ContinuousClock.now - start) / .milliseconds(1) / 1000
    }

    private static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)]
    }

    private static func relationSize(_ connection: PostgresConnection, _ name: String) async throws -> Int64 {
        try await connection.query("SELECT pg_total_relation_size($1::text::regclass)", [name])[0].decode(Int64.self, at: 0)
    }

    /// Reads `name: value` lines of queue-peer's run.sh and prints the ratios the issue asks for.
    private static func printRatios(peerResults path: String, drain: Double, enqueue: Double) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var figures: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, let value = Double(parts[1].trimmingCharacters(in: .whitespaces).prefix { $0.isNumber || $0 == "." }) {
                figures[String(parts[0])] = value
            }
        }
        if let ceiling = figures["sql_skiplocked_claim_b100_c4_jobs_per_s"] {
            print(String(format: "ratio_drain_to_sql_ceiling: %.2f (ceiling %.0f jobs/s; target ≥ 0.70)", drain / ceiling, ceiling))
        }
        if let pgqueuer = figures.filter({ $0.key.hasPrefix("pgqueuer_drain") }).map(\.value).max() {
            print(String(format: "ratio_drain_to_pgqueuer: %.2f (PgQueuer's best drain %.0f jobs/s; target ≥ 3)", drain / pgqueuer, pgqueuer))
        }
        if let sqlBatch = figures.first(where: { $0.key.hasPrefix("sql_enqueue_batch") })?.value {
            print(String(format: "ratio_enqueue_to_sql_one_statement: %.2f (plain INSERT … SELECT %.0f jobs/s)", enqueue / sqlBatch, sqlBatch))
        }
    }
}
