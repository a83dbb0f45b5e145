import Foundation
import RelanceCore
import RelanceStore

/// `webhook.deliver`: posts one event to one endpoint, signed, and records the attempt.
///
/// 1. Reads the endpoint and the event (a deleted endpoint or event, or a disabled
///    endpoint, ends the job without a request).
/// 2. Checks the URL against the policy, resolves its host and checks every address
///    (`WebhookURLPolicy`): a refused address is a failed attempt like any other.
/// 3. Passes the lease fence, then posts, within `timeout`, to the addresses it checked.
/// 4. Records the attempt in the tenant's schema: 2xx completes the job and ends the
///    endpoint's failure streak; anything else retries after `backoff`, unless the endpoint
///    has been failing for more than a day, which disables it (with a
///    `webhook_endpoint.disabled` event) and ends the job.
///
/// No database connection is held during the request. Delivery is at least once: a worker
/// that dies between the response and the record posts the event again, with the same
/// `Relance-Event-Id`.
public struct WebhookDeliveryHandler: JobHandler {
    public static let kind = WebhookFanout.kind
    public static let userAgent = "Relance-Webhooks/1"
    /// 30 s after the first failure, doubling up to an hour, with jitter.
    public static let defaultBackoff = RetryBackoff(base: .seconds(30), cap: .seconds(3600))
    public var kind: String { Self.kind }

    let database: TenantDatabase
    let policy: WebhookURLPolicy
    let backoff: RetryBackoff
    let timeout: Duration
    let client: WebhookHTTPClient
    let resolver: WebhookAddressResolver
    let log = WebhookDeliveryLog()

    /// - Parameters:
    ///   - policy: where requests may go (`RELANCE_WEBHOOKS_ALLOW_LOOPBACK`).
    ///   - backoff: delays between failed attempts (tests shorten them).
    ///   - timeout: of each request, connecting included; keep it within the worker's fence
    ///     margin (10 s by default).
    ///   - resolver: host names to addresses (the system's resolver by default).
    public init(database: TenantDatabase, policy: WebhookURLPolicy = WebhookURLPolicy(), backoff: RetryBackoff = defaultBackoff,
                timeout: Duration = .seconds(10), client: WebhookHTTPClient = WebhookHTTPClient(),
                resolver: WebhookAddressResolver = WebhookAddressResolver()) {
        self.database = database
        self.policy = policy
        self.backoff = backoff
        self.timeout = timeout
        self.client = client
        self.resolver = resolver
    }

    public func run(_ job: ClaimedJob) async throws -> JobResult {
        guard let payload = try? job.decodePayload(as: WebhookJobPayload.self), let endpointID = UUID(uuidString: payload.endpointID) else {
            return .discard(reason: "payload has no endpoint_id and event_id")
        }
        let target = try await database.withTransaction(job.tenant) { tx in
            try await log.target(endpoint: endpointID, event: payload.eventID, in: tx)
        }
        guard let target else { return .discard(reason: "the endpoint or the event no longer exists") }
        guard target.status == .active else { return .discard(reason: "the endpoint is disabled") }

        let body = WebhookPayload.body(eventID: target.eventID, type: target.eventType, occurredAt: target.occurredAt,
                                       tenant: job.tenant.rawValue, data: target.data)
        let started = ContinuousClock.now
        var status: Int?, excerpt: String?, failure: String?
        do {
            let url = try policy.check(target.url)
            let addresses = try await resolver.addresses(of: url)
            try policy.check(addresses, of: url)
            let timestamp = Int64(Date().timeIntervalSince1970)
            let headers = [
                ("Content-Type", "application/json"),
                ("User-Agent", Self.userAgent),
                (WebhookSignature.headerName, WebhookSignature.header(secret: target.secret, timestamp: timestamp, body: body)),
                ("Relance-Event-Id", String(target.eventID)),
                ("Relance-Event-Type", target.eventType),
            ]
            try await job.fence()
            let response = try await client.post(url, to: addresses, headers: headers, body: body, timeout: timeout)
            (status, excerpt) = (response.status, response.excerpt)
        } catch let error as WebhookURLError {
            failure = "refused: the URL \(error.message)"
        } catch let error as WebhookDeliveryError {
            failure = error.description
        }
        // Anything else (the fence refused, the job was cancelled) leaves no attempt: rethrown.

        let accepted = status.map { (200..<300).contains($0) } ?? false
        let retryAfter: Duration? = accepted || job.isLastAttempt ? nil : backoff.delay(afterAttempt: job.attempt, jitter: Double.random(in: 0..<1))
        let attempt = WebhookAttempt(endpointID: endpointID, eventID: target.eventID, eventType: target.eventType, attempt: job.attempt,
                                     responseStatus: status, responseExcerpt: excerpt, error: failure,
                                     duration: ContinuousClock.now - started, retryAfter: retryAfter)
        let outcome = try await database.withTransaction(job.tenant) { tx in
            try await log.record(attempt, actor: "worker:\(Self.kind)", in: tx)
        }
        let reason = status.map { "HTTP \($0)" } ?? failure ?? "no response"
        switch outcome {
        case .succeeded: return .completed
        case .gone: return .discard(reason: "the endpoint was deleted")
        case .disabled(let why): return .discard(reason: "the endpoint is now disabled: \(why)")
        case .failed:
            guard let retryAfter else { return .discard(reason: "\(reason) on the last attempt") }
            return .retry(reason: reason, after: retryAfter)
        }
    }
}
