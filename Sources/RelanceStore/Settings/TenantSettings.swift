import Foundation

/// A tenant's own settings (the one row of its `settings` table).
public struct TenantSettings: Sendable, Equatable {
    public var displayName: String
    public var timeZone: String
    public var currency: String
    public var locale: String
    public var senderEmail: String?
    public var senderName: String?
    public var bankAccountHolder: String?
    public var bankIban: String?
    public var bankBic: String?
    public var paymentReferenceHint: String?
    public var updatedAt: Date
}

/// A change to a tenant's settings: a field left nil is kept; an optional field set to
/// `.some(nil)` is cleared. The values are already validated (`SettingsRule`, `BankDetails`).
public struct SettingsChange: Sendable, Equatable {
    public var displayName: String?
    public var timeZone: String?
    public var currency: String?
    public var locale: String?
    public var senderEmail: String??
    public var senderName: String??
    public var bankAccountHolder: String??
    public var bankIban: String??
    public var bankBic: String??
    public var paymentReferenceHint: String??

    public init() {}

    /// Whether the change touches what the control schema mirrors (for scheduling).
    var touchesControl: Bool { displayName != nil || timeZone != nil || currency != nil || locale != nil }
}
