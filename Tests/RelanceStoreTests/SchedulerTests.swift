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
