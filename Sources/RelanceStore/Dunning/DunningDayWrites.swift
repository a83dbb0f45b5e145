import Foundation
import Postgres
import RelanceCore

/// What one day of a dunning run writes, collected while the customers are decided and
/// written at the end with one statement per table (reminders, their invoices, tasks, steps,
/// plan reminders, events) and one enqueue of the delivery jobs: a handful of round trips a
/// day, whatever the number of customers.
struct DunningDayWrites {
    var reminders: [Reminder] = []
    var tasks: [(task: DunningTaskRecord, steps: [DunningItem])] = []
    var planReminders: [(planID: UUID, installment: Int, offsetDays: Int, reminderID: UUID)] = []
    var formalNotices: [UUID] = []
    var toCollection: [UUID] = []
    var blocked: [UUID] = []

    /// Writes everything for `date`; returns the ids of the tasks actually created (an open
    /// billing-contact task already there is not created twice).
    func flush(on date: CalendarDate, slug: TenantSlug, actor: String, queue: JobQueue, in tx: PostgresConnection) async throws -> Set<UUID> {
        func id(_ uuid: UUID) -> String { uuid.uuidString }
        if !reminders.isEmpty {
            try await tx.query(DunningRunSQL.insertReminders, [
                date, reminders.map { id($0.id) }, reminders.map { id($0.customerID) }, reminders.map(\.channel.rawValue),
                reminders.map(\.template), reminders.map(\.tone.rawValue), reminders.map(\.currency.code), reminders.map(\.amountDue),
                reminders.map { $0.planID.map(id) },
            ])
            let items = reminders.flatMap { reminder in reminder.items.map { (reminder.id, $0) } }
            if !items.isEmpty {
                try await tx.query(DunningRunSQL.insertItemsMany, [
                    items.map { id($0.0) }, items.map { id($0.1.invoiceID) }, items.map(\.1.offsetDays), items.map(\.1.amountDue),
                    items.map(\.1.daysLate),
                ])
            }
        }
        var created = Set<UUID>()
        if !tasks.isEmpty {
            let rows = try await tx.query(DunningRunSQL.insertTasksMany, [
                date, tasks.map { id($0.task.id) }, tasks.map { id($0.task.customerID) }, tasks.map(\.task.kind.rawValue),
                tasks.map { $0.task.invoiceIDs.map(id).joined(separator: ",") },
            ])
            created = Set(try rows.map { try $0.decode(UUID.self, at: 0) })
        }
        // Every step done today, by the reminder or the (created) task that did it.
        var steps: [(invoice: UUID, offset: Int, reminder: UUID?, task: UUID?)] = reminders.flatMap { reminder in
            reminder.items.map { (invoice: $0.invoiceID, offset: $0.offsetDays, reminder: Optional(reminder.id), task: UUID?.none) }
        }
        for (task, items) in tasks where created.contains(task.id) {
            steps += items.map { (invoice: $0.invoiceID, offset: $0.step.offsetDays, reminder: UUID?.none, task: Optional(task.id)) }
        }
        if !steps.isEmpty {
            try await tx.query(DunningRunSQL.insertStepsMany, [
                date, steps.map { id($0.invoice) }, steps.map(\.offset), steps.map { $0.reminder.map(id) }, steps.map { $0.task.map(id) },
            ])
        }
        if !planReminders.isEmpty {
            try await tx.query(DunningRunSQL.insertPlanRemindersMany, [
                date, planReminders.map { id($0.planID) }, planReminders.map(\.installment), planReminders.map(\.offsetDays),
                planReminders.map { id($0.reminderID) },
            ])
        }
        if !formalNotices.isEmpty { try await tx.query(DunningRunSQL.formalNotices, [date, formalNotices.map(id)]) }
        if !toCollection.isEmpty { try await tx.query(DunningRunSQL.toCollectionMany, [date, toCollection.map(id)]) }
        if !blocked.isEmpty { try await tx.query(DunningRunSQL.blockMany, [date, blocked.map(id)]) }

        var events = try reminders.map { reminder in
            try NewEvent(type: "reminder.created", subjectType: "reminder", subjectID: reminder.id, customerID: reminder.customerID,
                         snapshot: DunningRunner.EventSnapshot(reminder), actor: actor)
        }
        events += try tasks.filter { created.contains($0.task.id) }.map { task, _ in
            try NewEvent(type: "task.created", subjectType: "task", subjectID: task.id, customerID: task.customerID,
                         snapshot: ["kind": task.kind.rawValue, "invoice_ids": task.invoiceIDs.map { $0.uuidString.lowercased() }.joined(separator: ",")],
                         actor: actor)
        }
        try await EventLog().record(events, in: tx)
        if !reminders.isEmpty {
            _ = try await queue.enqueue(try reminders.map { reminder in
                let text = reminder.id.uuidString.lowercased()
                return try NewJob(tenant: slug, kind: "reminder.deliver", payload: ["reminder_id": text], uniqueKey: "reminder:\(text)")
            }, in: tx)
        }
        return created
    }
}
