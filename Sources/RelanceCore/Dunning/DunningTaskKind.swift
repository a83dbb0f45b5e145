/// What a task asks a person to do.
public enum DunningTaskKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// Phone the customer about the listed invoices.
    case call
    /// Hand the customer's listed invoices to a collection agency.
    case agencyHandoff = "agency_handoff"
    /// Ask the customer whom invoices go to (no billing contact).
    case billingContact = "billing_contact"
    /// A task step without a specific action (its template names what to do).
    case followUp = "follow_up"
    /// A reminder could not be delivered.
    case failedDelivery = "failed_delivery"
}
