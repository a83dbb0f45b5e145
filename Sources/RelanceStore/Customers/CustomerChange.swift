import RelanceCore

/// A change to a customer: a field left nil is kept; an optional field set to `.some(nil)`
/// is cleared. Values are already validated.
public struct CustomerChange: Sendable, Equatable {
    public var externalRef: String??
    public var name: String?
    public var legalID: CustomerLegalID??
    public var address: CustomerAddress??
    public var language: String??
    public var currency: Currency?
    public var paymentTerms: PaymentTerms??
    public var creditLimit: Money??
    public var notes: String??
    public var dunning: CustomerDunning??
    /// Take the customer back from collection (`in_collection_on` cleared): reminders resume.
    public var liftCollection = false
    /// Lift a `block_customer` step's block (`blocked_on` cleared).
    public var liftBlock = false

    public init() {}
}
