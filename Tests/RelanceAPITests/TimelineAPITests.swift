import Foundation
import Hummingbird
import HummingbirdTesting
import Postgres
import RelanceAPI
import RelanceTestSupport
import Testing

@Suite(.serialized) struct TimelineAPITests {
    @Test func everyChangeIsOnTheTimelineNewestFirst() async throws {
        try await TenantAPIHarness.with { h in
            let customer = try await h.createCustomer(["name": "Martin"])
            let other = try await h.createCustomer(["name": "Other"])
            #expect(try await h.send(.patch, "/v1/customers/\(customer)", object: ["notes": "hello"]).status == .ok)
            let contact = try await h.send(.post, "/v1/customers/\(customer)/contacts", object: ["role": "billing", "name": "Claire"])
            let contactID = contact.json["id"] as? String ?? ""
            #expect(try await h.send(.patch, "/v1/customers/\(customer)/contacts/\(contactID)", object: ["email": "c@m.fr"]).status == .ok)
            #expect(try await h.send(.delete, "/v1/customers/\(customer)/contacts/\(contactID)").status == .noContent)
            let (events, pages) = try await h.allPages("/v1/customers/\(customer)/timeline?limit=2")
            #expect(pages == 3)
            #expect(events.compactMap { $0["type"] as? String }
                    == ["contact.deleted", "contact.updated", "contact.created", "customer.updated", "customer.created"])
            let ids = events.compactMap { $0["id"] as? Int }
            #expect(ids == ids.sorted(by: >))
            #expect(events[0]["subject_type"] as? String == "contact" && events[0]["subject_id"] as? String == contactID)
            #expect((events[1]["data"] as? [String: Any])?["email"] as? String == "c@m.fr")
            #expect((events[3]["data"] as? [String: Any]).map { Array($0.keys) } == ["notes"])
            #expect((events[4]["data"] as? [String: Any])?["name"] as? String == "Martin")
            let actor = events[0]["actor"] as? String ?? ""
            #expect(UUID(uuidString: actor) != nil && actor == actor.lowercased())
            #expect(events.allSatisfy { $0["occurred_at"] is String })
            // The other customer's timeline has only its own event; a deleted customer's is gone.
            #expect(try await h.send(.get, "/v1/customers/\(other)/timeline").data.count == 1)
            #expect(try await h.send(.delete, "/v1/customers/\(other)").status == .noContent)
            #expect(try await h.send(.get, "/v1/customers/\(other)/timeline").status == .notFound)
            #expect(try await h.count("events") == 7)
            let deleted = try await h.fixture.pool.query("SELECT count(*)::int8 FROM \(qualified: "t_acme", "events") WHERE type = 'customer.deleted'")
            #expect(try deleted[0].decode(Int64.self, at: 0) == 1)
        }
    }
}
