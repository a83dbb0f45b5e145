import Foundation

/// Which customers a list returns, and the page: ordered by (name, id), after `after`.
public struct CustomerFilter: Sendable, Equatable {
    /// Case-insensitive substring of the name or the external reference.
    public var query: String?
    /// Only customers with (true) or without (false) an overdue invoice.
    public var hasOverdue: Bool?
    /// The (name, id) of the last customer of the previous page.
    public var after: (name: String, id: UUID)?
    public var limit: Int

    public init(query: String? = nil, hasOverdue: Bool? = nil, after: (name: String, id: UUID)? = nil, limit: Int) {
        self.query = query
        self.hasOverdue = hasOverdue
        self.after = after
        self.limit = limit
    }

    public static func == (lhs: CustomerFilter, rhs: CustomerFilter) -> Bool {
        lhs.query == rhs.query && lhs.hasOverdue == rhs.hasOverdue && lhs.after?.name == rhs.after?.name
            && lhs.after?.id == rhs.after?.id && lhs.limit == rhs.limit
    }
}
