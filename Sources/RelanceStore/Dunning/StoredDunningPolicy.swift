import Foundation
import RelanceCore

/// A tenant's dunning policy as stored: its ladder, its name, and whether it is the default.
public struct StoredDunningPolicy: Sendable, Hashable {
    public var id: UUID
    public var name: String
    public var policy: DunningPolicy
    /// The policy of every customer without one of its own.
    public var isDefault: Bool
    /// How many customers follow it by name (the default's followers are not counted).
    public var customerCount: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: UUID, name: String, policy: DunningPolicy, isDefault: Bool, customerCount: Int, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.name = name
        self.policy = policy
        self.isDefault = isDefault
        self.customerCount = customerCount
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
