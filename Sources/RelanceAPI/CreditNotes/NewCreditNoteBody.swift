import Foundation
import RelanceCore
import RelanceStore

/// The body of `POST /v1/credit-notes`: against `invoice_id`, or as credit of `customer_id`.
struct NewCreditNoteBody: RequestBody {
    var customerID: UUID?
    var invoiceID: UUID?
    var amount: Money
    var issueDate: CalendarDate?
    var reason: String

    static let maximumLengths = ["reason": 1000]

    func validate(_ errors: inout FieldErrors) {
        if customerID == nil && invoiceID == nil { errors.add("customer_id", "is required when invoice_id is not given") }
        if amount.amount <= 0 { errors.add("amount.amount", "must be more than 0 (a whole number of minor units)") }
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { errors.add("reason", "must not be empty") }
    }

    var newCreditNote: NewCreditNote {
        NewCreditNote(customerID: customerID, invoiceID: invoiceID, amount: amount.amount, currency: amount.currency,
                      issueDate: issueDate, reason: reason)
    }
}
