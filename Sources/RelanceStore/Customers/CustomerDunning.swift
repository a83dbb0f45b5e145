import Foundation

/// How a customer is dunned when not by the tenant's default policy (which is nil).
public enum CustomerDunning: Sendable, Equatable {
    /// Reminders follow this policy.
    case policy(UUID)
    /// No reminders at all.
    case excluded
}
