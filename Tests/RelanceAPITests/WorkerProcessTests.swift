import Foundation
import Postgres
import RelanceCore
import RelanceStore
import RelanceTestSupport
import Testing

/// The worker as it runs in production: a separate process, killed without warning.
@Suite struct WorkerProcessTests {
    private func environment(_ databaseURL: String, port: Int) -> [String: String] {
        [
            "DATABASE_URL": databaseURL,
            "RELANCE_HOST": "127.0.0.1",
            "RELANCE_SQL_DIR": ProcessInfo.processInfo.environment["RELANCE_SQL_DIR"]
                ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../sql").standardized.path,
            "RELANCE_WORKER_PORT": String(port),
            "RELANCE_WORKER_CONCURRENCY": "40",
            "RELANCE_WORKER_HEARTBEAT_SECONDS": "1",
            "RELANCE_WORKER_DEAD_AFTER_SECONDS": "3",
            "RELANCE_JOB_LEASE_SECONDS": "6",  // a killed worker's jobs wait for their lease to expire
            "RELANCE_QUEUE_POLL_MS": "200",
            "RELANCE_SHUTDOWN_GRACE_SECONDS": "10",
            "RELANCE_LOG_LEVEL": "warning",
        ]
    }

    @Test func killingAWorkerMidBatchLosesNoJobAndFinishesEachExactlyOnce() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            let url = configuration.connectionString
            let migrate = try ChildProcess(product: "relance", arguments: ["migrate"], environment: environment(url, port: 1))
            #expect(await migrate.waitForExit(timeout: .seconds(60)) == 0, "\(migrate.output)")
            let pool = PostgresPool(connection: configuration, configuration: .init(size: 2))
            defer { Task { await pool.close() } }
            func count(_ sql: PostgresQuery) async throws -> Int { try await pool.query(sql)[0].decode(Int.self, at: 0) }

            // 600 probes: most take 100 ms, every 30th takes 3 s. A worker running 40 at once needs
            // a few seconds. The slow ones make sure the kill finds jobs whose handlers are still
            // running, which no round in flight at the kill can have completed.
            let tenant = try TenantSlug("acme")
            let jobs = try (0..<600).map { index in
                try NewJob(tenant: tenant, kind: "relance.probe", payloadJSON: index % 30 == 0 ? #"{"delay_ms": 3000}"# : #"{"delay_ms": 100}"#)
            }
            let ids = try await JobQueue(pool: pool).enqueue(jobs)
            #expect(ids.count == 600)

            let first = try ChildProcess(product: "relance-worker", environment: environment(url, port: ScratchServer.freePort()))
            // Mid-batch: some jobs finished, others running, slow ones among them.
            #expect(try await TestDatabase.eventually(timeout: .seconds(60)) {
                let finished = try await count("SELECT count(*) FROM relance.finished_jobs")
                let running = try await count("SELECT count(*) FROM relance.jobs WHERE state = 'running'")
                let slow = try await count("SELECT count(*) FROM relance.jobs WHERE state = 'running' AND payload->>'delay_ms' = '3000'")
                return finished >= 100 && running >= 20 && slow >= 1
            }, "\(first.output)")
            let workerBackends: PostgresQuery = """
                SELECT count(*) FROM pg_stat_activity
                 WHERE datname = current_database() AND application_name LIKE 'relance-worker%'
                """
            #expect(try await count(workerBackends) >= 1)
            first.signal(SIGKILL)
            #expect(await first.waitForExit(timeout: .seconds(10)) != nil)
            // A round the worker sent before it died may still commit: count the orphans once its
            // backends have noticed and gone.
            #expect(try await TestDatabase.eventually { try await count(workerBackends) == 0 })
            let orphaned = try await count("SELECT count(*) FROM relance.jobs WHERE state = 'running'")
            #expect(orphaned >= 1, "the killed worker left jobs running")

            let second = try ChildProcess(product: "relance-worker", environment: environment(url, port: ScratchServer.freePort()))
            #expect(try await TestDatabase.eventually(timeout: .seconds(90)) {
                try await count("SELECT count(*) FROM relance.finished_jobs") == 600
            }, "\(second.output)")
            second.signal(SIGTERM)
            #expect(await second.waitForExit(timeout: .seconds(20)) == 0, "\(second.output)")

            // Each job finished exactly once, successfully; the orphans on a second attempt.
            let finished = try await pool.query("SELECT id, state, attempt FROM relance.finished_jobs ORDER BY id")
            let finishedIDs = try finished.map { try $0.decode(Int64.self, at: 0) }
            #expect(finishedIDs == ids.sorted())
            #expect(try finished.allSatisfy { try $0.decode(String.self, at: 1) == "succeeded" })
            let retried = try finished.filter { try $0.decode(Int32.self, at: 2) == 2 }.count
            #expect(retried >= orphaned, "rescued jobs ran again (\(retried) on attempt 2, \(orphaned) orphaned)")
            #expect(try await count("SELECT count(*) FROM relance.jobs") == 0)
            #expect(try await count("SELECT count(*) FROM relance.workers") == 0, "the dead worker's row was removed")
        }
    }
}
