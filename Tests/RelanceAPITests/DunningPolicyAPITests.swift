import Foundation
import Hummingbird
import HummingbirdTesting
import Postgres
@testable import RelanceAPI
import RelanceCore
import RelanceStore
import RelanceTestSupport
import Testing

/// `/v1/dunning/policies`: the default French ladder every tenant starts with, editing it,
/// more policies, and the rules that keep a ladder usable.
@Suite struct DunningPolicyAPITests {
    static let ladder = """
        [{"offset_days": 3, "channel": "email", "template": "reminder", "tone": "reminder"},
         {"offset_days": 20, "channel": "letter", "template": "formal_notice", "tone": "final", "action": "formal_notice"},
         {"offset_days": 10, "channel": "task", "template": "call", "tone": "firm", "action": "call_task"}]
        """

    @Test func everyTenantStartsWithTheFrenchB2BLadder() async throws {
        try await TenantAPIHarness.with { api in
            let list = try await api.send(.get, "/v1/dunning/policies")
            #expect(list.status == .ok)
            #expect(list.data.count == 1)
            let policy = try #require(list.data.first)
            #expect(policy["is_default"] as? Bool == true)
            let steps = policy["steps"] as? [[String: Any]] ?? []
            #expect(steps.map { $0["label"] as? String ?? "" } == ["J-5", "J+1", "J+8", "J+15", "J+30", "J+45", "J+90"])
            #expect(steps.map { $0["action"] as? String ?? "-" } == ["-", "-", "-", "call_task", "formal_notice", "-", "agency_handoff"])
            #expect(steps.map { $0["channel"] as? String ?? "" } == ["email", "email", "email", "task", "letter", "email", "task"])
            // The migration's row is RelanceCore's ladder, step for step.
            let stored = try await api.tenancy.database.withTransaction(try TenantSlug("acme")) { tx in
                try await DunningPolicyRepository().list(after: nil, limit: 10, in: tx)
            }
            #expect(stored.map(\.policy) == [DunningPolicy.frenchB2BDefault])
        }
    }

    @Test func aPolicyIsCreatedSortedEditedMadeDefaultAndDeletedWhenUnused() async throws {
        try await TenantAPIHarness.with { api in
            let shipped = try #require(try await api.send(.get, "/v1/dunning/policies").data.first?["id"] as? String)
            let created = try await api.send(.post, "/v1/dunning/policies", #"{"name": "Stricte", "steps": \#(Self.ladder)}"#)
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(created.json["id"] as? String)
            #expect((created.json["steps"] as? [[String: Any]])?.map { $0["offset_days"] as? Int ?? 0 } == [3, 10, 20])
            #expect(created.json["is_default"] as? Bool == false)
            #expect(try await api.send(.post, "/v1/dunning/policies", #"{"name": "Stricte", "steps": \#(Self.ladder)}"#).status == .conflict)

            // PATCH with If-Match; a stale tag is 412.
            let tag = try #require(created.headers[.eTag])
            let renamed = try await api.send(.patch, "/v1/dunning/policies/\(id)", #"{"name": "Stricte (clients à risque)"}"#, headers: [.ifMatch: tag])
            #expect(renamed.status == .ok)
            #expect(try await api.send(.patch, "/v1/dunning/policies/\(id)", #"{"name": "x"}"#, headers: [.ifMatch: tag]).status == .preconditionFailed)

            // A customer follows it: it cannot be deleted.
            let customer = try await api.insertCustomer()
            #expect(try await api.send(.patch, "/v1/customers/\(customer)", #"{"dunning": {"policy_id": "\#(id)"}}"#).status == .ok)
            #expect(try await api.send(.get, "/v1/dunning/policies/\(id)").json["customer_count"] as? Int == 1)
            let inUse = try await api.send(.delete, "/v1/dunning/policies/\(id)")
            #expect(inUse.status == .conflict && inUse.errorFields == ["id"])

            // Make it the default: the shipped one stops being it; the default cannot be deleted.
            #expect(try await api.send(.patch, "/v1/dunning/policies/\(id)", #"{"is_default": true}"#).json["is_default"] as? Bool == true)
            #expect(try await api.send(.get, "/v1/dunning/policies/\(shipped)").json["is_default"] as? Bool == false)
            #expect(try await api.send(.patch, "/v1/dunning/policies/\(id)", #"{"is_default": false}"#).errorFields == ["is_default"])
            #expect(try await api.send(.delete, "/v1/dunning/policies/\(id)").errorFields == ["is_default"])
            #expect(try await api.send(.delete, "/v1/dunning/policies/\(shipped)").status == .noContent)
            #expect(try await api.send(.get, "/v1/dunning/policies/\(shipped)").status == .notFound)
            let events = try await api.fixture.pool.query("""
                SELECT type FROM \(qualified: "t_acme", "events") WHERE subject_type = 'dunning_policy' ORDER BY id
                """).map { try $0.decode(String.self, at: 0) }
            #expect(events == ["dunning_policy.created", "dunning_policy.updated", "dunning_policy.updated", "dunning_policy.deleted"])
        }
    }

    @Test func aLadderThatCannotWorkIsA400NamingEachStepAsSent() async throws {
        try await TenantAPIHarness.with { api in
            let reply = try await api.send(.post, "/v1/dunning/policies", """
                {"name": " ", "colour": "red", "steps": [
                  {"offset_days": 1, "channel": "fax", "template": "reminder", "tone": "reminder"},
                  {"offset_days": 8, "channel": "email", "template": "firm", "tone": "polite"}]}
                """)
            #expect(reply.status == .badRequest)
            #expect(Set(reply.errorFields) == ["name", "colour", "steps[0].channel", "steps[1].tone"], "\(reply.text)")
            let sorted = try await api.send(.post, "/v1/dunning/policies", """
                {"name": "Mauvaise", "steps": [
                  {"offset_days": 30, "channel": "email", "template": "x", "tone": "final", "action": "agency_handoff"},
                  {"offset_days": 1, "channel": "email", "template": "reminder", "tone": "reminder"},
                  {"offset_days": 30, "channel": "email", "template": "Bad Name", "tone": "firm"},
                  {"offset_days": -3, "channel": "task", "template": "call", "tone": "courtesy", "action": "call_task"}]}
                """)
            #expect(Set(sorted.errorFields) == ["steps[0].channel", "steps[2].offset_days", "steps[2].template", "steps[3].action"], "\(sorted.text)")
            #expect(try await api.send(.post, "/v1/dunning/policies", #"{"name": "Vide", "steps": []}"#).errorFields == ["steps"])
            #expect(try await api.count("dunning_policies") == 1)
        }
    }
}
