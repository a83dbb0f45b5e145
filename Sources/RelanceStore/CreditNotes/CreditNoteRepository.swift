import Foundation
import Postgres
import RelanceCore

/// Issues and reads credit notes. Runs in the caller's tenant transaction.
public struct CreditNoteRepository: Sendable {
    let events = EventLog()
    let ledger = LedgerRepository()
    let settlements = SettlementWriter()

    public init() {}

    /// Issues `new`: numbered from the tenant's credit-note pattern, on the customer's
    /// account, and applied to its invoice when it names one (never more than that
    /// invoice's amount due at this moment).
    /// - Throws: `ReceivablesError.notFound` (customer, invoice), `.invalid` on `amount`,
    ///   `invoice_id` or `amount.currency`.
    public func create(_ new: NewCreditNote, actor: String, in tx: PostgresConnection) async throws -> CreditNote {
        let settings = try await ReceivablesSettings.load(in: tx)
        var invoice: Invoice?
        if let invoiceID = new.invoiceID { invoice = try await InvoiceRepository().invoice(invoiceID, lock: true, in: tx) }
        guard let customerID = new.customerID ?? invoice?.customerID else {
            throw ReceivablesError.invalid(field: "customer_id", message: "is required when invoice_id is not given")
        }
        try await BillingProfile.load(customer: customerID, settings: settings, in: tx).require(new.currency, field: "amount.currency")
        if let found = invoice {
            guard found.customerID == customerID else {
                throw ReceivablesError.invalid(field: "invoice_id", message: "belongs to another customer")
            }
            guard found.status.isOpen else {
                throw ReceivablesError.conflict(field: "status", detail: "cannot credit an invoice that is \(found.status.rawValue)")
            }
            guard new.amount <= found.amountDue else {
                throw ReceivablesError.invalid(field: "amount.amount", message: "is more than the invoice's amount due, \(found.amountDue)")
            }
        }
        let issueDate = new.issueDate ?? settings.today
        let number = try await DocumentNumbering.next(.creditNote, pattern: settings.creditNoteNumberPattern, date: issueDate, in: tx) {
            try await tx.query(CreditNoteSQL.numberExists, [$0])[0].decode(Bool.self, at: 0)
        }
        let id = UUID()
        try await tx.query(CreditNoteSQL.insert, [id, number, customerID, new.invoiceID, new.amount, new.currency, issueDate, new.reason])
        try await ledger.record(LedgerEntry(customerID: customerID, currency: new.currency, date: issueDate, kind: .creditNote,
                                            amount: -new.amount, invoiceID: new.invoiceID, creditNoteID: id,
                                            description: "Credit note \(number): \(new.reason)"), in: tx)
        if let invoice {
            let plan = AllocationPlan(settlements: [InvoiceSettlement(invoiceID: invoice.id, paid: new.amount, discounted: 0)], unallocated: 0)
            try await settlements.apply(plan, from: .creditNote(id), customerID: customerID, currency: new.currency, on: issueDate,
                                       actor: actor, in: tx)
        } else if settings.autoApplyCredit {
            try await settlements.applyCredit(customerID: customerID, currency: new.currency, on: issueDate, actor: actor, in: tx)
        }
        let note = try await creditNote(id, in: tx)
        try await events.record(try NewEvent(type: "credit_note.issued", subjectType: "credit_note", subjectID: id, customerID: customerID,
                                             snapshot: CreditNoteSnapshot(note), actor: actor), in: tx)
        return note
    }

    /// Credit note `id`.
    /// - Throws: `ReceivablesError.notFound`.
    public func creditNote(_ id: UUID, in tx: PostgresConnection) async throws -> CreditNote {
        guard let row = try await tx.query(CreditNoteSQL.select, [id]).first else {
            throw ReceivablesError.notFound("credit note \(id.uuidString.lowercased())")
        }
        return try Self.creditNote(from: row)
    }

    /// A page of credit notes, newest first.
    public func list(customerID: UUID?, after: (issueDate: CalendarDate, id: UUID)?, limit: Int, in tx: PostgresConnection) async throws -> [CreditNote] {
        try await tx.query(CreditNoteSQL.list, [customerID, after?.issueDate, after?.id, limit]).map(Self.creditNote(from:))
    }

    static func creditNote(from row: PostgresRow) throws -> CreditNote {
        let currencyText = try row.decode(String.self, at: 5)
        guard let currency = Currency(currencyText) else {
            throw ReceivablesError.invalid(field: "credit_note", message: "stored currency \(currencyText) is unknown")
        }
        return CreditNote(id: try row.decode(UUID.self, at: 0), number: try row.decode(String.self, at: 1),
                          customerID: try row.decode(UUID.self, at: 2), invoiceID: try row.decode(UUID?.self, at: 3),
                          amount: try row.decode(Int64.self, at: 4), currency: currency, issueDate: try row.decode(CalendarDate.self, at: 6),
                          reason: try row.decode(String.self, at: 7), amountAllocated: try row.decode(Int64.self, at: 8),
                          createdAt: try row.decode(Date.self, at: 9))
    }
}

/// What a credit-note event records.
struct CreditNoteSnapshot: Encodable {
    var id: UUID
    var number: String
    var invoiceID: UUID?
    var amount: Int64
    var currency: String
    var reason: String

    init(_ note: CreditNote) {
        id = note.id
        number = note.number
        invoiceID = note.invoiceID
        amount = note.amount
        currency = note.currency.code
        reason = note.reason
    }
}
