import Logging
import Postgres

/// Elects one scheduler among replicas with a PostgreSQL session-level advisory lock held on a
/// dedicated connection (never a pooled one: the lock lives and dies with its session).
///
/// The replica whose `pg_try_advisory_lock` succeeds leads until its session ends: it resigns,
/// its process dies, or the server or network drops the connection. The server then releases
/// the lock and the next standby to try takes it. A leader checks `isLeader()` before each
/// tick; that call notices a broken connection at once (it reads whatever the server sent,
/// e.g. the FATAL of a terminated backend) and otherwise makes one round trip (`SELECT 1`).
/// A half-open connection (network partition) is only noticed when TCP gives up: set libpq's
/// `keepalives_idle`/`tcp_user_timeout` in the connection string to bound that.
///
/// Leadership only avoids duplicate work; correctness does not depend on it (see
/// `ScheduleRunner`: two leaders for a moment still enqueue each occurrence once).
public actor LeaderElection {
    /// The advisory lock key: `0x72656C7363686564`, the ASCII bytes of "relsched". Advisory
    /// locks are per database, so Relance databases sharing a cluster do not contend; nothing
    /// else in Relance may use this key.
    public static let lockKey: Int64 = 0x7265_6C73_6368_6564

    public nonisolated let key: Int64
    private let configuration: PostgresConfiguration
    private let logger: Logger
    private var connection: PostgresConnection?
    private var leading = false

    /// - Parameter configuration: where the lock connection goes; it must reach the primary
    ///   directly (a PgBouncer in transaction mode would not keep the session).
    public init(configuration: PostgresConfiguration, key: Int64 = LeaderElection.lockKey,
                logger: Logger = Logger(label: "relance.scheduler.leader")) {
        self.configuration = configuration
        self.key = key
        self.logger = logger
    }

    /// Tries once to lead, opening the dedicated connection if there is none (or it broke).
    /// - Returns: whether this instance leads now (true again if it already led and still does).
    /// - Throws: `PostgresError` when the database cannot be reached; this instance does not lead then.
    public func tryAcquire() async throws -> Bool {
        if leading { return await isLeader() }
        if let connection, !connection.isReusable() { await drop() }
        let connection: PostgresConnection
        if let existing = self.connection {
            connection = existing
        } else {
            connection = try await PostgresConnection.connect(configuration: configuration, logger: logger)
            self.connection = connection
        }
        do {
            leading = try await connection.query(SchedulerSQL.tryLock, [key])[0].decode(Bool.self, at: 0)
        } catch {
            await drop()
            throw error
        }
        return leading
    }

    /// Whether this instance still leads. False from the moment its connection is found broken
    /// (the connection is then closed, and `tryAcquire()` opens a new one).
    public func isLeader() async -> Bool {
        guard leading, let connection else { return false }
        guard connection.isReusable() else {
            await drop()
            return false
        }
        do {
            _ = try await connection.query(SchedulerSQL.ping)
            return true
        } catch {
            await drop()
            return false
        }
    }

    /// Stops leading (if it did) and closes the connection. Closing ends the session, which
    /// releases the lock even when the unlock statement cannot run (e.g. during cancellation).
    public func resign() async {
        if leading, let connection, connection.isReusable() {
            _ = try? await connection.query(SchedulerSQL.unlock, [key])
        }
        await drop()
    }

    private func drop() async {
        leading = false
        let connection = self.connection
        self.connection = nil
        await connection?.close()
    }
}
