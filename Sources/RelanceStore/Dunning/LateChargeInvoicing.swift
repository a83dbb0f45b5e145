import Foundation
import Postgres
import RelanceCore

/// Bills an invoice's late charges when the tenant chooses: a charge invoice of its own
/// number, issued, payable on receipt, for the same customer and currency, with one line for
/// the late interest and one for the recovery indemnity not billed by an earlier charge
/// invoice (a voided one does not count). Late interest and the indemnity are outside the
/// scope of VAT, so the lines carry none. Charge invoices earn no late charges themselves.
public struct LateChargeInvoicing: Sendable {
    let reader = LateChargesReader()
    let invoices = InvoiceRepository()

    public init() {}

    /// The charge invoice for `invoiceID`'s late charges as of `asOf` (default the tenant's
    /// today), created and issued in the caller's tenant transaction.
    /// - Throws: `ReceivablesError.notFound`; `.invalid` on `as_of` after today; `.conflict` on
    ///   `invoice` for a charge invoice, on `late_charges` when nothing new is owed, on `as_of`
    ///   when a reference rate is unknown.
    public func invoice(for invoiceID: UUID, asOf: CalendarDate?, rates: [ReferenceRate], actor: String,
                        in tx: PostgresConnection) async throws -> Invoice {
        // Serialises two charge invoices for the same invoice.
        let original = try await invoices.invoice(invoiceID, lock: true, in: tx)
        guard original.chargesFor == nil else {
            throw ReceivablesError.conflict(field: "invoice", detail: "this is a charge invoice; late charges are not charged on late charges")
        }
        let today = try await ReceivablesSettings.today(in: tx)
        let day = asOf ?? today
        guard day <= today else {
            throw ReceivablesError.invalid(field: "as_of", message: "must not be after today, \(today)")
        }
        let late = try await reader.charges(invoiceID: invoiceID, asOf: day, rates: rates, in: tx)
        let billed = try await tx.query("""
            SELECT coalesce(sum(charged_interest), 0)::int8, coalesce(sum(charged_indemnity), 0)::int8
            FROM invoices WHERE charges_for = $1 AND status <> 'void'
            """, [invoiceID])[0]
        let interest = max(late.charges.interest - (try billed.decode(Int64.self, at: 0)), 0)
        let indemnity = max(late.charges.indemnity - (try billed.decode(Int64.self, at: 1)), 0)
        guard interest > 0 || indemnity > 0 else {
            throw ReceivablesError.conflict(field: "late_charges",
                                            detail: "nothing to bill as of \(day): interest \(late.charges.interest) and indemnity \(late.charges.indemnity) (minor units) are already billed or nil")
        }
        let language = try await tx.query("""
            SELECT coalesce(c.language, split_part(s.locale, '-', 1)) FROM customers c CROSS JOIN settings s WHERE c.id = $1
            """, [original.customerID])[0].decode(String.self, at: 0)
        let text = Self.Wording(language: language, number: original.number ?? "—")
        var lines: [NewInvoice.Line] = []
        if interest > 0 {
            let from = late.charges.periods.first?.from ?? original.dueDate
            lines.append(NewInvoice.Line(description: text.interest(from: from, to: day),
                                         input: InvoiceLineInput(quantity: ScaledDecimal(units: 1, scale: 0), unitPrice: interest, discountPercent: nil, taxRate: 0)))
        }
        if indemnity > 0 {
            lines.append(NewInvoice.Line(description: text.indemnity,
                                         input: InvoiceLineInput(quantity: ScaledDecimal(units: 1, scale: 0), unitPrice: indemnity, discountPercent: nil, taxRate: 0)))
        }
        var new = NewInvoice(customerID: original.customerID, issueDate: day, dueDate: day, currency: original.currency,
                             notes: text.notes, lines: lines, discount: .none, issue: true)
        new.charges = NewInvoice.Charges(invoiceID: invoiceID, interest: interest, indemnity: indemnity)
        return try await invoices.create(new, actor: actor, in: tx)
    }

    /// The lines' and notes' words in the customer's language.
    struct Wording {
        var language: String
        var number: String

        var french: Bool { language == "fr" }

        func interest(from: CalendarDate, to: CalendarDate) -> String {
            let from = DateText.format(from, language: language), to = DateText.format(to, language: language)
            return french ? "Intérêts de retard sur la facture \(number), du \(from) au \(to)"
                          : "Late interest on invoice \(number), from \(from) to \(to)"
        }

        var indemnity: String {
            french ? "Indemnité forfaitaire pour frais de recouvrement, facture \(number) (art. D441-5 du Code de commerce)"
                   : "Fixed recovery indemnity, invoice \(number) (French Commercial Code D441-5)"
        }

        var notes: String {
            french ? "Pénalités de retard de la facture \(number). Hors champ de la TVA."
                   : "Late-payment charges of invoice \(number). Outside the scope of VAT."
        }
    }
}
