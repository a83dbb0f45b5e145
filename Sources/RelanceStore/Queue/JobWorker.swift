import Foundation
import Logging
import Metrics
import Postgres
import RelanceCore
import ServiceLifecycle
import Synchronization

/// Claims jobs and runs their handlers: a `Service` for relance-worker.
///
/// - **Claims** batches with `FOR UPDATE SKIP LOCKED`, never more than its free slots, fairly
///   across tenants (`QueueSQL.claim`), only of the kinds it has handlers for.
/// - **Runs** up to `concurrency` handlers at once, each in its own task.
/// - **Completes** in batches: results wait at most `flushInterval` (100 ms) and ride along
///   with the next claim when there is one, so a busy worker commits once per batch.
/// - **Wakes** on `NOTIFY relance_jobs` (one per enqueuing statement), and polls every
///   `pollInterval` in case a notification was lost.
/// - **Heartbeats** its `workers` row and renews the leases of long jobs. A worker whose
///   heartbeats stop loses its leases as they expire, and `JobRescuer` hands the jobs to other
///   workers. Its next heartbeat learns which leases it still holds: every job it runs whose
///   lease is gone is cancelled at once and its outcome is not recorded ("lease lost"); a late
///   completion that slips through anyway is refused (fencing by worker and attempt).
/// - **Fences** effects: each `ClaimedJob` it hands out has a `fence()` that checks the lease
///   in the database before an irreversible action.
/// - **Shuts down** gracefully: no new claims, running jobs finish within the grace period;
///   jobs still running when it ends are cancelled and released to other workers.
public final class JobWorker: Service, Sendable {
    /// This worker's id (its `workers` row and the lease owner of its jobs).
    public let id = UUID()
    private let pool: PostgresPool
    private let listenConfiguration: PostgresConfiguration
    private let handlers: [String: any JobHandler]
    private let configuration: JobWorkerConfiguration
    private let clock: QueueClock
    private let logger: Logger
    private let metrics = JobMetrics.shared
    private let state = Mutex(State())
    private let leaseFence: LeaseFence
    private let kicks: AsyncStream<Void>
    private let kick: AsyncStream<Void>.Continuation
    private let flushes: AsyncStream<Bool>
    private let flush: AsyncStream<Bool>.Continuation

    /// - Parameters:
    ///   - listen: the connection for `LISTEN` (a direct one, not through a transaction-mode
    ///     PgBouncer); by default the pool's.
    ///   - handlers: one per kind; the worker claims only these kinds.
    public init(
        pool: PostgresPool, listen: PostgresConfiguration? = nil, handlers: [any JobHandler],
        configuration: JobWorkerConfiguration = JobWorkerConfiguration(), clock: QueueClock = .database,
        logger: Logger = Logger(label: "relance.worker")
    ) {
        self.pool = pool
        self.listenConfiguration = listen ?? pool.connectionConfiguration
        var byKind: [String: any JobHandler] = [:]
        for handler in handlers {
            precondition(byKind[handler.kind] == nil, "two handlers for kind \(handler.kind)")
            byKind[handler.kind] = handler
        }
        self.handlers = byKind
        self.configuration = configuration
        self.clock = clock
        self.leaseFence = .database(pool: pool, owner: id, margin: configuration.fenceMargin, clock: clock)
        var logger = logger
        logger[metadataKey: "worker"] = "\(id)"
        self.logger = logger
        (kicks, kick) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        (flushes, flush) = AsyncStream.makeStream(of: Bool.self, bufferingPolicy: .bufferingNewest(1))
    }

    // MARK: - Service

    public func run() async throws {
        guard let listener = await connect() else { return }
        logger.info("worker started", metadata: [
            "kinds": "\(handlers.keys.sorted())", "concurrency": "\(configuration.concurrency)",
        ])
        kick.yield()

        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.listen(to: listener) }
                group.addTask { await self.poll() }
                group.addTask { await self.heartbeatLoop() }
                group.addTask { await self.flushLoop() }
                await self.dispatch(into: &group)
                await self.waitUntilIdle()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            self.state.withLock { $0.stopping = true }
            self.kick.yield()
        }

        listener.stop()
        // Record what finished, even though this task may be cancelled (grace period over).
        await Task { await self.finalFlush() }.value
        logger.info("worker stopped")
    }

    // MARK: - Claiming

    /// Claims whenever kicked (notification, poll, free slot while there is a backlog) until
    /// shutdown. Job tasks join `group`.
    private func dispatch(into group: inout DiscardingTaskGroup) async {
        guard !handlers.isEmpty else {
            logger.warning("no job handlers; this worker claims nothing")
            for await _ in kicks where state.withLock({ $0.stopping }) { return }
            return
        }
        for await _ in kicks {
            if state.withLock({ $0.stopping }) { return }
            repeat {
                await gatherSlots()
            } while await claimRound(into: &group)
        }
    }

    /// Lets a few jobs finish before claiming when only a few slots are free: many small
    /// claims cost far more than one full one. Waits at most about 5 ms.
    private func gatherSlots() async {
        let threshold = max(1, min(configuration.claimBatch, configuration.concurrency) / 2)
        for _ in 0..<5 {
            let (free, running) = state.withLock { (configuration.concurrency - $0.running.count, $0.running.count) }
            if free >= threshold || running == 0 { return }
            do { try await Task.sleep(for: .milliseconds(1)) } catch { return }
        }
    }

    /// One round trip: the pending completions plus a claim for the free slots, in one
    /// transaction. Returns whether a full batch came back (more work is likely waiting).
    private func claimRound(into group: inout DiscardingTaskGroup) async -> Bool {
        let plan = state.withLock { state -> ClaimPlan? in
            guard !state.stopping else { return nil }
            let plan = ClaimPlan(state: state, configuration: configuration, kinds: handlers.keys)
            guard plan.total > 0 else { return nil }
            let pending = state.pending
            state.pending = []
            return plan.with(pending: pending)
        }
        guard let plan else { return false }
        var statements: [PostgresStatement] = []
        statements.append(contentsOf: completionStatements(plan.pending))
        let completionCount = statements.count
        let now = clock.parameter
        statements.append(PostgresStatement(QueueSQL.stage, [now, Int64(10_000)]))
        for claim in plan.claims {
            statements.append(PostgresStatement(QueueSQL.claim, [
                Int64(claim.limit), claim.kinds, id, configuration.lease.inSeconds, now, plan.cursor,
            ]))
        }
        let started = ContinuousClock.now
        let results: [PostgresRows]
        do {
            results = try await pool.pipeline(statements)
        } catch {
            state.withLock { $0.pending.insert(contentsOf: plan.pending, at: 0) }
            logger.error("claim failed", metadata: ["error": "\(error)"])
            try? await Task.sleep(for: .milliseconds(250))
            kick.yield()
            return false
        }
        metrics.claimDuration.recordNanoseconds(Int64((ContinuousClock.now - started) / .nanoseconds(1)))
        if completionCount > 0 { noteAccepted(results.prefix(completionCount), of: plan.pending) }
        var jobs: [ClaimedJob] = []
        for claimRows in results.dropFirst(completionCount + 1) {
            for row in claimRows {
                do {
                    jobs.append(try ClaimedJob(row: row, fence: leaseFence))
                } catch {
                    logger.error("undecodable claimed job", metadata: ["error": "\(error)"])
                }
            }
        }
        metrics.claimed.increment(by: jobs.count)
        let full = jobs.count >= plan.total
        state.withLock { state in
            for job in jobs {
                state.running[job.id] = Running(attempt: job.attempt, kind: job.kind, cancelRequested: job.cancelRequested)
                state.runningByKind[job.kind, default: 0] += 1
            }
            state.backlog = full
            if let last = jobs.map(\.tenant.rawValue).max(by: { plan.rotationKey($0) < plan.rotationKey($1) }) {
                state.tenantCursor = last
            }
        }
        metrics.running.record(state.withLock { $0.running.count })
        for job in jobs {
            guard let handler = handlers[job.kind] else { continue }
            group.addTask { await self.execute(job, with: handler) }
        }
        return full
    }

    // MARK: - Running

    private func execute(_ job: ClaimedJob, with handler: any JobHandler) async {
        let started = ContinuousClock.now
        let inner = Task { try await handler.run(job) }
        let cancelledAlready = state.withLock { state -> Bool in
            state.running[job.id]?.task = inner
            guard let running = state.running[job.id] else { return false }
            return running.cancelRequested || running.leaseLost
        }
        if cancelledAlready { inner.cancel() }
        let result = await withTaskCancellationHandler {
            await inner.result
        } onCancel: {
            inner.cancel()
        }
        metrics.duration(kind: job.kind).recordNanoseconds(Int64((ContinuousClock.now - started) / .nanoseconds(1)))
        if leaseLost(job, result: result) {
            // Another worker may hold the job now: record nothing (the database would refuse it).
            metrics.leaseLost.increment()
            state.withLock { $0.leasesLost += 1 }
            logger.warning("lease lost: the job was cancelled and its outcome is not recorded", metadata: [
                "job": "\(job.id)", "kind": "\(job.kind)", "tenant": "\(job.tenant)", "attempt": "\(job.attempt)",
            ])
            finish(job, recording: nil)
            return
        }
        let completion = completion(of: job, result: result)
        metrics.finished(kind: job.kind, outcome: completion.outcome.rawValue).increment()
        if completion.outcome == .failed || completion.outcome == .discarded && completion.error != nil {
            metrics.failure(kind: job.kind).increment()
        }
        if let error = completion.error, completion.outcome != .released {
            logger.notice("job did not complete", metadata: [
                "job": "\(job.id)", "kind": "\(job.kind)", "tenant": "\(job.tenant)", "attempt": "\(job.attempt)",
                "outcome": "\(completion.outcome.rawValue)", "error": "\(error)",
            ])
        }
        finish(job, recording: completion)
    }

    /// Whether the attempt lost its lease: a heartbeat found it gone, or the handler's fence did.
    private func leaseLost(_ job: ClaimedJob, result: Result<JobResult, any Error>) -> Bool {
        if state.withLock({ $0.running[job.id]?.leaseLost ?? false }) { return true }
        if case .failure(let error as LeaseError) = result, case .lost = error { return true }
        return false
    }

    /// Frees the job's slot and queues its completion (none when its lease was lost).
    private func finish(_ job: ClaimedJob, recording completion: Completion?) {
        let (idle, flushNow, kickClaim) = state.withLock { state -> (CheckedContinuation<Void, Never>?, Bool?, Bool) in
            state.running[job.id] = nil
            state.runningByKind[job.kind, default: 1] -= 1
            if let completion { state.pending.append(completion) }
            let idle = state.running.isEmpty ? state.idleWaiter : nil
            if idle != nil { state.idleWaiter = nil }
            let count = state.pending.count
            let flushNow: Bool? = completion == nil ? nil : count >= configuration.claimBatch ? true : (count == 1 ? false : nil)
            return (idle, flushNow, state.backlog && !state.stopping)
        }
        metrics.running.record(state.withLock { $0.running.count })
        if let flushNow { flush.yield(flushNow) }
        if kickClaim { kick.yield() }
        idle?.resume()
    }

    /// What to record for an attempt that ended with `result`.
    private func completion(of job: ClaimedJob, result: Result<JobResult, any Error>) -> Completion {
        let (cancelRequested, stopping) = state.withLock { ($0.running[job.id]?.cancelRequested ?? false, $0.stopping) }
        switch result {
        case .success(.completed):
            return Completion(job, .succeeded)
        case .success(.discard(let reason)):
            return Completion(job, .discarded, error: reason)
        case .success(.snooze(let until)):
            return Completion(job, .snoozed, runAt: until)
        case .success(.retry(let reason, let delay)):
            return failure(job, reason: reason, delay: delay)
        case .failure(let error) where error is CancellationError && cancelRequested:
            return Completion(job, .cancelled, error: "cancelled by an operator while running")
        case .failure(let error) where error is CancellationError && (stopping || Task.isCancelled):
            // Shutdown (or the worker's own task cancelled): not the job's fault.
            return Completion(job, .released, error: "released: the worker shut down before the job finished")
        case .failure(let error):
            return failure(job, reason: String(describing: error), delay: nil)
        }
    }

    private func failure(_ job: ClaimedJob, reason: String, delay: Duration?) -> Completion {
        let reason = String(reason.prefix(2000))
        if job.isLastAttempt {
            return Completion(job, .discarded, error: "\(reason) (attempt \(job.attempt) of \(job.maxAttempts), no attempts left)")
        }
        let wait = delay ?? configuration.backoff.delay(afterAttempt: job.attempt, jitter: Double.random(in: 0..<1))
        return Completion(job, .failed, runAt: clock.now.addingTimeInterval(wait.inSeconds), error: reason)
    }

    /// Cancels a running job's handler (an operator cancelled it).
    private func requestCancel(_ jobID: Int64) {
        let task = state.withLock { state -> Task<JobResult, any Error>? in
            guard state.running[jobID] != nil else { return nil }
            state.running[jobID]?.cancelRequested = true
            return state.running[jobID]?.task
        }
        if let task {
            logger.info("cancelling running job", metadata: ["job": "\(jobID)"])
            task.cancel()
        }
    }

    private func waitUntilIdle() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if state.running.isEmpty { return true }
                state.idleWaiter = continuation
                return false
            }
            if ready { continuation.resume() }
        }
    }

    // MARK: - Completion

    /// The statements recording `completions`: successes by the lean `QueueSQL.succeed`,
    /// anything else by `QueueSQL.complete`.
    private func completionStatements(_ completions: [Completion]) -> [PostgresStatement] {
        let succeeded = completions.filter { $0.outcome == .succeeded }
        let others = completions.filter { $0.outcome != .succeeded }
        var statements: [PostgresStatement] = []
        if !succeeded.isEmpty {
            statements.append(PostgresStatement(QueueSQL.succeed, [id, succeeded.map(\.id), succeeded.map(\.fencingKey), clock.parameter]))
        }
        if !others.isEmpty {
            statements.append(PostgresStatement(QueueSQL.complete, [
                id, others.map(\.id), others.map { Int64($0.attempt) }, others.map(\.outcome.rawValue),
                others.map(\.runAt), others.map(\.error), clock.parameter,
            ]))
        }
        return statements
    }

    /// Logs and counts the completions the database refused (the job was rescued meanwhile).
    private func noteAccepted(_ results: some Collection<PostgresRows>, of completions: [Completion]) {
        guard results.reduce(0, { $0 + $1.count }) < completions.count else { return }
        let accepted = Set(results.flatMap { $0.compactMap { try? $0.decode(Int64.self, at: 0) } })
        let refused = completions.filter { !accepted.contains($0.id) }
        metrics.fenced.increment(by: refused.count)
        state.withLock { $0.completionsRefused += refused.count }
        logger.warning("completions refused: these jobs were rescued after their lease was lost", metadata: [
            "jobs": "\(refused.map(\.id).prefix(20))", "count": "\(refused.count)",
        ])
    }

    /// Records pending completions at most `flushInterval` after the first one (at once when a
    /// batch is full), unless a claim took them along first.
    private func flushLoop() async {
        for await urgent in flushes {
            if !urgent {
                do { try await Task.sleep(for: configuration.flushInterval) } catch { return }
            }
            // Not cancelled halfway: a shutdown waits for the flush in progress.
            await Task { await self.flushPending() }.value
        }
    }

    private func flushPending() async {
        let pending = state.withLock { state -> [Completion] in
            defer { state.pending = [] }
            return state.pending
        }
        guard !pending.isEmpty else { return }
        do {
            let results = try await pool.pipeline(completionStatements(pending))
            noteAccepted(results, of: pending)
        } catch {
            state.withLock { $0.pending.insert(contentsOf: pending, at: 0) }
            logger.error("recording completions failed; will retry", metadata: ["error": "\(error)", "count": "\(pending.count)"])
            if !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(500))
                flush.yield(true)
            }
        }
    }

    /// After the last job ended: record every completion, then leave the `workers` table.
    private func finalFlush() async {
        for attempt in 1...5 {
            await flushPending()
            if state.withLock({ $0.pending.isEmpty }) { break }
            logger.warning("final flush incomplete", metadata: ["attempt": "\(attempt)"])
            try? await Task.sleep(for: .milliseconds(200))
        }
        do {
            try await pool.query(QueueSQL.deregisterWorker, [id])
        } catch {
            logger.warning("could not remove the workers row; the rescuer will", metadata: ["error": "\(error)"])
        }
    }

    // MARK: - Wake-ups and heartbeats

    private func listen(to listener: PostgresListener) async {
        for await event in listener.events {
            switch event {
            case .notification(let channel, let payload) where channel == JobQueue.cancelChannel:
                if let jobID = Int64(payload) { requestCancel(jobID) }
            case .notification, .reconnected:
                kick.yield()
            }
        }
    }

    private func poll() async {
        while true {
            do { try await Task.sleep(for: configuration.pollInterval) } catch { return }
            kick.yield()
        }
    }

    /// Registers the worker and starts listening, retrying while the database is down or not
    /// migrated yet; `nil` if shutdown came first.
    private func connect() async -> PostgresListener? {
        var failures = 0
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await register()
                let listener = PostgresListener(configuration: listenConfiguration, channels: [JobQueue.channel, JobQueue.cancelChannel],
                                                logger: logger)
                try await listener.start()
                return listener
            } catch {
                if failures % 30 == 0 {
                    logger.warning("cannot start yet: database unreachable or not migrated; retrying", metadata: ["error": "\(error)"])
                }
                failures += 1
                guard await pauseUnlessShuttingDown(for: .seconds(1)) else { return nil }
            }
        }
        return nil
    }

    private func register() async throws {
        try await pool.query(QueueSQL.registerWorker, [
            id, configuration.name, ProcessInfo.processInfo.hostName, handlers.keys.sorted(),
            Int64(configuration.concurrency), clock.parameter,
        ])
    }

    private func heartbeatLoop() async {
        while true {
            do { try await Task.sleep(for: configuration.heartbeat) } catch { return }
            if state.withLock({ $0.heartbeatsPaused }) { continue }
            await heartbeat()
        }
    }

    /// Fault injection for tests: while paused, the heartbeat loop sends nothing (as if the
    /// worker stalled or its pool were exhausted), so its leases expire.
    func pauseHeartbeats(_ paused: Bool) {
        state.withLock { $0.heartbeatsPaused = paused }
    }

    /// Attempts of this worker that ended with their lease lost (nothing recorded for them).
    var leasesLost: Int { state.withLock { $0.leasesLost } }
    /// Completions of this worker the database refused.
    var completionsRefused: Int { state.withLock { $0.completionsRefused } }

    /// Refreshes the `workers` row and long jobs' leases; learns which leases this worker still
    /// holds and which jobs an operator cancelled. A running job whose lease is gone is
    /// cancelled at once and nothing is recorded for it; so is a finished one whose completion
    /// still waits to be sent.
    func heartbeat() async {
        let sent = state.withLock { state in state.running.map { (id: $0.key, attempt: $0.value.attempt) } }
        do {
            let row = try await pool.query(QueueSQL.heartbeat, [
                id, configuration.lease.inSeconds, clock.parameter, sent.map(\.id), sent.map { $0.id * 1024 + Int64($0.attempt) },
            ]).first
            let alive: Bool = try row?.decode(at: 0) ?? false
            let held = Set(try row?.decode([Int64].self, at: 1) ?? [])
            let cancelled: [Int64] = try row?.decode(at: 2) ?? []
            if !alive {
                logger.warning("this worker was taken for dead (heartbeat too late); registering again")
                try await register()
            }
            let lost = sent.filter { !held.contains($0.id) }
            if !lost.isEmpty { loseLeases(lost) }
            for jobID in cancelled { requestCancel(jobID) }
        } catch {
            logger.error("heartbeat failed", metadata: ["error": "\(error)"])
        }
    }

    /// Cancels the handlers of attempts whose lease is gone, and drops their waiting completions.
    private func loseLeases(_ lost: [(id: Int64, attempt: Int)]) {
        // A job missing from the answer may also have just been recorded as finished: only the
        // attempts still running here, or whose completion still waits, lost their lease.
        let (cancelled, tasks, dropped) = state.withLock { state -> ([Int64], [Task<JobResult, any Error>], [Int64]) in
            var cancelled: [Int64] = [], tasks: [Task<JobResult, any Error>] = []
            for attempt in lost where state.running[attempt.id]?.attempt == attempt.attempt {
                state.running[attempt.id]?.leaseLost = true
                cancelled.append(attempt.id)
                if let task = state.running[attempt.id]?.task { tasks.append(task) }
            }
            let dropped = state.pending.filter { completion in lost.contains { $0.id == completion.id && $0.attempt == completion.attempt } }
            state.pending.removeAll { completion in dropped.contains { $0.id == completion.id } }
            state.leasesLost += dropped.count
            return (cancelled, tasks, dropped.map(\.id))
        }
        guard !cancelled.isEmpty || !dropped.isEmpty else { return }
        metrics.leaseLost.increment(by: dropped.count)
        logger.warning("lease lost: cancelling the jobs this worker no longer holds", metadata: [
            "jobs": "\((cancelled + dropped).prefix(20))", "count": "\(cancelled.count + dropped.count)",
        ])
        tasks.forEach { $0.cancel() }
    }

    // MARK: - State

    struct Running {
        var attempt: Int
        var kind: String
        var cancelRequested: Bool
        var task: Task<JobResult, any Error>? = nil
        /// A heartbeat found the lease gone: the handler is cancelled and nothing is recorded.
        var leaseLost = false
    }

    struct State {
        var running: [Int64: Running] = [:]
        var runningByKind: [String: Int] = [:]
        var pending: [Completion] = []
        var stopping = false
        var backlog = false
        var tenantCursor = ""
        var heartbeatsPaused = false
        /// Attempts that ended with their lease lost, and completions the database refused
        /// (also in the metrics; kept here for tests).
        var leasesLost = 0
        var completionsRefused = 0
        var idleWaiter: CheckedContinuation<Void, Never>?
    }
}
