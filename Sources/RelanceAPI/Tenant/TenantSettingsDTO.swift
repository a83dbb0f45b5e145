import Foundation
import Postgres

/// `GET/PATCH /v1/settings`: a tenant's own settings.
struct TenantSettingsDTO: Codable, Sendable {
    var displayName: String
    var timeZone: String
    var currency: String
    var locale: String
    var senderEmail: String?
    var senderName: String?
    var bankAccountHolder: String?
    var bankIban: String?
    var bankBic: String?
    var paymentReferenceHint: String?
    var updatedAt: Date

    static let columns = "display_name, time_zone, currency::text, locale, sender_email, sender_name, bank_account_holder, bank_iban, bank_bic, payment_reference_hint, updated_at"

    init(row: PostgresRow) throws {
        displayName = try row.decode(String.self, at: 0)
        timeZone = try row.decode(String.self, at: 1)
        currency = try row.decode(String.self, at: 2)
        locale = try row.decode(String.self, at: 3)
        senderEmail = try row.decode(String?.self, at: 4)
        senderName = try row.decode(String?.self, at: 5)
        bankAccountHolder = try row.decode(String?.self, at: 6)
        bankIban = try row.decode(String?.self, at: 7)
        bankBic = try row.decode(String?.self, at: 8)
        paymentReferenceHint = try row.decode(String?.self, at: 9)
        updatedAt = try row.decode(Date.self, at: 10)
    }
}
