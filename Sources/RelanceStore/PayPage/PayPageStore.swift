import Foundation
import Postgres
import RelanceCore

/// Reads what the public pay page shows and opens the disputes its form sends, from the
/// invoice's payment token alone (the page has no API key).
///
/// The token names its tenant (`PaymentToken`): one read of the control schema gives the
/// tenant if it is active (an older token is looked up in `relance.legacy_payment_tokens`),
/// then one read in the tenant's context gives the invoice, its customer and the settings.
/// Only when the invoice's formal notice has gone out are the reference rates and the late
/// charges read as well. A malformed token, an unknown one, one of a tenant that is not
/// active and one of a draft, void or written-off invoice all give nil, so the caller cannot
/// tell them apart.
public struct PayPageStore: Sendable {
    /// Who opens the disputes the page's form sends (the events' `actor`).
    public static let actor = "pay-page"

    public let database: TenantDatabase
    public let rates: ReferenceRateRepository
    let reader = LateChargesReader()
    let disputes = DisputeRepository()

    public init(database: TenantDatabase, rates: ReferenceRateRepository) {
        self.database = database
        self.rates = rates
    }

    /// The page of `token`, or nil when there is none to show.
    public func page(token: String) async throws -> PayPage? {
        guard let slug = try await tenant(of: token) else { return nil }
        guard var page = try await database.withTransaction(slug, { tx in
            try await tx.query(PayPageSQL.page, [token]).first.map { try Self.page(token: token, from: $0) }
        }) else { return nil }
        if let noticed = page.charges?.formalNoticeOn {
            page.charges = try await claimed(page, formalNoticeOn: noticed, tenant: slug)
        }
        return page
    }

    /// Opens a dispute for all the invoice of `token` owes, with the customer's `reason` and
    /// `notes` (already validated), unless it is disputed already or nothing is owed. The
    /// invoice is locked first, so two sends at once open one dispute.
    public func contest(token: String, reason: String, notes: String?) async throws -> ContestOutcome {
        guard let slug = try await tenant(of: token) else { return .notFound }
        return try await database.withTransaction(slug) { tx in
            guard let row = try await tx.query(PayPageSQL.lockForDispute, [token]).first else { return .notFound }
            if try row.decode(Bool.self, at: 2) { return .alreadyContested }
            guard InvoiceStatus(rawValue: try row.decode(String.self, at: 1))?.isOpen == true, try row.decode(Int64.self, at: 3) > 0 else {
                return .notContestable
            }
            _ = try await disputes.open(invoiceID: try row.decode(UUID.self, at: 0), reason: reason, amount: nil, currency: nil,
                                        notes: notes, openedOn: nil, actor: Self.actor, in: tx)
            return .opened
        }
    }

    /// The active tenant `token` belongs to, or nil; a malformed token queries nothing.
    func tenant(of token: String) async throws -> TenantSlug? {
        guard let lookup = PaymentToken.lookup(token) else { return nil }
        var named: String?
        if case .tenant(let slug) = lookup { named = slug.rawValue }
        guard let row = try await database.pool.query(PayPageSQL.tenant, [named, token]).first else { return nil }
        return try TenantSlug(try row.decode(String.self, at: 0))
    }

    /// The late charges as of today less what charge invoices already bill; nil when a
    /// reference rate is missing (the page then states none rather than a wrong amount).
    private func claimed(_ page: PayPage, formalNoticeOn: CalendarDate, tenant slug: TenantSlug) async throws -> PayPage.Charges? {
        let known = try await rates.all()
        let late: InvoiceLateCharges
        do {
            late = try await database.withTransaction(slug) { tx in
                try await reader.charges(invoiceID: page.invoiceID, asOf: page.today, rates: known, in: tx)
            }
        } catch ReceivablesError.conflict {
            return nil
        }
        let billed = page.charges ?? PayPage.Charges(formalNoticeOn: formalNoticeOn, interest: 0, indemnity: 0)
        let charges = PayPage.Charges(formalNoticeOn: formalNoticeOn, interest: max(late.charges.interest - billed.interest, 0),
                                      indemnity: max(late.charges.indemnity - billed.indemnity, 0))
        return charges.total > 0 ? charges : nil
    }

    /// The page in `row` (`PayPageSQL.page`). While the charges are not computed, `charges`
    /// holds what charge invoices already bill, and is nil unless they are claimed today.
    static func page(token: String, from row: PostgresRow) throws -> PayPage {
        let statusText = try row.decode(String.self, at: 2), currencyText = try row.decode(String.self, at: 3)
        guard let status = InvoiceStatus(rawValue: statusText), let currency = Currency(currencyText) else {
            throw ReceivablesError.invalid(field: "invoice", message: "stored status \(statusText) or currency \(currencyText) is unknown")
        }
        let amountDue = try row.decode(Int64.self, at: 7)
        let today = try row.decode(CalendarDate.self, at: 21)
        let formalNotice = try row.decode(CalendarDate?.self, at: 10)
        let chargeInvoice = try row.decode(Bool.self, at: 11)
        var charges: PayPage.Charges?
        if let formalNotice, formalNotice <= today, amountDue > 0, !chargeInvoice {
            charges = PayPage.Charges(formalNoticeOn: formalNotice, interest: try row.decode(Int64.self, at: 22),
                                      indemnity: try row.decode(Int64.self, at: 23))
        }
        let language = try row.decode(String?.self, at: 13) ?? (try row.decode(String.self, at: 14).hasPrefix("en") ? "en" : "fr")
        let displayName = try row.decode(String.self, at: 15)
        var account: PayPage.BankAccount?
        if let iban = try row.decode(String?.self, at: 18), !iban.isEmpty {
            account = PayPage.BankAccount(beneficiary: try row.decode(String?.self, at: 17) ?? displayName,
                                          iban: iban.replacingOccurrences(of: " ", with: "").uppercased(),
                                          bic: try row.decode(String?.self, at: 19))
        }
        let methods = try row.decode([String].self, at: 20).compactMap(AcceptedPaymentMethod.init(rawValue:))
        return PayPage(
            token: token, invoiceID: try row.decode(UUID.self, at: 0), tenantName: displayName,
            contactEmail: try row.decode(String?.self, at: 16), customerName: try row.decode(String.self, at: 12),
            language: language == "en" ? "en" : "fr", number: try row.decode(String?.self, at: 1),
            issueDate: try row.decode(CalendarDate.self, at: 4), dueDate: try row.decode(CalendarDate.self, at: 5), currency: currency,
            total: try row.decode(Int64.self, at: 6), amountDue: amountDue, status: status, disputed: try row.decode(Bool.self, at: 9),
            paymentReference: try row.decode(String?.self, at: 8), today: today, charges: charges, bankAccount: account,
            paymentMethods: methods.isEmpty ? AcceptedPaymentMethod.defaults : methods)
    }
}
