import Foundation
import RelanceCore
import RelanceStore

/// The body of `POST /v1/customers/{id}/contacts`: a role and at least one of name, e-mail
/// and phone; the phone is stored in E.164 (a French national number becomes +33…).
struct NewContactBody: RequestBody {
    var role: ContactRole
    var name: String?
    var email: String?
    var phone: String?
    var isPrimary: Bool?

    static let maximumLengths = ["name": 200, "email": 254, "phone": 40]

    func validate(_ errors: inout FieldErrors) {
        _ = contact(for: UUID(), &errors)
    }

    func contact(for customerID: UUID, _ errors: inout FieldErrors) -> NewContact {
        var contact = NewContact(customerID: customerID, role: role, isPrimary: isPrimary ?? false)
        contact.name = ContactRules.name(name, &errors)
        contact.email = ContactRules.email(email, &errors)
        contact.phone = ContactRules.phone(phone, &errors)
        if !errors.touches("name"), !errors.touches("email"), !errors.touches("phone"),
           contact.name == nil, contact.email == nil, contact.phone == nil {
            errors.add("body", "a contact needs at least one of name, email and phone")
        }
        return contact
    }

    func newContact(for customerID: UUID) -> NewContact {
        var errors = FieldErrors()
        return contact(for: customerID, &errors)
    }
}

/// The rules of a contact's fields.
enum ContactRules {
    static func name(_ value: String?, _ errors: inout FieldErrors) -> String? {
        guard let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    static func email(_ value: String?, _ errors: inout FieldErrors) -> String? {
        guard let value, !errors.touches("email") else { return nil }
        if let problem = BankDetails.emailProblem(value) { errors.add("email", problem); return nil }
        return value
    }

    static func phone(_ value: String?, _ errors: inout FieldErrors) -> String? {
        guard let value, !errors.touches("phone") else { return nil }
        guard let number = PhoneNumber.normalise(value, defaultCountry: "FR") else {
            errors.add("phone", "is not a phone number (give it in international form, +33 6 12 34 56 78)")
            return nil
        }
        return number.e164
    }
}
