import Foundation
import RelanceStore

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

    init(_ settings: TenantSettings) {
        displayName = settings.displayName
        timeZone = settings.timeZone
        currency = settings.currency
        locale = settings.locale
        senderEmail = settings.senderEmail
        senderName = settings.senderName
        bankAccountHolder = settings.bankAccountHolder
        bankIban = settings.bankIban
        bankBic = settings.bankBic
        paymentReferenceHint = settings.paymentReferenceHint
        updatedAt = settings.updatedAt
    }
}
