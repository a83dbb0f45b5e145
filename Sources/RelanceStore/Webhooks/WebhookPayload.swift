import Foundation

/// The JSON body of a webhook delivery: the event as the tenant's log holds it,
///
/// ```json
/// {"created_at": "2026-03-02T09:14:03Z", "data": {…}, "id": "4812", "tenant": "acme", "type": "payment.recorded"}
/// ```
///
/// with keys sorted and no spaces. `id` (the event's id, as text) is unique within the tenant
/// and the same on every attempt: receivers deduplicate on (`tenant`, `id`). `data` is the
/// event's snapshot, the same as on the customer timeline.
public enum WebhookPayload {
    /// The body's bytes.
    public static func body(eventID: Int64, type: String, occurredAt: Date, tenant: String, data: String) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.withoutEscapingSlashes]
        func json<T: Encodable>(_ value: T) -> String {
            String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
        }
        let text = "{\"created_at\":\(json(occurredAt)),\"data\":\(data),\"id\":\(json(String(eventID))),"
            + "\"tenant\":\(json(tenant)),\"type\":\(json(type))}"
        return Array(text.utf8)
    }
}
