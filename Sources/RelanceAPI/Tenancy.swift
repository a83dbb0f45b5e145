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

    public init(pool: PostgresPool, tenantMigrations: MigrationSet, rolePrefix: String, exportDirectory: URL) {
        directory = TenantDirectory(pool: pool)
        provisioner = TenantProvisioner(pool: pool, tenantMigrations: tenantMigrations, rolePrefix: rolePrefix)
        database = TenantDatabase(pool: pool, rolePrefix: rolePrefix)
        offboarding = TenantOffboarding(pool: pool, rolePrefix: rolePrefix, exportDirectory: exportDirectory)
    }
}
