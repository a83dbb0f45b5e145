/// Where a payment plan (échelonnement) stands.
public enum PaymentPlanStatus: String, Sendable, Hashable, CaseIterable, Codable {
    /// Installments are being paid; its invoices get only installment reminders.
    case active
    /// Every installment is paid.
    case completed
    /// An installment is more than the tenant's allowance late; the ladder resumes.
    case breached
    case cancelled
}
