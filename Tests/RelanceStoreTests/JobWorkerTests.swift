import Foundation
import Postgres
@testable import RelanceStore
import RelanceCore
import RelanceTestSupport
import Synchronization
import Testing

@Suite struct JobWorkerTests {
    @Test func aWorkerRunsEveryJobOnceAndEmptiesTheHotTable() async throws {
        try await QueueFixture.with { queue in
            let runs = Mutex<[Int64: Int]>([:])
            let handler = ClosureHandler { job in
                runs.withLock { $0[job.id, default: 0] += 1 }
                return .completed
            }
            let ids = try await JobQueue(pool: queue.pool).enqueue(try queue.jobs(2000))
            try await queue.running([queue.worker([handler], concurrency: 16, batch: 50)]) { () async throws in
                #expect(try await TestDatabase.eventually(timeout: .seconds(60)) {
                    try await queue.count("SELECT count(*) FROM relance.finished_jobs WHERE state = 'succeeded'") == 2000
                })
            }
            let counts = runs.withLock { $0 }
            #expect(counts.count == 2000 && counts.values.allSatisfy { $0 == 1 })
            #expect(Set(ids) == Set(counts.keys))
            #expect(try await queue.count("SELECT count(*) FROM relance.jobs") == 0)
            #expect(try await queue.count("SELECT count(*) FROM relance.workers") == 0, "the worker left on shutdown")
        }
    }

    @Test func aNotificationStartsAJobOnAnIdleWorkerWithoutWaitingForThePoll() async throws {
        try await QueueFixture.with { queue in
            let started = Counter()
            let handler = ClosureHandler { _ in started.add(); return .completed }
            try await queue.running([queue.worker([handler], poll: .seconds(3600))]) { () async throws in
                // Wait until the worker listens (it registers first), then enqueue.
                #expect(try await TestDatabase.eventually { try await queue.count("SELECT count(*) FROM relance.workers") == 1 })
                #expect(try await TestDatabase.eventually {
                    try await queue.count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN%'") >= 1
                })
                try await JobQueue(pool: queue.pool).enqueue(try queue.jobs(1))
                #expect(try await TestDatabase.eventually { started.current == 1 })
            }
        }
    }

    @Test func withoutANotificationThePollFindsTheJob() async throws {
        try await QueueFixture.with { queue in
            let started = Counter()
            let handler = ClosureHandler { _ in started.add(); return .completed }
            try await queue.pool.query("ALTER TABLE relance.jobs DISABLE TRIGGER jobs_notify")
            try await queue.running([queue.worker([handler], poll: .milliseconds(100))]) { () async throws in
                try await JobQueue(pool: queue.pool).enqueue(try queue.jobs(1))
                #expect(try await TestDatabase.eventually { started.current == 1 })
            }
        }
    }

    @Test func failuresBackOffThenTheJobIsDiscardedAndKept() async throws {
        try await QueueFixture.with { queue in
            let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
            let attempts = Counter()
            let handler = ClosureHandler { _ in
                attempts.add()
                struct Flaky: Error, CustomStringConvertible { var description: String { "smtp timeout" } }
                throw Flaky()
            }
            let id = try #require(try await JobQueue(pool: queue.pool).enqueue(try queue.jobs(1, maxAttempts: 3)).first)
            let jobs = JobQueue(pool: queue.pool)
            try await queue.running([queue.worker([handler], clock: .manual(clock))]) { () async throws in
                #expect(try await TestDatabase.eventually { try await jobs.job(id: id).state == .failed })
                let first = try await jobs.job(id: id)
                // Attempt 1 failed: retry after 15 s ± jitter (7.5 s to 15 s with the default backoff).
                let wait = try #require(first.runAt).timeIntervalSince(clock.now)
                #expect(wait >= 7.5 && wait <= 15, "waits \(wait) s")
                #expect(first.attempt == 1 && first.lastError == "smtp timeout")
                clock.advance(by: .seconds(6))
                #expect(try await TestDatabase.eventually(timeout: .milliseconds(500)) { attempts.current > 1 } == false,
                        "not before its run_at")
                clock.advance(by: .seconds(10))
                #expect(try await TestDatabase.eventually {
                    let job = try await jobs.job(id: id)
                    return job.attempt == 2 && job.state == .failed
                })
                let second = try await jobs.job(id: id)
                let secondWait = try #require(second.runAt).timeIntervalSince(clock.now)
                #expect(secondWait >= 15 && secondWait <= 30, "attempt 2 waits 15 s to 30 s, not \(secondWait) s")
                clock.advance(by: .seconds(31))
                #expect(try await TestDatabase.eventually { try await jobs.job(id: id).state == .discarded })
            }
            let discarded = try await jobs.job(id: id)
            #expect(discarded.attempt == 3 && attempts.current == 3)
            #expect(discarded.lastError?.contains("smtp timeout") == true && discarded.lastError?.contains("no attempts left") == true)
        }
    }

    @Test func aHandlerCanSnoozeRetryLaterOrDiscard() async throws {
        try await QueueFixture.with { queue in
            let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
            let handler = ClosureHandler { job in
                switch job.payload {
                case #"{"do": "snooze"}"#: return .snooze(until: clock.now.addingTimeInterval(3600))
                case #"{"do": "retry"}"#: return .retry(reason: "mailbox full", after: .seconds(120))
                default: return .discard(reason: "customer has no e-mail address")
                }
            }
            let jobs = JobQueue(pool: queue.pool)
            let acme = try TenantSlug("acme")
            let ids = try await jobs.enqueue(try ["snooze", "retry", "discard"].map {
                try NewJob(tenant: acme, kind: "test.job", payloadJSON: "{\"do\": \"\($0)\"}")
            })
            try await queue.running([queue.worker([handler], clock: .manual(clock))]) { () async throws in
                #expect(try await TestDatabase.eventually {
                    let waiting = try await queue.count("SELECT count(*) FROM relance.jobs WHERE state = 'failed' OR run_at > $1", [clock.now])
                    let discarded = try await jobs.list(states: [.discarded]).count
                    return waiting == 2 && discarded == 1
                })
            }
            let snoozed = try await jobs.job(id: ids[0])
            #expect(snoozed.state == .scheduled && snoozed.attempt == 0 && snoozed.runAt == clock.now.addingTimeInterval(3600))
            let retried = try await jobs.job(id: ids[1])
            #expect(retried.state == .failed && retried.attempt == 1 && retried.runAt == clock.now.addingTimeInterval(120))
            #expect(retried.lastError == "mailbox full")
            let discarded = try await jobs.job(id: ids[2])
            #expect(discarded.state == .discarded && discarded.lastError == "customer has no e-mail address")
        }
    }

    @Test func cancellingARunningJobCancelsItsHandler() async throws {
        try await QueueFixture.with { queue in
            let started = Counter()
            let handler = ClosureHandler { _ in
                started.add()
                try await Task.sleep(for: .seconds(600))
                return .completed
            }
            let jobs = JobQueue(pool: queue.pool)
            let id = try #require(try await jobs.enqueue(try queue.jobs(1)).first)
            try await queue.running([queue.worker([handler])]) { () async throws in
                #expect(try await TestDatabase.eventually { started.current == 1 })
                let flagged = try await jobs.cancel(id: id)
                // The worker may already have recorded the cancellation by the time the job is read back.
                #expect((flagged.state == .running && flagged.cancelRequested) || flagged.state == .cancelled, "\(flagged)")
                #expect(try await TestDatabase.eventually { try await jobs.job(id: id).state == .cancelled })
            }
            #expect(try await jobs.job(id: id).lastError?.contains("cancelled by an operator") == true)
        }
    }

    @Test func gracefulShutdownReleasesUnfinishedJobsWithoutCountingTheAttempt() async throws {
        try await QueueFixture.with { queue in
            let started = Counter()
            let handler = ClosureHandler { job in
                started.add()
                if job.payload.contains("slow") { try await Task.sleep(for: .seconds(600)) }
                return .completed
            }
            let jobs = JobQueue(pool: queue.pool)
            let slow = try await jobs.enqueue(try queue.jobs(3, payload: "{\"slow\": true}"))
            let group = ServiceGroupHarness(services: [queue.worker([handler])], gracePeriod: .milliseconds(300))
            let run = Task { await group.run() }
            #expect(try await TestDatabase.eventually { started.current == 3 })
            try await jobs.enqueue(try queue.jobs(1))  // arrives during shutdown: not claimed
            await group.shutdown()
            _ = await run.value
            for id in slow {
                let job = try await jobs.job(id: id)
                _ = job
                #expect(job.state == .available && job.attempt == 0 && job.leaseOwner == nil, "\(job)")
            }
            #expect(try await queue.count("SELECT count(*) FROM relance.jobs WHERE state = 'running'") == 0)
        }
    }

    @Test func aJobWhoseLeaseIsLostStopsRunningAndOnlyTheNewHolderActs() async throws {
        try await QueueFixture.with { queue in
            // The effect a handler makes after its fence (the e-mail it would send).
            try await queue.pool.query("CREATE TABLE effects (job bigint NOT NULL, worker text NOT NULL)")
            let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
            let events = Mutex<[String]>([])
            let started = Counter()
            let (releaseFirst, releaseSecond) = (AsyncGate(), AsyncGate())
            @Sendable func act(_ job: ClaimedJob, as worker: String) async throws {
                try await job.fence()
                events.withLock { $0.append("\(worker) passed the fence") }
                try await queue.pool.query("INSERT INTO effects (job, worker) VALUES ($1, $2)", [job.id, worker])
            }
            let first = queue.worker([ClosureHandler { job in
                started.add()
                do {
                    try await releaseFirst.waitUnlessCancelled()
                } catch {
                    events.withLock { $0.append("first cancelled") }
                    throw error
                }
                try await act(job, as: "first")
                return .completed
            }], concurrency: 1, clock: .manual(clock), heartbeat: .milliseconds(50))  // one slot: it cannot claim the job back
            let second = queue.worker([ClosureHandler { job in
                await releaseSecond.wait()
                try await act(job, as: "second")
                return .completed
            }], clock: .manual(clock), heartbeat: .milliseconds(50))
            let jobs = JobQueue(pool: queue.pool)
            let id = try #require(try await jobs.enqueue(try queue.jobs(1)).first)
            try await queue.running([first]) { () async throws in
                #expect(try await TestDatabase.eventually { started.current == 1 })
                // The first worker stalls: no heartbeat renews its lease, which expires.
                first.pauseHeartbeats(true)
                clock.advance(by: .seconds(31))
                let rescuer = JobRescuer(pool: queue.pool, deadAfter: .seconds(3600), clock: .manual(clock))
                #expect(try await rescuer.rescue() == .init(returned: 1, ended: 0))
                try await queue.running([second]) { () async throws in
                    #expect(try await TestDatabase.eventually {
                        let job = try await jobs.job(id: id)
                        return job.state == .running && job.attempt == 2 && job.leaseOwner == second.id
                    }, "the second worker holds the job: two copies run")
                    // The stall ends: the first worker's next heartbeat finds its lease gone.
                    first.pauseHeartbeats(false)
                    #expect(try await TestDatabase.eventually { events.withLock { $0 } == ["first cancelled"] })
                    releaseSecond.open()
                    #expect(try await TestDatabase.eventually { try await jobs.job(id: id).state == .succeeded })
                    releaseFirst.open()
                }
            }
            #expect(events.withLock { $0 } == ["first cancelled", "second passed the fence"])
            let effects = try await queue.pool.query("SELECT worker FROM effects WHERE job = $1", [id])
            #expect(try effects.map { try $0.decode(String.self, at: 0) } == ["second"], "exactly one effect, by the lease holder")
            #expect(first.leasesLost == 1 && first.completionsRefused == 0, "the first worker sent no completion for its lost attempt")
            let finished = try await jobs.job(id: id)
            #expect(finished.attempt == 2 && finished.lastError?.contains("lease lost") == true, "\(finished)")
        }
    }

    @Test func aHandlerWhoseFenceFindsTheLeaseGoneActsNotAndRecordsNothing() async throws {
        try await QueueFixture.with { queue in
            try await queue.pool.query("CREATE TABLE effects (job bigint NOT NULL)")
            let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
            let started = Counter(), refused = Counter()
            let release = AsyncGate()
            // Heartbeats never come (a stalled worker); the handler reaches its fence late.
            let worker = queue.worker([ClosureHandler { job in
                started.add()
                await release.wait()
                do {
                    try await job.fence()
                } catch let error as LeaseError {
                    refused.add()
                    throw error
                }
                try await queue.pool.query("INSERT INTO effects (job) VALUES ($1)", [job.id])
                return .completed
            }], clock: .manual(clock), heartbeat: .seconds(3600))
            let jobs = JobQueue(pool: queue.pool)
            // One attempt only: the rescue discards the job rather than offer it to the worker again.
            let id = try #require(try await jobs.enqueue(try queue.jobs(1, maxAttempts: 1)).first)
            try await queue.running([worker]) { () async throws in
                #expect(try await TestDatabase.eventually { started.current == 1 })
                clock.advance(by: .seconds(31))
                #expect(try await JobRescuer(pool: queue.pool, deadAfter: .seconds(3600), clock: .manual(clock)).rescue() == .init(returned: 0, ended: 1))
                release.open()
                #expect(try await TestDatabase.eventually { worker.leasesLost == 1 })
            }
            #expect(refused.current == 1)
            #expect(try await queue.count("SELECT count(*) FROM effects") == 0)
            #expect(worker.completionsRefused == 0, "nothing was sent for the lost attempt")
            let job = try await jobs.job(id: id)
            #expect(job.state == .discarded && job.attempt == 1 && job.lastError?.contains("lease lost") == true, "\(job)")
        }
    }

    @Test func aPerKindLimitCapsHowManyOfThatKindRunAtOnce() async throws {
        try await QueueFixture.with { queue in
            let running = Counter(), peak = Counter(), done = Counter()
            let gate = AsyncGate()
            let limited = ClosureHandler(kind: "report.render") { _ in
                running.add()
                peak.max(running.current)
                await gate.wait()
                running.add(-1)
                done.add()
                return .completed
            }
            let other = ClosureHandler { _ in done.add(); return .completed }
            let jobs = JobQueue(pool: queue.pool)
            try await jobs.enqueue(try queue.jobs(10, kind: "report.render") + queue.jobs(10))
            try await queue.running([queue.worker([limited, other], concurrency: 8, kindLimits: ["report.render": 2])]) { () async throws in
                #expect(try await TestDatabase.eventually { done.current == 10 && running.current == 2 })
                gate.open()
                #expect(try await TestDatabase.eventually { done.current == 20 })
            }
            #expect(peak.current == 2)
        }
    }
}
