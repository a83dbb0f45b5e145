import Crypto

/// Comparison of secrets whose duration depends neither on where nor on whether their
/// lengths differ. swift-crypto has no public constant-time compare of arbitrary bytes, but
/// its digest equality is one (`safeCompare`): both sides are hashed to SHA-256 and the
/// digests compared, so no hand-written comparison loop is needed.
public enum ConstantTime {
    /// Whether `a` and `b` hold the same UTF-8 bytes.
    public static func equals(_ a: String, _ b: String) -> Bool {
        SHA256.hash(data: Array(a.utf8)) == SHA256.hash(data: Array(b.utf8))
    }
}
