import Foundation
import Postgres
import RelanceStore

/// The tenancy services a process shares: the control-schema directory, API-key
/// authentication, onboarding, and tenant-context transactions.
public struct Tenancy: Sendable {
    public let directory: TenantDirectory
    /// The tenant API's key checks; its cache is in use only while it runs as a service
    /// (relance-api runs it).
    public let authenticator: TenantAuthenticator
    public let provisioner: TenantProvisioner
    public let database: TenantDatabase
    public let offboarding: TenantOffboarding

    /// - Parameters:
    ///   - keyHasher: how API keys are stored and checked (`RELANCE_API_KEY_PEPPER`).
    ///   - authCache: what `TenantAuthenticator` keeps (nil: it queries on every request).
    ///   - listenConfiguration: its `LISTEN` connection; the pool's by default.
    public init(pool: PostgresPool, tenantMigrations: MigrationSet, rolePrefix: String, exportDirectory: URL, keyHasher: APIKeyHasher = APIKeyHasher(),
                authCache: AuthenticationCache? = nil, listenConfiguration: PostgresConfiguration? = nil) {
        directory = TenantDirectory(pool: pool, keyHasher: keyHasher)
        authenticator = TenantAuthenticator(directory: directory, cache: authCache,
                                            listenConfiguration: listenConfiguration ?? pool.connectionConfiguration)
        provisioner = TenantProvisioner(pool: pool, tenantMigrations: tenantMigrations, rolePrefix: rolePrefix, keyHasher: keyHasher)
        database = TenantDatabase(pool: pool, rolePrefix: rolePrefix)
        offboarding = TenantOffboarding(pool: pool, rolePrefix: rolePrefix, exportDirectory: exportDirectory)
    }
}
