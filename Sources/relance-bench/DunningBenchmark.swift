import Foundation
import Postgres
import RelanceCore
import RelanceJobs
import RelanceStore
import Synchronization

/// `relance-bench dunning`: the daily run of every loaded receivables tenant (1,000 × 100
/// customers × 10 open invoices after `relance-bench receivables load`) through the real
/// queue and worker, until every reminder is recorded and every delivery job enqueued.
///
/// Before it (not timed): each customer gets a billing contact (so e-mail steps go out), and
/// the dunning state of earlier runs is cleared (reminders, tasks, steps, runs, formal notice
/// and collection dates; `reminder.deliver` jobs). Then one `dunning.run` job per tenant for
/// `--as-of`, and `--workers` worker processes' worth of `JobWorker`s (`--concurrency` slots
/// each) run them. Prints the wall time, per-tenant p50/p99/max, what was recorded, and the
/// delivery jobs enqueued; the delivery jobs are deleted afterwards.
struct DunningBenchmark {
    struct Settings: Sendable {
        var tenants = 1000
        var asOf = CalendarDate(year: 2026, month: 12, day: 3)!
        var workers = 1
        var concurrency = 8
    }

    let settings: Settings

    /// Times each run of the real handler.
    final class TimedHandler: JobHandler, Sendable {
        let inner: DunningRunHandler
        let durations = Mutex<[Double]>([])
        var kind: String { inner.kind }
        init(_ inner: DunningRunHandler) { self.inner = inner }
        func run(_ job: ClaimedJob) async throws -> JobResult {
            let started = ContinuousClock.now
            let result = try await inner.run(job)
            let elapsed = Throughput.milliseconds(ContinuousClock.now - started)
            durations.withLock { $0.append(elapsed) }
            return result
        }
    }

    func run() async throws {
        let configuration = try ReceivablesBenchmark.configuration()
        let pool = PostgresPool(connection: configuration, configuration: .init(size: 4))
        let database = TenantDatabase(pool: pool, rolePrefix: ReceivablesBenchmark.rolePrefix)
        let loaded = try await pool.query("SELECT n FROM public.bench_receivables WHERE n BETWEEN 1 AND $1 AND loaded_at IS NOT NULL ORDER BY n",
                                          [settings.tenants]).map { try $0.decode(Int.self, at: 0) }
        guard !loaded.isEmpty else { throw UsageError(message: "no loaded tenants: run relance-bench receivables load first") }
        print("dunning: preparing \(loaded.count) tenants (billing contacts, earlier dunning state cleared)")
        let prepared = ContinuousClock.now
        try await pool.query("DELETE FROM relance.jobs WHERE kind IN ('dunning.run', 'reminder.deliver')")
        for n in loaded {
            try await database.withTransaction(try ReceivablesBenchmark.slug(n)) { tx in
                try await tx.query("""
                    INSERT INTO contacts (id, customer_id, role, name, email, is_primary)
                    SELECT gen_random_uuid(), c.id, 'billing', 'Comptabilité', 'compta+' || c.id || '@example.com', true FROM customers c
                    WHERE NOT EXISTS (SELECT 1 FROM contacts k WHERE k.customer_id = c.id AND k.role = 'billing')
                    """)
                try await tx.query("DELETE FROM dunning_steps")
                try await tx.query("DELETE FROM reminder_items")
                try await tx.query("DELETE FROM plan_reminders")
                try await tx.query("DELETE FROM reminders")
                try await tx.query("DELETE FROM tasks")
                try await tx.query("DELETE FROM dunning_runs")
                try await tx.query("UPDATE invoices SET formal_notice_on = NULL WHERE formal_notice_on IS NOT NULL")
                try await tx.query("UPDATE customers SET in_collection_on = NULL, blocked_on = NULL WHERE in_collection_on IS NOT NULL OR blocked_on IS NOT NULL")
            }
        }
        try await pool.query("VACUUM ANALYZE")
        print(String(format: "  prepared in %.1f s", Throughput.milliseconds(ContinuousClock.now - prepared) / 1000))
        let open = try await pool.query("SELECT sum(n_live_tup)::int8 FROM pg_stat_user_tables WHERE relname = 'invoices'")[0].decode(Int64?.self, at: 0) ?? 0

        let handler = TimedHandler(DunningRunHandler(database: database))
        let jobs = try loaded.map { n in
            try NewJob(tenant: try ReceivablesBenchmark.slug(n), kind: DunningRunHandler.kind, payload: ["as_of": settings.asOf.description])
        }
        let started = ContinuousClock.now
        _ = try await JobQueue(pool: pool).enqueue(jobs)
        let workers = (0..<settings.workers).map { index in
            let workerPool = PostgresPool(connection: configuration, configuration: .init(size: settings.concurrency + 2, acquireTimeout: .seconds(120)))
            let workerDatabase = TenantDatabase(pool: workerPool, rolePrefix: ReceivablesBenchmark.rolePrefix)
            let worker = JobWorker(pool: workerPool, handlers: [index == 0 ? handler : TimedHandler(DunningRunHandler(database: workerDatabase))],
                                   configuration: JobWorkerConfiguration(name: "bench-dunning-\(index)", concurrency: settings.concurrency,
                                                                         claimBatch: settings.concurrency, pollInterval: .milliseconds(20)))
            return (workerPool, Task { try await worker.run() })
        }
        while try await pool.query("SELECT count(*)::int8 FROM relance.jobs WHERE kind = 'dunning.run'")[0].decode(Int64.self, at: 0) > 0 {
            try await Task.sleep(for: .milliseconds(20))
        }
        let wall = Throughput.milliseconds(ContinuousClock.now - started) / 1000
        for (_, task) in workers { task.cancel() }
        for (workerPool, task) in workers { _ = try? await task.value; await workerPool.close() }

        var reminders: Int64 = 0, tasks: Int64 = 0, steps: Int64 = 0
        for n in loaded {
            let row = try await database.withTransaction(try ReceivablesBenchmark.slug(n)) { tx in
                try await tx.query("SELECT (SELECT count(*) FROM reminders)::int8, (SELECT count(*) FROM tasks)::int8, (SELECT count(*) FROM dunning_steps)::int8")[0]
            }
            reminders += try row.decode(Int64.self, at: 0)
            tasks += try row.decode(Int64.self, at: 1)
            steps += try row.decode(Int64.self, at: 2)
        }
        let delivery = try await pool.query("SELECT count(*)::int8 FROM relance.jobs WHERE kind = 'reminder.deliver'")[0].decode(Int64.self, at: 0)
        let failed = try await pool.query("SELECT count(*)::int8 FROM relance.finished_jobs WHERE kind = 'dunning.run' AND state <> 'succeeded' AND finished_at >= now() - interval '1 hour'")[0].decode(Int64.self, at: 0)
        let durations = handler.durations.withLock { $0 }.sorted()
        print(String(format: "dunning_run_wall_s: %.1f (%d tenants, %d open invoices, as_of %@, %d worker × %d slots)",
                     wall, loaded.count, open, settings.asOf.description, settings.workers, settings.concurrency))
        print(String(format: "dunning_run_tenant_ms: p50=%.1f p99=%.1f max=%.1f (%d runs timed in worker 0)",
                     ReceivablesBenchmark.percentile(durations, 0.5), ReceivablesBenchmark.percentile(durations, 0.99), durations.last ?? 0,
                     durations.count))
        print("dunning_run_recorded: reminders=\(reminders) tasks=\(tasks) steps=\(steps) delivery_jobs_enqueued=\(delivery) failed_runs=\(failed)")
        try await pool.query("DELETE FROM relance.jobs WHERE kind = 'reminder.deliver'")
        await pool.close()
    }
}
