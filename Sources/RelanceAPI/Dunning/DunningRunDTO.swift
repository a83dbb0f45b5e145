import Foundation
import RelanceCore
import RelanceStore

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
