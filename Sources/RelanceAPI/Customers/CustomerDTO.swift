import Foundation
import RelanceCore
import RelanceStore

/// A customer as the API returns it (`GET/POST/PATCH /v1/customers…`). Fields not set are
/// absent; `language` and `currency` are always the effective values (the tenant's when the
/// customer has none); `payment_terms` absent means the tenant's terms, `dunning` absent the
/// default dunning policy.
struct CustomerDTO: Encodable, Sendable {
    struct Money: Encodable, Sendable {
        var amount: Int64
        var currency: String
    }
    struct LegalID: Encodable, Sendable {
        var scheme: String
        var value: String
    }
    struct Address: Encodable, Sendable {
        var line1: String?
        var line2: String?
        var postalCode: String?
        var city: String?
        var country: String?
    }
    struct Terms: Encodable, Sendable {
        var net: Int?
        var endOfMonth: Bool?
    }
    struct Dunning: Encodable, Sendable {
        var policyID: String?
        var excluded: Bool?
    }

    var id: String
    var externalRef: String?
    var name: String
    var legalID: LegalID?
    var address: Address?
    var language: String
    var currency: String
    var paymentTerms: Terms?
    var creditLimit: Money?
    var notes: String?
    var dunning: Dunning?
    var unallocatedCredit: Money
    /// Set by an `agency_handoff` dunning step; PATCH null takes the customer back.
    var inCollectionOn: CalendarDate?
    /// Set by a `block_customer` dunning step; PATCH null lifts it.
    var blockedOn: CalendarDate?
    var createdAt: Date
    var updatedAt: Date

    init(_ customer: Customer) {
        id = customer.id.uuidString.lowercased()
        externalRef = customer.externalRef
        name = customer.name
        legalID = customer.legalID.map { LegalID(scheme: $0.scheme, value: $0.value) }
        address = customer.address.map {
            Address(line1: $0.line1, line2: $0.line2, postalCode: $0.postalCode, city: $0.city, country: $0.country)
        }
        language = customer.effectiveLanguage
        currency = customer.currency.code
        paymentTerms = customer.paymentTerms.map { Terms(net: $0.net, endOfMonth: $0.endOfMonth) }
        creditLimit = customer.creditLimit.map { Money(amount: $0.amount, currency: $0.currency.code) }
        notes = customer.notes
        switch customer.dunning {
        case .policy(let id): dunning = Dunning(policyID: id.uuidString.lowercased(), excluded: nil)
        case .excluded: dunning = Dunning(policyID: nil, excluded: true)
        case nil: dunning = nil
        }
        unallocatedCredit = Money(amount: customer.unallocatedCredit, currency: customer.currency.code)
        inCollectionOn = customer.inCollectionOn
        blockedOn = customer.blockedOn
        createdAt = customer.createdAt
        updatedAt = customer.updatedAt
    }
}
