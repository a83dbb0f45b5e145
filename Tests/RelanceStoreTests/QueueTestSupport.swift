import Foundation
import Logging
import Postgres
@testable import RelanceStore
import RelanceCore
import RelanceTestSupport
import ServiceLifecycle
import Synchronization

/// A handler for tests: runs `body` for every job of kind `test.job`.
struct ClosureHandler: JobHandler {
    let kind: String
    let body: @Sendable (ClaimedJob) async throws -> JobResult

    init(kind: String = "test.job", _ body: @escaping @Sendable (ClaimedJob) async throws -> JobResult) {
        self.kind = kind
        self.body = body
    }

    func run(_ job: ClaimedJob) async throws -> JobResult { try await body(job) }
}

/// Queue test helpers over a fresh, migrated database.
struct QueueFixture: Sendable {
    let tenancy: TenancyFixture
    var pool: PostgresPool { tenancy.pool }
    var configuration: PostgresConfiguration { tenancy.configuration }

    static func with<T>(_ body: (QueueFixture) async throws -> T) async throws -> T {
        try await TenancyFixture.with { (fixture: TenancyFixture) async throws -> T in
            try await body(QueueFixture(tenancy: fixture))
        }
    }

    func jobs(_ count: Int, tenant: String = "acme", kind: String = "test.job", payload: String = "{}",
              maxAttempts: Int = 20, uniqueKey: ((Int) -> String?)? = nil) throws -> [NewJob] {
        try (0..<count).map { index in
            try NewJob(tenant: TenantSlug(tenant), kind: kind, payloadJSON: payload, maxAttempts: maxAttempts,
                       uniqueKey: uniqueKey?(index))
        }
    }

    func count(_ sql: PostgresQuery, _ parameters: [any PostgresEncodable] = []) async throws -> Int {
        try await tenancy.count(sql, parameters)
    }

    /// Runs `worker` (and any other services) until `body` returns, then shuts it down gracefully.
    func running<T>(_ services: [any Service], _ body: () async throws -> T) async throws -> T {
        let group = ServiceGroup(services: services, logger: Logger(label: "test"))
        let task = Task { try await group.run() }
        do {
            let value = try await body()
            await group.triggerGracefulShutdown()
            try await task.value
            return value
        } catch {
            await group.triggerGracefulShutdown()
            _ = try? await task.value
            throw error
        }
    }

    /// A worker with fast test timings.
    func worker(_ handlers: [any JobHandler], concurrency: Int = 8, batch: Int = 100, kindLimits: [String: Int] = [:],
                clock: QueueClock = .database, poll: Duration = .milliseconds(50), lease: Duration = .seconds(30),
                heartbeat: Duration = .milliseconds(200)) -> JobWorker {
        JobWorker(pool: pool, handlers: handlers,
                  configuration: JobWorkerConfiguration(name: "test", concurrency: concurrency, claimBatch: batch, kindLimits: kindLimits,
                                                        lease: lease, heartbeat: heartbeat, pollInterval: poll,
                                                        flushInterval: .milliseconds(20)),
                  clock: clock)
    }

    /// Claims directly, as worker `owner` would (no handlers run); the jobs' `fence()` asks `fence`.
    func claim(_ limit: Int, owner: UUID, kinds: [String] = ["test.job"], cursor: String = "", lease: Double = 30,
               clock: QueueClock = .database, fence: LeaseFence = .alwaysHeld) async throws -> [ClaimedJob] {
        try await pool.query(QueueSQL.stage, [clock.parameter, Int64(10_000)])
        return try await pool.query(QueueSQL.claim, [Int64(limit), kinds, owner, lease, clock.parameter, cursor])
            .map { try ClaimedJob(row: $0, fence: fence) }
    }

    /// Records `outcome` for `jobs` as worker `owner`; returns the ids accepted.
    func complete(_ jobs: [ClaimedJob], owner: UUID, outcome: Completion.Outcome = .succeeded,
                  clock: QueueClock = .database) async throws -> Set<Int64> {
        if outcome == .succeeded {
            let rows = try await pool.query(QueueSQL.succeed, [
                owner, jobs.map(\.id), jobs.map { $0.id * 1024 + Int64($0.attempt) }, clock.parameter,
            ])
            return Set(try rows.map { try $0.decode(Int64.self, at: 0) })
        }
        let rows = try await pool.query(QueueSQL.complete, [
            owner, jobs.map(\.id), jobs.map { Int64($0.attempt) }, jobs.map { _ in outcome.rawValue },
            jobs.map { _ in Date?.none }, jobs.map { _ in String?.none }, clock.parameter,
        ])
        return Set(try rows.map { try $0.decode(Int64.self, at: 0) })
    }
}

/// A `ServiceGroup` with a short grace period, shut down on demand.
struct ServiceGroupHarness: Sendable {
    let group: ServiceGroup

    init(services: [any Service], gracePeriod: Duration) {
        var configuration = ServiceGroupConfiguration(services: services.map { .init(service: $0) }, logger: Logger(label: "test"))
        configuration.maximumGracefulShutdownDuration = gracePeriod
        configuration.maximumCancellationDuration = .seconds(10)
        group = ServiceGroup(configuration: configuration)
    }

    func run() async { try? await group.run() }

    func shutdown() async { await group.triggerGracefulShutdown() }
}

/// Holds tasks at `wait()` until `open()`.
final class AsyncGate: Sendable {
    var isOpen: Bool { state.withLock { $0.open } }

    /// Like `wait()`, but ends by throwing `CancellationError` if the task is cancelled first.
    func waitUnlessCancelled() async throws {
        while !isOpen { try await Task.sleep(for: .milliseconds(5)) }
    }

    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state -> Bool in
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        waiters.forEach { $0.resume() }
    }
}
