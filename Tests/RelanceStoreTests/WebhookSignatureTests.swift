import Foundation
import RelanceCore
import RelanceStore
import Testing

/// `Relance-Signature` as docs/webhooks.md describes it, and the body it signs.
@Suite struct WebhookSignatureTests {
    static let secret = "whsec_" + String(repeating: "ab", count: 32)
    static let body = Array(#"{"created_at":"2026-03-02T09:14:03Z","data":{"amount":4000},"id":"12","tenant":"acme","type":"payment.recorded"}"#.utf8)

    @Test func theHeaderIsTheHMACOfTimestampDotBody() {
        let header = WebhookSignature.header(secret: Self.secret, timestamp: 1_772_442_843, body: Self.body)
        let expected = HMACSHA256.hexCode(for: Array("1772442843.".utf8) + Self.body, key: Array(Self.secret.utf8))
        #expect(header == "t=1772442843,v1=\(expected)")
        #expect(expected.count == 64 && expected == expected.lowercased())
    }

    @Test func verificationNeedsTheSecretTheExactBodyAndAFreshTimestamp() {
        let sent = Date(timeIntervalSince1970: 1_772_442_843)
        let header = WebhookSignature.header(secret: Self.secret, timestamp: 1_772_442_843, body: Self.body)
        #expect(WebhookSignature.isValid(header: header, body: Self.body, secret: Self.secret, now: sent))
        #expect(WebhookSignature.isValid(header: header, body: Self.body, secret: Self.secret, now: sent.addingTimeInterval(300)))
        #expect(WebhookSignature.isValid(header: header, body: Self.body, secret: Self.secret, now: sent.addingTimeInterval(-300)))
        #expect(!WebhookSignature.isValid(header: header, body: Self.body, secret: Self.secret, now: sent.addingTimeInterval(301)))
        #expect(!WebhookSignature.isValid(header: header, body: Self.body, secret: "whsec_other", now: sent))
        #expect(!WebhookSignature.isValid(header: header, body: Self.body + [0x20], secret: Self.secret, now: sent))
        // The timestamp is signed: moving it breaks the signature.
        let moved = header.replacingOccurrences(of: "t=1772442843", with: "t=1772442900")
        #expect(!WebhookSignature.isValid(header: moved, body: Self.body, secret: Self.secret, now: sent))
        // Any v1 may match (an old and a new secret during a rotation); garbage is no signature.
        let other = WebhookSignature.header(secret: "whsec_old", timestamp: 1_772_442_843, body: Self.body).split(separator: ",")[1]
        #expect(WebhookSignature.isValid(header: "\(header),\(other)", body: Self.body, secret: Self.secret, now: sent))
        for bad in ["", "t=1772442843", "v1=00", "t=abc,v1=00", "t=1772442843,v1=zz"] {
            #expect(!WebhookSignature.isValid(header: bad, body: Self.body, secret: Self.secret, now: sent), "\(bad)")
        }
    }

    @Test func theBodyIsTheEventWithSortedTopLevelKeys() throws {
        let body = WebhookPayload.body(eventID: 12, type: "payment.recorded", occurredAt: Date(timeIntervalSince1970: 1_772_442_843),
                                       tenant: "acme", data: #"{"amount": 4000, "note": "a/b \"c\""}"#)
        #expect(String(decoding: body, as: UTF8.self)
                == #"{"created_at":"2026-03-02T09:14:03Z","data":{"amount": 4000, "note": "a/b \"c\""},"id":"12","tenant":"acme","type":"payment.recorded"}"#)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        #expect(Set(parsed.keys) == ["created_at", "data", "id", "tenant", "type"])
    }
}
