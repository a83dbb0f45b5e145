import Foundation
import Postgres
import RelanceCore

/// Records and reads promises to pay. Runs in the caller's tenant transaction; the dunning
/// run marks them kept or broken.
public struct PromiseRepository: Sendable {
    let events = EventLog()

    public init() {}

    static let columns = """
        p.id, p.customer_id, p.invoice_ids::text[], p.amount, p.currency::text, p.made_on, p.promised_date, p.status, p.status_on,
        p.notes, p.created_at
        """

    /// Records a promise of `customerID` to pay `invoiceIDs` (its open invoices) or `amount`
    /// (of the whole account, in its currency) by `promisedDate`, made on `madeOn` (default
    /// the tenant's today).
    /// - Throws: `notFound` (customer, invoice); `invalid` naming the field.
    public func create(customerID: UUID, invoiceIDs: [UUID], amount: Int64?, currency: Currency?, promisedDate: CalendarDate,
                       madeOn: CalendarDate?, notes: String?, actor: String, in tx: PostgresConnection) async throws -> StoredPromise {
        let settings = try await ReceivablesSettings.load(in: tx)
        let profile = try await BillingProfile.load(customer: customerID, settings: settings, in: tx)
        if invoiceIDs.isEmpty == (amount == nil) {
            throw ReceivablesError.invalid(field: "invoice_ids", message: "give invoice_ids or amount, one of them")
        }
        if let amount, amount <= 0 { throw ReceivablesError.invalid(field: "amount.amount", message: "must be more than 0") }
        if let currency { try profile.require(currency, field: "amount.currency") }
        if Set(invoiceIDs).count != invoiceIDs.count { throw ReceivablesError.invalid(field: "invoice_ids", message: "names an invoice twice") }
        for (index, id) in invoiceIDs.enumerated() {
            let invoice = try await InvoiceRepository().invoice(id, in: tx)
            if invoice.customerID != customerID {
                throw ReceivablesError.invalid(field: "invoice_ids[\(index)]", message: "belongs to another customer")
            }
            if !invoice.status.isOpen {
                throw ReceivablesError.invalid(field: "invoice_ids[\(index)]", message: "is \(invoice.status.rawValue), not open")
            }
        }
        let made = madeOn ?? settings.today
        if promisedDate < made { throw ReceivablesError.invalid(field: "promised_date", message: "must not be before made_on (\(made))") }
        let id = UUID()
        try await tx.query("""
            INSERT INTO promises (id, customer_id, invoice_ids, amount, currency, made_on, promised_date, notes)
            VALUES ($1, $2, $3::text[]::uuid[], $4, $5::char(3), $6, $7, $8)
            """, [id, customerID, invoiceIDs.map { $0.uuidString }, amount, profile.currency, made, promisedDate, notes])
        let promise = try await self.promise(id, in: tx)
        try await events.record(try NewEvent(type: "promise.made", subjectType: "promise", subjectID: id, customerID: customerID,
                                             snapshot: ["promised_date": "\(promisedDate)", "amount": amount.map { "\($0)" } ?? "",
                                                        "invoice_ids": invoiceIDs.map { $0.uuidString.lowercased() }.joined(separator: ",")],
                                             actor: actor), in: tx)
        return promise
    }

    /// - Throws: `ReceivablesError.notFound`.
    public func promise(_ id: UUID, in tx: PostgresConnection) async throws -> StoredPromise {
        guard let row = try await tx.query("SELECT \(unescaped: Self.columns) FROM promises p WHERE p.id = $1", [id]).first else {
            throw ReceivablesError.notFound("promise \(id.uuidString.lowercased())")
        }
        return try Self.promise(from: row)
    }

    /// Promises newest first (by the day made, then id), of one customer and/or status.
    public func list(customerID: UUID?, status: PromiseStatus?, after: (CalendarDate, UUID)?, limit: Int,
                     in tx: PostgresConnection) async throws -> [StoredPromise] {
        try await tx.query("""
            SELECT \(unescaped: Self.columns) FROM promises p
            WHERE ($1::uuid IS NULL OR p.customer_id = $1) AND ($2::text IS NULL OR p.status = $2)
              AND ($3::date IS NULL OR (p.made_on, p.id) < ($3, $4::uuid))
            ORDER BY p.made_on DESC, p.id DESC LIMIT $5
            """, [customerID, status?.rawValue, after?.0, after?.1, limit]).map(Self.promise)
    }

    static func promise(from row: PostgresRow) throws -> StoredPromise {
        guard let currency = Currency(try row.decode(String.self, at: 4)),
              let status = PromiseStatus(rawValue: try row.decode(String.self, at: 7)) else {
            throw ReceivablesError.invalid(field: "promise", message: "a stored promise has an unknown currency or status")
        }
        return StoredPromise(id: try row.decode(UUID.self, at: 0), customerID: try row.decode(UUID.self, at: 1),
                             invoiceIDs: try row.decode([String].self, at: 2).compactMap(UUID.init(uuidString:)),
                             amount: try row.decode(Int64?.self, at: 3), currency: currency, madeOn: try row.decode(CalendarDate.self, at: 5),
                             promisedDate: try row.decode(CalendarDate.self, at: 6), status: status,
                             statusOn: try row.decode(CalendarDate?.self, at: 8), notes: try row.decode(String?.self, at: 9),
                             createdAt: try row.decode(Date.self, at: 10))
    }
}
