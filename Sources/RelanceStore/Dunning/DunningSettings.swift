import Foundation
import Postgres
import RelanceCore

/// The tenant settings dunning reads: whether the scheduler runs it, the decision's rules,
/// and the late-interest rule.
public struct DunningSettings: Sendable, Hashable {
    public var automatic: Bool
    public var rules: DunningRules
    public var interest: LateInterestRule
    /// Chronic late payers: the threshold in days (nil: off), how many paid invoices count,
    /// and the stricter policy they move to.
    public var chronicLateDays: Int?
    public var chronicLateInvoices: Int
    public var chronicPolicyID: UUID?

    public init(automatic: Bool = true, rules: DunningRules = DunningRules(), interest: LateInterestRule = .frenchCommercial,
                chronicLateDays: Int? = nil, chronicLateInvoices: Int = 5, chronicPolicyID: UUID? = nil) {
        self.automatic = automatic
        self.rules = rules
        self.interest = interest
        self.chronicLateDays = chronicLateDays
        self.chronicLateInvoices = chronicLateInvoices
        self.chronicPolicyID = chronicPolicyID
    }

    /// Reads them in `tx` (a tenant transaction).
    public static func load(in tx: PostgresConnection) async throws -> DunningSettings {
        guard let row = try await tx.query("""
            SELECT automatic_dunning, dunning_catch_up, dunning_minimum_gap_days, plan_breach_days,
                   late_interest_rule, late_interest_contract_bp, chronic_late_days, chronic_late_invoices, chronic_policy_id
            FROM settings
            """).first else {
            throw TenancyError.tenantNotFound("settings row missing")
        }
        return try DunningSettings(row: row, from: 0)
    }

    /// Decodes the nine columns `automatic_dunning, dunning_catch_up, dunning_minimum_gap_days,
    /// plan_breach_days, late_interest_rule, late_interest_contract_bp, chronic_late_days,
    /// chronic_late_invoices, chronic_policy_id` starting at `first`.
    init(row: PostgresRow, from first: Int) throws {
        let rule: LateInterestRule = switch try row.decode(String.self, at: first + 4) {
        case "eu_statutory": .euStatutory
        case "contractual": .contractual(basisPoints: try row.decode(Int?.self, at: first + 5) ?? 0)
        default: .frenchCommercial
        }
        self.init(automatic: try row.decode(Bool.self, at: first),
                  rules: DunningRules(catchUp: DunningCatchUp(rawValue: try row.decode(String.self, at: first + 1)) ?? .mostAdvanced,
                                      minimumGapDays: try row.decode(Int.self, at: first + 2),
                                      planBreachDays: try row.decode(Int.self, at: first + 3)),
                  interest: rule, chronicLateDays: try row.decode(Int?.self, at: first + 6),
                  chronicLateInvoices: try row.decode(Int.self, at: first + 7), chronicPolicyID: try row.decode(UUID?.self, at: first + 8))
    }
}
