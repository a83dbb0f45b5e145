import Foundation
import Postgres
import RelanceCore

/// A tenant's dunning policies (ladders). Runs in the caller's tenant transaction.
public struct DunningPolicyRepository: Sendable {
    public init() {}

    /// Policies in creation order (the shipped default first), `limit` after policy `after`.
    public func list(after: UUID?, limit: Int, in tx: PostgresConnection) async throws -> [StoredDunningPolicy] {
        try await tx.query(DunningPolicySQL.list, [after, limit]).map(Self.policy)
    }

    /// - Throws: `ReceivablesError.notFound`.
    public func policy(_ id: UUID, in tx: PostgresConnection, lock: Bool = false) async throws -> StoredDunningPolicy {
        guard let row = try await tx.query(lock ? DunningPolicySQL.selectForUpdate : DunningPolicySQL.select, [id]).first else {
            throw ReceivablesError.notFound("dunning policy \(id.uuidString.lowercased())")
        }
        return try Self.policy(from: row)
    }

    /// Stores a new policy (its ladder checked by the caller), the default when `isDefault`.
    /// - Throws: `ReceivablesError.conflict` on `name` when another policy has it.
    public func create(id: UUID = UUID(), name: String, policy: DunningPolicy, isDefault: Bool,
                       in tx: PostgresConnection) async throws -> StoredDunningPolicy {
        _ = try await mapConflicts { try await tx.query(DunningPolicySQL.insert, [id, name, PostgresJSON(policy.steps)]) }
        if isDefault { try await makeDefault(id, in: tx) }
        return try await self.policy(id, in: tx)
    }

    /// Changes what is given. A policy cannot stop being the default: another one becomes it.
    /// - Throws: `notFound`; `conflict` on `name`; `invalid` on `is_default` for `false` on the default.
    public func update(_ id: UUID, name: String?, policy: DunningPolicy?, isDefault: Bool?,
                       in tx: PostgresConnection) async throws -> StoredDunningPolicy {
        let current = try await self.policy(id, in: tx, lock: true)
        if isDefault == false && current.isDefault {
            throw ReceivablesError.invalid(field: "is_default", message: "make another policy the default instead")
        }
        _ = try await mapConflicts {
            try await tx.query(DunningPolicySQL.update, [id, name, policy.map { PostgresJSON($0.steps) }])
        }
        if isDefault == true && !current.isDefault { try await makeDefault(id, in: tx) }
        return try await self.policy(id, in: tx)
    }

    /// Deletes a policy no customer follows and that is not the default.
    /// - Throws: `notFound`; `conflict` on `is_default` or on `id` when customers follow it.
    public func delete(_ id: UUID, in tx: PostgresConnection) async throws -> StoredDunningPolicy {
        let current = try await policy(id, in: tx, lock: true)
        if current.isDefault {
            throw ReceivablesError.conflict(field: "is_default", detail: "the default policy cannot be deleted; make another one the default first")
        }
        if try await tx.query("SELECT 1 FROM settings WHERE chronic_policy_id = $1", [id]).first != nil {
            throw ReceivablesError.conflict(field: "id", detail: "it is the tenant's policy for chronic late payers (settings.chronic_policy_id)")
        }
        if current.customerCount > 0 {
            throw ReceivablesError.conflict(field: "id", detail: "\(current.customerCount) customer(s) follow this policy")
        }
        try await tx.query(DunningPolicySQL.delete, [id])
        return current
    }

    func makeDefault(_ id: UUID, in tx: PostgresConnection) async throws {
        try await tx.query(DunningPolicySQL.clearDefault, [id])
        try await tx.query(DunningPolicySQL.makeDefault, [id])
    }

    func mapConflicts<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PostgresError where error.sqlState == SQLState.uniqueViolation {
            guard case .server(let server) = error, server.constraint == "dunning_policies_name_key" else { throw error }
            throw ReceivablesError.conflict(field: "name", detail: "another dunning policy has this name")
        }
    }

    static func policy(from row: PostgresRow) throws -> StoredDunningPolicy {
        StoredDunningPolicy(id: try row.decode(UUID.self, at: 0), name: try row.decode(String.self, at: 1),
                            policy: DunningPolicy(steps: try row.decode(PostgresJSON<[DunningStep]>.self, at: 2).value),
                            isDefault: try row.decode(Bool.self, at: 3), customerCount: try row.decode(Int.self, at: 4),
                            createdAt: try row.decode(Date.self, at: 5), updatedAt: try row.decode(Date.self, at: 6))
    }
}
