import Foundation
import Postgres
import RelanceCore

/// Turns recorded events into `webhook.deliver` jobs, one per (event, subscribed endpoint),
/// enqueued in the transaction that records the events (`EventLog.record`), so a delivery
/// exists exactly when its event does.
///
/// Each job has the unique key `webhook:<endpoint>:<event>` and `maxAttempts` attempts,
/// spaced by the delivery handler's backoff: enough to outlast the day of failures after
/// which an endpoint is disabled.
public enum WebhookFanout {
    /// The job kind.
    public static let kind = "webhook.deliver"
    /// Attempts per delivery. With the handler's backoff (30 s doubling to an hour, with
    /// jitter) 60 attempts span at least 27 hours.
    public static let maxAttempts = 60

    /// The jobs for `deliveries` in tenant `slug`.
    public static func jobs(_ deliveries: [(eventID: Int64, endpointID: String)], slug: TenantSlug) throws -> [NewJob] {
        try deliveries.map { delivery in
            let endpoint = delivery.endpointID.lowercased()
            return try NewJob(tenant: slug, kind: kind, payload: WebhookJobPayload(endpointID: endpoint, eventID: delivery.eventID),
                              maxAttempts: maxAttempts, uniqueKey: "webhook:\(endpoint):\(delivery.eventID)")
        }
    }

    /// Enqueues the deliveries of events recorded in the tenant schema `schema` (`t_<slug>`),
    /// inside `tx`.
    static func enqueue(_ deliveries: [(eventID: Int64, endpointID: String)], schema: String, in tx: PostgresConnection) async throws {
        guard !deliveries.isEmpty else { return }
        guard schema.hasPrefix("t_"), let slug = try? TenantSlug(String(schema.dropFirst(2))) else {
            throw QueueError.invalidJob("webhook deliveries of events recorded outside a tenant schema (\(schema))")
        }
        _ = try await JobQueue.enqueue(try jobs(deliveries, slug: slug), within: tx)
    }
}
