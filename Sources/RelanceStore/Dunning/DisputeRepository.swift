import Foundation
import Postgres
import RelanceCore

/// Opens, resolves and reads disputes. Runs in the caller's tenant transaction.
public struct DisputeRepository: Sendable {
    let events = EventLog()

    public init() {}

    static let columns = """
        d.id, d.invoice_id, d.customer_id, d.reason, d.amount, d.currency::text, d.notes, d.opened_on, d.status, d.resolved_on,
        d.resolution_notes, d.credit_note_id, d.created_at, d.updated_at
        """

    /// Opens a dispute on an open invoice for `amount` (at most what it owes; default all of
    /// it): the invoice is `disputed` from now, and its pending reminders that no longer
    /// remind anything owed and undisputed are cancelled.
    /// - Throws: `notFound`; `conflict` on `status` (the invoice is not open); `invalid` on
    ///   `amount.amount` or `amount.currency`.
    public func open(invoiceID: UUID, reason: String, amount: Int64?, currency: Currency?, notes: String?, openedOn: CalendarDate?,
                     actor: String, in tx: PostgresConnection) async throws -> Dispute {
        let invoice = try await InvoiceRepository().invoice(invoiceID, lock: true, in: tx)
        guard invoice.status.isOpen else {
            throw ReceivablesError.conflict(field: "status", detail: "cannot dispute an invoice that is \(invoice.status.rawValue)")
        }
        if let currency, currency != invoice.currency {
            throw ReceivablesError.invalid(field: "amount.currency", message: "must be the invoice's currency (\(invoice.currency.code))")
        }
        let disputed = amount ?? invoice.amountDue
        guard disputed > 0, disputed <= invoice.amountDue else {
            throw ReceivablesError.invalid(field: "amount.amount", message: "must be more than 0 and at most the invoice's amount due, \(invoice.amountDue)")
        }
        let id = UUID()
        var opened = openedOn
        if opened == nil { opened = try await ReceivablesSettings.today(in: tx) }
        try await tx.query("""
            INSERT INTO disputes (id, invoice_id, customer_id, reason, amount, currency, notes, opened_on)
            VALUES ($1, $2, $3, $4, $5, $6::char(3), $7, $8)
            """, [id, invoiceID, invoice.customerID, reason, disputed, invoice.currency, notes, opened])
        try await tx.query("UPDATE invoices SET disputed = true, updated_at = now() WHERE id = \(invoiceID)")
        try await PendingReminders.cancelUnwarranted(invoiceIDs: [invoiceID], actor: actor, in: tx)
        let dispute = try await self.dispute(id, in: tx)
        try await events.record(try NewEvent(type: "dispute.opened", subjectType: "dispute", subjectID: id, customerID: invoice.customerID,
                                             snapshot: ["invoice_id": invoiceID.uuidString.lowercased(), "reason": reason,
                                                        "amount": "\(disputed)"], actor: actor), in: tx)
        return dispute
    }

    /// Resolves an open dispute: `upheld` issues a credit note against the invoice for the
    /// disputed amount (at most what the invoice still owes), `rejected` does not; the invoice
    /// stays `disputed` while another dispute on it is open.
    /// - Throws: `notFound`; `conflict` on `status` when it is not open.
    public func resolve(_ id: UUID, upheld: Bool, notes: String?, resolvedOn: CalendarDate?, actor: String,
                        in tx: PostgresConnection) async throws -> Dispute {
        let current = try await dispute(id, lock: true, in: tx)
        guard current.status == .open else {
            throw ReceivablesError.conflict(field: "status", detail: "the dispute is already \(current.status.rawValue)")
        }
        let settings = try await ReceivablesSettings.load(in: tx)
        let day = resolvedOn ?? settings.today
        if day < current.openedOn {
            throw ReceivablesError.invalid(field: "resolved_on", message: "must not be before the dispute was opened (\(current.openedOn))")
        }
        var creditNote: UUID?
        if upheld {
            let invoice = try await InvoiceRepository().invoice(current.invoiceID, lock: true, in: tx)
            let amount = min(current.amount, invoice.amountDue)
            if amount > 0 && invoice.status.isOpen {
                creditNote = try await CreditNoteRepository().create(NewCreditNote(
                    customerID: nil, invoiceID: current.invoiceID, amount: amount, currency: current.currency, issueDate: day,
                    reason: "Litige reconnu : \(current.reason)"), actor: actor, in: tx).id
            }
        }
        try await tx.query("""
            UPDATE disputes SET status = $2, resolved_on = $3, resolution_notes = $4, credit_note_id = $5, updated_at = now() WHERE id = $1
            """, [id, upheld ? "upheld" : "rejected", day, notes, creditNote])
        try await tx.query("""
            UPDATE invoices SET disputed = EXISTS (SELECT 1 FROM disputes WHERE invoice_id = $1 AND status = 'open'), updated_at = now()
            WHERE id = $1
            """, [current.invoiceID])
        let resolved = try await dispute(id, in: tx)
        try await events.record(try NewEvent(type: "dispute.resolved", subjectType: "dispute", subjectID: id, customerID: current.customerID,
                                             snapshot: ["outcome": resolved.status.rawValue,
                                                        "credit_note_id": creditNote?.uuidString.lowercased() ?? ""], actor: actor), in: tx)
        return resolved
    }

    /// - Throws: `ReceivablesError.notFound`.
    public func dispute(_ id: UUID, lock: Bool = false, in tx: PostgresConnection) async throws -> Dispute {
        guard let row = try await tx.query("SELECT \(unescaped: Self.columns) FROM disputes d WHERE d.id = $1 \(unescaped: lock ? "FOR UPDATE" : "")",
                                           [id]).first else {
            throw ReceivablesError.notFound("dispute \(id.uuidString.lowercased())")
        }
        return try Self.dispute(from: row)
    }

    /// Disputes newest first (by opening day, then id), of one invoice, customer and/or status.
    public func list(invoiceID: UUID?, customerID: UUID?, status: Dispute.Status?, after: (CalendarDate, UUID)?, limit: Int,
                     in tx: PostgresConnection) async throws -> [Dispute] {
        try await tx.query("""
            SELECT \(unescaped: Self.columns) FROM disputes d
            WHERE ($1::uuid IS NULL OR d.invoice_id = $1) AND ($2::uuid IS NULL OR d.customer_id = $2) AND ($3::text IS NULL OR d.status = $3)
              AND ($4::date IS NULL OR (d.opened_on, d.id) < ($4, $5::uuid))
            ORDER BY d.opened_on DESC, d.id DESC LIMIT $6
            """, [invoiceID, customerID, status?.rawValue, after?.0, after?.1, limit]).map(Self.dispute)
    }

    static func dispute(from row: PostgresRow) throws -> Dispute {
        guard let currency = Currency(try row.decode(String.self, at: 5)),
              let status = Dispute.Status(rawValue: try row.decode(String.self, at: 8)) else {
            throw ReceivablesError.invalid(field: "dispute", message: "a stored dispute has an unknown currency or status")
        }
        return Dispute(id: try row.decode(UUID.self, at: 0), invoiceID: try row.decode(UUID.self, at: 1), customerID: try row.decode(UUID.self, at: 2),
                       reason: try row.decode(String.self, at: 3), amount: try row.decode(Int64.self, at: 4), currency: currency,
                       notes: try row.decode(String?.self, at: 6), openedOn: try row.decode(CalendarDate.self, at: 7), status: status,
                       resolvedOn: try row.decode(CalendarDate?.self, at: 9), resolutionNotes: try row.decode(String?.self, at: 10),
                       creditNoteID: try row.decode(UUID?.self, at: 11), createdAt: try row.decode(Date.self, at: 12),
                       updatedAt: try row.decode(Date.self, at: 13))
    }
}
