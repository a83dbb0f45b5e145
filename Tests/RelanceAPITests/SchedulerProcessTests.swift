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

    /// The daily dunning run as deployed: two relance-scheduler replicas and a relance-worker,
    /// tenants on both sides of the date line, the leader killed with kill -9 midway. The
    /// processes read the database's clock, which a test cannot move a day, so the schedule
    /// fires every two seconds instead of at 07:00: each firing is one occurrence, as each
    /// day is one in production (the key names the occurrence, the run its local date).
    /// Each occurrence must be enqueued and run exactly once per tenant across the failover,
    /// each dated the tenant's own local day, and the reminders they record once in all.
    @Test func twoSchedulersWithTheLeaderKilledRunEachTenantsDunningOncePerOccurrence() async throws {
        try await TenancyFixture.with { (fixture: TenancyFixture) async throws in
            let zones = ["auckland": "Pacific/Auckland", "angeles": "America/Los_Angeles"]
            let database = TenantDatabase(pool: fixture.pool, rolePrefix: fixture.provisioner.rolePrefix)
            for (slug, zone) in zones {
                let tenant = try TenantSlug(slug)
                _ = try await fixture.provisioner.create(NewTenant(slug: tenant, displayName: slug, timeZone: zone), actor: "test")
                let today = CalendarDate(at: Date(), in: TimeZone(identifier: zone)!)
                try await database.withTransaction(tenant) { tx in
                    let customer = try await CustomerRepository().create(NewCustomer(name: "Martin SARL"), in: tx).id
                    _ = try await CustomerRepository().createContact(NewContact(customerID: customer, role: .billing, email: "compta@martin.fr"), in: tx)
                    // J+10 (the J+8 e-mail) and J+40 (the J+30 formal notice letter) on the tenant's today.
                    for (number, late) in [("A", 10), ("C", 40)] {
                        let due = today.adding(days: -late)!
                        _ = try await InvoiceRepository().create(NewInvoice(
                            customerID: customer, number: number, issueDate: due.adding(days: -30)!, dueDate: due,
                            lines: [.init(description: "Prestation", input: InvoiceLineInput(quantity: ScaledDecimal(units: 1, scale: 0),
                                                                                            unitPrice: 10_000, discountPercent: nil, taxRate: 0))],
                            issue: true), actor: "test", in: tx)
                    }
                }
            }
            let outbox = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("outbox-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: outbox) }
            var workerEnvironment = environment(databaseURL: fixture.configuration.connectionString, port: ScratchServer.freePort(), schedules: "")
            workerEnvironment["RELANCE_WORKER_PORT"] = String(ScratchServer.freePort())
            workerEnvironment["RELANCE_OUTBOX_DIR"] = outbox.path
            workerEnvironment["RELANCE_TENANT_ROLE_PREFIX"] = fixture.provisioner.rolePrefix
            workerEnvironment["RELANCE_QUEUE_POLL_MS"] = "100"
            let worker = try ChildProcess(product: "relance-worker", environment: workerEnvironment)
            let ports = [ScratchServer.freePort(), ScratchServer.freePort()]
            let schedulers = try ports.map { port in
                try ChildProcess(product: "relance-scheduler", environment: environment(
                    databaseURL: fixture.configuration.connectionString, port: port, schedules: "dunning.run@*/2 * * * * *"))
            }
            let output = { (schedulers + [worker]).map(\.output).joined(separator: "\n----\n") }
            /// Finished dunning.run jobs per tenant.
            func finished() async throws -> [String: Int] {
                var counts: [String: Int] = [:]
                for row in try await fixture.pool.query("""
                    SELECT tenant, count(*)::int8 FROM relance.finished_jobs WHERE kind = 'dunning.run' GROUP BY tenant
                    """) {
                    counts[try row.decode(String.self, at: 0)] = try row.decode(Int.self, at: 1)
                }
                return counts
            }

            var leader: Int?
            try #require(try await TestDatabase.eventually(timeout: .seconds(30)) {
                for (index, port) in ports.enumerated() where await Self.leads(port: port) {
                    leader = index
                    return true
                }
                return false
            }, "no scheduler became leader: \(output())")
            let first = try #require(leader)
            try #require(try await TestDatabase.eventually(timeout: .seconds(60)) {
                let counts = try await finished()
                return zones.keys.allSatisfy { counts[$0, default: 0] >= 2 }
            }, "no dunning run finished: \(output())")
            schedulers[first].signal(SIGKILL)
            #expect(await schedulers[first].waitForExit(timeout: .seconds(10)) == 128 + SIGKILL)
            let atKill = try await finished()
            try #require(try await TestDatabase.eventually(timeout: .seconds(30)) { await Self.leads(port: ports[1 - first]) },
                         "the standby never took over: \(output())")
            try #require(try await TestDatabase.eventually(timeout: .seconds(60)) {
                let counts = try await finished()
                return zones.keys.allSatisfy { counts[$0, default: 0] >= atKill[$0, default: 0] + 2 }
            }, "the new leader's runs did not finish: \(output())")
            schedulers[1 - first].signal(SIGTERM)
            #expect(await schedulers[1 - first].waitForExit(timeout: .seconds(15)) == 0, "\(output())")
            // Let the worker finish what the scheduler enqueued last (deliveries too), then stop it.
            #expect(try await TestDatabase.eventually(timeout: .seconds(30)) {
                try await fixture.count("SELECT count(*)::int8 FROM relance.jobs") == 0
            }, "\(output())")
            worker.signal(SIGTERM)
            #expect(await worker.waitForExit(timeout: .seconds(15)) == 0, "\(output())")

            // Each occurrence once per tenant, every run succeeded.
            let keys = try await Self.keys(fixture.pool)
            #expect(Set(keys).count == keys.count, "a key was enqueued twice: \(keys.sorted())")
            #expect(try await fixture.count("SELECT count(*)::int8 FROM relance.finished_jobs WHERE state <> 'succeeded'") == 0)
            for (slug, zone) in zones {
                let occurrences = try keys.filter { $0.hasPrefix("dunning.run:\(slug):") }.map(Self.occurrence)
                #expect(Set(occurrences).count == occurrences.count && occurrences.count >= 4, "\(slug): \(occurrences)")
                // Each run dated the tenant's local day of its occurrence; `runs` counts them all.
                let days = Dictionary(grouping: occurrences) { CalendarDate(at: $0, in: TimeZone(identifier: zone)!) }.mapValues(\.count)
                let recorded = try await fixture.pool.query("SELECT run_date, runs::int8 FROM \(qualified: "t_\(slug)", "dunning_runs")")
                    .map { (try $0.decode(CalendarDate.self, at: 0), try $0.decode(Int.self, at: 1)) }
                #expect(Dictionary(uniqueKeysWithValues: recorded) == days, "\(slug): runs \(recorded), occurrences \(days)")
                // However many runs, each invoice's step once: one e-mail (A) and one letter (C), each delivered once.
                let reminders = try await fixture.pool.query("""
                    SELECT channel || ':' || status FROM \(qualified: "t_\(slug)", "reminders") ORDER BY 1
                    """).map { try $0.decode(String.self, at: 0) }
                #expect(reminders == ["email:sent", "letter:sent"], "\(slug): \(reminders)")
                #expect(try await fixture.count("SELECT count(*)::int8 FROM \(qualified: "t_\(slug)", "dunning_steps")") == 2)
                let files = (try? FileManager.default.contentsOfDirectory(atPath: outbox.appendingPathComponent(slug).path)) ?? []
                #expect(files.count == 2, "\(slug): \(files)")
            }
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
