import Foundation

/// A payment plan on some invoices of one customer: installments summing to what those
/// invoices owed when it was agreed. Payments to those invoices fill the installments in
/// order; while it is active its invoices get no ladder reminders, and each installment gets
/// its own reminders (`reminderOffsets`: J-3 and J+1).
public struct PaymentPlan: Sendable, Hashable {
    public var id: UUID
    public var invoiceIDs: Set<UUID>
    public var installments: [PlanInstallment]
    /// What was paid to its invoices since it was agreed, in minor units.
    public var paid: Int64
    public var status: PaymentPlanStatus
    /// The installment reminders already done, as (installment index, offset).
    public var doneReminders: Set<InstallmentReminder>

    /// Days around each installment's due date on which it is reminded.
    public static let reminderOffsets = [-3, 1]

    /// The value with these fields, as given (no checks).
    public init(id: UUID, invoiceIDs: Set<UUID>, installments: [PlanInstallment], paid: Int64 = 0,
                status: PaymentPlanStatus = .active, doneReminders: Set<InstallmentReminder> = []) {
        self.id = id
        self.invoiceIDs = invoiceIDs
        self.installments = installments
        self.paid = paid
        self.status = status
        self.doneReminders = doneReminders
    }

    /// What each installment still awaits once `paid` has filled them in order.
    public var remaining: [Int64] {
        var left = max(paid, 0)
        return installments.map { installment in
            let covered = min(left, installment.amount)
            left -= covered
            return installment.amount - covered
        }
    }

    /// Its status on `today`: completed once every installment is paid, breached once one is
    /// more than `breachAfterDays` days late and unpaid; otherwise as it was.
    public func status(on today: CalendarDate, breachAfterDays: Int) -> PaymentPlanStatus {
        guard status == .active else { return status }
        let remaining = remaining
        if remaining.allSatisfy({ $0 <= 0 }) { return .completed }
        for (installment, left) in zip(installments, remaining) where left > 0 && today.days(since: installment.dueDate) > breachAfterDays {
            return .breached
        }
        return .active
    }

    /// Why the installments cannot be agreed for `owed`, or nil: 1 to 60 installments, each
    /// positive, in strictly increasing date order, summing to `owed`.
    public static func problem(installments: [PlanInstallment], owed: Int64) -> (field: String, message: String)? {
        if !(1...60).contains(installments.count) { return ("installments", "must have 1 to 60 installments") }
        for (index, installment) in installments.enumerated() {
            if installment.amount <= 0 { return ("installments[\(index)].amount", "must be positive") }
            if index > 0, installment.dueDate <= installments[index - 1].dueDate {
                return ("installments[\(index)].due_date", "must be after the previous installment's")
            }
        }
        var sum: Int64 = 0
        for installment in installments {
            let (next, overflow) = sum.addingReportingOverflow(installment.amount)
            if overflow { return ("installments", "sum overflows") }
            sum = next
        }
        if sum != owed { return ("installments", "must sum to what the invoices owe (\(owed), not \(sum))") }
        return nil
    }
}
