import Foundation
import RelanceCore

/// A tenant's own settings (the one row of its `settings` table).
public struct TenantSettings: Sendable, Equatable {
    public var displayName: String
    public var timeZone: String
    public var currency: String
    public var locale: String
    public var senderEmail: String?
    public var senderName: String?
    public var bankAccountHolder: String?
    public var bankIban: String?
    public var bankBic: String?
    public var paymentReferenceHint: String?
    /// Numbering patterns of invoices and credit notes (`NumberPattern`).
    public var invoiceNumberPattern: String
    public var creditNoteNumberPattern: String
    /// Default payment terms; nil: the French default, 30 days after delivery.
    public var paymentTerms: PaymentTerms?
    /// Late-payment penalty rate printed on invoices, basis points a year.
    public var latePenaltyRateBasisPoints: Int
    /// The fixed recovery indemnity printed on invoices, minor units of `currency`.
    public var recoveryIndemnity: Int64
    /// Default early-payment discount; nil: none ("pas d'escompte").
    public var earlyPaymentDiscount: EarlyPaymentDiscount?
    /// Whether a customer's unallocated credit goes to its next invoice when it is issued.
    public var autoApplyCredit: Bool
    /// The dunning run's switches and rules, and the late-interest rule.
    public var dunning: DunningSettings
    /// The ways customers may pay, as the pay page lists them.
    public var paymentMethods: [AcceptedPaymentMethod]
    public var updatedAt: Date
}

/// A change to a tenant's settings: a field left nil is kept; an optional field set to
/// `.some(nil)` is cleared. The values are already validated (`SettingsRule`, `BankDetails`).
public struct SettingsChange: Sendable, Equatable {
    public var displayName: String?
    public var timeZone: String?
    public var currency: String?
    public var locale: String?
    public var senderEmail: String??
    public var senderName: String??
    public var bankAccountHolder: String??
    public var bankIban: String??
    public var bankBic: String??
    public var paymentReferenceHint: String??
    public var invoiceNumberPattern: String?
    public var creditNoteNumberPattern: String?
    public var paymentTerms: PaymentTerms??
    public var latePenaltyRateBasisPoints: Int?
    public var recoveryIndemnity: Int64?
    public var earlyPaymentDiscount: EarlyPaymentDiscount??
    public var autoApplyCredit: Bool?
    public var automaticDunning: Bool?
    public var dunningCatchUp: DunningCatchUp?
    public var dunningMinimumGapDays: Int?
    public var planBreachDays: Int?
    public var lateInterest: LateInterestRule?
    public var chronicLateDays: Int??
    public var chronicLateInvoices: Int?
    public var chronicPolicyID: UUID??
    public var paymentMethods: [AcceptedPaymentMethod]?

    public init() {}

    /// Whether the change touches what the control schema mirrors (for scheduling).
    var touchesControl: Bool { displayName != nil || timeZone != nil || currency != nil || locale != nil }
}
