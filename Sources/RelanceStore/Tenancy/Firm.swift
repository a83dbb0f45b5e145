import Foundation

/// An accounting firm: groups tenants; its keys reach those tenants.
public struct Firm: Sendable, Equatable, Codable {
    public var id: UUID
    public var name: String
    public var createdAt: Date
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

/// Who a request is, once its key checked out.
public struct Principal: Sendable, Equatable {
    public var keyID: UUID
    public var tenantSlug: String?
    public var firmID: UUID?
    public var scopes: Set<String>

    public var canWrite: Bool { scopes.contains("write") }
}
