import Foundation
import RelanceCore

/// A client business of an accounting firm, as the control schema records it.
public struct Tenant: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable {
        case active, suspended, offboarding
    }

    public var slug: TenantSlug
    public var displayName: String
    public var firmID: UUID?
    public var status: Status
    public var timeZone: String
    public var currency: String
    public var locale: String
    public var schemaVersion: Int
    public var createdAt: Date
}

extension Tenant {
    enum CodingKeys: String, CodingKey { case slug, displayName, firmID = "firmId", status, timeZone, currency, locale, schemaVersion, createdAt }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(slug, forKey: .slug)
        try container.encode(displayName, forKey: .displayName)
        try container.encodeIfPresent(firmID?.uuidString.lowercased(), forKey: .firmID)
        try container.encode(status, forKey: .status)
        try container.encode(timeZone, forKey: .timeZone)
        try container.encode(currency, forKey: .currency)
        try container.encode(locale, forKey: .locale)
        try container.encode(schemaVersion, forKey: .schemaVersion)
        try container.encode(createdAt, forKey: .createdAt)
    }
}

/// What onboarding needs to know about a new tenant; validated before anything is written.
public struct NewTenant: Sendable {
    public var slug: TenantSlug
    public var displayName: String
    public var firmID: UUID?
    public var timeZone: String
    public var currency: String
    public var locale: String

    public init(slug: TenantSlug, displayName: String, firmID: UUID? = nil, timeZone: String = "Europe/Paris", currency: String = "EUR", locale: String = "fr-FR") {
        self.slug = slug
        self.displayName = displayName
        self.firmID = firmID
        self.timeZone = timeZone
        self.currency = currency
        self.locale = locale
    }
}
