import Foundation
import RelanceCore

/// A customer to create; values already validated. `currency` nil: the tenant's.
public struct NewCustomer: Sendable, Equatable {
    public var id: UUID
    public var externalRef: String?
    public var name: String
    public var legalID: CustomerLegalID?
    public var address: CustomerAddress?
    public var language: String?
    public var currency: Currency?
    public var paymentTerms: PaymentTerms?
    public var creditLimit: Money?
    public var notes: String?
    public var dunning: CustomerDunning?

    public init(id: UUID = UUID(), name: String) {
        self.id = id
        self.name = name
    }
}
