import Foundation
import Postgres
import RelanceCore

/// Persists an `AllocationPlan`: one allocation row per settled part (the payment's or
/// credit note's, and any discount it earned), the invoices' new amounts and statuses, the
/// source's allocated total, and the discount's movement on the customer's account. The
/// plan itself comes from `PaymentAllocation` (RelanceCore); nothing here decides amounts.
/// An invoice the plan pays off in full gets an `invoice.paid` event.
struct SettlementWriter {
    let ledger = LedgerRepository()
    let events = EventLog()

    /// Open invoices of `customerID` in `currency`, locked for the transaction, oldest due
    /// first, with the discount each still offers (`nil` when `discounts` is false).
    static func openInvoices(customerID: UUID, currency: Currency, discounts: Bool, in tx: PostgresConnection) async throws -> [OpenInvoice] {
        try await tx.query(InvoiceSQL.openForCustomer, [customerID, currency]).map { row in
            let total = try row.decode(Int64.self, at: 4), issueDate = try row.decode(CalendarDate.self, at: 5)
            let bp = try row.decode(Int?.self, at: 6), days = try row.decode(Int?.self, at: 7)
            let alreadyDiscounted = try row.decode(Int64.self, at: 8) > 0
            var offer: DiscountOffer?
            if discounts, !alreadyDiscounted, let bp, let days {
                let terms = EarlyPaymentDiscount(percentBasisPoints: bp, withinDays: days)
                if let last = terms.lastDate(issuedOn: issueDate) { offer = DiscountOffer(amount: terms.amount(onTotal: total), lastDate: last) }
            }
            return OpenInvoice(id: try row.decode(UUID.self, at: 0), number: try row.decode(String?.self, at: 1),
                               dueDate: try row.decode(CalendarDate.self, at: 2), amountDue: try row.decode(Int64.self, at: 3),
                               discount: offer)
        }
    }

    /// Writes `plan` for `source`, dated `date`, for a customer's account in `currency`; each
    /// invoice it leaves with nothing due gets an `invoice.paid` event by `actor`.
    func apply(_ plan: AllocationPlan, from source: AllocationSource, customerID: UUID, currency: Currency, on date: CalendarDate,
               actor: String, in tx: PostgresConnection) async throws {
        var allocated: Int64 = 0
        for settlement in plan.settlements {
            let rows = try await tx.query("SELECT \(unescaped: InvoiceSQL.columns) FROM invoices i WHERE i.id = \(settlement.invoiceID)")
            guard let row = rows.first else { throw ReceivablesError.notFound("invoice \(settlement.invoiceID.uuidString.lowercased())") }
            let invoice = try InvoiceRepository.invoice(from: row, lines: [])
            var balance = invoice.balance
            switch source {
            case .payment(let paymentID):
                if settlement.paid > 0 {
                    try await insertAllocation(invoiceID: invoice.id, kind: "payment", paymentID: paymentID, creditNoteID: nil,
                                               amount: settlement.paid, on: date, in: tx)
                }
                if settlement.discounted > 0 {
                    try await insertAllocation(invoiceID: invoice.id, kind: "discount", paymentID: paymentID, creditNoteID: nil,
                                               amount: settlement.discounted, on: date, in: tx)
                    try await ledger.record(LedgerEntry(
                        customerID: customerID, currency: currency, date: date, kind: .discount, amount: -settlement.discounted,
                        invoiceID: invoice.id, paymentID: paymentID,
                        description: "Early-payment discount on \(invoice.number ?? "invoice")"), in: tx)
                }
                balance.paid += settlement.paid
                balance.discounted += settlement.discounted
            case .creditNote(let creditNoteID):
                try await insertAllocation(invoiceID: invoice.id, kind: "credit_note", paymentID: nil, creditNoteID: creditNoteID,
                                           amount: settlement.paid, on: date, in: tx)
                balance.credited += settlement.paid
            }
            let status = try invoice.status.applying(.allocate, balance: balance)
            let credited = if case .creditNote = source { settlement.paid } else { Int64(0) }
            let paid = if case .payment = source { settlement.paid } else { Int64(0) }
            try await tx.query(InvoiceSQL.settle, [invoice.id, paid, credited, settlement.discounted, status.rawValue])
            if status == .paid && invoice.status != .paid {
                var settled = invoice
                settled.status = status
                settled.amountDue = balance.amountDue
                try await events.record(try NewEvent(type: "invoice.paid", subjectType: "invoice", subjectID: invoice.id, customerID: customerID,
                                                     snapshot: InvoiceSnapshot(settled), actor: actor), in: tx)
            }
            allocated += settlement.paid
        }
        try await PendingReminders.cancelUnwarranted(invoiceIDs: plan.settlements.map(\.invoiceID), actor: "relance", in: tx)
        guard allocated > 0 else { return }
        switch source {
        case .payment(let id):
            try await tx.query("UPDATE payments SET amount_allocated = amount_allocated + \(allocated) WHERE id = \(id)")
        case .creditNote(let id):
            try await tx.query("UPDATE credit_notes SET amount_allocated = amount_allocated + \(allocated) WHERE id = \(id)")
        }
    }

    private func insertAllocation(invoiceID: UUID, kind: String, paymentID: UUID?, creditNoteID: UUID?, amount: Int64,
                                  on date: CalendarDate, in tx: PostgresConnection) async throws {
        try await tx.query("""
            INSERT INTO allocations (id, invoice_id, kind, payment_id, credit_note_id, amount, allocated_on)
            VALUES (\(UUID()), \(invoiceID), \(kind), \(paymentID), \(creditNoteID), \(amount), \(date))
            """)
    }

    /// Applies the customer's unallocated credit (received payments, then credit notes, oldest
    /// first) to its open invoices in `currency`, oldest due first (or to invoice `only`),
    /// dated `date`, by `actor`. Returns the amount applied.
    @discardableResult
    func applyCredit(customerID: UUID, currency: Currency, on date: CalendarDate, only: UUID? = nil, actor: String,
                     in tx: PostgresConnection) async throws -> Int64 {
        let sources = try await tx.query("""
            SELECT 'payment', id, amount - amount_allocated, received_on FROM payments
            WHERE customer_id = \(customerID) AND currency = \(currency)::char(3) AND status = 'received' AND amount > amount_allocated
            UNION ALL
            SELECT 'credit_note', id, amount - amount_allocated, issue_date FROM credit_notes
            WHERE customer_id = \(customerID) AND currency = \(currency)::char(3) AND amount > amount_allocated
            ORDER BY 1 DESC, 4, 2
            """)
        var applied: Int64 = 0
        for row in sources {
            let open = try await Self.openInvoices(customerID: customerID, currency: currency, discounts: false, in: tx)
                .filter { only == nil || $0.id == only }
            guard !open.isEmpty else { break }
            let id = try row.decode(UUID.self, at: 1)
            let source: AllocationSource = try row.decode(String.self, at: 0) == "payment" ? .payment(id) : .creditNote(id)
            let plan = PaymentAllocation.automatic(amount: try row.decode(Int64.self, at: 2), receivedOn: date, openInvoices: open)
            try await apply(plan, from: source, customerID: customerID, currency: currency, on: date, actor: actor, in: tx)
            applied += plan.settlements.reduce(0) { $0 + $1.paid }
        }
        return applied
    }
}
