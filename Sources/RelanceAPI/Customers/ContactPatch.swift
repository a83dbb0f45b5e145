import Foundation
import RelanceStore

/// The body of `PATCH /v1/customers/{id}/contacts/{contact_id}`: absent keeps, null clears,
/// a value sets; `role` and `is_primary` cannot be null.
struct ContactPatch: RequestBody {
    var role: Patch<ContactRole>
    var name: Patch<String>
    var email: Patch<String>
    var phone: Patch<String>
    var isPrimary: Patch<Bool>

    static let maximumLengths = NewContactBody.maximumLengths

    func validate(_ errors: inout FieldErrors) {
        _ = change(&errors)
    }

    func change(_ errors: inout FieldErrors) -> ContactChange {
        for (field, isNull) in [("role", role == .null), ("is_primary", isPrimary == .null)] where isNull {
            errors.add(field, "cannot be null")
        }
        func optional(_ patch: Patch<String>, _ rule: (String?, inout FieldErrors) -> String?) -> String?? {
            switch patch {
            case .absent: nil
            case .null: .some(nil)
            case .value(let value): .some(rule(value, &errors))
            }
        }
        var change = ContactChange()
        change.role = role.value
        change.isPrimary = isPrimary.value
        change.name = optional(name) { ContactRules.name($0, &$1) }
        change.email = optional(email) { ContactRules.email($0, &$1) }
        change.phone = optional(phone) { ContactRules.phone($0, &$1) }
        return change
    }

    var contactChange: ContactChange {
        var errors = FieldErrors()
        return change(&errors)
    }
}
