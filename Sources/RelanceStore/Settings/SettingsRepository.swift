import Foundation
import Postgres
import RelanceCore

/// Reads and changes a tenant's settings. Every method runs in a transaction the caller
/// opened: `settings`/`update` in the tenant's context (`TenantDatabase.withTransaction`),
/// `mirror` as the application role (`TenantDatabase.withTenantThenControl`).
public struct SettingsRepository: Sendable {
    public init() {}

    /// The settings; `lock` holds the row until the transaction ends (for a conditional update).
    public func settings(in tx: PostgresConnection, lock: Bool = false) async throws -> TenantSettings {
        let rows = try await tx.query(lock ? SettingsSQL.selectForUpdate : SettingsSQL.select)
        guard let row = rows.first else { throw TenancyError.tenantNotFound("settings row missing") }
        return try Self.settings(from: row)
    }

    /// Applies `change` and returns the settings as they now are.
    public func update(_ change: SettingsChange, in tx: PostgresConnection) async throws -> TenantSettings {
        func pair(_ value: String?) -> [any PostgresEncodable] { [value != nil, value] }
        func pair(_ value: String??) -> [any PostgresEncodable] { [value != nil, value ?? nil] }
        var parameters: [any PostgresEncodable] = pair(change.displayName) + pair(change.timeZone) + pair(change.currency)
        parameters += pair(change.locale) + pair(change.senderEmail) + pair(change.senderName) + pair(change.bankAccountHolder)
        parameters += pair(change.bankIban) + pair(change.bankBic) + pair(change.paymentReferenceHint)
        parameters += pair(change.invoiceNumberPattern) + pair(change.creditNoteNumberPattern)
        let terms: PostgresJSON<PaymentTerms>? = (change.paymentTerms ?? nil).map(PostgresJSON.init)
        parameters += [change.paymentTerms != nil, terms]
        parameters += [change.latePenaltyRateBasisPoints != nil, change.latePenaltyRateBasisPoints]
        parameters += [change.recoveryIndemnity != nil, change.recoveryIndemnity]
        let discount: EarlyPaymentDiscount? = change.earlyPaymentDiscount ?? nil
        parameters += [change.earlyPaymentDiscount != nil, discount?.percentBasisPoints, discount?.withinDays]
        parameters += [change.autoApplyCredit != nil, change.autoApplyCredit]
        parameters += [change.automaticDunning != nil, change.automaticDunning]
        parameters += [change.dunningCatchUp != nil, change.dunningCatchUp?.rawValue]
        parameters += [change.dunningMinimumGapDays != nil, change.dunningMinimumGapDays]
        parameters += [change.planBreachDays != nil, change.planBreachDays]
        var contractBP: Int?
        if case .contractual(let bp) = change.lateInterest { contractBP = bp }
        parameters += [change.lateInterest != nil, change.lateInterest?.name, contractBP]
        parameters += [change.chronicLateDays != nil, change.chronicLateDays ?? nil]
        parameters += [change.chronicLateInvoices != nil, change.chronicLateInvoices]
        parameters += [change.chronicPolicyID != nil, change.chronicPolicyID ?? nil]
        parameters += [change.paymentMethods != nil, change.paymentMethods?.map(\.rawValue)]
        let rows: PostgresRows
        do {
            rows = try await tx.query(SettingsSQL.update, parameters)
        } catch let error as PostgresError where error.sqlState == SQLState.foreignKeyViolation {
            throw ReceivablesError.invalid(field: "chronic_policy_id", message: "names no dunning policy of this tenant")
        }
        guard let row = rows.first else { throw TenancyError.tenantNotFound("settings row missing") }
        return try Self.settings(from: row)
    }

    /// Copies the fields scheduling reads (name, time zone, currency, locale) to the tenant's
    /// control-schema row; nothing when `change` touches none of them.
    public func mirror(_ change: SettingsChange, tenant slug: TenantSlug, in tx: PostgresConnection) async throws {
        guard change.touchesControl else { return }
        func pair(_ value: String?) -> [any PostgresEncodable] { [value != nil, value] }
        try await tx.query(SettingsSQL.mirror, [slug.rawValue] + pair(change.displayName) + pair(change.timeZone)
                           + pair(change.currency) + pair(change.locale))
    }

    static func settings(from row: PostgresRow) throws -> TenantSettings {
        TenantSettings(
            displayName: try row.decode(String.self, at: 0), timeZone: try row.decode(String.self, at: 1),
            currency: try row.decode(String.self, at: 2), locale: try row.decode(String.self, at: 3),
            senderEmail: try row.decode(String?.self, at: 4), senderName: try row.decode(String?.self, at: 5),
            bankAccountHolder: try row.decode(String?.self, at: 6), bankIban: try row.decode(String?.self, at: 7),
            bankBic: try row.decode(String?.self, at: 8), paymentReferenceHint: try row.decode(String?.self, at: 9),
            invoiceNumberPattern: try row.decode(String.self, at: 11), creditNoteNumberPattern: try row.decode(String.self, at: 12),
            paymentTerms: try row.decode(PostgresJSON<PaymentTerms>?.self, at: 13)?.value,
            latePenaltyRateBasisPoints: try row.decode(Int.self, at: 14), recoveryIndemnity: try row.decode(Int64.self, at: 15),
            earlyPaymentDiscount: try row.decode(Int?.self, at: 16).flatMap { bp in
                try row.decode(Int?.self, at: 17).map { EarlyPaymentDiscount(percentBasisPoints: bp, withinDays: $0) }
            },
            autoApplyCredit: try row.decode(Bool.self, at: 18),
            dunning: try DunningSettings(row: row, from: 19),
            paymentMethods: try row.decode([String].self, at: 28).compactMap(AcceptedPaymentMethod.init(rawValue:)),
            updatedAt: try row.decode(Date.self, at: 10))
    }
}
