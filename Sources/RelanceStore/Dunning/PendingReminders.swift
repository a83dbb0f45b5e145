import Foundation
import Postgres

/// Keeps pending reminders honest: one whose invoices no longer warrant it (all paid,
/// credited, voided, written off or disputed) before it is delivered is cancelled, not sent.
/// Called in the transaction of the change (a settlement, a dispute, a void, a write-off).
enum PendingReminders {
    /// Cancels the pending reminders listing any of `invoiceIDs` that no longer remind an
    /// invoice with something owed and undisputed; one `reminder.cancelled` event each.
    static func cancelUnwarranted(invoiceIDs: [UUID], actor: String, in tx: PostgresConnection) async throws {
        guard !invoiceIDs.isEmpty else { return }
        let cancelled = try await tx.query("""
            UPDATE reminders r SET status = 'cancelled', updated_at = now()
            WHERE r.status = 'pending'
              AND r.id IN (SELECT reminder_id FROM reminder_items WHERE invoice_id = ANY($1::uuid[]))
              AND NOT EXISTS (SELECT 1 FROM reminder_items ri JOIN invoices i ON i.id = ri.invoice_id
                              WHERE ri.reminder_id = r.id AND i.amount_due > 0 AND NOT i.disputed
                                AND i.status IN ('issued', 'partially_paid'))
            RETURNING r.id, r.customer_id
            """, [invoiceIDs.map { $0.uuidString }])
        for row in cancelled {
            let id = try row.decode(UUID.self, at: 0)
            try await EventLog().record(try NewEvent(type: "reminder.cancelled", subjectType: "reminder", subjectID: id,
                                                     customerID: try row.decode(UUID.self, at: 1),
                                                     snapshot: ["reason": "its invoices are settled or disputed"], actor: actor), in: tx)
        }
    }
}
