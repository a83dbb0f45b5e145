import Foundation
import Logging
import Postgres
import RelanceCore
import RelanceStore

/// `relance-bench scheduler`: the cost of a scheduler tick with `count` active tenants and two
/// schedules, when nothing is due (the common tick) and when every tenant's occurrence falls
/// due at once.
///
/// The tenants are rows of `relance.tenants` only (the scheduler reads nothing else), spread
/// over four time zones. Time is a `ManualClock`, so "nothing due" and "all due" are exact.
enum SchedulerBenchmark {
    static func run(count: Int, ticks: Int, sqlDirectory: URL) async throws {
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
        try await setup.execute("TRUNCATE relance.tenants, relance.jobs, relance.finished_jobs CASCADE")
        _ = try await setup.query("""
            INSERT INTO relance.tenants (slug, display_name, time_zone, currency, locale)
            SELECT 'sched_' || lpad(i::text, 6, '0'), 'Tenant ' || i,
                   (ARRAY['Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'UTC'])[1 + i % 4], 'EUR', 'fr-FR'
              FROM generate_series(1, $1::int8) i
            """, [Int64(count)])
        try await setup.execute("VACUUM ANALYZE relance.tenants")
        let pool = PostgresPool(connection: configuration, configuration: .init(size: 2))
        let schedules = [
            Schedule(cron: try CronSchedule("0 6 * * *"), kind: "bench.daily"),
            Schedule(cron: try CronSchedule("0 7 * * 1"), kind: "bench.weekly"),
        ]
        // Monday 2026-06-01, 12:00 UTC: both occurrences of the day are past in every zone.
        let clock = ManualClock(Date(timeIntervalSince1970: 1_780_315_200))
        let runner = ScheduleRunner(pool: pool, schedules: schedules, clock: .manual(clock))
        print("# cores \(ProcessInfo.processInfo.activeProcessorCount); \(count) active tenants; schedules \(schedules.map { "\($0.kind)@\($0.cron)" })")

        var started = ContinuousClock.now
        let first = try await runner.tick()
        print(String(format: "scheduler_first_tick_ms: %.1f (reconciles every tenant, enqueues %d jobs)", milliseconds(since: started), first))

        var idle: [Double] = []
        for _ in 0..<ticks {
            clock.advance(by: .seconds(1))
            started = ContinuousClock.now
            let enqueued = try await runner.tick()
            idle.append(milliseconds(since: started))
            guard enqueued == 0 else { throw UsageError(message: "an idle tick enqueued \(enqueued) jobs") }
        }
        print(String(format: "scheduler_idle_tick_ms: p50=%.2f mean=%.2f max=%.2f (%d ticks, %d tenants, nothing due; target p50 ≤ 50)",
                     percentile(idle, 0.5), idle.reduce(0, +) / Double(max(1, idle.count)), idle.max() ?? 0, idle.count, count))

        _ = try await setup.query("UPDATE relance.tenants SET time_zone = 'Pacific/Auckland' WHERE slug = 'sched_000001'")
        clock.advance(by: .seconds(1))
        started = ContinuousClock.now
        let changed = try await runner.tick()
        print(String(format: "scheduler_tick_after_a_time_zone_change_ms: %.2f (enqueued %d)", milliseconds(since: started), changed))

        // The next day, 06:00 in Paris: the 06:00 of Paris and Tokyo (and Auckland) came since.
        clock.set(Date(timeIntervalSince1970: 1_780_315_200 + 86_400 - 8 * 3600))
        started = ContinuousClock.now
        let due = try await runner.tick()
        print(String(format: "scheduler_tick_with_due_ms: %.1f (%d jobs enqueued: one per tenant whose 06:00 came)", milliseconds(since: started), due))
        await pool.close()
        await setup.close()
    }

    private static func milliseconds(since start: ContinuousClock.Instant) -> Double {
        (ContinuousClock.now - start) / .microseconds(1) / 1000
    }

    private static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)]
    }
}
