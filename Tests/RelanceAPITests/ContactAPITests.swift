import Foundation
import Hummingbird
import HummingbirdTesting
import Postgres
import RelanceAPI
import RelanceTestSupport
import Testing

@Suite(.serialized) struct ContactAPITests {
    @Test func contactsAreCheckedNormalisedListedAndDeleted() async throws {
        try await TenantAPIHarness.with { h in
            let customer = try await h.createCustomer(["name": "Martin"])
            let created = try await h.send(.post, "/v1/customers/\(customer)/contacts",
                                           object: ["role": "accounts_payable", "name": "Claire", "phone": "06 12 34 56 78", "email": "claire@martin.fr"])
            #expect(created.status == .created, "\(created.text)")
            #expect(created.json["phone"] as? String == "+33612345678")
            #expect(created.json["is_primary"] as? Bool == false)
            #expect(created.json["customer_id"] as? String == customer)
            let contact = created.json["id"] as? String ?? ""
            let bad = try await h.send(.post, "/v1/customers/\(customer)/contacts",
                                       object: ["role": "boss", "phone": "12", "email": "nope", "is_primary": "yes", "x": 1])
            #expect(bad.status == .badRequest)
            #expect(Set(bad.errorFields) == ["role", "phone", "email", "is_primary", "x"])
            let empty = try await h.send(.post, "/v1/customers/\(customer)/contacts", object: ["role": "other"])
            #expect(empty.status == .badRequest && empty.errorFields == ["body"])
            #expect(try await h.count("contacts") == 1)
            // PATCH: If-Match against the contact's ETag; clearing the last way to reach it is refused.
            let tag = try #require(created.headers[.eTag])
            let patched = try await h.send(.patch, "/v1/customers/\(customer)/contacts/\(contact)", #"{"phone": null, "email": null}"#,
                                           headers: [.ifMatch: tag])
            #expect(patched.status == .ok && patched.json["phone"] == nil)
            #expect(try await h.send(.patch, "/v1/customers/\(customer)/contacts/\(contact)", #"{"name": "C"}"#, headers: [.ifMatch: tag]).status
                    == .preconditionFailed)
            let nothing = try await h.send(.patch, "/v1/customers/\(customer)/contacts/\(contact)", #"{"name": null}"#)
            #expect(nothing.status == .badRequest && nothing.errorFields == ["body"])
            for index in 0..<4 {
                _ = try await h.send(.post, "/v1/customers/\(customer)/contacts", object: ["role": "other", "name": "P\(index)"])
            }
            let (items, pages) = try await h.allPages("/v1/customers/\(customer)/contacts?limit=2")
            #expect(items.count == 5 && pages == 3)
            #expect(try await h.send(.delete, "/v1/customers/\(customer)/contacts/\(contact)").status == .noContent)
            #expect(try await h.send(.delete, "/v1/customers/\(customer)/contacts/\(contact)").status == .notFound)
            let other = try await h.createCustomer(["name": "Other"])
            let first = try #require(items.last?["id"] as? String)
            #expect(try await h.send(.patch, "/v1/customers/\(other)/contacts/\(first)", #"{"name": "x"}"#).status == .notFound)
            #expect(try await h.count("contacts") == 4)
        }
    }
}
