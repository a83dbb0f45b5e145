import Foundation

/// An open invoice as the dunning decision sees it on one day.
public struct DunningInvoice: Sendable, Hashable {
    public var id: UUID
    public var dueDate: CalendarDate
    /// What is still owed, in minor units; nothing is sent for 0 or less.
    public var amountDue: Int64
    /// Whether a dispute on it is open that day.
    public var disputed: Bool
    /// The offsets of the ladder steps already done for it (a step is done at most once).
    public var doneOffsets: Set<Int>

    /// The value with these fields, as given (no checks).
    public init(id: UUID, dueDate: CalendarDate, amountDue: Int64, disputed: Bool = false, doneOffsets: Set<Int> = []) {
        self.id = id
        self.dueDate = dueDate
        self.amountDue = amountDue
        self.disputed = disputed
        self.doneOffsets = doneOffsets
    }
}
