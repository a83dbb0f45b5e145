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
        return try DunningSettings(row: row, from: 0)
    }

    /// Decodes the six columns `automatic_dunning, dunning_catch_up, dunning_minimum_gap_days,
    /// plan_breach_days, late_interest_rule, late_interest_contract_bp` starting at `first`.
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
                  interest: rule)
    }
}
