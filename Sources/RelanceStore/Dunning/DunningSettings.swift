import Postgres
import RelanceCore

/// The tenant settings dunning reads: whether the scheduler runs it, the decision's rules,
/// and the late-interest rule.
public struct DunningSettings: Sendable, Hashable {
    public var automatic: Bool
    public var rules: DunningRules
    public var interest: LateInterestRule

    public init(automatic: Bool = true, rules: DunningRules = DunningRules(), interest: LateInterestRule = .frenchCommercial) {
        self.automatic = automatic
        self.rules = rules
        self.interest = interest
    }

    /// Reads them in `tx` (a tenant transaction).
    public static func load(in tx: PostgresConnection) async throws -> DunningSettings {
        guard let row = try await tx.query("""
            SELECT automatic_dunning, dunning_catch_up, dunning_minimum_gap_days, plan_breach_days,
                   late_interest_rule, late_interest_contract_bp
            FROM settings
            """).first else {
            throw TenancyError.tenantNotFound("settings row missing")
        }
        let rule: LateInterestRule = switch try row.decode(String.self, at: 4) {
        case "eu_statutory": .euStatutory
        case "contractual": .contractual(basisPoints: try row.decode(Int?.self, at: 5) ?? 0)
        default: .frenchCommercial
        }
        return DunningSettings(
            automatic: try row.decode(Bool.self, at: 0),
            rules: DunningRules(catchUp: DunningCatchUp(rawValue: try row.decode(String.self, at: 1)) ?? .mostAdvanced,
                                minimumGapDays: try row.decode(Int.self, at: 2), planBreachDays: try row.decode(Int.self, at: 3)),
            interest: rule)
    }
}
