import Foundation
import Logging
import Postgres
import RelanceStore
import ServiceLifecycle
import UnixSignals

/// What every Relance executable does around its own services: read settings, set up logs
/// and metrics, open the pool, run a `ServiceGroup` until SIGTERM/SIGINT, exit 0 when
/// shutdown finished within the grace period.
public struct ProcessRuntime: Sendable {
    public let name: String
    public let settings: Settings
    public let logger: Logger
    public let pool: PostgresPool
    public let readiness: ReadinessProbe
    public let tenancy: Tenancy

    /// Reads the environment and sets up the process; on a configuration error prints every
    /// problem to standard error and exits with status 2.
    public static func start(name: String) -> ProcessRuntime {
        do {
            let settings = try Settings(applicationName: name)
            let control = try MigrationSet.load(from: settings.sqlDirectory, scope: .control)
            let tenantMigrations = try MigrationSet.load(from: settings.sqlDirectory, scope: .tenant)
            Observability.bootstrap(settings: settings)
            var logger = Logger(label: name)
            logger.logLevel = settings.logLevel
            let pool = PostgresPool(
                connection: settings.database,
                configuration: .init(size: settings.poolSize, acquireTimeout: settings.poolTimeout, metricsPrefix: "relance_db_pool"),
                logger: Logger(label: "\(name).db")
            )
            logger.info("starting", metadata: ["database": "\(settings.database.redactedDescription)", "pool_size": "\(settings.poolSize)"])
            return ProcessRuntime(name: name, settings: settings, logger: logger, pool: pool,
                                  readiness: ReadinessProbe(pool: pool, control: control),
                                  tenancy: Tenancy(pool: pool, tenantMigrations: tenantMigrations, rolePrefix: settings.tenantRolePrefix,
                                                   exportDirectory: settings.exportDirectory, keyHasher: settings.apiKeyHasher,
                                                   authCache: settings.authCache, listenConfiguration: settings.worker.listenDatabase))
        } catch {
            FileHandle.standardError.write(Data("\(name): \(error)\n".utf8))
            exit(2)
        }
    }

    /// Runs `services` (after the pool) until a shutdown signal; returns the process exit code.
    public func run(_ services: [any Service]) async -> Int32 {
        var configuration = ServiceGroupConfiguration(
            services: ([PoolService(pool: pool)] + services).map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
        configuration.maximumGracefulShutdownDuration = settings.shutdownGrace
        configuration.maximumCancellationDuration = .seconds(5)
        do {
            try await ServiceGroup(configuration: configuration).run()
            logger.info("stopped")
            return 0
        } catch {
            logger.critical("stopped on error", metadata: ["error": "\(error)"])
            return 1
        }
    }
}
