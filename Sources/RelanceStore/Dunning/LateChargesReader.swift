import Foundation
import Postgres
import RelanceCore

/// Reads what an invoice's late charges are computed from (its total, due date, the sums that
/// settled it with their days, its formal notice) and computes them with `LateCharges`.
/// Runs in the caller's tenant transaction; the reference rates come from the caller
/// (`ReferenceRateRepository`, control schema).
public struct LateChargesReader: Sendable {
    public init() {}

    /// - Throws: `ReceivablesError.notFound`; `ReceivablesError.conflict` on `as_of` when a
    ///   half-year's reference rate is unknown.
    public func charges(invoiceID: UUID, asOf: CalendarDate?, rates: [ReferenceRate], in tx: PostgresConnection) async throws -> InvoiceLateCharges {
        let settings = try await DunningSettings.load(in: tx)
        guard let row = try await tx.query("""
            SELECT i.number, i.currency::text, i.due_date, i.status, i.total, i.formal_notice_on, i.charges_for IS NOT NULL
            FROM invoices i WHERE i.id = $1
            """, [invoiceID]).first else {
            throw ReceivablesError.notFound("invoice \(invoiceID.uuidString.lowercased())")
        }
        var day = asOf
        if day == nil { day = try await ReceivablesSettings.today(in: tx) }
        let asOf = day!
        let dueDate = try row.decode(CalendarDate.self, at: 2)
        let status = try row.decode(String.self, at: 3)
        guard let currency = Currency(try row.decode(String.self, at: 1)) else {
            throw ReceivablesError.invalid(field: "currency", message: "the invoice's currency is not known")
        }
        // A draft owes nothing, nor does an invoice voided by then (no sums given: zero charges),
        // nor a charge invoice: no interest on interest.
        let chargeInvoice = try row.decode(Bool.self, at: 6)
        let owes = status != "draft" && status != "void" && !chargeInvoice
        let overdue = owes ? try row.decode(Int64.self, at: 4) : 0
        var settlements: [(on: CalendarDate, amount: Int64)] = []
        if owes {
            for movement in try await tx.query("""
                SELECT allocated_on, amount FROM allocations WHERE invoice_id = $1 AND allocated_on <= $2
                UNION ALL
                SELECT reversed_on, -amount FROM allocations WHERE invoice_id = $1 AND reversed_on <= $2
                UNION ALL
                SELECT written_off_on, amount_written_off FROM invoices WHERE id = $1 AND written_off_on <= $2 AND amount_written_off > 0
                """, [invoiceID, asOf]) {
                settlements.append((on: try movement.decode(CalendarDate.self, at: 0), amount: try movement.decode(Int64.self, at: 1)))
            }
        }
        let formalNotice = try row.decode(CalendarDate?.self, at: 5)
        let charges: LateCharges
        do {
            charges = try LateCharges(overdue: overdue, dueDate: dueDate, settlements: settlements, asOf: asOf, rule: settings.interest,
                                      rates: rates, indemnityClaimed: formalNotice.map { $0 <= asOf } ?? false, currency: currency)
        } catch .missingReferenceRate(let halfYear) {
            throw ReceivablesError.conflict(field: "as_of", detail: "no ECB reference rate is known for the half-year from \(halfYear)")
        }
        let atDue = overdue - settlements.filter { $0.on <= dueDate }.reduce(0) { $0 + $1.amount }
        return InvoiceLateCharges(invoiceID: invoiceID, number: try row.decode(String?.self, at: 0), currency: currency, dueDate: dueDate,
                                  asOf: asOf, overdue: max(atDue, 0), formalNoticeOn: formalNotice, rule: settings.interest, charges: charges)
    }
}
