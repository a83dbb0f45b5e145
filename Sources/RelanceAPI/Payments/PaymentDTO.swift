import Foundation
import RelanceCore
import RelanceStore

/// A payment as the API returns it, with what it settled and what is left unallocated.
struct PaymentDTO: Encodable {
    struct Allocation: Encodable {
        var invoiceID: String
        var invoiceNumber: String?
        var kind: String
        var amount: Money
        var allocatedOn: CalendarDate
        var reversedOn: CalendarDate?
    }

    var id: String
    var customerID: String
    var amount: Money
    var receivedOn: CalendarDate
    var method: String
    var reference: String?
    var status: String
    var amountAllocated: Money
    var unallocated: Money
    var allocations: [Allocation]
    var reversedOn: CalendarDate?
    var reversalReason: String?
    var createdAt: Date

    init(_ payment: Payment) {
        id = payment.id.uuidString.lowercased()
        customerID = payment.customerID.uuidString.lowercased()
        amount = Money(payment.amount, payment.currency)
        receivedOn = payment.receivedOn
        method = payment.method.rawValue
        reference = payment.reference
        status = payment.status.rawValue
        amountAllocated = Money(payment.amountAllocated, payment.currency)
        unallocated = Money(payment.unallocated, payment.currency)
        allocations = payment.allocations.map {
            Allocation(invoiceID: $0.invoiceID.uuidString.lowercased(), invoiceNumber: $0.invoiceNumber, kind: $0.kind,
                       amount: Money($0.amount, payment.currency), allocatedOn: $0.allocatedOn, reversedOn: $0.reversedOn)
        }
        reversedOn = payment.reversedOn
        reversalReason = payment.reversalReason
        createdAt = payment.createdAt
    }
}
