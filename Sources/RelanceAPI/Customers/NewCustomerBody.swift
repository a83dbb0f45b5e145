import Foundation
import RelanceCore
import RelanceStore

/// The body of `POST /v1/customers`. Only `name` is required; `currency` defaults to the
/// tenant's, `language`, `payment_terms` and `dunning` absent mean the tenant's defaults.
struct NewCustomerBody: RequestBody {
    var name: String
    var externalRef: String?
    var legalID: LegalIDBody?
    var address: AddressBody?
    var language: CustomerLanguage?
    var currency: String?
    var paymentTerms: PaymentTermsBody?
    var creditLimit: MoneyBody?
    var notes: String?
    var dunning: DunningBody?

    static let maximumLengths = ["name": 200, "external_ref": 100, "currency": 3, "notes": 5000]

    func validate(_ errors: inout FieldErrors) {
        _ = customer(&errors)
    }

    /// The customer to create, checking every rule on the way (errors go to `errors`).
    func customer(_ errors: inout FieldErrors) -> NewCustomer {
        var new = NewCustomer(name: name.trimmingCharacters(in: .whitespacesAndNewlines))
        if !errors.touches("name") { CustomerRules.name(name, &errors) }
        if let externalRef, !errors.touches("external_ref") {
            CustomerRules.externalRef(externalRef, &errors)
            new.externalRef = externalRef.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if let legalID, !errors.touches("legal_id") { new.legalID = CustomerRules.legalID(legalID, &errors) }
        if let address, !errors.touches("address") { new.address = CustomerRules.address(address, &errors) }
        new.language = language?.rawValue
        if let currency, !errors.touches("currency") { new.currency = CustomerRules.currency(currency, &errors) }
        if let paymentTerms, !errors.touches("payment_terms") { new.paymentTerms = CustomerRules.paymentTerms(paymentTerms, &errors) }
        if let creditLimit, !errors.touches("credit_limit") {
            new.creditLimit = CustomerRules.creditLimit(creditLimit, customerCurrency: new.currency, &errors)
        }
        new.notes = notes
        if let dunning, !errors.touches("dunning") { new.dunning = CustomerRules.dunning(dunning, &errors) }
        return new
    }

    /// The validated customer (call after `StrictJSONDecoder.decode`, which ran `validate`).
    var newCustomer: NewCustomer {
        var errors = FieldErrors()
        return customer(&errors)
    }
}
