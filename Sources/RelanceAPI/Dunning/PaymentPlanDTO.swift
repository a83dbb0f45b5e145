import Foundation
import RelanceCore
import RelanceStore

/// A payment plan as the API returns it: each installment with what is paid and remains.
struct PaymentPlanDTO: Encodable {
    struct Installment: Encodable {
        var dueDate: CalendarDate
        var amount: Money
        var paid: Money
        var remaining: Money
    }

    var id: String
    var customerId: String
    var invoiceIds: [String]
    var installments: [Installment]
    var total: Money
    var paid: Money
    var agreedOn: CalendarDate
    var status: String
    var statusOn: CalendarDate?
    var notes: String?
    var createdAt: Date

    init(_ stored: StoredPaymentPlan) {
        let plan = stored.plan, currency = stored.currency
        id = plan.id.uuidString.lowercased()
        customerId = stored.customerID.uuidString.lowercased()
        invoiceIds = plan.invoiceIDs.map { $0.uuidString.lowercased() }.sorted()
        installments = zip(plan.installments, plan.remaining).map {
            Installment(dueDate: $0.dueDate, amount: Money($0.amount, currency), paid: Money($0.amount - $1, currency), remaining: Money($1, currency))
        }
        let sum = plan.installments.reduce(Int64(0)) { $0 + $1.amount }
        total = Money(sum, currency)
        paid = Money(min(max(plan.paid, 0), sum), currency)
        agreedOn = stored.agreedOn
        status = plan.status.rawValue
        statusOn = stored.statusOn
        notes = stored.notes
        createdAt = stored.createdAt
    }
}
