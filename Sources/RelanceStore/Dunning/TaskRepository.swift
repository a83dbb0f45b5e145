import Foundation
import Postgres
import RelanceCore

/// Changes tasks: assign them, note them, complete them with an outcome; a promise made or a
/// dispute raised on the call is recorded with it. Runs in the caller's tenant transaction;
/// everything is on the customer's timeline.
public struct TaskRepository: Sendable {
    let events = EventLog()

    public init() {}

    /// How a task ended.
    public enum Outcome: String, Sendable, CaseIterable {
        case reached
        case noAnswer = "no_answer"
        /// A promise to pay was made (recorded with the completion).
        case promiseMade = "promise_made"
        /// The customer disputes an invoice (a dispute is opened with the completion).
        case disputeRaised = "dispute_raised"
        case wrongContact = "wrong_contact"
        /// For a task that is no longer needed.
        case cancelled
    }

    /// A promise made on the call: its invoices (default: the task's) or an amount, and its date.
    public struct PromiseTerms: Sendable {
        public var invoiceIDs: [UUID]
        public var amount: Int64?
        public var currency: Currency?
        public var promisedDate: CalendarDate
        /// Default: the tenant's today.
        public var madeOn: CalendarDate?
        public init(invoiceIDs: [UUID], amount: Int64?, currency: Currency?, promisedDate: CalendarDate, madeOn: CalendarDate?) {
            (self.invoiceIDs, self.amount, self.currency, self.promisedDate, self.madeOn) = (invoiceIDs, amount, currency, promisedDate, madeOn)
        }
    }

    /// A dispute raised on the call: the invoice (default: the task's only one) and why.
    public struct DisputeTerms: Sendable {
        public var invoiceID: UUID?
        public var reason: String
        public var amount: Int64?
        public init(invoiceID: UUID?, reason: String, amount: Int64?) {
            (self.invoiceID, self.reason, self.amount) = (invoiceID, reason, amount)
        }
    }

    /// - Throws: `ReceivablesError.notFound`.
    public func task(_ id: UUID, lock: Bool = false, in tx: PostgresConnection) async throws -> DunningTaskRecord {
        guard let row = try await tx.query("""
            SELECT \(unescaped: ReminderRepository.taskColumns) FROM tasks t WHERE t.id = $1 \(unescaped: lock ? "FOR UPDATE" : "")
            """, [id]).first else {
            throw ReceivablesError.notFound("task \(id.uuidString.lowercased())")
        }
        return try ReminderRepository.task(from: row)
    }

    /// Sets the assignee and/or the notes (nil: kept; empty: cleared).
    public func update(_ id: UUID, assignee: String?, notes: String?, actor: String, in tx: PostgresConnection) async throws -> DunningTaskRecord {
        let current = try await task(id, lock: true, in: tx)
        try await tx.query("""
            UPDATE tasks SET assignee = CASE WHEN $2::text IS NULL THEN assignee ELSE nullif($2, '') END,
                             notes = CASE WHEN $3::text IS NULL THEN notes ELSE nullif($3, '') END, updated_at = now()
            WHERE id = $1
            """, [id, assignee, notes])
        let updated = try await task(id, in: tx)
        try await events.record(try NewEvent(type: "task.updated", subjectType: "task", subjectID: id, customerID: current.customerID,
                                             snapshot: ["assignee": updated.assignee ?? "", "notes": updated.notes ?? ""], actor: actor), in: tx)
        return updated
    }

    /// Completes an open task with `outcome`; `promise` and `dispute` are recorded for the
    /// outcomes that name them (required then, refused otherwise).
    /// - Throws: `notFound`; `conflict` on `status` when the task is not open; `invalid` naming the field.
    public func complete(_ id: UUID, outcome: Outcome, notes: String?, promise: PromiseTerms?, dispute: DisputeTerms?,
                         actor: String, in tx: PostgresConnection) async throws -> DunningTaskRecord {
        let current = try await task(id, lock: true, in: tx)
        guard current.status == .open else { throw ReceivablesError.conflict(field: "status", detail: "the task is already \(current.status.rawValue)") }
        if (outcome == .promiseMade) != (promise != nil) {
            throw ReceivablesError.invalid(field: "promise", message: outcome == .promiseMade ? "is required with promise_made" : "is only given with promise_made")
        }
        if (outcome == .disputeRaised) != (dispute != nil) {
            throw ReceivablesError.invalid(field: "dispute", message: outcome == .disputeRaised ? "is required with dispute_raised" : "is only given with dispute_raised")
        }
        if let promise {
            let invoices = promise.invoiceIDs.isEmpty && promise.amount == nil ? current.invoiceIDs : promise.invoiceIDs
            _ = try await PromiseRepository().create(customerID: current.customerID, invoiceIDs: invoices, amount: promise.amount,
                                                     currency: promise.currency, promisedDate: promise.promisedDate, madeOn: promise.madeOn,
                                                     notes: notes, actor: actor, in: tx)
        }
        if let dispute {
            guard let invoiceID = dispute.invoiceID ?? (current.invoiceIDs.count == 1 ? current.invoiceIDs[0] : nil) else {
                throw ReceivablesError.invalid(field: "dispute.invoice_id", message: "is required: the task lists \(current.invoiceIDs.count) invoices")
            }
            _ = try await DisputeRepository().open(invoiceID: invoiceID, reason: dispute.reason, amount: dispute.amount, currency: nil,
                                                   notes: notes, openedOn: nil, actor: actor, in: tx)
        }
        try await tx.query("""
            UPDATE tasks SET status = $2, outcome = $3, notes = coalesce($4, notes), completed_at = now(), updated_at = now() WHERE id = $1
            """, [id, outcome == .cancelled ? "cancelled" : "done", outcome.rawValue, notes])
        let done = try await task(id, in: tx)
        try await events.record(try NewEvent(type: "task.completed", subjectType: "task", subjectID: id, customerID: current.customerID,
                                             snapshot: ["kind": current.kind.rawValue, "outcome": outcome.rawValue], actor: actor), in: tx)
        return done
    }
}
