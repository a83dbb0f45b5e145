import Postgres
import ServiceLifecycle

/// Keeps a connection pool for the life of a `ServiceGroup` and closes it on shutdown.
///
/// List it before the services that use the pool: a group stops services in reverse order,
/// so the pool closes after they have finished their work.
public struct PoolService: Service {
    public let pool: PostgresPool

    public init(pool: PostgresPool) { self.pool = pool }

    public func run() async throws {
        try? await gracefulShutdown()
        await pool.close()
    }
}
