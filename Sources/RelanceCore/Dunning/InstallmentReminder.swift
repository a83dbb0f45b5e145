/// A reminder of one installment of a payment plan: its index and the offset from its due date.
public struct InstallmentReminder: Sendable, Hashable {
    public var installment: Int
    public var offsetDays: Int

    public init(installment: Int, offsetDays: Int) {
        self.installment = installment
        self.offsetDays = offsetDays
    }
}
