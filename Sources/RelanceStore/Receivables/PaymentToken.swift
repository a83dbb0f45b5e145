import Foundation
import RelanceCore

/// The secret in an invoice's payment link (`{base}/pay/{token}`), and how the public pay
/// page finds the invoice's tenant from it without an API key.
///
/// A token is `<tenant slug>.<secret>`: the secret is 32 bytes from the system's
/// cryptographic random generator (256 bits), base64url (43 characters). The slug is not a
/// secret (the customer knows who bills it); it names the schema to look in, so a lookup is
/// one primary-key read in the control schema and one unique-index read in that tenant's
/// schema, however many tenants there are. `InvoiceSQL.insert` writes the slug (its
/// transaction's schema, `t_<slug>`) in front of `secret()`, so the tenant role needs no
/// access to the control schema.
///
/// Invoices created before tokens carried the slug have the secret alone (`legacy`); control
/// migration 0009 maps those to their tenant in `relance.legacy_payment_tokens`.
enum PaymentToken {
    /// Where the tenant of a well-formed token is found.
    enum Lookup: Equatable {
        /// The tenant the token names.
        case tenant(TenantSlug)
        /// An older token: its tenant is in `relance.legacy_payment_tokens`.
        case legacy
    }

    /// The characters of a secret.
    static let secretLength = 43

    /// A new secret (the part after the dot).
    static func secret() -> String {
        var generator = SystemRandomNumberGenerator()
        return Base64URL.encode(Data((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }))
    }

    /// Where to look `token` up, or nil when it cannot be a token (so nothing is queried).
    static func lookup(_ token: String) -> Lookup? {
        let parts = token.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let secret = parts.last, isSecret(secret) else { return nil }
        guard parts.count == 2 else { return .legacy }
        guard let slug = try? TenantSlug(String(parts[0])) else { return nil }
        return .tenant(slug)
    }

    private static func isSecret(_ text: Substring) -> Bool {
        text.utf8.count == secretLength && text.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }
}
