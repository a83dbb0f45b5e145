/// What a contact is for: `billing` receives invoices and reminders.
public enum ContactRole: String, Sendable, CaseIterable, Codable {
    case billing
    case accountsPayable = "accounts_payable"
    case decisionMaker = "decision_maker"
    case other
}
