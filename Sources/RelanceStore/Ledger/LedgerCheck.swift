import Foundation
import RelanceCore

/// `relance ledger check`: runs `LedgerRepository.check` in each tenant's own transaction
/// (every tenant, or one) and gathers the differences by tenant. The test suite runs it
/// after every ledger test.
public struct LedgerCheck: Sendable {
    let database: TenantDatabase
    let directory: TenantDirectory

    public init(database: TenantDatabase, directory: TenantDirectory) {
        self.database = database
        self.directory = directory
    }

    /// The differences of each tenant checked (a tenant with none is listed with `[]`).
    /// - Throws: `TenancyError.tenantNotFound` when `tenant` names no tenant.
    public func run(tenant: String? = nil) async throws -> [(tenant: String, differences: [LedgerDifference])] {
        var slugs: [TenantSlug] = []
        if let tenant {
            guard let found = try await directory.tenant(tenant) else { throw TenancyError.tenantNotFound(tenant) }
            slugs = [found.slug]
        } else {
            var after: String?
            while true {
                let page = try await directory.tenants(after: after, limit: 500)
                slugs += page.map(\.slug)
                guard page.count == 500, let last = page.last else { break }
                after = last.slug.rawValue
            }
        }
        var results: [(tenant: String, differences: [LedgerDifference])] = []
        for slug in slugs {
            let differences = try await database.withTransaction(slug) { tx in try await LedgerRepository().check(in: tx) }
            results.append((slug.rawValue, differences))
        }
        return results
    }
}
