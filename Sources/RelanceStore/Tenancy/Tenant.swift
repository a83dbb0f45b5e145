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
