import Foundation
import RelanceCore

/// The `Relance-Signature` header of a webhook delivery (the scheme Stripe uses):
/// `t=<unix seconds>,v1=<hex HMAC-SHA256>`, where the code is computed with the endpoint's
/// secret (its UTF-8 bytes, `whsec_` included) over `<t>.<body>`. A receiver recomputes it
/// over the raw body, compares in constant time, and refuses a timestamp more than a
/// tolerance (5 minutes) away from its clock, so a captured request cannot be replayed later.
public enum WebhookSignature {
    public static let headerName = "Relance-Signature"
    /// How far from the receiver's clock a timestamp may be.
    public static let tolerance: Duration = .seconds(300)

    /// The header value for `body` sent at `timestamp` (unix seconds).
    public static func header(secret: String, timestamp: Int64, body: [UInt8]) -> String {
        "t=\(timestamp),v1=" + HMACSHA256.hexCode(for: signedBytes(timestamp: timestamp, body: body), key: Array(secret.utf8))
    }

    /// Whether `header` signs `body` with `secret` at a time within `tolerance` of `now`. Any
    /// `v1` value in the header may match (several are sent while a secret is being rotated).
    public static func isValid(header: String, body: [UInt8], secret: String, now: Date, tolerance: Duration = tolerance) -> Bool {
        var timestamp: Int64?
        var codes: [String] = []
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            if pair[0] == "t" { timestamp = Int64(pair[1]) } else if pair[0] == "v1" { codes.append(pair[1]) }
        }
        guard let timestamp, abs(now.timeIntervalSince1970 - Double(timestamp)) <= tolerance.inSeconds else { return false }
        let signed = signedBytes(timestamp: timestamp, body: body)
        return codes.contains { HMACSHA256.isValid(hexCode: $0, for: signed, key: Array(secret.utf8)) }
    }

    static func signedBytes(timestamp: Int64, body: [UInt8]) -> [UInt8] {
        Array("\(timestamp).".utf8) + body
    }
}
