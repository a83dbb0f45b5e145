import Crypto
import Foundation
import RelanceCore

/// How API keys are kept in `relance.api_keys.secret_sha256`: never the key, only a digest.
///
/// - Without a pepper: the hex SHA-256 of the whole key (64 characters, no tag), the only
///   form before peppers existed.
/// - With a pepper (`RELANCE_API_KEY_PEPPER`): new keys are stored as
///   `hmac-sha256:<hex HMAC-SHA256 of the key under the pepper>`, so a copy of the table
///   without the pepper (a leaked backup) cannot even confirm a guessed key.
///
/// Checking reads the stored form's scheme, so keys made before a pepper was set keep
/// working after it is. A tagged key cannot be checked without the pepper it was made
/// with: removing or changing the pepper locks those keys out (reissue them).
public struct APIKeyHasher: Sendable {
    /// The tag of peppered digests.
    public static let hmacScheme = "hmac-sha256:"

    private let pepper: SymmetricKey?

    /// - Parameter pepper: the secret of keyed digests, or nil for plain SHA-256.
    public init(pepper: [UInt8]? = nil) {
        self.pepper = pepper.map { SymmetricKey(data: $0) }
    }

    /// Whether new keys are stored as keyed digests.
    public var isPeppered: Bool { pepper != nil }

    /// What the database keeps for a new key.
    public func storedDigest(of key: APIKey) -> String {
        let token = Array(key.token.utf8)
        guard let pepper else { return Hex.encode(SHA256.hash(data: token)) }
        return Self.hmacScheme + Hex.encode(HMAC<SHA256>.authenticationCode(for: token, using: pepper))
    }

    /// Whether `key` is the key a stored digest was made from, in either scheme, compared in
    /// constant time (swift-crypto's digest and MAC equality). A malformed stored value, or
    /// a peppered one while no pepper is configured, matches nothing.
    public func matches(_ key: APIKey, stored: String) -> Bool {
        let token = Array(key.token.utf8)
        if stored.hasPrefix(Self.hmacScheme) {
            guard let pepper, let code = Hex.decode(String(stored.dropFirst(Self.hmacScheme.count))) else { return false }
            return HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: token, using: pepper)
        }
        guard let digest = Hex.decode(stored) else { return false }
        return SHA256.hash(data: token) == digest
    }
}
