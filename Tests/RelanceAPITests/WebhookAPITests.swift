import Foundation
import Hummingbird
import HummingbirdTesting
import Postgres
@testable import RelanceAPI
import RelanceCore
import RelanceStore
import RelanceTestSupport
import Testing

/// `/v1/webhooks`: endpoints, their secret shown once, the URL policy at creation, changes
/// and their events. Deliveries are in `WebhookDeliveryTests`.
@Suite struct WebhookAPITests {
    static let allowLoopback = ["RELANCE_WEBHOOKS_ALLOW_LOOPBACK": "1"]

    @Test func theSecretIsShownOnceAtCreationAndNeverReadBack() async throws {
        try await TenantAPIHarness.with { api in
            let body = #"{"url": "https://hooks.example.com/relance", "event_types": ["payment.recorded", "invoice.paid"], "description": "ERP"}"#
            let created = try await api.send(.post, "/v1/webhooks", body, headers: [Idempotency.headerName: "hook-1"])
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(created.json["id"] as? String)
            let secret = try #require(created.json["secret"] as? String)
            #expect(secret.hasPrefix("whsec_") && secret.count == 70)
            #expect(created.json["status"] as? String == "active" && created.json["url"] as? String == "https://hooks.example.com/relance")
            #expect(created.json["event_types"] as? [String] == ["payment.recorded", "invoice.paid"])
            #expect(created.json["description"] as? String == "ERP")

            // Stored so the worker can sign; never returned again.
            let stored = try await api.fixture.pool.query("SELECT secret FROM \(qualified: "t_acme", "webhook_endpoints") WHERE id = \(UUID(uuidString: id)!)")
            #expect(try stored[0].decode(String.self, at: 0) == secret)
            for path in ["/v1/webhooks/\(id)", "/v1/tenants/acme/webhooks/\(id)"] {
                let shown = try await api.send(.get, path)
                #expect(shown.status == .ok && shown.json["id"] as? String == id && shown.json["secret"] == nil && !shown.text.contains(secret), "\(shown.text)")
                #expect(shown.headers[.eTag] != nil)
            }
            let list = try await api.send(.get, "/v1/webhooks")
            #expect(list.data.count == 1 && list.data[0]["secret"] == nil && !list.text.contains(secret))

            // A replay of the creation answers the same endpoint, without the secret.
            let replay = try await api.send(.post, "/v1/webhooks", body, headers: [Idempotency.headerName: "hook-1"])
            #expect(replay.status == .created && replay.headers[Idempotency.replayedHeaderName] == "true")
            #expect(replay.json["id"] as? String == id && replay.json["secret"] is NSNull && !replay.text.contains(secret), "\(replay.text)")
            #expect(try await api.count("webhook_endpoints") == 1)
            let kept = try await api.fixture.pool.query("SELECT convert_from(body, 'UTF8') FROM \(qualified: "t_acme", "idempotency_keys")")
            #expect(try kept.allSatisfy { !(try $0.decode(String.self, at: 0)).contains(secret) })

            // The event of the creation does not carry it either.
            let events = try await api.fixture.pool.query("SELECT type, data::text FROM \(qualified: "t_acme", "events") WHERE subject_type = 'webhook_endpoint'")
            let eventType = try events.first?.decode(String.self, at: 0), eventData = try events.first?.decode(String.self, at: 1) ?? ""
            #expect(events.count == 1 && eventType == "webhook_endpoint.created")
            #expect(!eventData.contains(secret))
        }
    }

    @Test func urlsMustBeHTTPSToAPublicHostAndEventTypesKnown() async throws {
        try await TenantAPIHarness.with { api in
            for url in ["http://example.com/hook", "https://10.0.0.1/", "https://[fd00::1]/", "https://localhost/hook", "http://127.0.0.1:8080/",
                        "https://169.254.169.254/latest", "https://100.64.1.1/", "https://[::ffff:192.168.0.1]/", "ftp://example.com/",
                        "https://user:pw@example.com/", "https://2130706433/", "not a url"] {
                let reply = try await api.send(.post, "/v1/webhooks", object: ["url": url, "event_types": ["payment.recorded"]])
                #expect(reply.status == .badRequest && reply.errorFields == ["url"], "\(url): \(reply.text)")
            }
            let private10 = try await api.send(.post, "/v1/webhooks", object: ["url": "https://10.0.0.1/", "event_types": ["payment.recorded"]])
            #expect(private10.text.contains("must reach a public address, not 10.0.0.1 (private)"), "\(private10.text)")
            let types = try await api.send(.post, "/v1/webhooks", object: ["url": "https://example.com/", "event_types": ["payment.recorded", "nope", "payment.recorded"]])
            #expect(types.status == .badRequest && types.errorFields == ["event_types[1]", "event_types[2]"], "\(types.text)")
            let none = try await api.send(.post, "/v1/webhooks", object: ["url": "https://example.com/", "event_types": [String](), "secret": "mine"])
            #expect(none.status == .badRequest && Set(none.errorFields) == ["event_types", "secret"], "\(none.text)")
            #expect(try await api.count("webhook_endpoints") == 0)
        }
        // Where the settings allow loopback (tests, local runs): loopback, and only it, over http.
        try await TenantAPIHarness.with(environment: Self.allowLoopback) { api in
            for url in ["http://127.0.0.1:9/hook", "http://localhost:9/hook", "http://[::1]:9/"] {
                let reply = try await api.send(.post, "/v1/webhooks", object: ["url": url, "event_types": ["task.created"]])
                #expect(reply.status == .created, "\(url): \(reply.text)")
            }
            for url in ["http://example.com/hook", "https://10.0.0.1/", "http://192.168.1.1/"] {
                let reply = try await api.send(.post, "/v1/webhooks", object: ["url": url, "event_types": ["task.created"]])
                #expect(reply.status == .badRequest && reply.errorFields == ["url"], "\(url): \(reply.text)")
            }
        }
    }

    @Test func changesRotationAndDeletionAreEvents() async throws {
        try await TenantAPIHarness.with { api in
            let created = try await api.send(.post, "/v1/webhooks", object: ["url": "https://a.example.com/", "event_types": ["task.created"], "description": "x"])
            let id = try #require(created.json["id"] as? String)
            let first = try #require(created.json["secret"] as? String)

            let changed = try await api.send(.patch, "/v1/webhooks/\(id)", #"{"url": "https://b.example.com/h", "event_types": ["dispute.opened"], "description": null}"#)
            #expect(changed.status == .ok, "\(changed.text)")
            #expect(changed.json["url"] as? String == "https://b.example.com/h" && changed.json["event_types"] as? [String] == ["dispute.opened"])
            #expect(changed.json["description"] == nil && changed.json["secret"] == nil)
            let refused = try await api.send(.patch, "/v1/webhooks/\(id)", #"{"url": "https://192.168.0.10/", "event_types": null, "status": "paused"}"#)
            #expect(refused.status == .badRequest && Set(refused.errorFields) == ["event_types", "status"], "\(refused.text)")
            let badURL = try await api.send(.patch, "/v1/webhooks/\(id)", #"{"url": "https://192.168.0.10/"}"#)
            #expect(badURL.status == .badRequest && badURL.errorFields == ["url"], "\(badURL.text)")

            // Disabled by hand, then enabled again.
            let disabled = try await api.send(.patch, "/v1/webhooks/\(id)", #"{"status": "disabled"}"#)
            #expect(disabled.json["status"] as? String == "disabled" && disabled.json["disabled_reason"] as? String == "disabled through the API")
            #expect(disabled.json["disabled_at"] is String)
            let enabled = try await api.send(.patch, "/v1/webhooks/\(id)", #"{"status": "active"}"#)
            #expect(enabled.json["status"] as? String == "active" && enabled.json["disabled_at"] == nil && enabled.json["disabled_reason"] == nil)

            // If-Match: only the version read.
            let tag = try #require(try await api.send(.get, "/v1/webhooks/\(id)").headers[.eTag])
            #expect(try await api.send(.patch, "/v1/webhooks/\(id)", #"{"description": "y"}"#, headers: [.ifMatch: tag]).status == .ok)
            #expect(try await api.send(.patch, "/v1/webhooks/\(id)", #"{"description": "z"}"#, headers: [.ifMatch: tag]).status == .preconditionFailed)

            let rotated = try await api.send(.post, "/v1/webhooks/\(id)/rotate-secret")
            let second = try #require(rotated.json["secret"] as? String)
            #expect(rotated.status == .ok && second.hasPrefix("whsec_") && second != first)
            let stored = try await api.fixture.pool.query("SELECT secret FROM \(qualified: "t_acme", "webhook_endpoints")")
            #expect(try stored[0].decode(String.self, at: 0) == second)

            #expect(try await api.send(.get, "/v1/webhooks/\(id)/deliveries").data.isEmpty)
            #expect(try await api.send(.delete, "/v1/webhooks/\(id)").status == .noContent)
            #expect(try await api.send(.get, "/v1/webhooks/\(id)").status == .notFound)
            #expect(try await api.send(.delete, "/v1/webhooks/\(id)").status == .notFound)
            #expect(try await api.send(.get, "/v1/webhooks/\(id)/deliveries").status == .notFound)
            #expect(try await api.send(.get, "/v1/webhooks/not-an-id").status == .notFound)

            let types = try await api.fixture.pool.query("""
                SELECT type, data::text FROM \(qualified: "t_acme", "events") WHERE subject_type = 'webhook_endpoint' ORDER BY id
                """).map { try $0.decode(String.self, at: 0) }
            #expect(types == ["webhook_endpoint.created", "webhook_endpoint.updated", "webhook_endpoint.updated", "webhook_endpoint.updated",
                              "webhook_endpoint.updated", "webhook_endpoint.secret_rotated", "webhook_endpoint.deleted"], "\(types)")
            let texts = try await api.fixture.pool.query("SELECT data::text FROM \(qualified: "t_acme", "events")").map { try $0.decode(String.self, at: 0) }
            #expect(texts.allSatisfy { !$0.contains(first) && !$0.contains(second) })
        }
    }

    @Test func theListPagesInCreationOrder() async throws {
        try await TenantAPIHarness.with { api in
            var ids: [String] = []
            for index in 0..<3 {
                let reply = try await api.send(.post, "/v1/webhooks", object: ["url": "https://h\(index).example.com/", "event_types": ["task.created"]])
                ids.append(reply.json["id"] as? String ?? "")
            }
            let (items, pages) = try await api.allPages("/v1/webhooks?limit=2")
            #expect(pages == 2 && items.compactMap { $0["id"] as? String } == ids)
        }
    }
}
