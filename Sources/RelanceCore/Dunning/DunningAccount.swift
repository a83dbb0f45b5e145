import Foundation

/// Everything the dunning decision reads about one customer on one day.
public struct DunningAccount: Sendable, Hashable {
    public var customerID: UUID
    /// The customer's dunning is switched off (`{"excluded": true}`).
    public var excluded: Bool
    /// The customer was handed to a collection agency: never reminded again.
    public var inCollection: Bool
    /// Whether the customer has a contact invoices and reminders can go to by e-mail.
    public var hasBillingContact: Bool
    /// The last day a message went to the customer (for the minimum gap).
    public var lastContactedOn: CalendarDate?
    public var invoices: [DunningInvoice]
    public var promises: [PromiseToPay]
    public var plans: [PaymentPlan]

    /// The value with these fields, as given (no checks).
    public init(customerID: UUID, excluded: Bool = false, inCollection: Bool = false, hasBillingContact: Bool = true,
                lastContactedOn: CalendarDate? = nil, invoices: [DunningInvoice], promises: [PromiseToPay] = [],
                plans: [PaymentPlan] = []) {
        self.customerID = customerID
        self.excluded = excluded
        self.inCollection = inCollection
        self.hasBillingContact = hasBillingContact
        self.lastContactedOn = lastContactedOn
        self.invoices = invoices
        self.promises = promises
        self.plans = plans
    }
}
