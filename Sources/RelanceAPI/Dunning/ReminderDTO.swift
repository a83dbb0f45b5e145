import Foundation
import RelanceCore
import RelanceStore

/// A reminder as the API returns it.
struct ReminderDTO: Encodable {
    struct Item: Encodable {
        var invoiceID: String
        var number: String?
        var step: String
        var offsetDays: Int
        var amountDue: Money
        var daysLate: Int
    }

    var id: String
    var customerID: String
    var runDate: CalendarDate
    var channel: String
    var template: String
    var tone: String
    var status: String
    var amountDue: Money
    var invoices: [Item]
    /// For an installment reminder: its payment plan.
    var planId: String?
    var createdAt: Date

    init(_ reminder: Reminder) {
        id = reminder.id.uuidString.lowercased()
        customerID = reminder.customerID.uuidString.lowercased()
        runDate = reminder.runDate
        channel = reminder.channel.rawValue
        template = reminder.template
        tone = reminder.tone.rawValue
        status = reminder.status.rawValue
        amountDue = Money(reminder.amountDue, reminder.currency)
        invoices = reminder.items.map {
            Item(invoiceID: $0.invoiceID.uuidString.lowercased(), number: $0.number, step: DunningStep.label(offsetDays: $0.offsetDays),
                 offsetDays: $0.offsetDays, amountDue: Money($0.amountDue, reminder.currency), daysLate: $0.daysLate)
        }
        planId = reminder.planID?.uuidString.lowercased()
        createdAt = reminder.createdAt
    }
}

/// A task as the API returns it.
struct TaskDTO: Encodable {
    var id: String
    var customerID: String
    var kind: String
    var status: String
    var invoiceIds: [String]
    var createdOn: CalendarDate
    var assignee: String?
    var outcome: String?
    var notes: String?
    var completedAt: Date?
    var createdAt: Date

    init(_ task: DunningTaskRecord) {
        id = task.id.uuidString.lowercased()
        customerID = task.customerID.uuidString.lowercased()
        kind = task.kind.rawValue
        status = task.status.rawValue
        invoiceIds = task.invoiceIDs.map { $0.uuidString.lowercased() }
        createdOn = task.createdOn
        assignee = task.assignee
        outcome = task.outcome
        notes = task.notes
        completedAt = task.completedAt
        createdAt = task.createdAt
    }
}

/// `POST /v1/dunning/runs`: what the run did (or would do), day by day.
struct DunningRunDTO: Encodable {
    struct Day: Encodable {
        var date: CalendarDate
        var reminders: [ReminderDTO]
        var tasks: [TaskDTO]
        var held: Int
        var formalNotices: [String]
        var toCollection: [String]
    }

    var asOf: CalendarDate
    var dryRun: Bool
    var reminderCount: Int
    var taskCount: Int
    var days: [Day]

    init(_ report: DunningRunReport) {
        asOf = report.asOf
        dryRun = report.dryRun
        days = report.days.map {
            Day(date: $0.date, reminders: $0.reminders.map(ReminderDTO.init), tasks: $0.tasks.map(TaskDTO.init), held: $0.held,
                formalNotices: $0.formalNotices.map { $0.uuidString.lowercased() }, toCollection: $0.toCollection.map { $0.uuidString.lowercased() })
        }
        reminderCount = days.reduce(0) { $0 + $1.reminders.count }
        taskCount = days.reduce(0) { $0 + $1.tasks.count }
    }
}
