/// The tenant's settings the dunning decision follows.
public struct DunningRules: Sendable, Hashable {
    /// Which step an invoice late by several steps at once gets.
    public var catchUp: DunningCatchUp
    /// No message goes to a customer less than this many days after the previous one.
    public var minimumGapDays: Int
    /// A payment plan is breached when an installment is more than this many days late.
    public var planBreachDays: Int

    /// The defaults: the most advanced step, 5 days between messages, breach after 7 days.
    public init(catchUp: DunningCatchUp = .mostAdvanced, minimumGapDays: Int = 5, planBreachDays: Int = 7) {
        self.catchUp = catchUp
        self.minimumGapDays = minimumGapDays
        self.planBreachDays = planBreachDays
    }
}
