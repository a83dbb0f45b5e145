import Foundation
import Postgres
import RelanceAPI
import RelanceCore
import RelanceStore
import RelanceTestSupport
import Testing

/// relance-scheduler as operators run it: several replicas, one leader, failover by kill -9,
/// and `RELANCE_SCHEDULES` read and validated at start.
@Suite struct SchedulerProcessTests {
    var sqlDirectory: String {
        ProcessInfo.processInfo.environment["RELANCE_SQL_DIR"]
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../sql").standardized.path
    }

    func environment(databaseURL: String, port: Int, schedules: String) -> [String: String] {
        [
            "DATABASE_URL": databaseURL,
            "RELANCE_HOST": "127.0.0.1",
            "RELANCE_SQL_DIR": sqlDirectory,
            "RELANCE_SCHEDULER_PORT": String(port),
            "RELANCE_SCHEDULES": schedules,
            "RELANCE_SCHEDULER_TICK_MS": "100",
            "RELANCE_SHUTDOWN_GRACE_SECONDS": "10",
        ]
    }

    /// Whether the scheduler on `port` reports `relance_scheduler_leader 1` on /metrics.
    static func leads(port: Int) async -> Bool {
        guard let metrics = await HTTPProbe.get("http://127.0.0.1:\(port)/metrics"), metrics.status == 200 else { return false }
        return metrics.body.split(separator: "\n").contains { line in
            let fields = line.split(separator: " ")
            return fields.count == 2 && fields[0] == "relance_scheduler_leader" && Double(fields[1]) == 1
        }
    }

    /// Unique keys of every job enqueued so far (nobody runs them here, but count both tables).
    static func keys(_ pool: PostgresPool) async throws -> [String] {
        try await pool.query("""
            SELECT unique_key FROM relance.jobs UNION ALL SELECT unique_key FROM relance.finished_jobs
            """).map { try $0.decode(String.self, at: 0) }
    }

    /// The occurrence a key names: `<schedule>:<tenant>:<local ISO 8601 with offset>`.
    static func occurrence(_ key: String) throws -> Date {
        let parts = key.split(separator: ":", maxSplits: 2)
        try #require(parts.count == 3, "key \(key)")
        return try Date(String(parts[2]), strategy: .iso8601)
    }

    @Test func aStandbyTakesOverAfterKill9AndNoOccurrenceIsEnqueuedTwice() async throws {
        try await TenancyFixture.with { (fixture: TenancyFixture) async throws in
            _ = try await fixture.provisioner.create(NewTenant(slug: try TenantSlug("probe_shop"), displayName: "Probe"), actor: "test")
            let ports = [ScratchServer.freePort(), ScratchServer.freePort()]
            let schedulers = try ports.map { port in
                try ChildProcess(product: "relance-scheduler", environment: environment(
                    databaseURL: fixture.configuration.connectionString, port: port, schedules: "relance.probe@* * * * * *"))
            }
            let output = { schedulers.map(\.output).joined(separator: "\n----\n") }

            var leader: Int?
            let elected = try await TestDatabase.eventually(timeout: .seconds(30)) {
                for (index, port) in ports.enumerated() where await Self.leads(port: port) {
                    leader = index
                    return true
                }
                return false
            }
            try #require(elected, "no scheduler became leader: \(output())")
            let first = try #require(leader)
            let standby = 1 - first
            #expect(await !Self.leads(port: ports[standby]), "two leaders at once")
            try #require(try await TestDatabase.eventually(timeout: .seconds(30)) { try await Self.keys(fixture.pool).count >= 3 },
                         "the leader enqueued nothing: \(output())")

            schedulers[first].signal(SIGKILL)
            #expect(await schedulers[first].waitForExit(timeout: .seconds(10)) == 128 + SIGKILL)
            let beforeKill = try await Self.keys(fixture.pool)
            let lastBeforeKill = try #require(try beforeKill.map(Self.occurrence).max())

            try #require(try await TestDatabase.eventually(timeout: .seconds(30)) { await Self.leads(port: ports[standby]) },
                         "the standby never took over: \(output())")
            try #require(try await TestDatabase.eventually(timeout: .seconds(30)) {
                try await Self.keys(fixture.pool).count >= beforeKill.count + 3
            }, "the new leader enqueued nothing: \(output())")

            schedulers[standby].signal(SIGTERM)
            #expect(await schedulers[standby].waitForExit(timeout: .seconds(15)) == 0, "\(schedulers[standby].output)")
            #expect(schedulers[standby].output.contains("became leader"))

            let keys = try await Self.keys(fixture.pool)
            #expect(Set(keys).count == keys.count, "a key was enqueued twice: \(keys.sorted())")
            let occurrences = try keys.map(Self.occurrence)
            #expect(Set(occurrences).count == occurrences.count, "an occurrence was enqueued twice: \(keys.sorted())")
            #expect(keys.allSatisfy { $0.hasPrefix("relance.probe:probe_shop:") }, "\(keys)")
            #expect(try #require(occurrences.max()) > lastBeforeKill, "occurrences continue after the kill")
            let kinds = try await fixture.pool.query("SELECT DISTINCT kind, tenant FROM relance.jobs")
            #expect(try kinds.map { "\(try $0.decode(String.self, at: 0))/\(try $0.decode(String.self, at: 1))" } == ["relance.probe/probe_shop"])
        }
    }

    @Test func invalidSchedulesStopTheSchedulerAtStartNamingEachEntry() async throws {
        let env = environment(databaseURL: "postgres://relance@127.0.0.1:1/relance", port: ScratchServer.freePort(),
                              schedules: "relance.probe@*/5 * * * *;Bad Kind@* * * * *;report.weekly@0 7 * * 9")
        let scheduler = try ChildProcess(product: "relance-scheduler", environment: env)
        #expect(await scheduler.waitForExit(timeout: .seconds(15)) == 2)
        let output = scheduler.output
        #expect(output.contains("RELANCE_SCHEDULES=\"Bad Kind@* * * * *\""), "\(output)")
        #expect(output.contains("RELANCE_SCHEDULES=\"report.weekly@0 7 * * 9\""), "\(output)")
        #expect(output.contains("day-of-week"), "\(output)")
        #expect(!output.contains("relance.probe@"), "\(output)")
    }
}

/// `RELANCE_SCHEDULES` parsing (SchedulerSettings).
@Suite struct SchedulerSettingsTests {
    func settings(_ schedules: String?) throws(SettingsError) -> SchedulerSettings {
        var environment = ["DATABASE_URL": "postgres://relance@127.0.0.1/relance"]
        environment["RELANCE_SCHEDULES"] = schedules
        return try Settings(environment: environment, applicationName: "test").scheduler
    }

    @Test func theDailyDunningRunByDefaultAndNothingWhenSetEmpty() throws {
        let defaults = try settings(nil).schedules
        #expect(defaults.map(\.kind) == ["dunning.run"])
        #expect(defaults.map(\.cron.expression) == ["0 7 * * *"])
        #expect(try settings("").schedules.isEmpty)
        #expect(try settings(" ; ").schedules.isEmpty)
    }

    @Test func entriesAreKindAtCron() throws {
        let schedules = try settings("relance.probe@*/5 * * * *; report.weekly @ 0 7 * * 1;").schedules
        #expect(schedules.map(\.name) == ["relance.probe", "report.weekly"])
        #expect(schedules.map(\.kind) == ["relance.probe", "report.weekly"])
        #expect(schedules.map(\.cron.expression) == ["*/5 * * * *", "0 7 * * 1"])
        #expect(schedules.allSatisfy { $0.priority == 2 })
    }

    @Test(arguments: ["relance.probe", "@* * * * *", "Probe@* * * * *", "relance.probe@* * *", "relance.probe@61 * * * *",
                      "a@* * * * *;a@0 * * * *"])
    func invalidEntriesAreReported(text: String) {
        do {
            _ = try settings(text)
            Issue.record("accepted RELANCE_SCHEDULES=\(text)")
        } catch {
            #expect(error.problems.count == 1, "\(error)")
            #expect(error.problems.allSatisfy { $0.variable == "RELANCE_SCHEDULES" }, "\(error)")
        }
    }
}
