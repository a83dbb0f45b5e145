import Foundation

/// A task for a person about one customer.
public struct DunningTask: Sendable, Hashable {
    public var kind: DunningTaskKind
    /// The invoices and their steps (empty for a billing-contact task).
    public var items: [DunningItem]

    public init(kind: DunningTaskKind, items: [DunningItem]) {
        self.kind = kind
        self.items = items
    }
}
