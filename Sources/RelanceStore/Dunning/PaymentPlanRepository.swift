import Foundation
import Postgres
import RelanceCore

/// Agrees and reads payment plans. Runs in the caller's tenant transaction; the dunning run
/// marks them completed or breached.
public struct PaymentPlanRepository: Sendable {
    let events = EventLog()

    public init() {}

    /// What was paid to a plan's invoices from the day it was agreed to $2 (payments, less
    /// those reversed by then); needs `payment_plans p`.
    static let paid = """
        (SELECT coalesce(sum(a.amount), 0) FROM allocations a
         WHERE a.invoice_id = ANY(p.invoice_ids) AND a.kind = 'payment' AND a.allocated_on >= p.agreed_on
           AND a.allocated_on <= $2 AND (a.reversed_on IS NULL OR a.reversed_on > $2))::int8
        """
    static let columns = """
        p.id, p.customer_id, p.invoice_ids::text[], p.currency::text, p.installments, p.status, p.agreed_on, p.status_on, p.notes,
        p.created_at, \(paid),
        coalesce((SELECT array_agg(r.installment::text || ':' || r.offset_days::text) FROM plan_reminders r WHERE r.plan_id = p.id), '{}')
        """

    /// Agrees a plan on open invoices of `customerID` (none in another active plan) with
    /// `installments` summing to what they owe now, from `agreedOn` (default today).
    /// - Throws: `notFound`; `invalid` naming the field.
    public func create(customerID: UUID, invoiceIDs: [UUID], installments: [PlanInstallment], agreedOn: CalendarDate?, notes: String?,
                       actor: String, in tx: PostgresConnection) async throws -> StoredPaymentPlan {
        let settings = try await ReceivablesSettings.load(in: tx)
        _ = try await BillingProfile.load(customer: customerID, settings: settings, in: tx)
        if invoiceIDs.isEmpty { throw ReceivablesError.invalid(field: "invoice_ids", message: "must name at least one invoice") }
        if Set(invoiceIDs).count != invoiceIDs.count { throw ReceivablesError.invalid(field: "invoice_ids", message: "names an invoice twice") }
        var owed: Int64 = 0
        var currency: Currency?
        for (index, id) in invoiceIDs.enumerated() {
            let invoice = try await InvoiceRepository().invoice(id, lock: true, in: tx)
            let field = "invoice_ids[\(index)]"
            if invoice.customerID != customerID { throw ReceivablesError.invalid(field: field, message: "belongs to another customer") }
            if !invoice.status.isOpen { throw ReceivablesError.invalid(field: field, message: "is \(invoice.status.rawValue), not open") }
            if let currency, currency != invoice.currency { throw ReceivablesError.invalid(field: field, message: "is in another currency") }
            currency = invoice.currency
            owed += invoice.amountDue
        }
        let planned = try await tx.query("""
            SELECT 1 FROM payment_plans WHERE status = 'active' AND invoice_ids && $1::text[]::uuid[] LIMIT 1
            """, [invoiceIDs.map { $0.uuidString }])
        if !planned.isEmpty { throw ReceivablesError.invalid(field: "invoice_ids", message: "an invoice is already in an active payment plan") }
        if let problem = PaymentPlan.problem(installments: installments, owed: owed) {
            throw ReceivablesError.invalid(field: problem.field, message: problem.message)
        }
        let agreed = agreedOn ?? settings.today
        if let first = installments.first, first.dueDate < agreed {
            throw ReceivablesError.invalid(field: "installments[0].due_date", message: "must not be before agreed_on (\(agreed))")
        }
        let id = UUID()
        try await tx.query("""
            INSERT INTO payment_plans (id, customer_id, invoice_ids, currency, installments, total, agreed_on, notes)
            VALUES ($1, $2, $3::text[]::uuid[], $4::char(3), $5, $6, $7, $8)
            """, [id, customerID, invoiceIDs.map { $0.uuidString }, currency!, PostgresJSON(installments), owed, agreed, notes])
        let plan = try await self.plan(id, in: tx)
        try await events.record(try NewEvent(type: "payment_plan.agreed", subjectType: "payment_plan", subjectID: id, customerID: customerID,
                                             snapshot: ["installments": "\(installments.count)", "total": "\(owed)"], actor: actor), in: tx)
        return plan
    }

    /// Plan `id`, with what was paid towards it up to `asOf` (default today).
    /// - Throws: `ReceivablesError.notFound`.
    public func plan(_ id: UUID, asOf: CalendarDate? = nil, in tx: PostgresConnection) async throws -> StoredPaymentPlan {
        guard let row = try await tx.query("""
            SELECT \(unescaped: Self.columns) FROM payment_plans p
            WHERE p.id = $1 AND $2::date IS NOT NULL
            """, [id, try await day(asOf, in: tx)]).first else {
            throw ReceivablesError.notFound("payment plan \(id.uuidString.lowercased())")
        }
        return try Self.plan(from: row)
    }

    /// Plans newest first (by the day agreed, then id), of one customer and/or status.
    public func list(customerID: UUID?, status: PaymentPlanStatus?, after: (CalendarDate, UUID)?, limit: Int,
                     in tx: PostgresConnection) async throws -> [StoredPaymentPlan] {
        try await tx.query("""
            SELECT \(unescaped: Self.columns) FROM payment_plans p
            WHERE ($1::uuid IS NULL OR p.customer_id = $1) AND $2::date IS NOT NULL AND ($3::text IS NULL OR p.status = $3)
              AND ($4::date IS NULL OR (p.agreed_on, p.id) < ($4, $5::uuid))
            ORDER BY p.agreed_on DESC, p.id DESC LIMIT $6
            """, [customerID, try await day(nil, in: tx), status?.rawValue, after?.0, after?.1, limit]).map(Self.plan)
    }

    /// Active plans agreed by `date`, with what was paid towards each by then.
    func active(on date: CalendarDate, in tx: PostgresConnection) async throws -> [StoredPaymentPlan] {
        try await tx.query("""
            SELECT \(unescaped: Self.columns) FROM payment_plans p WHERE p.status = 'active' AND p.agreed_on <= $1 AND $2::date = $1
            """, [date, date]).map(Self.plan)
    }

    func day(_ asOf: CalendarDate?, in tx: PostgresConnection) async throws -> CalendarDate {
        if let asOf { return asOf }
        return try await ReceivablesSettings.today(in: tx)
    }

    static func plan(from row: PostgresRow) throws -> StoredPaymentPlan {
        guard let currency = Currency(try row.decode(String.self, at: 3)),
              let status = PaymentPlanStatus(rawValue: try row.decode(String.self, at: 5)) else {
            throw ReceivablesError.invalid(field: "payment_plan", message: "a stored plan has an unknown currency or status")
        }
        let done = try row.decode([String].self, at: 11).compactMap { text -> InstallmentReminder? in
            let parts = text.split(separator: ":")
            guard parts.count == 2, let index = Int(parts[0]), let offset = Int(parts[1]) else { return nil }
            return InstallmentReminder(installment: index, offsetDays: offset)
        }
        let plan = PaymentPlan(id: try row.decode(UUID.self, at: 0),
                               invoiceIDs: Set(try row.decode([String].self, at: 2).compactMap(UUID.init(uuidString:))),
                               installments: try row.decode(PostgresJSON<[PlanInstallment]>.self, at: 4).value,
                               paid: try row.decode(Int64.self, at: 10), status: status, doneReminders: Set(done))
        return StoredPaymentPlan(plan: plan, customerID: try row.decode(UUID.self, at: 1), currency: currency,
                                 agreedOn: try row.decode(CalendarDate.self, at: 6), statusOn: try row.decode(CalendarDate?.self, at: 7),
                                 notes: try row.decode(String?.self, at: 8), createdAt: try row.decode(Date.self, at: 9))
    }
}
