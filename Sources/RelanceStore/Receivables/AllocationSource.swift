import Foundation

/// Where money applied to an invoice comes from: a payment (with any early-payment
/// discount it earned) or a credit note.
public enum AllocationSource: Sendable, Hashable {
    case payment(UUID)
    case creditNote(UUID)
}
