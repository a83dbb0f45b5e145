import Foundation
import Postgres
import RelanceCore

/// What billing needs of a customer, each falling back to the tenant's: the currency its
/// invoices, payments and credit notes are in, its payment terms, and the language of what
/// it is sent.
struct BillingProfile {
    var currency: Currency
    /// nil: the tenant's terms (or the French default).
    var paymentTerms: PaymentTerms?
    /// `fr` or `en`.
    var language: String
    /// The day a `block_customer` dunning step blocked the customer, if it is blocked.
    var blockedOn: CalendarDate?

    /// The profile of customer `id`.
    /// - Throws: `ReceivablesError.notFound` when there is no such customer.
    static func load(customer id: UUID, settings: ReceivablesSettings, in tx: PostgresConnection) async throws -> BillingProfile {
        guard let row = try await tx.query(InvoiceSQL.customer, [id]).first else {
            throw ReceivablesError.notFound("customer \(id.uuidString.lowercased())")
        }
        return BillingProfile(currency: try row.decode(String?.self, at: 0).flatMap(Currency.init) ?? settings.currency,
                              paymentTerms: try row.decode(PostgresJSON<PaymentTerms>?.self, at: 1)?.value,
                              language: try row.decode(String?.self, at: 2) ?? settings.language,
                              blockedOn: try row.decode(CalendarDate?.self, at: 3))
    }

    /// Refuses `currency` unless it is this customer's, naming `field`.
    func require(_ currency: Currency, field: String) throws {
        guard currency == self.currency else {
            throw ReceivablesError.invalid(field: field, message: "must be the customer's currency, \(self.currency.code)")
        }
    }
}
