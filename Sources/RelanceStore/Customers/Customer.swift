import Foundation
import RelanceCore

/// A customer (debtor) of the tenant, as stored, with the values it inherits from the
/// tenant's settings resolved (`effectiveLanguage`, `currency`) and its unallocated credit.
public struct Customer: Sendable, Equatable {
    public var id: UUID
    public var externalRef: String?
    public var name: String
    public var legalID: CustomerLegalID?
    public var address: CustomerAddress?
    /// As stored; nil: the tenant's.
    public var language: String?
    /// `language`, or the language part of the tenant's locale.
    public var effectiveLanguage: String
    /// The customer's currency (the tenant's when it was created without one).
    public var currency: Currency
    /// nil: the tenant's terms.
    public var paymentTerms: PaymentTerms?
    public var creditLimit: Money?
    public var notes: String?
    /// nil: the tenant's default dunning policy.
    public var dunning: CustomerDunning?
    public var createdAt: Date
    public var updatedAt: Date
    /// Received payments and credit notes not yet allocated to invoices, in minor units.
    public var unallocatedCredit: Int64
    /// The day an `agency_handoff` step handed the customer to collection: no more reminders.
    public var inCollectionOn: CalendarDate? = nil
    /// The day a `block_customer` step blocked the customer: its new invoices carry a flag.
    public var blockedOn: CalendarDate? = nil
}
