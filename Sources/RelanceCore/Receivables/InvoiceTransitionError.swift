/// Why an action cannot be applied to an invoice (a 409 for the API).
public enum InvoiceTransitionError: Error, Sendable, Hashable {
    /// The action is not possible from the current status.
    case notAllowed(action: InvoiceAction, from: InvoiceStatus)
    /// Void of an invoice something is allocated to (reverse the allocations, or issue a credit note).
    case hasAllocations
    /// Write-off of an invoice that owes nothing.
    case nothingDue
}
