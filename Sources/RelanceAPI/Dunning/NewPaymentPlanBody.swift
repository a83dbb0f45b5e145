import Foundation
import RelanceCore
import RelanceStore

/// `POST /v1/payment-plans`.
struct NewPaymentPlanBody: RequestBody {
    struct Installment: RequestBody {
        var dueDate: CalendarDate
        var amount: Money
    }

    var customerID: UUID
    var invoiceIds: [UUID]
    var installments: [Installment]
    var agreedOn: CalendarDate?
    var notes: String?

    static let maximumLengths = ["notes": 5000]

    func validate(_ errors: inout FieldErrors) {
        if invoiceIds.isEmpty || invoiceIds.count > 200 { errors.add("invoice_ids", "must name 1 to 200 invoices") }
        for (index, installment) in installments.enumerated() where installment.amount.amount <= 0 {
            errors.add("installments[\(index)].amount.amount", "must be more than 0 (a whole number of minor units)")
        }
    }
}
