import Foundation
import RelanceCore
import RelanceStore

/// `POST /v1/invoices/{id}/disputes`.
struct NewDisputeBody: RequestBody {
    var reason: String
    /// Default: all the invoice owes.
    var amount: Money?
    var notes: String?
    var openedOn: CalendarDate?

    static let maximumLengths = ["reason": 1000, "notes": 5000]

    func validate(_ errors: inout FieldErrors) {
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { errors.add("reason", "must not be empty") }
        if let amount, amount.amount <= 0 { errors.add("amount.amount", "must be more than 0 (a whole number of minor units)") }
    }
}
