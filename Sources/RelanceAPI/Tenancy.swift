import Foundation
import Postgres
import RelanceStore

/// The tenancy services a process shares: the control-schema directory, onboarding, and
/// tenant-context transactions.
public struct Tenancy: Sendable {
    public let directory: TenantDirectory
    public let provisioner: TenantProvisioner
    public let database: TenantDatabase
    public let offboarding: TenantOffboarding

    /// - Parameter keyHasher: how API keys are stored and checked (`RELANCE_API_KEY_PEPPER`).
    public init(pool: PostgresPool, tenantMigrations: MigrationSet, rolePrefix: String, exportDirectory: URL, keyHasher: APIKeyHasher = APIKeyHasher()) {
        directory = TenantDirectory(pool: pool, keyHasher: keyHasher)
        provisioner = TenantProvisioner(pool: pool, tenantMigrations: tenantMigrations, rolePrefix: rolePrefix, keyHasher: keyHasher)
        database = TenantDatabase(pool: pool, rolePrefix: rolePrefix)
        offboarding = TenantOffboarding(pool: pool, rolePrefix: rolePrefix, exportDirectory: exportDirectory)
    }
}
