import Foundation

/// One message to a customer on one channel: every invoice due a reminder that day, or the
/// installments of a payment plan.
public struct DunningMessage: Sendable, Hashable {
    public var channel: DunningChannel
    /// The most severe tone among its steps.
    public var tone: DunningTone
    /// The template of its most advanced step.
    public var template: String
    /// The invoices and their steps, in due-date order.
    public var items: [DunningItem]
    /// For an installment reminder: the plan, and the installments with their offsets.
    public var planID: UUID?
    public var installments: [InstallmentReminder]

    public init(channel: DunningChannel, tone: DunningTone, template: String, items: [DunningItem],
                planID: UUID? = nil, installments: [InstallmentReminder] = []) {
        self.channel = channel
        self.tone = tone
        self.template = template
        self.items = items
        self.planID = planID
        self.installments = installments
    }
}
