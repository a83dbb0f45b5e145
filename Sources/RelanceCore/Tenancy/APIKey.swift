/// An API key: `rl_live_<prefix>_<secret>`. The prefix (12 hex) identifies the key and is
/// safe to show; the secret (48 hex, 192 bits) is shown once at creation and stored only as
/// a digest of the whole key (RelanceStore's `APIKeyHasher`).
public struct APIKey: Sendable, Equatable {
    public static let marker = "rl_live_"

    public let prefix: String
    public let secret: String

    /// The full key, as given to its owner once.
    public var token: String { Self.marker + prefix + "_" + secret }

    /// A new random key.
    public static func generate<G: RandomNumberGenerator>(using generator: inout G) -> APIKey {
        APIKey(prefix: randomHex(bytes: 6, using: &generator), secret: randomHex(bytes: 24, using: &generator))
    }

    public static func generate() -> APIKey {
        var generator = SystemRandomNumberGenerator()
        return generate(using: &generator)
    }

    /// Parses a presented token; nil if it does not have the key's shape.
    public init?(token: String) {
        guard token.hasPrefix(Self.marker) else { return nil }
        let rest = token.dropFirst(Self.marker.count)
        let parts = rest.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 12, parts[1].count == 48,
              parts.allSatisfy({ $0.allSatisfy { $0.isHexDigit && !$0.isUppercase } })
        else { return nil }
        self.init(prefix: String(parts[0]), secret: String(parts[1]))
    }

    init(prefix: String, secret: String) {
        self.prefix = prefix
        self.secret = secret
    }

    static func randomHex<G: RandomNumberGenerator>(bytes: Int, using generator: inout G) -> String {
        Hex.encode((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }
}

/// What a key may do.
public enum APIKeyScope: String, Sendable, Codable, CaseIterable {
    case read
    case write
}
