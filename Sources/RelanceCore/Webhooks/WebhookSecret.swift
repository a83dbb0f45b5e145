/// A webhook endpoint's signing secret: `whsec_` and 64 lowercase hex characters (256
/// random bits). Its UTF-8 bytes, prefix included, are the HMAC-SHA256 key of the
/// `Relance-Signature` header. Shown once, when the endpoint is created or the secret rotated.
public enum WebhookSecret {
    public static let marker = "whsec_"

    /// A new random secret.
    public static func generate<G: RandomNumberGenerator>(using generator: inout G) -> String {
        marker + Hex.encode((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return generate(using: &generator)
    }
}
