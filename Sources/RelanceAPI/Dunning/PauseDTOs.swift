import Foundation
import RelanceCore
import RelanceStore

/// A dispute as the API returns it.
struct DisputeDTO: Encodable {
    var id: String
    var invoiceId: String
    var customerId: String
    var reason: String
    var amount: Money
    var notes: String?
    var openedOn: CalendarDate
    var status: String
    var resolvedOn: CalendarDate?
    var resolutionNotes: String?
    var creditNoteId: String?
    var createdAt: Date
    var updatedAt: Date

    init(_ dispute: Dispute) {
        id = dispute.id.uuidString.lowercased()
        invoiceId = dispute.invoiceID.uuidString.lowercased()
        customerId = dispute.customerID.uuidString.lowercased()
        reason = dispute.reason
        amount = Money(dispute.amount, dispute.currency)
        notes = dispute.notes
        openedOn = dispute.openedOn
        status = dispute.status.rawValue
        resolvedOn = dispute.resolvedOn
        resolutionNotes = dispute.resolutionNotes
        creditNoteId = dispute.creditNoteID?.uuidString.lowercased()
        createdAt = dispute.createdAt
        updatedAt = dispute.updatedAt
    }
}

/// A promise to pay as the API returns it.
struct PromiseDTO: Encodable {
    var id: String
    var customerId: String
    var invoiceIds: [String]
    var amount: Money?
    var madeOn: CalendarDate
    var promisedDate: CalendarDate
    var status: String
    var statusOn: CalendarDate?
    var notes: String?
    var createdAt: Date

    init(_ promise: StoredPromise) {
        id = promise.id.uuidString.lowercased()
        customerId = promise.customerID.uuidString.lowercased()
        invoiceIds = promise.invoiceIDs.map { $0.uuidString.lowercased() }
        amount = promise.amount.map { Money($0, promise.currency) }
        madeOn = promise.madeOn
        promisedDate = promise.promisedDate
        status = promise.status.rawValue
        statusOn = promise.statusOn
        notes = promise.notes
        createdAt = promise.createdAt
    }
}

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

/// `POST /v1/disputes/{id}/resolve`.
struct ResolveDisputeBody: RequestBody {
    enum Outcome: String, CaseIterable, RequestEnum { case upheld, rejected }
    var outcome: Outcome
    var notes: String?
    var resolvedOn: CalendarDate?

    static let maximumLengths = ["notes": 5000]
}

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

extension Dispute.Status: RequestEnum {}
extension PromiseStatus: RequestEnum {}

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

extension PaymentPlanStatus: RequestEnum {}

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

/// `PATCH /v1/tasks/{id}`: the assignee and notes (absent: kept; null or empty: cleared).
struct TaskPatch: RequestBody {
    var assignee: Patch<String>
    var notes: Patch<String>
    static let maximumLengths = ["assignee": 200, "notes": 5000]

    func value(_ patch: Patch<String>) -> String? {
        switch patch {
        case .absent: nil
        case .null: ""
        case .value(let text): text
        }
    }
}

extension TaskRepository.Outcome: RequestEnum {}
