/// One installment of a payment plan.
public struct PlanInstallment: Sendable, Hashable, Codable {
    public var dueDate: CalendarDate
    /// In minor units.
    public var amount: Int64

    /// The value with these fields, as given (no checks).
    public init(dueDate: CalendarDate, amount: Int64) {
        self.dueDate = dueDate
        self.amount = amount
    }

    enum CodingKeys: String, CodingKey {
        case dueDate = "due_date", amount
    }
}
