import Foundation
import Postgres
import RelanceCore

/// What delivering a reminder reads (the reminder, its customer, whom it goes to, the
/// sender) and writes (its new status). Runs in the caller's tenant transaction.
public struct ReminderDelivery: Sendable {
    /// A reminder ready to be written for its recipient.
    public struct Message: Sendable {
        public var reminder: Reminder
        public var customerName: String
        /// `fr` or `en`: the customer's language, else the tenant's.
        public var language: String
        /// The billing contact's e-mail, else accounts payable's; nil when there is none.
        public var recipient: String?
        public var recipientName: String?
        public var senderName: String
        public var senderEmail: String?
        /// Due dates of the reminder's invoices.
        public var dueDates: [UUID: CalendarDate]
        /// Late interest and the recovery indemnity as of the run date, for each invoice whose
        /// formal notice had gone out by then (the steps from `formal_notice` on claim them).
        public var lateCharges: [UUID: LateCharges] = [:]

        /// What the late charges add to the reminder, in minor units.
        public var lateChargesTotal: Int64 { lateCharges.values.reduce(0) { $0 + $1.interest + $1.indemnity } }
    }

    let charges = LateChargesReader()

    public init() {}

    /// The reminder `id` with what its message needs, locked for the transaction; late
    /// charges are computed with `rates` (`ReferenceRateRepository.all()`), and left out for an
    /// invoice whose half-year rate is unknown.
    /// - Throws: `ReceivablesError.notFound`.
    public func message(_ id: UUID, rates: [ReferenceRate], in tx: PostgresConnection) async throws -> Message {
        guard try await tx.query("SELECT 1 FROM reminders WHERE id = $1 FOR UPDATE", [id]).first != nil,
              let reminder = try await ReminderRepository().reminder(id, in: tx) else {
            throw ReceivablesError.notFound("reminder \(id.uuidString.lowercased())")
        }
        let row = try await tx.query("""
            SELECT c.name, coalesce(c.language, split_part(s.locale, '-', 1)), coalesce(s.sender_name, s.display_name), s.sender_email,
                   (SELECT k.email FROM contacts k WHERE k.customer_id = c.id AND k.email IS NOT NULL AND k.role IN ('billing', 'accounts_payable')
                    ORDER BY k.role = 'billing' DESC, k.is_primary DESC, k.created_at LIMIT 1),
                   (SELECT k.name FROM contacts k WHERE k.customer_id = c.id AND k.email IS NOT NULL AND k.role IN ('billing', 'accounts_payable')
                    ORDER BY k.role = 'billing' DESC, k.is_primary DESC, k.created_at LIMIT 1)
            FROM customers c CROSS JOIN settings s WHERE c.id = $1
            """, [reminder.customerID])[0]
        var dueDates: [UUID: CalendarDate] = [:], noticed: [UUID] = []
        for due in try await tx.query("SELECT id, due_date, formal_notice_on <= $2 FROM invoices WHERE id = ANY($1::uuid[])",
                                      [reminder.items.map { $0.invoiceID.uuidString }, reminder.runDate]) {
            let invoiceID = try due.decode(UUID.self, at: 0)
            dueDates[invoiceID] = try due.decode(CalendarDate.self, at: 1)
            if try due.decode(Bool?.self, at: 2) == true { noticed.append(invoiceID) }
        }
        var lateCharges: [UUID: LateCharges] = [:]
        for invoiceID in noticed {
            do {
                lateCharges[invoiceID] = try await charges.charges(invoiceID: invoiceID, asOf: reminder.runDate, rates: rates, in: tx).charges
            } catch ReceivablesError.conflict {
                continue // no reference rate for a half-year: the message states no interest rather than a wrong one
            }
        }
        return Message(reminder: reminder, customerName: try row.decode(String.self, at: 0), language: try row.decode(String.self, at: 1),
                       recipient: try row.decode(String?.self, at: 4), recipientName: try row.decode(String?.self, at: 5),
                       senderName: try row.decode(String.self, at: 2), senderEmail: try row.decode(String?.self, at: 3), dueDates: dueDates,
                       lateCharges: lateCharges)
    }

    /// Keeps on the reminder's items the late charges its message stated.
    public func recordLateCharges(_ message: Message, in tx: PostgresConnection) async throws {
        guard !message.lateCharges.isEmpty else { return }
        let claimed = message.lateCharges.sorted { $0.key.uuidString < $1.key.uuidString }
        try await tx.query("""
            UPDATE reminder_items ri SET late_interest = c.interest, indemnity = c.indemnity
            FROM unnest($2::uuid[], $3::int8[], $4::int8[]) AS c(invoice_id, interest, indemnity)
            WHERE ri.reminder_id = $1 AND ri.invoice_id = c.invoice_id
            """, [message.reminder.id, claimed.map { $0.key.uuidString }, claimed.map { $0.value.interest }, claimed.map { $0.value.indemnity }])
    }

    /// Records the outcome of delivering a pending reminder (`sent` or `failed`), with an event.
    public func record(_ id: UUID, status: Reminder.Status, detail: String, customerID: UUID, actor: String, in tx: PostgresConnection) async throws {
        try await tx.query("UPDATE reminders SET status = $2, updated_at = now() WHERE id = $1 AND status = 'pending'", [id, status.rawValue])
        try await EventLog().record(try NewEvent(type: "reminder.\(status.rawValue)", subjectType: "reminder", subjectID: id, customerID: customerID,
                                                 snapshot: ["detail": detail], actor: actor), in: tx)
    }
}
