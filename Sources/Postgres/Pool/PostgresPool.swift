import Logging
import Metrics
import Synchronization

/// A bounded pool of connections, handed out one task at a time.
///
/// - At most `size` connections are open; a task that finds none free waits, first come
///   first served, and gets `PostgresError.poolTimeout` after `acquireTimeout`. The same
///   deadline bounds opening a new connection (as libpq's `connect_timeout`, in whole seconds,
///   at least 2): a connect that hangs (a blackholed host) fails with
///   `PostgresError.connectTimeout`.
/// - A connection comes back with no session state (`PostgresSessionReset`: `SET`s, role,
///   temporary tables, `LISTEN`s, advisory locks, cursors) and keeps its prepared
///   statements. The reset costs no round trip of its own on the paths every request and
///   job takes: `withTransaction` sends it in the COMMIT (or ROLLBACK) message, `query` and
///   `pipeline` after their statements in the same round trip. `withConnection` lends the
///   connection for anything, so it resets on return with one round trip when the borrower
///   ran anything (measured: docs/benchmarks.md, "Session reset"); use it for work that needs
///   one session for several steps (migrations under a session lock, COPY), not per request.
/// - A connection that broke (server restart, socket closed, terminated backend) or was
///   left inside a transaction is closed on return and never handed out again; an idle one
///   is checked without blocking before it is handed out, so a restart is noticed early.
///   Capacity is reopened on demand, so the pool recovers without a process restart.
/// - Gauges `<prefix>_connections{state="in_use"|"idle"}` and `<prefix>_waiters` are kept
///   with swift-metrics when `metricsPrefix` is set.
public final class PostgresPool: Sendable {
    /// How many connections, how long to wait for one, and what to report.
    public struct Configuration: Sendable {
        public var size: Int
        public var acquireTimeout: Duration
        /// Prefix of the pool's gauges; nil records none.
        public var metricsPrefix: String?

        public init(size: Int = 10, acquireTimeout: Duration = .seconds(5), metricsPrefix: String? = nil) {
            precondition(size > 0, "a pool needs at least one connection")
            self.size = size
            self.acquireTimeout = acquireTimeout
            self.metricsPrefix = metricsPrefix
        }
    }

    /// A snapshot of the pool's counters.
    public struct Statistics: Sendable, Equatable {
        public var inUse: Int
        public var idle: Int
        public var waiting: Int
        public var opening: Int
    }

    private enum Lease: Sendable {
        case connection(PostgresConnection)
        case openNew
    }

    private struct Waiter {
        var id: Int
        var continuation: CheckedContinuation<Lease, any Error>
        var timeout: Task<Void, Never>?
    }

    private struct State {
        var idle: [PostgresConnection] = []
        var leased = 0
        var opening = 0
        var waiters: [Waiter] = []
        var nextWaiterID = 0
        var closed = false

        var statistics: Statistics {
            Statistics(inUse: leased, idle: idle.count, waiting: waiters.count, opening: opening)
        }
    }

    private struct Gauges: Sendable {
        let inUse: Gauge
        let idle: Gauge
        let waiting: Gauge
    }

    public let connectionConfiguration: PostgresConfiguration
    public let configuration: Configuration
    private let state = Mutex(State())
    private let gauges: Gauges?
    private let logger: Logger

    public init(
        connection: PostgresConfiguration,
        configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "postgres.pool")
    ) {
        self.connectionConfiguration = connection
        self.configuration = configuration
        self.logger = logger
        self.gauges = configuration.metricsPrefix.map { prefix in
            Gauges(
                inUse: Gauge(label: "\(prefix)_connections", dimensions: [("state", "in_use")]),
                idle: Gauge(label: "\(prefix)_connections", dimensions: [("state", "idle")]),
                waiting: Gauge(label: "\(prefix)_waiters")
            )
        }
    }

    /// The pool's counters now.
    public var statistics: Statistics { state.withLock { $0.statistics } }

    /// Lends a connection to `body` and takes it back when `body` returns or throws.
    /// - Throws: `PostgresError.poolTimeout`, `.poolClosed`, `.connectionFailed`, or what `body` throws.
    /// Session state the borrower left behind is reset before the connection is lent again.
    /// - Throws: `PostgresError.poolTimeout`, `.connectTimeout`, `.poolClosed`, `.connectionFailed`, or what `body` throws.
    public func withConnection<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let connection = try await acquire()
        let value: T
        do {
            value = try await body(connection)
        } catch {
            await resetIfTouched(connection)
            release(connection)
            throw error
        }
        await resetIfTouched(connection)
        release(connection)
        return value
    }

    /// Runs `body` in a transaction on a pooled connection; see `PostgresConnection.withTransaction`.
    /// The session reset travels with the COMMIT or ROLLBACK.
    public func withTransaction<T>(
        isolation: PostgresIsolationLevel = .readCommitted,
        readOnly: Bool = false,
        prologue: PostgresQuery? = nil,
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await withConnection { connection in
            try await connection.withTransaction(isolation: isolation, readOnly: readOnly, prologue: prologue, resettingSession: true, body)
        }
    }

    /// Runs one statement on a pooled connection, the session reset following in the same round
    /// trip (a pipeline with a Sync after the statement: the statement is still alone in its
    /// implicit transaction, so statements that refuse a transaction block, like VACUUM, run).
    @discardableResult
    public func query(_ query: PostgresQuery, _ parameters: [any PostgresEncodable] = []) async throws -> PostgresRows {
        try await pipeline([PostgresStatement(query, parameters)])[0]
    }

    /// Runs `statements` as one pipeline on a pooled connection (see `PostgresConnection.pipeline`),
    /// the session reset following in the same round trip.
    @discardableResult
    public func pipeline(_ statements: [PostgresStatement]) async throws -> [PostgresRows] {
        try await withConnection { try await $0.pipeline(statements, resettingSession: true) }
    }

    /// Resets a returning connection's session with one round trip if the borrower ran
    /// anything since the last reset; a connection whose reset fails is closed, not reused.
    private func resetIfTouched(_ connection: PostgresConnection) async {
        guard connection.mayHoldSessionState, connection.isReusable() else { return }
        do {
            try await connection.executeUncancellable(PostgresSessionReset.script)
            connection.markSessionReset()
        } catch {
            logger.warning("closing a connection whose session could not be reset", metadata: ["db.connection": "\(connection.id)", "error": "\(error)"])
            await connection.close()
        }
    }

    /// Closes idle connections, fails waiters with `.poolClosed`, and closes leased ones as they return.
    public func close() async {
        let (idle, waiters) = state.withLock { state in
            state.closed = true
            defer { state.idle = []; state.waiters = [] }
            return (state.idle, state.waiters)
        }
        for waiter in waiters {
            waiter.timeout?.cancel()
            waiter.continuation.resume(throwing: PostgresError.poolClosed)
        }
        for connection in idle { await connection.close() }
        report()
    }

    // MARK: - Lending

    private func acquire() async throws -> PostgresConnection {
        let deadline = ContinuousClock.now + configuration.acquireTimeout
        while true {
            let lease = try await nextLease(deadline: deadline)
            switch lease {
            case .connection(let connection):
                if connection.isReusable() {
                    report()
                    return connection
                }
                logger.info("dropping a broken idle connection", metadata: ["db.connection": "\(connection.id)"])
                discard(connection)
            case .openNew:
                return try await open(deadline: deadline)
            }
        }
    }

    /// Opens a connection for the caller, who holds an `opening` slot, within what is left
    /// of the acquire deadline: libpq's `connect_timeout` is set to the remaining time (libpq
    /// counts whole seconds, at least 2), so a connect that hangs (a blackholed host, a server
    /// that accepts and never answers) fails with `PostgresError.connectTimeout` instead of
    /// holding the caller. A `connect_timeout` in the connection string (or
    /// `PGCONNECT_TIMEOUT`) wins, as for every setting it names.
    ///
    /// (The connect runs in the caller's task: libpq's connect cannot be interrupted, and an
    /// attempt left running in the background once its caller gave up complicates the pool's
    /// accounting for no gain over libpq's own timeout.)
    private func open(deadline: ContinuousClock.Instant) async throws -> PostgresConnection {
        var configuration = connectionConfiguration
        let remaining = max(.zero, deadline - ContinuousClock.now)
        configuration.connectTimeout = min(configuration.connectTimeout ?? remaining, remaining)
        do {
            let connection = try await PostgresConnection.connect(configuration: configuration, logger: logger)
            state.withLock { state in
                state.opening -= 1
                state.leased += 1
            }
            report()
            return connection
        } catch {
            state.withLock { $0.opening -= 1 }
            offerCapacityToWaiter()
            if case .connectionFailed? = error as? PostgresError, ContinuousClock.now >= deadline {
                throw PostgresError.connectTimeout(waited: self.configuration.acquireTimeout)
            }
            throw error
        }
    }

    private func nextLease(deadline: ContinuousClock.Instant) async throws -> Lease {
        let waiterID = state.withLock { state in
            defer { state.nextWaiterID += 1 }
            return state.nextWaiterID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Lease, any Error>) in
                state.withLock { state in
                    if state.closed {
                        continuation.resume(throwing: PostgresError.poolClosed)
                    } else if Task.isCancelled {
                        continuation.resume(throwing: CancellationError())
                    } else if let connection = state.idle.popLast() {
                        state.leased += 1
                        continuation.resume(returning: .connection(connection))
                    } else if state.leased + state.opening < configuration.size {
                        state.opening += 1
                        continuation.resume(returning: .openNew)
                    } else {
                        let timeout = configuration.acquireTimeout
                        let task = Task { [weak self] in
                            try? await Task.sleep(until: deadline)
                            guard !Task.isCancelled else { return }
                            self?.removeWaiter(waiterID, error: PostgresError.poolTimeout(waited: timeout, poolSize: self?.configuration.size ?? 0))
                        }
                        state.waiters.append(Waiter(id: waiterID, continuation: continuation, timeout: task))
                    }
                }
                report()
            }
        } onCancel: {
            removeWaiter(waiterID, error: CancellationError())
        }
    }

    private func removeWaiter(_ id: Int, error: any Error) {
        let waiter = state.withLock { state -> Waiter? in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index)
        }
        guard let waiter else { return }
        waiter.timeout?.cancel()
        waiter.continuation.resume(throwing: error)
        report()
    }

    private func release(_ connection: PostgresConnection) {
        let reusable = connection.isReusable()
        enum Next { case handOver(Waiter), keep, close, closeAndOpenFor(Waiter) }
        let next: Next = state.withLock { state in
            state.leased -= 1
            if state.closed { return .close }
            if reusable {
                if !state.waiters.isEmpty {
                    state.leased += 1
                    return .handOver(state.waiters.removeFirst())
                }
                state.idle.append(connection)
                return .keep
            }
            if !state.waiters.isEmpty {
                state.opening += 1
                return .closeAndOpenFor(state.waiters.removeFirst())
            }
            return .close
        }
        switch next {
        case .handOver(let waiter):
            waiter.timeout?.cancel()
            waiter.continuation.resume(returning: .connection(connection))
        case .keep:
            break
        case .close:
            Task { await connection.close() }
        case .closeAndOpenFor(let waiter):
            logger.info("dropping a broken connection", metadata: ["db.connection": "\(connection.id)"])
            Task { await connection.close() }
            waiter.timeout?.cancel()
            waiter.continuation.resume(returning: .openNew)
        }
        report()
    }

    /// Forgets a leased connection that turned out to be broken.
    private func discard(_ connection: PostgresConnection) {
        state.withLock { $0.leased -= 1 }
        Task { await connection.close() }
        offerCapacityToWaiter()
    }

    /// After capacity was freed without a connection to hand over, lets the first waiter open one.
    private func offerCapacityToWaiter() {
        let waiter = state.withLock { state -> Waiter? in
            guard !state.closed, !state.waiters.isEmpty, state.leased + state.opening < configuration.size else { return nil }
            state.opening += 1
            return state.waiters.removeFirst()
        }
        if let waiter {
            waiter.timeout?.cancel()
            waiter.continuation.resume(returning: .openNew)
        }
        report()
    }

    private func report() {
        guard let gauges else { return }
        let statistics = self.statistics
        gauges.inUse.record(statistics.inUse)
        gauges.idle.record(statistics.idle)
        gauges.waiting.record(statistics.waiting)
    }
}
