import Foundation

/// A balance that does not match the movements it is derived from, as `relance ledger
/// check` reports it: which record, which amount, what is stored and what the movements give.
public struct LedgerDifference: Sendable, Hashable, CustomStringConvertible {
    public var subject: String
    public var id: UUID
    public var label: String
    public var field: String
    public var stored: String
    public var derived: String

    public init(subject: String, id: UUID, label: String, field: String, stored: String, derived: String) {
        self.subject = subject
        self.id = id
        self.label = label
        self.field = field
        self.stored = stored
        self.derived = derived
    }

    public var description: String {
        "\(subject) \(label.isEmpty ? id.uuidString.lowercased() : "\(label) (\(id.uuidString.lowercased()))"): \(field) is \(stored), its movements give \(derived)"
    }
}
