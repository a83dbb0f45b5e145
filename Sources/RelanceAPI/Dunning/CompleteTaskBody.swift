import Foundation
import RelanceCore
import RelanceStore

/// `POST /v1/tasks/{id}/complete`.
struct CompleteTaskBody: RequestBody {
    struct PromiseBody: RequestBody {
        var invoiceIds: [UUID]?
        var amount: Money?
        var promisedDate: CalendarDate
        var madeOn: CalendarDate?
    }
    struct DisputeBody: RequestBody {
        var invoiceId: UUID?
        var reason: String
        var amount: Money?
        static let maximumLengths = ["reason": 1000]
    }

    var outcome: TaskRepository.Outcome
    var notes: String?
    var promise: PromiseBody?
    var dispute: DisputeBody?

    static let maximumLengths = ["notes": 5000]

    var promiseTerms: TaskRepository.PromiseTerms? {
        promise.map { TaskRepository.PromiseTerms(invoiceIDs: $0.invoiceIds ?? [], amount: $0.amount?.amount, currency: $0.amount?.currency,
                                                   promisedDate: $0.promisedDate, madeOn: $0.madeOn) }
    }
    var disputeTerms: TaskRepository.DisputeTerms? {
        dispute.map { TaskRepository.DisputeTerms(invoiceID: $0.invoiceId, reason: $0.reason, amount: $0.amount?.amount) }
    }
}
