import Foundation

/// An accounting firm: groups tenants; its keys reach those tenants.
public struct Firm: Sendable, Equatable, Codable {
    public var id: UUID
    public var name: String
    public var createdAt: Date
}

extension Firm {
    enum CodingKeys: String, CodingKey { case id, name, createdAt }

    /// Ids are written in lowercase, as everywhere in Relance's JSON.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id.uuidString.lowercased(), forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(createdAt, forKey: .createdAt)
    }
}

/// An API key as stored: never the secret, only its prefix and digest.
public struct APIKeyRecord: Sendable, Equatable, Codable {
    public var id: UUID
    public var tenantSlug: String?
    public var firmID: UUID?
    public var name: String
    public var prefix: String
    public var scopes: [String]
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var revokedAt: Date?
}

extension APIKeyRecord {
    enum CodingKeys: String, CodingKey { case id, tenantSlug, firmID = "firmId", name, prefix, scopes, createdAt, lastUsedAt, revokedAt }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id.uuidString.lowercased(), forKey: .id)
        try container.encodeIfPresent(tenantSlug, forKey: .tenantSlug)
        try container.encodeIfPresent(firmID?.uuidString.lowercased(), forKey: .firmID)
        try container.encode(name, forKey: .name)
        try container.encode(prefix, forKey: .prefix)
        try container.encode(scopes, forKey: .scopes)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encodeIfPresent(lastUsedAt, forKey: .lastUsedAt)
        try container.encodeIfPresent(revokedAt, forKey: .revokedAt)
    }
}

/// Who a request is, once its key checked out.
public struct Principal: Sendable, Equatable {
    public var keyID: UUID
    public var tenantSlug: String?
    public var firmID: UUID?
    public var scopes: Set<String>

    public var canWrite: Bool { scopes.contains("write") }
}
