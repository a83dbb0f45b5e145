import Foundation
import Postgres
import RelanceCore

/// Reads the reminders and tasks the dunning run recorded. Runs in the caller's tenant transaction.
public struct ReminderRepository: Sendable {
    public init() {}

    /// Reminder `id` with its invoices, or nil.
    public func reminder(_ id: UUID, in tx: PostgresConnection) async throws -> Reminder? {
        try await reminders(customerID: nil, status: nil, after: nil, limit: 1, only: id, in: tx).first
    }

    /// Reminders newest first (by run date, then id), of one customer and/or one status,
    /// `limit` after the position (`runDate`, `id`).
    public func reminders(customerID: UUID?, status: Reminder.Status?, after: (CalendarDate, UUID)?, limit: Int, only: UUID? = nil,
                          in tx: PostgresConnection) async throws -> [Reminder] {
        let rows = try await tx.query("""
            SELECT r.id, r.customer_id, r.run_date, r.channel, r.template, r.tone, r.status, r.currency::text, r.amount_due, r.created_at,
                   r.plan_id
            FROM reminders r
            WHERE ($1::uuid IS NULL OR r.customer_id = $1) AND ($2::text IS NULL OR r.status = $2)
              AND ($3::date IS NULL OR (r.run_date, r.id) < ($3, $4::uuid)) AND ($6::uuid IS NULL OR r.id = $6)
            ORDER BY r.run_date DESC, r.id DESC LIMIT $5
            """, [customerID, status?.rawValue, after?.0, after?.1, limit, only])
        var reminders = try rows.map { row -> Reminder in
            guard let channel = DunningChannel(rawValue: try row.decode(String.self, at: 3)),
                  let tone = DunningTone(rawValue: try row.decode(String.self, at: 5)),
                  let status = Reminder.Status(rawValue: try row.decode(String.self, at: 6)),
                  let currency = Currency(try row.decode(String.self, at: 7)) else {
                throw ReceivablesError.invalid(field: "reminder", message: "a stored reminder has an unknown channel, tone, status or currency")
            }
            return Reminder(id: try row.decode(UUID.self, at: 0), customerID: try row.decode(UUID.self, at: 1),
                            runDate: try row.decode(CalendarDate.self, at: 2), channel: channel, template: try row.decode(String.self, at: 4),
                            tone: tone, status: status, currency: currency, amountDue: try row.decode(Int64.self, at: 8), items: [],
                            planID: try row.decode(UUID?.self, at: 10), createdAt: try row.decode(Date.self, at: 9))
        }
        guard !reminders.isEmpty else { return [] }
        var items: [UUID: [Reminder.Item]] = [:]
        for row in try await tx.query("""
            SELECT ri.reminder_id, ri.invoice_id, i.number, ri.offset_days, ri.amount_due, ri.days_late, ri.late_interest, ri.indemnity
            FROM reminder_items ri JOIN invoices i ON i.id = ri.invoice_id
            WHERE ri.reminder_id = ANY($1::uuid[]) ORDER BY ri.reminder_id, ri.days_late DESC, i.number
            """, [reminders.map { $0.id.uuidString }]) {
            items[try row.decode(UUID.self, at: 0), default: []].append(Reminder.Item(
                invoiceID: try row.decode(UUID.self, at: 1), number: try row.decode(String?.self, at: 2), offsetDays: try row.decode(Int.self, at: 3),
                amountDue: try row.decode(Int64.self, at: 4), daysLate: try row.decode(Int.self, at: 5),
                lateInterest: try row.decode(Int64?.self, at: 6), indemnity: try row.decode(Int64?.self, at: 7)))
        }
        for index in reminders.indices { reminders[index].items = items[reminders[index].id] ?? [] }
        return reminders
    }

    /// Tasks newest first, of one customer and/or one status, `limit` after the position.
    public func tasks(customerID: UUID?, status: DunningTaskRecord.Status?, after: (CalendarDate, UUID)?, limit: Int,
                      in tx: PostgresConnection) async throws -> [DunningTaskRecord] {
        try await tx.query("""
            SELECT \(unescaped: Self.taskColumns) FROM tasks t
            WHERE ($1::uuid IS NULL OR t.customer_id = $1) AND ($2::text IS NULL OR t.status = $2)
              AND ($3::date IS NULL OR (t.created_on, t.id) < ($3, $4::uuid))
            ORDER BY t.created_on DESC, t.id DESC LIMIT $5
            """, [customerID, status?.rawValue, after?.0, after?.1, limit]).map(Self.task)
    }

    /// A task's columns, in the order `task(from:)` reads them; needs `tasks t`.
    static let taskColumns = """
        t.id, t.customer_id, t.kind, t.status, t.invoice_ids::text[], t.created_on, t.assignee, t.outcome, t.notes, t.completed_at, t.created_at
        """

    static func task(from row: PostgresRow) throws -> DunningTaskRecord {
        guard let kind = DunningTaskKind(rawValue: try row.decode(String.self, at: 2)),
              let status = DunningTaskRecord.Status(rawValue: try row.decode(String.self, at: 3)) else {
            throw ReceivablesError.invalid(field: "task", message: "a stored task has an unknown kind or status")
        }
        return DunningTaskRecord(id: try row.decode(UUID.self, at: 0), customerID: try row.decode(UUID.self, at: 1), kind: kind, status: status,
                                 invoiceIDs: try row.decode([String].self, at: 4).compactMap(UUID.init(uuidString:)),
                                 createdOn: try row.decode(CalendarDate.self, at: 5), assignee: try row.decode(String?.self, at: 6),
                                 outcome: try row.decode(String?.self, at: 7), notes: try row.decode(String?.self, at: 8),
                                 completedAt: try row.decode(Date?.self, at: 9), createdAt: try row.decode(Date.self, at: 10))
    }
}
