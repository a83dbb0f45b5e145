import Foundation
import Postgres
import RelanceCore

/// What the `webhook.deliver` handler reads and writes in the tenant's schema: the endpoint
/// and event to deliver, then the attempt, the endpoint's failure streak, and its disabling
/// once it has failed for more than a day (with a `webhook_endpoint.disabled` event).
public struct WebhookDeliveryLog: Sendable {
    /// What recording an attempt did to the endpoint.
    public enum Outcome: Sendable, Equatable {
        /// The attempt succeeded.
        case succeeded
        /// It failed; the endpoint stays as it was (active, or disabled meanwhile).
        case failed
        /// It failed more than a day into a failure streak: the endpoint is now disabled.
        case disabled(reason: String)
        /// The endpoint was deleted meanwhile: nothing recorded.
        case gone
    }

    let events = EventLog()

    public init() {}

    /// Endpoint `endpointID` and event `eventID`; nil when either no longer exists.
    public func target(endpoint endpointID: UUID, event eventID: Int64, in tx: PostgresConnection) async throws -> WebhookTarget? {
        guard let row = try await tx.query(WebhookSQL.target, [endpointID, eventID]).first else { return nil }
        return WebhookTarget(
            endpointID: endpointID, url: try row.decode(String.self, at: 0), secret: try row.decode(String.self, at: 1),
            status: WebhookEndpoint.Status(rawValue: try row.decode(String.self, at: 2)) ?? .disabled, eventID: eventID,
            eventType: try row.decode(String.self, at: 3), occurredAt: try row.decode(Date.self, at: 4), data: try row.decode(String.self, at: 5))
    }

    /// Records `attempt` and what it means for its endpoint: a success ends the failure
    /// streak; a failure starts one, or, when the streak is more than a day old (on the
    /// database's clock), disables the endpoint with an event by `actor`. The attempt's
    /// `retryAfter` is dropped when the endpoint ends up disabled.
    public func record(_ attempt: WebhookAttempt, actor: String, in tx: PostgresConnection) async throws -> Outcome {
        var outcome: Outcome
        if attempt.succeeded {
            guard try await tx.query(WebhookSQL.succeeded, [attempt.endpointID]).first != nil else { return .gone }
            outcome = .succeeded
            try await tx.query(WebhookSQL.prune)
        } else {
            guard let row = try await tx.query(WebhookSQL.failed, [attempt.endpointID]).first else { return .gone }
            outcome = .failed
            let since = try row.decode(Date.self, at: 1)
            if try row.decode(String.self, at: 0) == WebhookEndpoint.Status.active.rawValue, try row.decode(Bool.self, at: 2) {
                let last = attempt.responseStatus.map { "HTTP \($0)" } ?? attempt.error ?? "no response"
                let reason = "every delivery failed since \(Self.timestamp(since)), for more than a day; last: \(last)"
                if try await tx.query(WebhookSQL.disable, [attempt.endpointID, reason]).first != nil {
                    outcome = .disabled(reason: reason)
                    try await events.record(try NewEvent(
                        type: "webhook_endpoint.disabled", subjectType: "webhook_endpoint", subjectID: attempt.endpointID, customerID: nil,
                        snapshot: DisabledSnapshot(id: attempt.endpointID.uuidString.lowercased(), reason: reason, failingSince: Self.timestamp(since),
                                                   lastEventId: attempt.eventID),
                        actor: actor), in: tx)
                }
            }
        }
        let retryAfter: Double? = if case .disabled = outcome { nil } else { attempt.retryAfter?.inSeconds }
        try await tx.query(WebhookSQL.insertAttempt, [
            attempt.endpointID, attempt.eventID, attempt.eventType, attempt.attempt,
            (attempt.succeeded ? WebhookDelivery.Status.succeeded : .failed).rawValue, attempt.responseStatus, attempt.responseExcerpt,
            attempt.error, Int(attempt.duration.inSeconds * 1000), retryAfter,
        ])
        return outcome
    }

    /// The `webhook_endpoint.disabled` event's data.
    struct DisabledSnapshot: Encodable {
        var id: String
        var reason: String
        var failingSince: String
        var lastEventId: Int64
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
