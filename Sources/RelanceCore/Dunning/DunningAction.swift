/// What a dunning step does besides its message.
public enum DunningAction: String, Sendable, Hashable, CaseIterable, Codable {
    /// A phone-call task for a person.
    case callTask = "call_task"
    /// Mise en demeure: from here the €40 indemnity per invoice is claimed and late interest shown.
    case formalNotice = "formal_notice"
    /// A hand-off task; the customer is marked in collection and gets no more reminders.
    case agencyHandoff = "agency_handoff"
    /// New invoices for the customer carry a flag.
    case blockCustomer = "block_customer"
}
