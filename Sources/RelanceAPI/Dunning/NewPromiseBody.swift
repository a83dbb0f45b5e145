import Foundation
import RelanceCore
import RelanceStore

/// `POST /v1/promises`.
struct NewPromiseBody: RequestBody {
    var customerID: UUID
    var invoiceIds: [UUID]?
    var amount: Money?
    var promisedDate: CalendarDate
    var madeOn: CalendarDate?
    var notes: String?

    static let maximumLengths = ["notes": 5000]

    func validate(_ errors: inout FieldErrors) {
        if (invoiceIds ?? []).isEmpty == (amount == nil) { errors.add("invoice_ids", "give invoice_ids or amount, one of them") }
        if let invoiceIds, invoiceIds.count > 200 { errors.add("invoice_ids", "must hold at most 200 invoices") }
        if let amount, amount.amount <= 0 { errors.add("amount.amount", "must be more than 0 (a whole number of minor units)") }
    }
}
