import Foundation
import Postgres
@testable import RelanceStore
import RelanceCore
import RelanceTestSupport
import ServiceLifecycle
import Testing

@Suite struct JobQueueTests {
    @Test func enqueueInsideTheCallersTransactionIsRolledBackWithIt() async throws {
        try await QueueFixture.with { queue in
            let jobs = JobQueue(pool: queue.pool)
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await queue.pool.withTransaction { connection in
                    try await jobs.enqueue(try queue.jobs(3), in: connection)
                    throw Boom()
                }
            }
            #expect(try await queue.count("SELECT count(*) FROM relance.jobs") == 0)
            let ids = try await queue.pool.withTransaction { try await jobs.enqueue(try queue.jobs(3), in: $0) }
            #expect(ids.count == 3)
            #expect(try await queue.count("SELECT count(*) FROM relance.jobs WHERE state = 'available'") == 3)
        }
    }

    @Test func aTenantsTransactionEnqueuesAtomicallyAndKeepsItsRole() async throws {
        try await QueueFixture.with { queue in
            let acme = try TenantSlug("acme")
            _ = try await queue.tenancy.provisioner.create(NewTenant(slug: acme, displayName: "Acme"), actor: "test")
            let tenants = TenantDatabase(pool: queue.pool, rolePrefix: queue.tenancy.provisioner.rolePrefix)
            let jobs = JobQueue(pool: queue.pool)
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await tenants.withTransaction(acme) { tx in
                    try await tx.query("UPDATE settings SET display_name = 'Changed'")
                    try await jobs.enqueue(try NewJob(tenant: acme, kind: "test.job"), in: tx)
                    throw Boom()
                }
            }
            #expect(try await queue.count("SELECT count(*) FROM relance.jobs") == 0, "rolled back with the tenant's change")
            let role = try await tenants.withTransaction(acme) { tx in
                try await jobs.enqueue(try NewJob(tenant: acme, kind: "test.job"), in: tx)
                await #expect(throws: PostgresError.self, "the tenant's role is back: no control schema") {
                    try await tx.query("SELECT count(*) FROM relance.tenants")
                }
                return "ok"
            }
            #expect(role == "ok")
            #expect(try await queue.count("SELECT count(*) FROM relance.jobs") == 0, "the failed query rolled the transaction back")
            try await tenants.withTransaction(acme) { tx in
                try await jobs.enqueue(try NewJob(tenant: acme, kind: "test.job"), in: tx)
                let user: String = try await tx.query("SELECT current_user::text")[0].decode(at: 0)
                #expect(user.hasSuffix("t_acme"))
            }
            #expect(try await queue.count("SELECT count(*) FROM relance.jobs") == 1)
        }
    }

    @Test func aUniqueKeyMakesASecondEnqueueANoOpUntilTheFirstFinishes() async throws {
        try await QueueFixture.with { queue in
            let jobs = JobQueue(pool: queue.pool)
            let job = try NewJob(tenant: TenantSlug("acme"), kind: "test.job", uniqueKey: "dunning.run:acme:2026-11-23")
            #expect(try await jobs.enqueue([job]).count == 1)
            #expect(try await jobs.enqueue([job, job]).isEmpty)
            let owner = UUID()
            let claimed = try await queue.claim(10, owner: owner)
            #expect(try await jobs.enqueue([job]).isEmpty, "still running: no second job")
            #expect(try await queue.complete(claimed, owner: owner).count == 1)
            #expect(try await jobs.enqueue([job]).count == 1, "finished: the key is free again")
            // A batch led by keyless jobs still skips the taken key (and inserts the rest).
            let keyless = try NewJob(tenant: TenantSlug("acme"), kind: "test.job")
            #expect(try await jobs.enqueue([keyless, job, keyless]).count == 2)
        }
    }

    @Test func uniqueKeysArePerTenant() async throws {
        try await QueueFixture.with { queue in
            let jobs = JobQueue(pool: queue.pool)
            let (acme, globex) = (try TenantSlug("acme"), try TenantSlug("globex"))
            let ids = try await jobs.enqueue([
                try NewJob(tenant: acme, kind: "test.job", uniqueKey: "invoice:123"),
                try NewJob(tenant: globex, kind: "test.job", uniqueKey: "invoice:123"),
            ])
            #expect(ids.count == 2, "another tenant's invoice:123 is another key")
            #expect(try await jobs.enqueue([try NewJob(tenant: acme, kind: "test.job", uniqueKey: "invoice:123")]).isEmpty,
                    "the same tenant's key is taken")
            #expect(try await queue.count("SELECT count(*) FROM relance.jobs WHERE unique_key = 'invoice:123'") == 2)
            #expect(try await queue.count("SELECT count(DISTINCT tenant) FROM relance.jobs WHERE unique_key = 'invoice:123'") == 2)
        }
    }

    @Test func theFencePassesOnlyWhileThisAttemptHoldsTheLeaseBeyondTheMargin() async throws {
        try await QueueFixture.with { queue in
            let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
            try await JobQueue(pool: queue.pool).enqueue(try queue.jobs(1))
            let (owner, other) = (UUID(), UUID())
            func fence(_ worker: UUID) -> LeaseFence {
                .database(pool: queue.pool, owner: worker, margin: .seconds(5), clock: .manual(clock))
            }
            let job = try #require(try await queue.claim(1, owner: owner, lease: 30, clock: .manual(clock), fence: fence(owner)).first)
            try await job.fence()
            clock.advance(by: .seconds(24))
            try await job.fence()  // 6 s left
            clock.advance(by: .seconds(2))
            let expiresAt = Date(timeIntervalSince1970: 1_800_000_030)
            await #expect(throws: LeaseError.expiring(jobID: job.id, attempt: 1, expiresAt: expiresAt, margin: .seconds(5)),
                          "4 s left, within the margin") {
                try await job.fence()
            }
            try await job.fence(margin: .seconds(3))
            var impostor = job
            impostor.leaseFence = fence(other)
            await #expect(throws: LeaseError.lost(jobID: job.id, attempt: 1), "another worker's fence") { try await impostor.fence() }
            // Expired, rescued and claimed by another worker.
            clock.advance(by: .seconds(5))
            #expect(try await JobRescuer(pool: queue.pool, clock: .manual(clock)).rescue().returned == 1)
            let again = try #require(try await queue.claim(1, owner: other, clock: .manual(clock), fence: fence(other)).first)
            await #expect(throws: LeaseError.lost(jobID: job.id, attempt: 1)) { try await job.fence() }
            try await again.fence()
            // A cancelled attempt does not even ask.
            let cancelled = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                try await again.fence()
            }
            await #expect(throws: CancellationError.self) { try await cancelled.value }
            // A job built by hand for a handler test passes, unless given a fence.
            let acme = try TenantSlug("acme")
            try await ClaimedJob(id: 1, tenant: acme, kind: "test.job", payload: "{}").fence()
            let lost = ClaimedJob(id: 1, tenant: acme, kind: "test.job", payload: "{}",
                                  fence: LeaseFence { job, _ in throw LeaseError.lost(jobID: job.id, attempt: job.attempt) })
            await #expect(throws: LeaseError.lost(jobID: 1, attempt: 1)) { try await lost.fence() }
        }
    }

    @Test func aHeartbeatConfirmsOnlyLeasesThisAttemptHoldsAndNeverRevivesAnExpiredOne() async throws {
        try await QueueFixture.with { queue in
            let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
            try await JobQueue(pool: queue.pool).enqueue(try queue.jobs(3))
            let owner = UUID()
            try await queue.pool.query("INSERT INTO relance.workers (id, name, host, kinds, concurrency, heartbeat_at) VALUES ($1, 'w', 'h', '{}', 1, $2)",
                                       [owner, clock.now])
            let claimed = try await queue.claim(2, owner: owner, lease: 30, clock: .manual(clock))
            let late = try await queue.claim(1, owner: owner, lease: 10, clock: .manual(clock))
            func heartbeat(_ jobs: [ClaimedJob], attempts: [Int]? = nil) async throws -> (alive: Bool, held: Set<Int64>) {
                let keys = zip(jobs, attempts ?? jobs.map(\.attempt)).map { $0.id * 1024 + Int64($1) }
                let row = try await queue.pool.query(QueueSQL.heartbeat, [owner, 30.0, clock.now, jobs.map(\.id), keys])[0]
                return (try row.decode(at: 0), Set(try row.decode([Int64].self, at: 1)))
            }
            #expect(try await heartbeat(claimed).held == Set(claimed.map(\.id)))
            #expect(try await heartbeat(claimed, attempts: [2, 2]).held.isEmpty, "another attempt's lease is not this one's")
            clock.advance(by: .seconds(11))
            // The 10 s lease expired (not yet rescued): not held, and not renewed.
            let beat = try await heartbeat(claimed + late)
            #expect(beat.alive && beat.held == Set(claimed.map(\.id)))
            #expect(try await JobRescuer(pool: queue.pool, deadAfter: .seconds(3600), clock: .manual(clock)).rescue().returned == 1)
        }
    }

    @Test func eightConcurrentEnqueuersOfTheSameKeysMakeOneJobPerKey() async throws {
        try await QueueFixture.with { queue in
            let jobs = JobQueue(pool: queue.pool)
            let inserted = Counter()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for enqueuer in 0..<8 {
                    group.addTask {
                        for round in 0..<25 {
                            // Each enqueuer goes through the same 50 keys in its own order, one
                            // transaction per pair of jobs, interleaving with the others.
                            let keys = [(round * 2 + enqueuer) % 50, (round * 2 + enqueuer + 1) % 50]
                            let batch = try keys.map { try NewJob(tenant: TenantSlug("acme"), kind: "test.job", uniqueKey: "key-\($0)") }
                            inserted.add(try await queue.pool.withTransaction { try await jobs.enqueue(batch, in: $0) }.count)
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await queue.count("SELECT count(*) FROM relance.jobs") == 50)
            #expect(try await queue.count("SELECT count(DISTINCT unique_key) FROM relance.jobs") == 50)
            #expect(inserted.current == 50, "the enqueuers were told of exactly 50 insertions")
        }
    }

    @Test func aBatchOfJobsWakesListenersWithOneNotification() async throws {
        try await QueueFixture.with { queue in
            let listener = PostgresListener(configuration: queue.configuration, channels: [JobQueue.channel])
            try await listener.start()
            defer { listener.stop() }
            try await JobQueue(pool: queue.pool).enqueue(try queue.jobs(1000))
            try await queue.pool.query("SELECT pg_notify($1::text, 'sentinel')", [JobQueue.channel])
            var wakeUps = 0
            for await event in listener.events {
                guard case .notification(_, let payload) = event else { continue }
                if payload == "sentinel" { break }
                wakeUps += 1
            }
            #expect(wakeUps == 1)
        }
    }

    @Test(arguments: ["", "0", "Dunning", "a b", String(repeating: "a", count: 101)])
    func invalidJobsAreRefusedBeforeReachingTheDatabase(kind: String) throws {
        #expect(throws: QueueError.self) { try NewJob(tenant: TenantSlug("acme"), kind: kind) }
    }

    @Test func invalidPriorityAttemptsKeyAndPayloadAreRefused() throws {
        let acme = try TenantSlug("acme")
        #expect(throws: QueueError.self) { try NewJob(tenant: acme, kind: "a", priority: 5) }
        #expect(throws: QueueError.self) { try NewJob(tenant: acme, kind: "a", maxAttempts: 0) }
        #expect(throws: QueueError.self) { try NewJob(tenant: acme, kind: "a", uniqueKey: "") }
        #expect(throws: QueueError.self) { try NewJob(tenant: acme, kind: "a", payloadJSON: "[1]") }
    }

    @Test func operatorsCancelAndRetryQueuedJobs() async throws {
        try await QueueFixture.with { queue in
            let jobs = JobQueue(pool: queue.pool)
            let id = try #require(try await jobs.enqueue(try queue.jobs(1)).first)
            let cancelled = try await jobs.cancel(id: id)
            #expect(cancelled.state == .cancelled && cancelled.finishedAt != nil)
            await #expect(throws: QueueError.invalidState(id: id, state: .cancelled, operation: "cancel")) {
                try await jobs.cancel(id: id)
            }
            let retried = try await jobs.retry(id: id)
            #expect(retried.state == .available && retried.attempt == 0)
            await #expect(throws: QueueError.jobNotFound(999_999)) { try await jobs.job(id: 999_999) }
            #expect(try await jobs.list(states: [.available]).map(\.id) == [id])
        }
    }

    @Test func aCancelWaitingOnAClaimFlagsTheJobTheClaimStarted() async throws {
        try await QueueFixture.with { queue in
            let jobs = JobQueue(pool: queue.pool)
            let id = try #require(try await jobs.enqueue(try queue.jobs(1)).first)
            // A claim holds the job's row lock, uncommitted, while the operator's cancel arrives.
            let claimer = try await PostgresConnection.connect(configuration: queue.configuration)
            let claimed = AsyncStream<Void>.makeStream()
            let commit = AsyncStream<Void>.makeStream()
            let claim = Task {
                try await claimer.withTransaction { tx in
                    let rows = try await tx.query(QueueSQL.claim, [Int64(1), ["test.job"], UUID(), 30.0, QueueClock.database.parameter, ""])
                    claimed.continuation.yield()
                    for await _ in commit.stream { break }
                    return rows.count
                }
            }
            for await _ in claimed.stream { break }
            let cancel = Task { try await jobs.cancel(id: id) }
            #expect(try await TestDatabase.eventually {
                try await queue.count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") == 1
            }, "the cancel waits on the claim's row lock")
            commit.continuation.yield()
            #expect(try await claim.value == 1)
            // Its first statement missed both branches (the job was no longer waiting, and not yet
            // running in its snapshot); the second flags the running job.
            let flagged = try await cancel.value
            #expect(flagged.state == .running && flagged.cancelRequested, "\(flagged)")
            await claimer.close()
        }
    }

    @Test func retryingACancelledJobWhoseKeyIsTakenAgainIsRefused() async throws {
        try await QueueFixture.with { queue in
            let jobs = JobQueue(pool: queue.pool)
            let job = try NewJob(tenant: TenantSlug("acme"), kind: "test.job", uniqueKey: "k")
            let first = try #require(try await jobs.enqueue([job]).first)
            _ = try await jobs.cancel(id: first)
            _ = try #require(try await jobs.enqueue([job]).first)
            await #expect(throws: QueueError.uniqueKeyTaken(id: first, uniqueKey: "k")) { try await jobs.retry(id: first) }
        }
    }

    @Test func theClaimIsFairAcrossTenants() async throws {
        try await QueueFixture.with { queue in
            let jobs = JobQueue(pool: queue.pool)
            try await jobs.enqueue(try queue.jobs(10_000, tenant: "big"))
            try await jobs.enqueue(try queue.jobs(3, tenant: "small"))
            // One round of 10 slots: both tenants are served, the big one does not fill it.
            let round = try await queue.claim(10, owner: UUID())
            #expect(round.filter { $0.tenant.rawValue == "small" }.count == 3)
            #expect(round.filter { $0.tenant.rawValue == "big" }.count == 5)
            // One slot at a time: the tenants alternate, starting after the cursor.
            try await jobs.enqueue(try queue.jobs(2, tenant: "small"))
            let first = try await queue.claim(1, owner: UUID(), cursor: "small")
            let second = try await queue.claim(1, owner: UUID(), cursor: first[0].tenant.rawValue)
            #expect(first.map(\.tenant.rawValue) == ["big"])
            #expect(second.map(\.tenant.rawValue) == ["small"])
        }
    }

    @Test func tenantsWaitingOnlyForLaterJobsDoNotShrinkAnotherTenantsShare() async throws {
        try await QueueFixture.with { queue in
            let jobs = JobQueue(pool: queue.pool)
            let tomorrow = Date().addingTimeInterval(86_400)
            let waiting = try (0..<200).map { try NewJob(tenant: TenantSlug("wait\($0)"), kind: "test.job", runAt: tomorrow) }
            try await jobs.enqueue(waiting)
            try await jobs.enqueue(try queue.jobs(50, tenant: "busy"))
            #expect(try await queue.claim(20, owner: UUID()).count == 20, "a full claim for the one tenant with due work")
            #expect(try await jobs.list(states: [.scheduled]).count == 50, "listing is capped at the page size")
            #expect(try await queue.count("SELECT count(*) FROM relance.jobs WHERE state = 'scheduled'") == 200)
        }
    }

    @Test func aClaimVisitsAtMostItsLimitOfTenantsStartingAfterTheCursor() async throws {
        try await QueueFixture.with { queue in
            let jobs = JobQueue(pool: queue.pool)
            let tenants = (0..<50).map { String(format: "t%02d", $0) }
            for tenant in tenants { try await jobs.enqueue(try queue.jobs(2, tenant: tenant)) }
            let owner = UUID()
            // The plan of a claim of 5 after t46: the tenant scans (recursive unions) yield at
            // most 5 tenants (plus their end markers), not the 50 that have work.
            let plan = try await queue.pool.withConnection { connection in
                try await connection.execute("BEGIN")
                let lines = try await connection.query("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) \(QueueSQL.claim)",
                                                       [Int64(5), ["test.job"], owner, 30.0, Date?.none, "t46"])
                    .map { try $0.decode(String.self, at: 0) }
                try await connection.execute("ROLLBACK")
                return lines
            }
            let visited = Self.actualRows(ofNode: "Recursive Union", in: plan)
            #expect(visited <= 5 + 2, "tenants visited by a claim of 5: \(visited)")
            #expect(visited >= 5)
            // Round-robin from the cursor, wrapping around: one job each from t47, t48, t49, t00, t01.
            let claimed = try await queue.claim(5, owner: owner, cursor: "t46")
            #expect(claimed.map(\.tenant.rawValue).sorted() == ["t00", "t01", "t47", "t48", "t49"])
        }
    }

    @Test func tenantsWithOnlyJobsOfOtherKindsDoNotShrinkOrFillAClaim() async throws {
        try await QueueFixture.with { queue in
            let jobs = JobQueue(pool: queue.pool)
            for index in 0..<30 { try await jobs.enqueue(try queue.jobs(3, tenant: String(format: "other%02d", index), kind: "other.job")) }
            try await jobs.enqueue(try queue.jobs(10, tenant: "zeta"))
            let claimed = try await queue.claim(10, owner: UUID(), kinds: ["test.job"])
            #expect(claimed.count == 10, "the one tenant with jobs of this kind fills the claim")
            #expect(Set(claimed.map(\.tenant.rawValue)) == ["zeta"])
        }
    }

    /// Sum of the actual rows of the plan nodes named `node` in the lines of an `EXPLAIN ANALYZE`.
    static func actualRows(ofNode node: String, in plan: [String]) -> Int {
        plan.filter { $0.contains(node) }.reduce(0) { total, line in
            guard let range = line.range(of: "actual rows=") else { return total }
            return total + (Int(line[range.upperBound...].prefix { $0.isNumber }) ?? 0)
        }
    }

    @Test func aClaimTakesOnlyDueJobsOfItsKindsInPriorityOrder() async throws {
        try await QueueFixture.with { queue in
            let jobs = JobQueue(pool: queue.pool)
            let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
            let acme = try TenantSlug("acme")
            try await jobs.enqueue([
                try NewJob(tenant: acme, kind: "test.job", payloadJSON: "{\"n\":1}", priority: 3, runAt: clock.now),
                try NewJob(tenant: acme, kind: "test.job", payloadJSON: "{\"n\":2}", priority: 1, runAt: clock.now),
                try NewJob(tenant: acme, kind: "test.job", payloadJSON: "{\"n\":3}", priority: 0, runAt: clock.now.addingTimeInterval(60)),
                try NewJob(tenant: acme, kind: "other.job", payloadJSON: "{\"n\":4}", runAt: clock.now),
            ])
            let claimed = try await queue.claim(1, owner: UUID(), clock: .manual(clock))
            #expect(claimed.map(\.payload) == ["{\"n\": 2}"])
            #expect(try await queue.claim(10, owner: UUID(), clock: .manual(clock)).map(\.payload) == ["{\"n\": 1}"])
            clock.advance(by: .seconds(60))
            #expect(try await queue.claim(10, owner: UUID(), clock: .manual(clock)).map(\.payload) == ["{\"n\": 3}"])
        }
    }

    @Test func aRescuedJobsLateCompletionIsRefused() async throws {
        try await QueueFixture.with { queue in
            let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
            let jobs = JobQueue(pool: queue.pool, clock: .manual(clock))
            try await jobs.enqueue(try queue.jobs(5))
            let (first, second) = (UUID(), UUID())
            let claimed = try await queue.claim(5, owner: first, lease: 30, clock: .manual(clock))
            let rescuer = JobRescuer(pool: queue.pool, deadAfter: .seconds(3600), clock: .manual(clock))
            try await queue.pool.query("INSERT INTO relance.workers (id, name, host, kinds, concurrency, heartbeat_at) VALUES ($1, 'w', 'h', '{}', 1, $2)",
                                       [first, clock.now])
            #expect(try await rescuer.rescue() == .init(returned: 0, ended: 0), "lease still valid")
            clock.advance(by: .seconds(31))
            #expect(try await rescuer.rescue() == .init(returned: 5, ended: 0))
            let again = try await queue.claim(5, owner: second, clock: .manual(clock))
            #expect(again.allSatisfy { $0.attempt == 2 })
            #expect(try await queue.complete(claimed, owner: first).isEmpty, "the first worker lost its lease")
            #expect(try await queue.complete(again, owner: second).count == 5)
            #expect(try await queue.count("SELECT count(*) FROM relance.finished_jobs WHERE state = 'succeeded' AND attempt = 2") == 5)
        }
    }

    @Test func twoWorkersAndARescuerRacingOnExpiredLeasesNeverCompleteAJobTwice() async throws {
        try await QueueFixture.with { queue in
            let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
            let jobs = JobQueue(pool: queue.pool, clock: .manual(clock))
            try await jobs.enqueue(try queue.jobs(400))
            let (first, second) = (UUID(), UUID())
            // The first worker claims everything, then stalls past its lease.
            let stalled = try await queue.claim(400, owner: first, lease: 10, clock: .manual(clock))
            clock.advance(by: .seconds(11))
            let rescuer = JobRescuer(pool: queue.pool, deadAfter: .seconds(3600), clock: .manual(clock))
            // Concurrently: the stalled worker completes, the rescuer rescues, and the second
            // worker claims and completes whatever it gets, in small rounds.
            async let late = queue.complete(stalled, owner: first)
            async let rescued = rescuer.rescue()
            async let fresh = Self.claimAndComplete(queue, owner: second, rounds: 40, clock: clock, stopWhenEmpty: false)
            let (lateAccepted, _, freshAccepted) = try await (late, rescued, fresh)
            _ = try await rescuer.rescue()
            let rest = try await Self.claimAndComplete(queue, owner: second, rounds: 100, clock: clock, stopWhenEmpty: true)
            #expect(lateAccepted.isDisjoint(with: freshAccepted) && lateAccepted.isDisjoint(with: rest) && freshAccepted.isDisjoint(with: rest))
            #expect(lateAccepted.count + freshAccepted.count + rest.count == 400)
            #expect(try await queue.count("SELECT count(*) FROM relance.finished_jobs WHERE state = 'succeeded'") == 400)
            #expect(try await queue.count("SELECT count(*) FROM relance.jobs") == 0)
        }
    }

    private static func claimAndComplete(_ queue: QueueFixture, owner: UUID, rounds: Int, clock: ManualClock, stopWhenEmpty: Bool) async throws -> Set<Int64> {
        var accepted: Set<Int64> = []
        for _ in 0..<rounds {
            let batch = try await queue.claim(20, owner: owner, clock: .manual(clock))
            if batch.isEmpty && stopWhenEmpty { break }
            accepted.formUnion(try await queue.complete(batch, owner: owner))
        }
        return accepted
    }

    @Test func aJobOutOfAttemptsIsDiscardedByTheRescuer() async throws {
        try await QueueFixture.with { queue in
            let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
            try await JobQueue(pool: queue.pool).enqueue(try queue.jobs(1, maxAttempts: 1))
            _ = try await queue.claim(1, owner: UUID(), lease: 5, clock: .manual(clock))
            clock.advance(by: .seconds(6))
            #expect(try await JobRescuer(pool: queue.pool, clock: .manual(clock)).rescue() == .init(returned: 0, ended: 1))
            let job = try #require(try await JobQueue(pool: queue.pool).list().first)
            #expect(job.state == .discarded && job.lastError?.contains("lease lost") == true)
        }
    }

    @Test func thePrunerVacuumsTheHotTableOnceDeadRowsPileUp() async throws {
        try await QueueFixture.with { queue in
            let pruner = JobPruner(pool: queue.pool)
            #expect(try await pruner.vacuumIfNeeded(deadRowsThreshold: 500) == false, "nothing dead yet")
            try await JobQueue(pool: queue.pool).enqueue(try queue.jobs(1000))
            let owner = UUID()
            _ = try await queue.complete(try await queue.claim(1000, owner: owner), owner: owner)
            // Statistics reach the collector within about a second of the commit.
            #expect(try await TestDatabase.eventually { try await pruner.vacuumIfNeeded(deadRowsThreshold: 500) })
            // On a loaded machine another test's snapshot can hold the horizon back for a
            // moment; the pruner's next round removes them then.
            var dead = 0
            let cleared = try await TestDatabase.eventually {
                dead = try await queue.count("SELECT n_dead_tup FROM pg_stat_user_tables WHERE relid = 'relance.jobs'::regclass")
                if dead >= 500 { _ = try await pruner.vacuumIfNeeded(deadRowsThreshold: 500) }
                return dead < 500
            }
            #expect(cleared, "the vacuum removed the dead rows (\(dead) left)")
        }
    }

    @Test func theRescuerAndThePrunerStopAtOnceOnGracefulShutdown() async throws {
        try await QueueFixture.with { queue in
            // Work for each one's first round: a dead worker's row, and a finished job past retention.
            try await queue.pool.query("""
                INSERT INTO relance.workers (id, name, host, kinds, concurrency, heartbeat_at)
                VALUES ($1, 'w', 'h', '{}', 1, now() - interval '1 hour')
                """, [UUID()])
            let owner = UUID()
            try await JobQueue(pool: queue.pool).enqueue(try queue.jobs(1))
            _ = try await queue.complete(try await queue.claim(1, owner: owner), owner: owner)
            // Rounds an hour apart, and an hour of grace: only a pause that ends on shutdown
            // lets the group stop within the test's deadline.
            let services: [any Service] = [
                JobRescuer(pool: queue.pool, interval: .seconds(3600), deadAfter: .seconds(30)),
                JobPruner(pool: queue.pool, retention: .zero, interval: .seconds(3600)),
            ]
            let group = ServiceGroupHarness(services: services, gracePeriod: .seconds(3600))
            let stopped = Counter()
            let run = Task {
                await group.run()
                stopped.add()
            }
            #expect(try await TestDatabase.eventually {
                let workers = try await queue.count("SELECT count(*) FROM relance.workers")
                let finished = try await queue.count("SELECT count(*) FROM relance.finished_jobs")
                return workers == 0 && finished == 0
            }, "both did their first round and now pause")
            await group.shutdown()
            #expect(try await TestDatabase.eventually { stopped.current == 1 })
            run.cancel()
        }
    }

    @Test func thePrunerDeletesOnlyFinishedJobsPastRetention() async throws {
        try await QueueFixture.with { queue in
            let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
            try await JobQueue(pool: queue.pool).enqueue(try queue.jobs(30))
            let owner = UUID()
            _ = try await queue.complete(try await queue.claim(10, owner: owner, clock: .manual(clock)), owner: owner, clock: .manual(clock))
            clock.advance(by: .seconds(7200))
            _ = try await queue.complete(try await queue.claim(10, owner: owner, clock: .manual(clock)), owner: owner, clock: .manual(clock))
            let pruner = JobPruner(pool: queue.pool, retention: .seconds(3600), clock: .manual(clock))
            #expect(try await pruner.prune() == 10)
            #expect(try await queue.count("SELECT count(*) FROM relance.finished_jobs") == 10)
            #expect(try await queue.count("SELECT count(*) FROM relance.jobs") == 10)
        }
    }
}
