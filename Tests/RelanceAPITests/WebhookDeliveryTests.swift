import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Postgres
@testable import RelanceAPI
import RelanceCore
import RelanceJobs
import RelanceStore
import RelanceTestSupport
import ServiceLifecycle
import Testing

/// Webhook deliveries end to end: events recorded through the API, `webhook.deliver` jobs run
/// by the real worker, POSTed to a real HTTP server in the test process (`WebhookReceiver`)
/// that checks each signature with the secret the API showed at creation.
@Suite struct WebhookDeliveryTests {
    /// Loopback allowed, as in tests and local runs.
    static let local = WebhookURLPolicy(allowsLoopback: true)

    /// Creates an endpoint for `receiver` through the API; the receiver checks signatures with its secret.
    static func endpoint(_ api: TenantAPIHarness, _ receiver: WebhookReceiver, types: [String], query: String = "") async throws -> String {
        let reply = try await api.send(.post, "/v1/webhooks", object: ["url": receiver.url + query, "event_types": types])
        #expect(reply.status == .created, "\(reply.text)")
        receiver.use(secret: try #require(reply.json["secret"] as? String))
        return try #require(reply.json["id"] as? String)
    }

    static func pendingDeliveries(_ api: TenantAPIHarness) async throws -> Int {
        try await api.fixture.count("SELECT count(*)::int8 FROM relance.jobs WHERE tenant = 'acme' AND kind = 'webhook.deliver'")
    }

    /// Runs a worker with the delivery handler (backoff of 50 to 100 ms) until `done` holds,
    /// by default until no delivery job of the tenant is left (deadline 30 s).
    static func deliver(_ api: TenantAPIHarness, policy: WebhookURLPolicy = local, timeout: Duration = .seconds(5),
                        resolver: WebhookAddressResolver = WebhookAddressResolver(), client: WebhookHTTPClient = WebhookHTTPClient(),
                        until done: (@Sendable () async throws -> Bool)? = nil) async throws {
        let handler = WebhookDeliveryHandler(database: api.tenancy.database, policy: policy,
                                             backoff: RetryBackoff(base: .milliseconds(50), cap: .milliseconds(100)), timeout: timeout,
                                             client: client, resolver: resolver)
        let worker = JobWorker(pool: api.fixture.pool, handlers: [handler],
                               configuration: JobWorkerConfiguration(name: "test", concurrency: 2, claimBatch: 10, kindLimits: [:],
                                                                     lease: .seconds(30), heartbeat: .milliseconds(200),
                                                                     pollInterval: .milliseconds(20), flushInterval: .milliseconds(20)))
        let group = ServiceGroup(services: [worker], logger: Logger(label: "test"))
        let task = Task { try await group.run() }
        let deadline = ContinuousClock.now + .seconds(30)
        func finished() async throws -> Bool {
            if let done { return try await done() }
            return try await pendingDeliveries(api) == 0
        }
        while try await !finished() {
            guard ContinuousClock.now < deadline else { Issue.record("deliveries did not finish in 30 s"); break }
            try await Task.sleep(for: .milliseconds(20))
        }
        await group.triggerGracefulShutdown()
        try await task.value
    }

    static func customerWithInvoice(_ api: TenantAPIHarness, amount: Int64 = 10_000) async throws -> (customer: String, invoice: String) {
        let customer = try await api.insertCustomer()
        return (customer, try await PaymentAPITests.invoice(api, customer: customer, amount: amount, due: "2026-03-31"))
    }

    @Test func aSubscribedEventIsPostedOnceSignedAndAnUnsubscribedOneNotAtAll() async throws {
        try await WebhookReceiver.with { receiver in
            try await TenantAPIHarness.with(environment: WebhookAPITests.allowLoopback) { api in
                let disputes = try await Self.endpoint(api, receiver, types: ["dispute.opened"], query: "?endpoint=disputes")
                let payments = try await Self.endpoint(api, receiver, types: ["payment.recorded", "invoice.paid"])
                let (customer, invoice) = try await Self.customerWithInvoice(api)

                // A part payment: payment.recorded only (the invoice is not paid yet).
                #expect(try await PaymentAPITests.pay(api, customer: customer, amount: 4_000, on: "2026-03-02").status == .created)
                #expect(try await Self.pendingDeliveries(api) == 1)
                try await Self.deliver(api)
                let first = try #require(receiver.requests.first)
                #expect(receiver.requests.count == 1)
                #expect(first.signatureValid, "\(first.headers)")
                #expect(first.path == "/hook")
                #expect(first.headers["content-type"] == "application/json" && first.headers["user-agent"] == "Relance-Webhooks/1")
                #expect(first.field("type") as? String == "payment.recorded" && first.field("tenant") as? String == "acme")
                #expect(first.headers["relance-event-id"] == first.field("id") as? String && first.headers["relance-event-type"] == "payment.recorded")
                #expect(first.field("created_at") is String)
                #expect((first.field("data") as? [String: Any])?["amount"] as? Int == 4_000)
                let timestamp = try #require(first.timestamp)
                #expect(abs(Date().timeIntervalSince1970 - Double(timestamp)) < 60)
                // The body's event is the one in the tenant's log.
                let logged = try await api.fixture.pool.query("SELECT type FROM \(qualified: "t_acme", "events") WHERE id = \(Int64(first.headers["relance-event-id"] ?? "") ?? 0)")
                #expect(try logged.first?.decode(String.self, at: 0) == "payment.recorded")

                let attempts = try await api.send(.get, "/v1/webhooks/\(payments)/deliveries")
                #expect(attempts.data.count == 1, "\(attempts.text)")
                #expect(attempts.data.first?["status"] as? String == "succeeded" && attempts.data.first?["response_status"] as? Int == 200)
                #expect(attempts.data.first?["attempt"] as? Int == 1 && attempts.data.first?["response_excerpt"] as? String == "answered 200")
                #expect(attempts.data.first?["event_type"] as? String == "payment.recorded" && attempts.data.first?["next_attempt_at"] == nil)
                #expect(try await api.send(.get, "/v1/webhooks/\(disputes)/deliveries").data.isEmpty)

                // The rest: payment.recorded and invoice.paid, each once.
                #expect(try await PaymentAPITests.pay(api, customer: customer, amount: 6_000, on: "2026-03-03").status == .created)
                try await Self.deliver(api)
                let later = receiver.requests.dropFirst()
                #expect(later.count == 2 && later.allSatisfy(\.signatureValid))
                #expect(Set(later.compactMap { $0.field("type") as? String }) == ["payment.recorded", "invoice.paid"])
                let paid = try #require(later.first { $0.field("type") as? String == "invoice.paid" }?.field("data") as? [String: Any])
                #expect((paid["id"] as? String)?.lowercased() == invoice && paid["status"] as? String == "paid" && paid["amount_due"] as? Int == 0, "\(paid)")
                #expect(try await api.count("webhook_deliveries") == 3)
            }
        }
    }

    @Test func aFailedAttemptIsRetriedWithBackoffAndBothAttemptsAreListed() async throws {
        try await WebhookReceiver.with { receiver in
            try await TenantAPIHarness.with(environment: WebhookAPITests.allowLoopback) { api in
                let id = try await Self.endpoint(api, receiver, types: ["payment.recorded"])
                // Failing for 23 hours: one more failure does not disable it yet.
                try await api.fixture.pool.query("UPDATE \(qualified: "t_acme", "webhook_endpoints") SET failing_since = now() - interval '23 hours'")
                receiver.script([500])
                let (customer, _) = try await Self.customerWithInvoice(api)
                #expect(try await PaymentAPITests.pay(api, customer: customer, amount: 1_000, on: "2026-03-02").status == .created)
                try await Self.deliver(api)

                #expect(receiver.requests.count == 2 && receiver.requests.allSatisfy(\.signatureValid))
                #expect(receiver.requests[0].body == receiver.requests[1].body)
                #expect(receiver.requests[0].headers["relance-event-id"] == receiver.requests[1].headers["relance-event-id"])
                let attempts = try await api.send(.get, "/v1/webhooks/\(id)/deliveries").data
                #expect(attempts.map { "\($0["attempt"] ?? "") \($0["status"] ?? "") \($0["response_status"] ?? "")" } == ["2 succeeded 200", "1 failed 500"])
                #expect(attempts.last?["response_excerpt"] as? String == "answered 500" && attempts.last?["next_attempt_at"] is String)
                #expect(attempts.first?["next_attempt_at"] == nil && attempts.allSatisfy { $0["duration_ms"] is Int })
                let endpoint = try await api.send(.get, "/v1/webhooks/\(id)").json
                #expect(endpoint["status"] as? String == "active" && endpoint["failing_since"] == nil)
                #expect(try await api.fixture.count("""
                    SELECT count(*)::int8 FROM relance.finished_jobs WHERE tenant = 'acme' AND kind = 'webhook.deliver' AND state = 'succeeded' AND attempt = 2
                    """) == 1)

                // Newest first, a page at a time.
                let page = try await api.send(.get, "/v1/webhooks/\(id)/deliveries?limit=1")
                let cursor = try #require(page.json["next_cursor"] as? String)
                #expect(page.data.first?["attempt"] as? Int == 2)
                let next = try await api.send(.get, "/v1/webhooks/\(id)/deliveries?limit=1&cursor=\(cursor)")
                #expect(next.data.first?["attempt"] as? Int == 1 && next.json["next_cursor"] == nil)
            }
        }
    }

    @Test func anEndpointFailingForMoreThanADayIsDisabledWithAnEventAndGetsNothingMore() async throws {
        try await WebhookReceiver.with { receiver in
            try await TenantAPIHarness.with(environment: WebhookAPITests.allowLoopback) { api in
                let id = try await Self.endpoint(api, receiver, types: ["payment.recorded"])
                try await api.fixture.pool.query("UPDATE \(qualified: "t_acme", "webhook_endpoints") SET failing_since = now() - interval '25 hours'")
                receiver.script([503, 503, 503])
                let (customer, _) = try await Self.customerWithInvoice(api)
                #expect(try await PaymentAPITests.pay(api, customer: customer, amount: 1_000, on: "2026-03-02").status == .created)
                try await Self.deliver(api)

                #expect(receiver.requests.count == 1)
                let endpoint = try await api.send(.get, "/v1/webhooks/\(id)").json
                #expect(endpoint["status"] as? String == "disabled" && endpoint["disabled_at"] is String && endpoint["failing_since"] is String)
                let reason = try #require(endpoint["disabled_reason"] as? String)
                #expect(reason.contains("for more than a day") && reason.hasSuffix("last: HTTP 503"), "\(reason)")
                let event = try await api.fixture.pool.query("""
                    SELECT data->>'reason', actor FROM \(qualified: "t_acme", "events") WHERE type = 'webhook_endpoint.disabled' AND subject_id = \(UUID(uuidString: id)!)
                    """)
                let eventReason = try event.first?.decode(String.self, at: 0), eventActor = try event.first?.decode(String.self, at: 1)
                #expect(event.count == 1 && eventReason == reason && eventActor == "worker:webhook.deliver")
                let attempts = try await api.send(.get, "/v1/webhooks/\(id)/deliveries").data
                #expect(attempts.count == 1 && attempts[0]["status"] as? String == "failed" && attempts[0]["next_attempt_at"] == nil)
                #expect(try await api.fixture.count("""
                    SELECT count(*)::int8 FROM relance.finished_jobs WHERE tenant = 'acme' AND kind = 'webhook.deliver' AND state = 'discarded'
                    """) == 1)

                // Disabled: new events are not even queued.
                #expect(try await PaymentAPITests.pay(api, customer: customer, amount: 1_000, on: "2026-03-03").status == .created)
                #expect(try await Self.pendingDeliveries(api) == 0)
                try await Self.deliver(api)
                #expect(receiver.requests.count == 1)

                // Enabled again: the failure streak is forgotten and events flow.
                let enabled = try await api.send(.patch, "/v1/webhooks/\(id)", #"{"status": "active"}"#).json
                #expect(enabled["status"] as? String == "active" && enabled["failing_since"] == nil && enabled["disabled_reason"] == nil)
                receiver.script([])
                #expect(try await PaymentAPITests.pay(api, customer: customer, amount: 1_000, on: "2026-03-04").status == .created)
                try await Self.deliver(api)
                #expect(receiver.requests.count == 2 && receiver.requests[1].signatureValid)
            }
        }
    }

    @Test func eventsTheDunningRunRecordsInBatchAreDeliveredToo() async throws {
        try await WebhookReceiver.with { receiver in
            try await TenantAPIHarness.with(environment: WebhookAPITests.allowLoopback) { api in
                _ = try await Self.endpoint(api, receiver, types: ["task.created"])
                let customer = try await PauseAPITests.reachableCustomer(api)
                _ = try await PauseAPITests.invoice(api, customer: customer, number: "T", due: "2026-03-01")
                let run = try await DunningRunAPITests.run(api, #"{"as_of": "2026-03-16"}"#)
                #expect(DunningRunAPITests.summary(run) == ["2026-03-16 task:call"], "\(run.text)")
                #expect(try await Self.pendingDeliveries(api) == 1)
                try await Self.deliver(api)
                #expect(receiver.requests.count == 1 && receiver.requests[0].signatureValid)
                #expect(receiver.requests[0].field("type") as? String == "task.created")
                #expect((receiver.requests[0].field("data") as? [String: Any])?["kind"] as? String == "call")
            }
        }
    }

    @Test func deliveryRefusesAddressesOutsideThePublicInternetAfterResolvingThem() async throws {
        // The system resolver answers for localhost.
        let localhost = try await WebhookAddressResolver().addresses(of: try WebhookURL("https://localhost/"))
        #expect(localhost.contains { $0.scope == .loopback }, "\(localhost)")

        try await WebhookReceiver.with { receiver in
            try await TenantAPIHarness.with { api in
                let slug = try TenantSlug("acme")
                // Written straight to the store: the API would refuse the first at creation already.
                let urls = ["https://localhost:\(receiver.port)/hook", "https://rebind.example.test:\(receiver.port)/hook",
                            "https://intranet.example.test/hook", "http://hooks.example.com/hook"]
                let ids = try await api.tenancy.database.withTransaction(slug) { tx in
                    var ids: [UUID] = []
                    for url in urls {
                        ids.append(try await WebhookEndpointRepository().create(url: url, eventTypes: [.paymentRecorded], description: nil, in: tx).endpoint.id)
                    }
                    return ids
                }
                let (customer, _) = try await Self.customerWithInvoice(api)
                #expect(try await PaymentAPITests.pay(api, customer: customer, amount: 1_000, on: "2026-03-02").status == .created)
                let resolver = WebhookAddressResolver(hosts: ["rebind.example.test": [IPAddress("93.184.216.34")!, IPAddress("127.0.0.1")!],
                                                              "intranet.example.test": [IPAddress("10.1.2.3")!]])
                try await Self.deliver(api, policy: WebhookURLPolicy(), resolver: resolver) {
                    try await api.count("webhook_deliveries") >= urls.count
                }
                #expect(receiver.requests.isEmpty)
                var errors: [String] = []
                for id in ids {
                    let first = try await api.send(.get, "/v1/webhooks/\(id.uuidString.lowercased())/deliveries").data.last
                    #expect(first?["status"] as? String == "failed" && first?["response_status"] == nil)
                    errors.append(first?["error"] as? String ?? "")
                }
                #expect(errors == [
                    "refused: the URL must not name this machine (localhost)",
                    "refused: the URL must reach a public address, not 127.0.0.1 (loopback)",
                    "refused: the URL must reach a public address, not 10.1.2.3 (private)",
                    "refused: the URL must be an https:// URL (http:// is accepted only for loopback in local runs)",
                ], "\(errors)")
            }
        }
    }

    @Test func overHTTPSTheCertificateMustMatchTheURLsNameAtTheAddressChecked() async throws {
        let pki = try WebhookTestPKI.get()
        try await WebhookReceiver.with(tls: try pki.serverConfiguration()) { receiver in
            let trusting = WebhookHTTPClient(tlsConfiguration: try pki.clientConfiguration())
            let loopback = [IPAddress("127.0.0.1")!]
            let body = Array(#"{"ping":true}"#.utf8)
            func tlsFailure(_ client: WebhookHTTPClient, _ url: String) async -> String? {
                do {
                    _ = try await client.post(try WebhookURL(url), to: loopback, headers: [], body: body, timeout: .seconds(5))
                    return nil
                } catch WebhookDeliveryError.tls(let detail) {
                    return detail
                } catch {
                    return "not a TLS error: \(error)"
                }
            }
            // The name the certificate is for, connected at the address given: accepted.
            let answer = try await trusting.post(try WebhookURL(receiver.url), to: loopback, headers: [("X-Test", "1")], body: body, timeout: .seconds(30))
            #expect(answer.status == 200 && answer.excerpt == "answered 200")
            #expect(receiver.requests.count == 1 && receiver.requests.first?.body == body && receiver.requests.first?.headers["host"] == "localhost:\(receiver.port)")
            // Another name at the same address (what DNS rebinding would give): the certificate does not match it.
            let mismatch = await tlsFailure(trusting, "https://hooks.example.test:\(receiver.port)/hook")
            #expect(mismatch != nil && mismatch?.hasPrefix("not a TLS error") == false, "\(mismatch ?? "accepted")")
            // The system's trust roots do not know the test authority.
            let untrusted = await tlsFailure(WebhookHTTPClient(), receiver.url)
            #expect(untrusted != nil && untrusted?.hasPrefix("not a TLS error") == false, "\(untrusted ?? "accepted")")
            #expect(receiver.requests.count == 1)
        }
    }

    @Test func aDeliveryOverHTTPSIsSignedAndVerified() async throws {
        let pki = try WebhookTestPKI.get()
        try await WebhookReceiver.with(tls: try pki.serverConfiguration()) { receiver in
            try await TenantAPIHarness.with(environment: WebhookAPITests.allowLoopback) { api in
                let id = try await Self.endpoint(api, receiver, types: ["payment.recorded"])
                let (customer, _) = try await Self.customerWithInvoice(api)
                #expect(try await PaymentAPITests.pay(api, customer: customer, amount: 2_500, on: "2026-03-02").status == .created)
                try await Self.deliver(api, client: WebhookHTTPClient(tlsConfiguration: try pki.clientConfiguration()))
                #expect(receiver.requests.count == 1 && receiver.requests.first?.signatureValid == true)
                #expect(try await api.send(.get, "/v1/webhooks/\(id)/deliveries").data.first?["status"] as? String == "succeeded")
            }
        }
    }

    @Test func anEndpointTooSlowToAnswerTimesOut() async throws {
        try await WebhookReceiver.with { receiver in
            try await TenantAPIHarness.with(environment: WebhookAPITests.allowLoopback) { api in
                let id = try await Self.endpoint(api, receiver, types: ["payment.recorded"])
                receiver.delay(.seconds(3))
                let (customer, _) = try await Self.customerWithInvoice(api)
                #expect(try await PaymentAPITests.pay(api, customer: customer, amount: 1_000, on: "2026-03-02").status == .created)
                try await Self.deliver(api, timeout: .seconds(1)) { try await api.count("webhook_deliveries") >= 1 }
                let first = try #require(try await api.send(.get, "/v1/webhooks/\(id)/deliveries").data.last)
                #expect(first["status"] as? String == "failed" && first["error"] as? String == "no response within 1 s", "\(first)")
                #expect((first["duration_ms"] as? Int ?? 0) >= 900)
                receiver.delay(.zero)
            }
        }
    }
}
