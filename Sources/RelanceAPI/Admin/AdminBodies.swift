import Foundation
import RelanceCore
import RelanceStore

/// `POST /admin/v1/firms`.
struct NewFirmBody: RequestBody {
    var name: String
    static let maximumLengths = ["name": 200]

    func validate(_ errors: inout FieldErrors) { errors.check("name", name, SettingsRule.name) }
}

/// `POST /admin/v1/tenants`; the time zone, currency and locale default to Europe/Paris,
/// EUR and fr-FR.
struct NewTenantBody: RequestBody {
    var slug: String
    var displayName: String
    var firmID: UUID?
    var timeZone: String?
    var currency: String?
    var locale: String?
    static let maximumLengths = ["slug": 40, "display_name": 200, "time_zone": 64, "currency": 3, "locale": 5]

    func validate(_ errors: inout FieldErrors) {
        do throws(TenantSlug.Problem) { _ = try TenantSlug(slug) } catch { errors.add("slug", error.message) }
        errors.check("display_name", displayName, SettingsRule.name)
        errors.check("time_zone", timeZone, SettingsRule.timeZone)
        errors.check("currency", currency, SettingsRule.currency)
        errors.check("locale", locale, SettingsRule.locale)
    }

    /// The tenant to create (after `validate`, the slug is valid).
    func newTenant() throws -> NewTenant {
        NewTenant(slug: try TenantSlug(slug), displayName: displayName, firmID: firmID,
                  timeZone: timeZone ?? "Europe/Paris", currency: currency ?? "EUR", locale: locale ?? "fr-FR")
    }
}

/// `POST /admin/v1/tenants/{slug}/api-keys` and `/admin/v1/firms/{id}/api-keys`; the name
/// defaults to `default`, the scopes to read and write.
struct NewKeyBody: RequestBody {
    var name: String?
    var scopes: [APIKeyScope]?
    static let maximumLengths = ["name": 200]

    func validate(_ errors: inout FieldErrors) {
        errors.check("name", name, SettingsRule.name)
        if scopes?.isEmpty == true { errors.add("scopes", "must be a non-empty list of \(APIKeyScope.acceptedValues.joined(separator: ", "))") }
    }
}

extension APIKeyScope: RequestEnum {}
