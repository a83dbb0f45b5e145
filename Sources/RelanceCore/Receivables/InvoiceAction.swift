/// What can happen to an invoice's status: issuing it, voiding it, writing its balance off,
/// allocating money to it (a payment, a credit note, a discount) and reversing such an allocation.
public enum InvoiceAction: String, Sendable, CaseIterable {
    case issue
    case void
    case writeOff = "write_off"
    case allocate
    case reverse
}
