import Foundation

/// A step due that waits, and why: it is decided again the next day.
public struct DunningHold: Sendable, Hashable {
    public enum Reason: String, Sendable, Hashable {
        /// The customer was sent a message less than the minimum gap ago.
        case minimumGap = "minimum_gap"
        /// An e-mail step, and the customer has no billing contact.
        case noBillingContact = "no_billing_contact"
    }

    public var item: DunningItem
    public var reason: Reason

    public init(item: DunningItem, reason: Reason) {
        self.item = item
        self.reason = reason
    }
}
