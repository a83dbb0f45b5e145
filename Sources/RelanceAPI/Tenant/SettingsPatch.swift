import Foundation
import RelanceCore
import RelanceStore

/// The body of `PATCH /v1/settings`: each field absent (kept), a value (set) or, for the
/// optional ones, null (cleared). `display_name`, `time_zone`, `currency` and `locale`
/// cannot be null.
struct SettingsPatch: RequestBody, Equatable {
    var displayName: Patch<String>
    var timeZone: Patch<String>
    var currency: Patch<String>
    var locale: Patch<String>
    var senderEmail: Patch<String>
    var senderName: Patch<String>
    var bankAccountHolder: Patch<String>
    var bankIban: Patch<String>
    var bankBic: Patch<String>
    var paymentReferenceHint: Patch<String>

    static let maximumLengths = [
        "display_name": 200, "time_zone": 64, "currency": 3, "locale": 5, "sender_email": 254, "sender_name": 200,
        "bank_account_holder": 200, "bank_iban": 42, "bank_bic": 11, "payment_reference_hint": 500,
    ]

    func validate(_ errors: inout FieldErrors) {
        for (field, value) in [("display_name", displayName), ("time_zone", timeZone), ("currency", currency), ("locale", locale)]
        where value == .null {
            errors.add(field, "cannot be null")
        }
        errors.check("display_name", displayName.value, SettingsRule.name)
        errors.check("time_zone", timeZone.value, SettingsRule.timeZone)
        errors.check("currency", currency.value, SettingsRule.currency)
        errors.check("locale", locale.value, SettingsRule.locale)
        errors.check("sender_email", senderEmail.value, BankDetails.emailProblem)
        errors.check("sender_name", senderName.value, SettingsRule.name)
        errors.check("bank_account_holder", bankAccountHolder.value, SettingsRule.name)
        errors.check("bank_iban", bankIban.value, BankDetails.ibanProblem)
        errors.check("bank_bic", bankBic.value, BankDetails.bicProblem)
    }

    /// The change to store (validated); an IBAN is stored without spaces, in capitals.
    var change: SettingsChange {
        func optional(_ patch: Patch<String>) -> String?? {
            switch patch {
            case .absent: nil
            case .null: .some(nil)
            case .value(let value): .some(value)
            }
        }
        var change = SettingsChange()
        change.displayName = displayName.value
        change.timeZone = timeZone.value
        change.currency = currency.value
        change.locale = locale.value
        change.senderEmail = optional(senderEmail)
        change.senderName = optional(senderName)
        change.bankAccountHolder = optional(bankAccountHolder)
        change.bankIban = optional(bankIban.map { $0.replacingOccurrences(of: " ", with: "").uppercased() })
        change.bankBic = optional(bankBic)
        change.paymentReferenceHint = optional(paymentReferenceHint)
        return change
    }
}
