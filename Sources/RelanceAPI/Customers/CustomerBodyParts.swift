import Foundation
import RelanceCore
import RelanceStore

/// The parts of a customer body shared by `NewCustomerBody` and `CustomerPatch`, and their rules.
enum CustomerLanguage: String, RequestEnum, CaseIterable { case fr, en }

enum CustomerLegalIDScheme: String, RequestEnum, CaseIterable { case siren, siret, vat }

extension ContactRole: RequestEnum {}

/// `{"scheme": "siret", "value": "732 829 320 00074"}`.
struct LegalIDBody: RequestBody, Equatable {
    var scheme: CustomerLegalIDScheme
    var value: String
    static let maximumLengths = ["value": 40]
}

/// `{"line1": …, "line2": …, "postal_code": …, "city": …, "country": "FR"}`.
struct AddressBody: RequestBody, Equatable {
    var line1: String?
    var line2: String?
    var postalCode: String?
    var city: String?
    var country: String?
    static let maximumLengths = ["line1": 200, "line2": 200, "postal_code": 20, "city": 100, "country": 2]
}

/// `{"net": 30}`, `{"end_of_month": true}`, `{"net": 45, "end_of_month": true}`.
struct PaymentTermsBody: RequestBody, Equatable {
    var net: Int?
    var endOfMonth: Bool?
}

/// `{"amount": 500000, "currency": "EUR"}`: whole minor units.
struct MoneyBody: RequestBody, Equatable {
    var amount: Int64
    var currency: String
    static let maximumLengths = ["currency": 3]
}

/// `{"policy_id": "<uuid>"}` or `{"excluded": true}`.
struct DunningBody: RequestBody, Equatable {
    var policyID: UUID?
    var excluded: Bool?
}

/// The rules of a customer's fields; each adds at most one error per field and returns the
/// value to store when it is valid.
enum CustomerRules {
    static let countries = Set(Locale.Region.isoRegions.map(\.identifier).filter { $0.count == 2 && $0.allSatisfy(\.isLetter) })

    static func name(_ value: String, _ errors: inout FieldErrors) {
        if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { errors.add("name", "must not be empty") }
    }

    static func externalRef(_ value: String, _ errors: inout FieldErrors) {
        if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { errors.add("external_ref", "must not be empty") }
    }

    static func legalID(_ body: LegalIDBody, _ errors: inout FieldErrors) -> CustomerLegalID? {
        guard let scheme = LegalIDScheme(rawValue: body.scheme.rawValue) else { return nil }
        switch LegalIdentifier.make(scheme: scheme, value: body.value) {
        case .success(let identifier): return CustomerLegalID(scheme: identifier.scheme.rawValue, value: identifier.value)
        case .failure(let problem): errors.add("legal_id.value", problem.message); return nil
        }
    }

    static func address(_ body: AddressBody, _ errors: inout FieldErrors) -> CustomerAddress? {
        func clean(_ value: String?) -> String? {
            guard let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
            return trimmed
        }
        let address = CustomerAddress(line1: clean(body.line1), line2: clean(body.line2), postalCode: clean(body.postalCode),
                                      city: clean(body.city), country: clean(body.country))
        if let country = address.country, !(country.count == 2 && country.allSatisfy { $0.isASCII && $0.isUppercase } && countries.contains(country)) {
            errors.add("address.country", "must be an ISO 3166-1 alpha-2 country code in capitals (FR, BE…)")
        }
        if address.line1 != nil || address.line2 != nil || address.postalCode != nil {
            if address.city == nil { errors.add("address.city", "is required with a street address") }
            if address.country == nil { errors.add("address.country", "is required with a street address") }
        }
        if address.line2 != nil, address.line1 == nil { errors.add("address.line1", "is required with line2") }
        return address.isEmpty ? nil : address
    }

    static func currency(_ code: String, field: String = "currency", _ errors: inout FieldErrors) -> Currency? {
        guard let currency = Currency(code) else { errors.add(field, "is not an ISO 4217 currency code"); return nil }
        return currency
    }

    static func paymentTerms(_ body: PaymentTermsBody, _ errors: inout FieldErrors) -> PaymentTerms? {
        let terms = PaymentTerms(net: body.net, endOfMonth: body.endOfMonth)
        if let problem = terms.problem { errors.add("payment_terms", problem); return nil }
        return terms
    }

    /// A credit limit; `currency`, when known, is the customer's currency it must be in.
    static func creditLimit(_ body: MoneyBody, customerCurrency: Currency?, _ errors: inout FieldErrors) -> Money? {
        if body.amount < 0 { errors.add("credit_limit.amount", "must be 0 or more (minor units)") }
        guard let currency = Self.currency(body.currency, field: "credit_limit.currency", &errors) else { return nil }
        if let customerCurrency, currency != customerCurrency {
            errors.add("credit_limit.currency", "must be the customer's currency (\(customerCurrency.code))")
        }
        return body.amount < 0 ? nil : Money(body.amount, currency)
    }

    static func dunning(_ body: DunningBody, _ errors: inout FieldErrors) -> CustomerDunning? {
        if body.policyID != nil, body.excluded == true {
            errors.add("dunning", "give policy_id or excluded: true, not both")
            return nil
        }
        if let id = body.policyID { return .policy(id) }
        return body.excluded == true ? .excluded : nil
    }
}

extension FieldErrors {
    /// Whether `field` or a field inside it already has an error (then its value is a
    /// placeholder, and its rules are not checked).
    func touches(_ field: String) -> Bool {
        all.contains { $0.field == field || $0.field.hasPrefix(field + ".") || $0.field.hasPrefix(field + "[") }
    }
}
