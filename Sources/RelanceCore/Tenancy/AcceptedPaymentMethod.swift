/// A way a tenant's customers may pay it, as the tenant lists them (settings
/// `payment_methods`) and the public pay page shows them. The names are those of a recorded
/// payment's `method` (`transfer`, `sepa_debit`, `card`, `cheque`, `cash`), so what is
/// accepted and what is received read alike.
public enum AcceptedPaymentMethod: String, Sendable, CaseIterable, Hashable {
    /// A SEPA credit transfer to the tenant's bank account (the pay page shows the account,
    /// the reference to quote and a QR code for banking apps).
    case transfer
    /// SEPA direct debit, under a mandate the customer signed.
    case sepaDebit = "sepa_debit"
    /// A card payment.
    case card
    /// A cheque to the order of the tenant.
    case cheque
    /// Cash.
    case cash

    /// What a tenant accepts until it says otherwise.
    public static let defaults: [AcceptedPaymentMethod] = [.transfer]

    /// Why `names` is not a list of accepted methods (nil when it is one): at least one, each
    /// known, none twice.
    public static func problem(_ names: [String]) -> String? {
        guard !names.isEmpty else { return "must list at least one method" }
        if let unknown = names.first(where: { AcceptedPaymentMethod(rawValue: $0) == nil }) {
            return "\"\(unknown)\" is not one of \(allCases.map(\.rawValue).joined(separator: ", "))"
        }
        guard Set(names).count == names.count else { return "must not list a method twice" }
        return nil
    }
}
