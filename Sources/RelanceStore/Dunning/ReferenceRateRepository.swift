import Foundation
import Postgres
import RelanceCore

/// The published rates late interest reads (control schema `relance.reference_rates`): the
/// history Relance ships, and those an operator adds. Every change is audited.
public struct ReferenceRateRepository: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) { self.pool = pool }

    /// Every rate, by kind and date.
    public func all() async throws -> [ReferenceRate] {
        try await pool.query("SELECT kind, effective_date, rate_bp FROM relance.reference_rates ORDER BY kind, effective_date").compactMap { row in
            guard let kind = ReferenceRateKind(rawValue: try row.decode(String.self, at: 0)) else { return nil }
            return ReferenceRate(kind: kind, effectiveOn: try row.decode(CalendarDate.self, at: 1), basisPoints: try row.decode(Int.self, at: 2))
        }
    }

    /// Sets the rate of `rate.kind` from `rate.effectiveOn`; true when it is new, false when
    /// it replaced one.
    public func put(_ rate: ReferenceRate, actor: String) async throws -> Bool {
        try await pool.withTransaction { tx in
            let inserted = try await tx.query("""
                INSERT INTO relance.reference_rates (kind, effective_date, rate_bp, source) VALUES ($1, $2, $3, 'operator')
                ON CONFLICT (kind, effective_date) DO UPDATE SET rate_bp = EXCLUDED.rate_bp, source = 'operator', updated_at = now()
                RETURNING (xmax = 0)
                """, [rate.kind.rawValue, rate.effectiveOn, rate.basisPoints])[0].decode(Bool.self, at: 0)
            try await AuditLog.record(actor: actor, action: "reference_rate.put", target: "reference_rate:\(rate.kind.rawValue):\(rate.effectiveOn)",
                                      details: ["rate_bp": "\(rate.basisPoints)"], in: tx)
            return inserted
        }
    }
}
