import Foundation
import RelanceCore
import RelanceStore

/// The body of `POST /v1/payments`.
struct NewPaymentBody: RequestBody {
    struct Allocation: RequestBody {
        var invoiceID: UUID
        var amount: Int64
    }

    var customerID: UUID
    var amount: Money
    var receivedOn: CalendarDate
    var method: Payment.Method
    var reference: String?
    var allocations: [Allocation]?

    static let maximumLengths = ["reference": 140]

    func validate(_ errors: inout FieldErrors) {
        if amount.amount <= 0 { errors.add("amount.amount", "must be more than 0 (a whole number of minor units)") }
        for (index, allocation) in (allocations ?? []).enumerated() where allocation.amount <= 0 {
            errors.add("allocations[\(index)].amount", "must be more than 0")
        }
        if let allocations, allocations.count > 1000 { errors.add("allocations", "must hold at most 1000 entries") }
    }

    var newPayment: NewPayment {
        NewPayment(customerID: customerID, amount: amount.amount, currency: amount.currency, receivedOn: receivedOn,
                   method: method, reference: reference,
                   allocations: allocations?.map { AllocationRequest(invoiceID: $0.invoiceID, amount: $0.amount) })
    }
}

/// `POST /v1/payments/{id}/reverse`: why, and the day the money went back (default today).
struct ReversePaymentBody: RequestBody {
    var reason: String
    var reversedOn: CalendarDate?
    static let maximumLengths = ["reason": 1000]
    func validate(_ errors: inout FieldErrors) {
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { errors.add("reason", "must not be empty") }
    }
}

/// `method` decodes strictly: an unknown one is a 400 listing the six.
extension Payment.Method: RequestEnum {}
