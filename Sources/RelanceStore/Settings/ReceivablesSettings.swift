import Foundation
import Postgres
import RelanceCore

/// The tenant settings that invoicing reads: numbering patterns, default terms, what the
/// invoices print (penalty rate, recovery indemnity, early-payment discount), whether
/// unallocated credit is applied automatically, and the tenant's currency, language and
/// local date.
public struct ReceivablesSettings: Sendable {
    public var currency: Currency
    /// `fr` or `en`, from the tenant's locale.
    public var language: String
    /// The tenant's calendar date now, in its time zone.
    public var today: CalendarDate
    public var invoiceNumberPattern: NumberPattern
    public var creditNoteNumberPattern: NumberPattern
    public var paymentTerms: PaymentTerms?
    public var latePenaltyRateBasisPoints: Int
    public var recoveryIndemnity: Int64
    public var earlyPaymentDiscount: EarlyPaymentDiscount?
    public var autoApplyCredit: Bool

    /// The tenant's calendar date now, in its time zone, alone (what `load` reads as `today`).
    public static func today(in tx: PostgresConnection) async throws -> CalendarDate {
        guard let row = try await tx.query(SettingsSQL.today).first else { throw TenancyError.tenantNotFound("settings row missing") }
        return try row.decode(CalendarDate.self, at: 0)
    }

    /// Reads them in `tx` (a tenant transaction).
    public static func load(in tx: PostgresConnection) async throws -> ReceivablesSettings {
        guard let row = try await tx.query(SettingsSQL.receivables).first else {
            throw TenancyError.tenantNotFound("settings row missing")
        }
        let locale = try row.decode(String.self, at: 1)
        guard let currency = Currency(try row.decode(String.self, at: 0)),
              let invoicePattern = NumberPattern(try row.decode(String.self, at: 3)),
              let creditPattern = NumberPattern(try row.decode(String.self, at: 4)) else {
            throw ReceivablesError.invalid(field: "settings", message: "the tenant's currency or numbering patterns are not valid")
        }
        let discountBP = try row.decode(Int?.self, at: 7), discountDays = try row.decode(Int?.self, at: 8)
        return ReceivablesSettings(
            currency: currency,
            language: locale.hasPrefix("en") ? "en" : "fr",
            today: try row.decode(CalendarDate.self, at: 2),
            invoiceNumberPattern: invoicePattern,
            creditNoteNumberPattern: creditPattern,
            paymentTerms: try row.decode(PostgresJSON<PaymentTerms>?.self, at: 5)?.value,
            latePenaltyRateBasisPoints: try row.decode(Int.self, at: 6),
            recoveryIndemnity: try row.decode(Int64.self, at: 9),
            earlyPaymentDiscount: discountBP.flatMap { bp in discountDays.map { EarlyPaymentDiscount(percentBasisPoints: bp, withinDays: $0) } },
            autoApplyCredit: try row.decode(Bool.self, at: 10))
    }
}
