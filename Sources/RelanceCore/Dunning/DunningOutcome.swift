import Foundation

/// What one customer's dunning does on one day: the messages and tasks to record, the steps
/// they mark done, what waits, and the changes to promises, plans and the customer.
public struct DunningOutcome: Sendable, Hashable {
    public var messages: [DunningMessage] = []
    public var tasks: [DunningTask] = []
    /// Steps due that wait for another day.
    public var held: [DunningHold] = []
    /// Promises and plans whose status changes today.
    public var promiseChanges: [UUID: PromiseStatus] = [:]
    public var planChanges: [UUID: PaymentPlanStatus] = [:]
    /// Invoices from which the indemnity is claimed and late interest shown (formal notice reached).
    public var formalNotices: [UUID] = []
    /// The customer is handed to collection today.
    public var entersCollection = false
    /// New invoices for the customer carry a flag from today.
    public var blocksCustomer = false

    public init() {}

    /// Every invoice step marked done: those of messages and tasks (not the held ones).
    public var stepsDone: [DunningItem] {
        messages.flatMap(\.items) + tasks.flatMap(\.items)
    }

    /// Whether nothing happens.
    public var isEmpty: Bool { self == DunningOutcome() }
}
