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
        /// Late interest the reminder stated (from the formal notice on), once sent.
        var lateInterest: Money?
        /// The recovery indemnity the reminder stated, once sent.
        var indemnity: Money?
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
                 offsetDays: $0.offsetDays, amountDue: Money($0.amountDue, reminder.currency), daysLate: $0.daysLate,
                 lateInterest: $0.lateInterest.map { Money($0, reminder.currency) }, indemnity: $0.indemnity.map { Money($0, reminder.currency) })
        }
        planId = reminder.planID?.uuidString.lowercased()
        createdAt = reminder.createdAt
    }
}
