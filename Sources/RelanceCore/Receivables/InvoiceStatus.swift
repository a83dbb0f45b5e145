/// Where an invoice stands. `draft → issued → partially_paid → paid`; `void` only while
/// nothing is allocated to it; `written_off` takes the remaining balance as a loss. Being
/// disputed is a flag beside the status, not a status.
public enum InvoiceStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case draft
    case issued
    case partiallyPaid = "partially_paid"
    case paid
    case void
    case writtenOff = "written_off"

    /// Whether the invoice is part of the customer's account (issued and not voided).
    public var isOnLedger: Bool { self != .draft && self != .void }

    /// Whether money can still be allocated to it.
    public var isOpen: Bool { self == .issued || self == .partiallyPaid }

    /// The status an issued invoice has for `balance`: paid when nothing is due, partially
    /// paid when something was allocated, else issued. Drafts, void and written-off
    /// invoices keep their status.
    public func settled(by balance: InvoiceBalance) -> InvoiceStatus {
        switch self {
        case .draft, .void, .writtenOff: return self
        case .issued, .partiallyPaid, .paid:
            if balance.amountDue == 0 { return .paid }
            return balance.settledAmount > 0 ? .partiallyPaid : .issued
        }
    }
}
