import Foundation

/// A person at a customer; at most one primary contact per role and customer.
public struct Contact: Sendable, Equatable {
    public var id: UUID
    public var customerID: UUID
    public var role: ContactRole
    public var name: String?
    public var email: String?
    /// E.164.
    public var phone: String?
    public var isPrimary: Bool
    public var createdAt: Date
    public var updatedAt: Date
}
