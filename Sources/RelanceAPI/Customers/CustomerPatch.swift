import Foundation
import RelanceCore
import RelanceStore

/// The body of `PATCH /v1/customers/{id}`: each field absent (kept), null (cleared) or a
/// value (set). `name` and `currency` cannot be null; `in_collection_on` and `blocked_on`
/// (set by the dunning run) can only be null, which takes the customer back.
struct CustomerPatch: RequestBody {
    var name: Patch<String>
    var externalRef: Patch<String>
    var legalID: Patch<LegalIDBody>
    var address: Patch<AddressBody>
    var language: Patch<CustomerLanguage>
    var currency: Patch<String>
    var paymentTerms: Patch<PaymentTermsBody>
    var creditLimit: Patch<MoneyBody>
    var notes: Patch<String>
    var dunning: Patch<DunningBody>
    var inCollectionOn: Patch<CalendarDate>
    var blockedOn: Patch<CalendarDate>

    static let maximumLengths = NewCustomerBody.maximumLengths

    func validate(_ errors: inout FieldErrors) {
        _ = change(&errors)
    }

    func change(_ errors: inout FieldErrors) -> CustomerChange {
        var change = CustomerChange()
        for (field, isNull) in [("name", name == .null), ("currency", currency == .null)] where isNull {
            errors.add(field, "cannot be null")
        }
        /// nil: absent; .some(nil): null; .some(value): the checked value.
        func patched<Body, Value>(_ patch: Patch<Body>, _ field: String, _ rule: (Body, inout FieldErrors) -> Value?) -> Value?? {
            switch patch {
            case .absent: return nil
            case .null: return .some(nil)
            case .value(let body): return errors.touches(field) ? nil : .some(rule(body, &errors))
            }
        }
        if let value = name.value, !errors.touches("name") {
            CustomerRules.name(value, &errors)
            change.name = value.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        change.externalRef = patched(externalRef, "external_ref") { value, errors in
            CustomerRules.externalRef(value, &errors)
            return value.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        change.legalID = patched(legalID, "legal_id") { CustomerRules.legalID($0, &$1) }
        change.address = patched(address, "address") { CustomerRules.address($0, &$1) }
        change.language = patched(language, "language") { value, _ in value.rawValue }
        if let code = currency.value, !errors.touches("currency") { change.currency = CustomerRules.currency(code, &errors) }
        change.paymentTerms = patched(paymentTerms, "payment_terms") { CustomerRules.paymentTerms($0, &$1) }
        let currencyKnown = change.currency
        change.creditLimit = patched(creditLimit, "credit_limit") { CustomerRules.creditLimit($0, customerCurrency: currencyKnown, &$1) }
        change.notes = patched(notes, "notes") { value, _ in value }
        change.dunning = patched(dunning, "dunning") { CustomerRules.dunning($0, &$1) }
        for (field, patch) in [("in_collection_on", inCollectionOn), ("blocked_on", blockedOn)] where patch != .absent && patch != .null {
            errors.add(field, "can only be null (lifted): the dunning run sets it")
        }
        change.liftCollection = inCollectionOn == .null
        change.liftBlock = blockedOn == .null
        return change
    }

    /// The validated change (call after `StrictJSONDecoder.decode`).
    var customerChange: CustomerChange {
        var errors = FieldErrors()
        return change(&errors)
    }
}
