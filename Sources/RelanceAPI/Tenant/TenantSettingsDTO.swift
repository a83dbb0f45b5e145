import Foundation
import RelanceCore
import RelanceStore

/// `GET/PATCH /v1/settings`: a tenant's own settings.
struct TenantSettingsDTO: Encodable, Sendable {
    /// The default early-payment discount as sent and returned: `{"percent": "2", "within_days": 10}`.
    struct Discount: Encodable, Sendable {
        var percent: String
        var withinDays: Int
    }

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
    var invoiceNumberPattern: String
    var creditNoteNumberPattern: String
    var paymentTerms: PaymentTerms?
    var latePenaltyRate: String
    var recoveryIndemnity: Money
    var earlyPaymentDiscount: Discount?
    var autoApplyCredit: Bool
    /// The scheduler's daily dunning run (manual runs work either way).
    var automaticDunning: Bool
    var dunningCatchUp: String
    var dunningMinimumGapDays: Int
    var planBreachDays: Int
    /// `fr_commercial`, `eu_statutory` or `contractual`.
    var lateInterestRule: String
    /// The contractual rate, percent a year ("12.5"); null for the other rules.
    var lateInterestRate: String?
    /// Chronic late payers: the average days late over which a customer moves to
    /// `chronic_policy_id` (null: off), over its last `chronic_late_invoices` paid invoices.
    var chronicLateDays: Int?
    var chronicLateInvoices: Int
    var chronicPolicyId: String?
    /// The ways customers may pay, as the pay page lists them.
    var paymentMethods: [String]
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
        invoiceNumberPattern = settings.invoiceNumberPattern
        creditNoteNumberPattern = settings.creditNoteNumberPattern
        paymentTerms = settings.paymentTerms
        latePenaltyRate = LegalMentions.percent(settings.latePenaltyRateBasisPoints, french: false)
        recoveryIndemnity = Money(settings.recoveryIndemnity, Currency(settings.currency) ?? .eur)
        earlyPaymentDiscount = settings.earlyPaymentDiscount.map {
            Discount(percent: LegalMentions.percent($0.percentBasisPoints, french: false), withinDays: $0.withinDays)
        }
        autoApplyCredit = settings.autoApplyCredit
        automaticDunning = settings.dunning.automatic
        dunningCatchUp = settings.dunning.rules.catchUp.rawValue
        dunningMinimumGapDays = settings.dunning.rules.minimumGapDays
        planBreachDays = settings.dunning.rules.planBreachDays
        lateInterestRule = settings.dunning.interest.name
        if case .contractual(let bp) = settings.dunning.interest { lateInterestRate = LegalMentions.percent(bp, french: false) }
        chronicLateDays = settings.dunning.chronicLateDays
        chronicLateInvoices = settings.dunning.chronicLateInvoices
        chronicPolicyId = settings.dunning.chronicPolicyID?.uuidString.lowercased()
        paymentMethods = settings.paymentMethods.map(\.rawValue)
        updatedAt = settings.updatedAt
    }
}
