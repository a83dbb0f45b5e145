/// The events a webhook endpoint can subscribe to: the event types of the tenant's event log
/// that are worth telling another system about.
public enum WebhookEventType: String, Sendable, Hashable, CaseIterable, Codable {
    /// A reminder was delivered (`reminder.deliver`).
    case reminderSent = "reminder.sent"
    /// A payment was recorded (and applied to invoices).
    case paymentRecorded = "payment.recorded"
    /// An invoice's amount due reached zero through payments or credit notes.
    case invoicePaid = "invoice.paid"
    /// A customer disputed an invoice.
    case disputeOpened = "dispute.opened"
    /// A promise to pay passed its date unkept (the daily dunning run).
    case promiseBroken = "promise.broken"
    /// A payment plan's installment is late beyond the tenant's allowance (the daily run).
    case paymentPlanBreached = "payment_plan.breached"
    /// A task for a person was created (a call, a hand-off, a failed delivery).
    case taskCreated = "task.created"

    /// The list in words, for errors: `reminder.sent, payment.recorded, …`.
    public static var allNames: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
