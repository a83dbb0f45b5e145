/// How a dunning step reaches the customer, or `task` when a person acts instead.
public enum DunningChannel: String, Sendable, Hashable, CaseIterable, Codable {
    case email, letter, webhook, task

    /// Whether the step is a message to the customer (and so counts for the minimum gap).
    public var contactsCustomer: Bool { self != .task }
}
