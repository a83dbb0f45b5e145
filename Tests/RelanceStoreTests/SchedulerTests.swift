import Foundation
import Logging
import Postgres
import RelanceCore
import RelanceStore
import RelanceTestSupport
import ServiceLifecycle
import Testing

/// The scheduler against a real PostgreSQL: the fence in `schedule_runs`, tenant time zones,
/// and the advisory-lock election. Time is a `ManualClock`; nothing sleeps to wait for work.
@Suite struct SchedulerTests {
    /// Every day at 06:00 local.
    static func daily() throws -> Schedule { Schedule(cron: try CronSchedule("0 6 * * *"), kind: "test.daily") }

    static func instant(_ text: String) throws -> Date { try Date(text, strategy: .iso8601) }

    func onboard(_ fixture: TenancyFixture, _ slugs: [String], zone: String = "Europe/Paris") async throws {
        for slug in slugs {
            _ = try await fixture.provisioner.create(NewTenant(slug: try TenantSlug(slug), displayName: slug, timeZone: zone), actor: "test")
        }
    }

    /// Unique keys of every job ever enqueued (unfinished or finished), sorted.
    func keys(_ fixture: TenancyFixture, tenant: String? = nil) async throws -> [String] {
        try await fixture.pool.query("""
            SELECT unique_key FROM (SELECT tenant, unique_key FROM relance.jobs
                                    UNION ALL SELECT tenant, unique_key FROM relance.finished_jobs) j
             WHERE $1::text IS NULL OR tenant = $1::text ORDER BY unique_key
            """, [tenant]).map { try $0.decode(String.self, at: 0) }
    }

    @Test func ticksRacingOnTheSameOccurrencesEnqueueEachOnce() async throws {
        try await TenancyFixture.with { (fixture: TenancyFixture) async throws in
            let tenants = ["race_a", "race_b", "race_c"]
            try await onboard(fixture, tenants)
            let clock = ManualClock(try Self.instant("2026-06-01T10:00:00Z"))
            // Four runners on their own connections, as four leaders would be.
            let pool = PostgresPool(connection: fixture.configuration, configuration: .init(size: 4))
            let runner = ScheduleRunner(pool: pool, schedules: [try Self.daily(), Schedule(cron: try CronSchedule("*/10 * * * *"), kind: "test.often")],
                                        clock: .manual(clock))
            for round in 0..<12 {
                let enqueued = try await withThrowingTaskGroup(of: Int.self) { group in
                    for _ in 0..<4 { group.addTask { try await runner.tick() } }
                    return try await group.reduce(0, +)
                }
                // Every round is a new day (daily) and a new ten minutes (often): 2 jobs per tenant.
                #expect(enqueued == 2 * tenants.count, "round \(round) at \(clock.now)")
                clock.advance(by: .seconds(86_400 + 600))
            }
            await pool.close()
            let all = try await keys(fixture)
            #expect(all.count == 12 * 2 * tenants.count)
            #expect(Set(all).count == all.count, "an occurrence was enqueued twice: \(all)")
        }
    }

    @Test func downtimeEnqueuesTheLatestMissedOccurrenceOnceAndABackwardClockNothing() async throws {
        try await TenancyFixture.with { (fixture: TenancyFixture) async throws in
            try await onboard(fixture, ["down_a", "down_b"])
            let clock = ManualClock(try Self.instant("2026-06-01T10:00:00Z"))  // 12:00 in Paris
            let runner = ScheduleRunner(pool: fixture.pool, schedules: [try Self.daily()], clock: .manual(clock))
            #expect(try await runner.tick() == 2, "first seen: today's 06:00 at once")
            #expect(try await runner.tick() == 0, "same occurrence again")

            clock.advance(by: .seconds(3 * 86_400))  // three days down: 2, 3 and 4 June missed
            #expect(try await runner.tick() == 2, "one job per tenant after downtime")
            #expect(try await runner.tick() == 0)

            clock.set(try Self.instant("2026-06-02T10:00:00Z"))  // the clock jumps back two days
            #expect(try await runner.tick() == 0, "a backward clock re-enqueues nothing")

            clock.set(try Self.instant("2026-06-05T03:59:59Z"))  // 05:59:59 in Paris
            #expect(try await runner.tick() == 0)
            clock.set(try Self.instant("2026-06-05T04:00:00Z"))  // 06:00
            #expect(try await runner.tick() == 2, "the next day's occurrence")

            for tenant in ["down_a", "down_b"] {
                #expect(try await keys(fixture, tenant: tenant) == [
                    "test.daily:\(tenant):2026-06-01T06:00:00+02:00",
                    "test.daily:\(tenant):2026-06-04T06:00:00+02:00",
                    "test.daily:\(tenant):2026-06-05T06:00:00+02:00",
                ], "tenant \(tenant)")
            }
            let fence = try await fixture.pool.query("SELECT DISTINCT last_occurrence FROM relance.schedule_runs")
            #expect(fence.count == 1)
            #expect(try fence.first?.decode(Date.self, at: 0) == (try Self.instant("2026-06-05T04:00:00Z")))

            // A tenant onboarded later gets its latest due occurrence at the next tick.
            try await onboard(fixture, ["late_c"])
            clock.set(try Self.instant("2026-06-05T15:00:00Z"))
            #expect(try await runner.tick() == 1)
            #expect(try await keys(fixture, tenant: "late_c") == ["test.daily:late_c:2026-06-05T06:00:00+02:00"])
            let job = try #require(try await JobQueue(pool: fixture.pool).list(tenant: "late_c").first)
            #expect(job.kind == "test.daily")
            let payload = try JSONDecoder().decode([String: String].self, from: Data(job.payload.utf8))
            #expect(payload == ["schedule": "test.daily", "occurrence": "2026-06-05T06:00:00+02:00"])
        }
    }

    @Test func eachTenantRunsAtSixOnItsOwnWallClock() async throws {
        try await TenancyFixture.with { (fixture: TenancyFixture) async throws in
            try await onboard(fixture, ["paris_shop"], zone: "Europe/Paris")
            try await onboard(fixture, ["york_shop"], zone: "America/New_York")
            let clock = ManualClock(try Self.instant("2026-01-15T12:00:00Z"))  // 13:00 Paris, 07:00 New York
            let runner = ScheduleRunner(pool: fixture.pool, schedules: [try Self.daily()], clock: .manual(clock))
            #expect(try await runner.tick() == 2)
            #expect(try await keys(fixture) == [
                "test.daily:paris_shop:2026-01-15T06:00:00+01:00", "test.daily:york_shop:2026-01-15T06:00:00-05:00",
            ])

            clock.set(try Self.instant("2026-01-16T05:00:00Z"))  // 06:00 Paris, 00:00 New York
            #expect(try await runner.tick() == 1)
            #expect(try await keys(fixture, tenant: "paris_shop").last == "test.daily:paris_shop:2026-01-16T06:00:00+01:00")
            clock.set(try Self.instant("2026-01-16T10:59:59Z"))  // 05:59:59 New York
            #expect(try await runner.tick() == 0)
            clock.set(try Self.instant("2026-01-16T11:00:00Z"))  // 06:00 New York
            #expect(try await runner.tick() == 1)
            #expect(try await keys(fixture, tenant: "york_shop").last == "test.daily:york_shop:2026-01-16T06:00:00-05:00")

            // The job is due at the occurrence, the tenant's 06:00.
            let runAt = try await fixture.pool.query(
                "SELECT tenant, run_at FROM relance.jobs WHERE unique_key LIKE '%2026-01-16%' ORDER BY tenant")
            #expect(try runAt.map { try $0.decode(Date.self, at: 1) } == [
                try Self.instant("2026-01-16T05:00:00Z"), try Self.instant("2026-01-16T11:00:00Z"),
            ])
        }
    }

    @Test func unknownTimeZonesAndInactiveTenantsAreSkippedWithoutFailingTheTick() async throws {
        try await TenancyFixture.with { (fixture: TenancyFixture) async throws in
            try await onboard(fixture, ["fine_shop", "lost_shop", "paused_shop"])
            try await fixture.pool.query("UPDATE relance.tenants SET time_zone = 'Mars/Olympus_Mons' WHERE slug = 'lost_shop'")
            try await fixture.pool.query("UPDATE relance.tenants SET status = 'suspended' WHERE slug = 'paused_shop'")
            let clock = ManualClock(try Self.instant("2026-06-01T10:00:00Z"))
            let invalid = Schedule(name: "bad", cron: try CronSchedule("* * * * *"), kind: "Not A Kind")
            let runner = ScheduleRunner(pool: fixture.pool, schedules: [invalid, try Self.daily()], clock: .manual(clock))
            #expect(try await runner.tick() == 1)
            #expect(try await keys(fixture) == ["test.daily:fine_shop:2026-06-01T06:00:00+02:00"])

            // Back to active, and a valid zone: the latest due occurrence comes at once.
            try await fixture.pool.query("UPDATE relance.tenants SET status = 'active' WHERE slug = 'paused_shop'")
            try await fixture.pool.query("UPDATE relance.tenants SET time_zone = 'Pacific/Auckland' WHERE slug = 'lost_shop'")
            #expect(try await runner.tick() == 2)
            #expect(try await keys(fixture, tenant: "lost_shop") == ["test.daily:lost_shop:2026-06-01T06:00:00+12:00"])
        }
    }

    @Test func offboardingATenantDropsItsScheduleRecord() async throws {
        try await TenancyFixture.with { (fixture: TenancyFixture) async throws in
            try await onboard(fixture, ["gone_shop"])
            let runner = ScheduleRunner(pool: fixture.pool, schedules: [try Self.daily()],
                                        clock: .manual(ManualClock(try Self.instant("2026-06-01T10:00:00Z"))))
            #expect(try await runner.tick() == 1)
            try await fixture.pool.query("DELETE FROM relance.tenants WHERE slug = 'gone_shop'")
            #expect(try await fixture.count("SELECT count(*) FROM relance.schedule_runs") == 0)
            #expect(try await runner.tick() == 0)
        }
    }

    /// next_due of every row of `schedule`, by tenant (nil: parked, `infinity`).
    func nextDue(_ fixture: TenancyFixture, schedule: String = "test.daily") async throws -> [String: Date?] {
        let rows = try await fixture.pool.query("""
            SELECT tenant, nullif(next_due, 'infinity') FROM relance.schedule_runs WHERE schedule = $1 ORDER BY tenant
            """, [schedule])
        return Dictionary(uniqueKeysWithValues: try rows.map { (try $0.decode(String.self, at: 0), try $0.decode(Date?.self, at: 1)) })
    }

    @Test func eachRowKeepsItsNextOccurrenceOnTheTenantsWallClock() async throws {
        try await TenancyFixture.with { (fixture: TenancyFixture) async throws in
            try await onboard(fixture, ["next_paris"], zone: "Europe/Paris")
            try await onboard(fixture, ["next_york"], zone: "America/New_York")
            let clock = ManualClock(try Self.instant("2026-03-07T12:00:00Z"))  // a Saturday; New York moves to EDT on the 8th
            let runner = ScheduleRunner(pool: fixture.pool, schedules: [try Self.daily()], clock: .manual(clock))
            #expect(try await runner.tick() == 2)
            #expect(try await nextDue(fixture) == [
                "next_paris": try Self.instant("2026-03-08T05:00:00Z"),  // 06:00 CET
                "next_york": try Self.instant("2026-03-08T10:00:00Z"),   // 06:00 EDT, the day the clocks change
            ])
            clock.set(try Self.instant("2026-03-08T09:59:59Z"))
            #expect(try await runner.tick() == 1, "only Paris is due")
            #expect(try await nextDue(fixture)["next_paris"] == (try Self.instant("2026-03-09T05:00:00Z")))
            clock.set(try Self.instant("2026-03-08T10:00:00Z"))
            #expect(try await runner.tick() == 1, "New York at its 06:00 EDT")
            #expect(try await nextDue(fixture)["next_york"] == (try Self.instant("2026-03-09T10:00:00Z")))
        }
    }

    @Test func aTickWithNothingDueDoesNotReadTheTenants() async throws {
        try await TenancyFixture.with { (fixture: TenancyFixture) async throws in
            try await onboard(fixture, ["idle_a", "idle_b", "idle_c"])
            let clock = ManualClock(try Self.instant("2026-06-01T10:00:00Z"))
            let runner = ScheduleRunner(pool: fixture.pool, schedules: [try Self.daily()], clock: .manual(clock))
            #expect(try await runner.tick() == 3)
            // Nobody may even read `tenants` now: a tick that does waits for the lock (seen in pg_locks).
            let holder = try await PostgresConnection.connect(configuration: fixture.configuration)
            try await holder.execute("BEGIN; LOCK TABLE relance.tenants IN ACCESS EXCLUSIVE MODE")
            clock.advance(by: .seconds(3600))
            enum Outcome: Equatable { case ticked(Int), waitedOnTenants }
            let outcome = try await withThrowingTaskGroup(of: Outcome.self) { group in
                group.addTask { .ticked(try await runner.tick()) }
                group.addTask {
                    let waiting = try await TestDatabase.eventually {
                        try await fixture.count("""
                            SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                             WHERE NOT l.granted AND a.datname = current_database()
                            """) > 0
                    }
                    return waiting ? .waitedOnTenants : .ticked(-1)
                }
                let first = try await group.next() ?? .ticked(-1)
                if first == .waitedOnTenants { try await holder.execute("ROLLBACK") }
                group.cancelAll()
                return first
            }
            _ = try? await holder.execute("ROLLBACK")
            await holder.close()
            #expect(outcome == .ticked(0), "the idle tick read the tenants table")
        }
    }

    @Test func newTenantsTimeZoneChangesAndSuspensionsReachTheirRowsAtTheNextTick() async throws {
        try await TenancyFixture.with { (fixture: TenancyFixture) async throws in
            try await onboard(fixture, ["move_shop", "halt_shop"])
            let clock = ManualClock(try Self.instant("2026-06-01T10:00:00Z"))  // 12:00 in Paris
            let runner = ScheduleRunner(pool: fixture.pool, schedules: [try Self.daily()], clock: .manual(clock))
            #expect(try await runner.tick() == 2)
            #expect(try await fixture.count("SELECT count(*) FROM relance.schedule_changes") == 0, "the tick drained the changes")

            // Moved to Auckland (06:00 NZST is 18:00 UTC): due tonight, not at 04:00 UTC tomorrow.
            try await fixture.pool.query("UPDATE relance.tenants SET time_zone = 'Pacific/Auckland' WHERE slug = 'move_shop'")
            try await fixture.pool.query("UPDATE relance.tenants SET status = 'suspended' WHERE slug = 'halt_shop'")
            #expect(try await fixture.count("SELECT count(*) FROM relance.schedule_changes") == 2)
            clock.advance(by: .seconds(60))
            #expect(try await runner.tick() == 0, "Auckland's 06:00 of 2 June is still to come")
            #expect(try await nextDue(fixture) == ["halt_shop": nil, "move_shop": try Self.instant("2026-06-01T18:00:00Z")])
            clock.set(try Self.instant("2026-06-01T18:00:00Z"))
            #expect(try await runner.tick() == 1)
            #expect(try await keys(fixture, tenant: "move_shop").last == "test.daily:move_shop:2026-06-02T06:00:00+12:00")

            // Days later: the suspended tenant stays parked; once resumed, its latest occurrence runs.
            clock.set(try Self.instant("2026-06-04T12:00:00Z"))
            _ = try await runner.tick()
            #expect(try await keys(fixture, tenant: "halt_shop") == ["test.daily:halt_shop:2026-06-01T06:00:00+02:00"])
            try await fixture.pool.query("UPDATE relance.tenants SET status = 'active' WHERE slug = 'halt_shop'")
            try await onboard(fixture, ["new_shop"])
            #expect(try await runner.tick() == 2, "the resumed tenant and the new one")
            #expect(try await keys(fixture, tenant: "halt_shop").last == "test.daily:halt_shop:2026-06-04T06:00:00+02:00")
            #expect(try await keys(fixture, tenant: "new_shop") == ["test.daily:new_shop:2026-06-04T06:00:00+02:00"])
        }
    }

    @Test func aLeaderWithOtherSchedulesReconcilesEveryTenantOnItsFirstTick() async throws {
        try await TenancyFixture.with { (fixture: TenancyFixture) async throws in
            try await onboard(fixture, ["conf_a", "conf_b"])
            let clock = ManualClock(try Self.instant("2026-06-01T10:00:00Z"))  // 12:00 in Paris
            let first = ScheduleRunner(pool: fixture.pool, schedules: [try Self.daily()], clock: .manual(clock))
            #expect(try await first.tick() == 2)

            // The next leader runs test.daily at 13:00 instead, and a new hourly schedule.
            clock.set(try Self.instant("2026-06-01T11:30:00Z"))  // 13:30 in Paris
            let hourly = Schedule(cron: try CronSchedule("0 * * * *"), kind: "test.hourly")
            let second = ScheduleRunner(pool: fixture.pool, schedules: [Schedule(cron: try CronSchedule("0 13 * * *"), kind: "test.daily"), hourly],
                                        clock: .manual(clock))
            #expect(try await second.tick() == 4, "today's 13:00 under the new cron, and the hourly one, for both tenants")
            #expect(try await keys(fixture, tenant: "conf_a") == [
                "test.daily:conf_a:2026-06-01T06:00:00+02:00", "test.daily:conf_a:2026-06-01T13:00:00+02:00",
                "test.hourly:conf_a:2026-06-01T13:00:00+02:00",
            ])

            // A leader without the hourly schedule parks its rows (and keeps them as the fence).
            let third = ScheduleRunner(pool: fixture.pool, schedules: [try Self.daily()], clock: .manual(clock))
            #expect(try await third.tick() == 0, "06:00 under the old cron was enqueued already")
            #expect(try await nextDue(fixture, schedule: "test.hourly") == ["conf_a": nil, "conf_b": nil])
            #expect(try await nextDue(fixture) == [
                "conf_a": try Self.instant("2026-06-02T04:00:00Z"), "conf_b": try Self.instant("2026-06-02T04:00:00Z"),
            ])
        }
    }

    @Test func oneElectionLeadsAndAnotherTakesOverWhenItsBackendIsTerminated() async throws {
        try await TenancyFixture.with { (fixture: TenancyFixture) async throws in
            let first = LeaderElection(configuration: fixture.configuration)
            let second = LeaderElection(configuration: fixture.configuration)
            #expect(try await first.tryAcquire())
            #expect(try await !second.tryAcquire())
            #expect(await first.isLeader())
            #expect(await !second.isLeader())
            #expect(try await first.tryAcquire(), "a leader asking again still leads")

            let holders = try await fixture.pool.query("""
                SELECT l.pid FROM pg_locks l JOIN pg_database d ON d.oid = l.database
                 WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database()
                   AND ((l.classid::int8 << 32) | l.objid::int8) = $1
                """, [LeaderElection.lockKey])
            #expect(holders.count == 1)
            // Waits (up to 5 s) until the backend is gone, so the next check cannot race it.
            #expect(try await TestDatabase.terminate([try holders[0].decode(Int32.self, at: 0)]))

            #expect(await !first.isLeader(), "the old leader notices at once")
            #expect(try await TestDatabase.eventually { try await second.tryAcquire() },
                    "the standby takes over")
            #expect(try await !first.tryAcquire(), "the old leader reconnects as a standby")

            await second.resign()
            #expect(try await TestDatabase.eventually { try await first.tryAcquire() },
                    "resigning releases the lock")
            #expect(await !second.isLeader())
            await first.resign()
            await second.resign()
        }
    }

    @Test func theServiceLeadsTicksAndReleasesTheLockOnGracefulShutdown() async throws {
        try await TenancyFixture.with { (fixture: TenancyFixture) async throws in
            try await onboard(fixture, ["svc_shop"])
            let clock = ManualClock(try Self.instant("2026-06-01T10:00:00Z"))
            let service = SchedulerService(pool: fixture.pool, lockDatabase: fixture.configuration, schedules: [try Self.daily()],
                                           tick: .milliseconds(50), clock: .manual(clock))
            let group = ServiceGroup(services: [service], logger: Logger(label: "test"))
            let running = Task { try await group.run() }
            #expect(try await TestDatabase.eventually { try await keys(fixture).count == 1 })
            clock.advance(by: .seconds(86_400))
            #expect(try await TestDatabase.eventually { try await keys(fixture).count == 2 })
            let standby = LeaderElection(configuration: fixture.configuration)
            #expect(try await !standby.tryAcquire(), "the service leads")

            await group.triggerGracefulShutdown()
            try await running.value
            #expect(try await standby.tryAcquire(), "the lock is released on shutdown")
            await standby.resign()
            #expect(try await keys(fixture) == [
                "test.daily:svc_shop:2026-06-01T06:00:00+02:00", "test.daily:svc_shop:2026-06-02T06:00:00+02:00",
            ])
        }
    }
}
