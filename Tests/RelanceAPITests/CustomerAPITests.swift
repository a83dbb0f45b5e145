import Foundation
import Hummingbird
import HummingbirdTesting
import Postgres
@testable import RelanceAPI
import RelanceStore
import RelanceTestSupport
import Testing

extension TenantAPIHarness {
    /// Creates a customer from `object` and returns its id (expects 201).
    func createCustomer(_ object: [String: Any]) async throws -> String {
        let reply = try await send(.post, "/v1/customers", object: object)
        #expect(reply.status == .created, "\(reply.text)")
        return reply.json["id"] as? String ?? ""
    }

    /// Inserts an invoice row for `customer` straight into the tenant's schema.
    func insertInvoice(customer: String, status: String = "issued", dueInDays: Int, total: Int64 = 10000) async throws {
        let id = UUID()
        try await fixture.pool.query("""
            INSERT INTO \(qualified: "t_\(slug)", "invoices") (id, customer_id, status, currency, issue_date, due_date, subtotal, tax_total, total, payment_token)
            VALUES (\(id), \(UUID(uuidString: customer)!), \(status), 'EUR', current_date - 60, current_date + \(Int32(dueInDays)), \(total), 0, \(total), \(id.uuidString))
            """)
    }

    /// Every page of `path` (which has no query or ends with one), following `next_cursor`.
    func allPages(_ path: String) async throws -> (items: [[String: Any]], pages: Int) {
        var items: [[String: Any]] = []
        var cursor: String?
        var pages = 0
        repeat {
            let separator = path.contains("?") ? "&" : "?"
            let reply = try await send(.get, path + (cursor.map { "\(separator)cursor=\($0)" } ?? ""))
            #expect(reply.status == .ok, "\(reply.text)")
            items += reply.data
            cursor = reply.json["next_cursor"] as? String
            pages += 1
        } while cursor != nil && pages < 50
        return (items, pages)
    }
}

@Suite(.serialized) struct CustomerAPITests {
    nonisolated(unsafe) static let full: [String: Any] = [
        "name": "Boulangerie Martin", "external_ref": "CLI-001",
        "legal_id": ["scheme": "siret", "value": "732 829 320 00074"],
        "address": ["line1": "12 rue de la Paix", "postal_code": "75002", "city": "Paris", "country": "FR"],
        "payment_terms": ["net": 45, "end_of_month": true],
        "credit_limit": ["amount": 500000, "currency": "EUR"],
        "notes": "pays late in August", "dunning": ["excluded": true],
    ]

    @Test func createGetAndDefaultsFromTheTenant() async throws {
        try await TenantAPIHarness.with { h in
            let id = try await h.createCustomer(Self.full)
            #expect(id == id.lowercased() && UUID(uuidString: id) != nil)
            let reply = try await h.send(.get, "/v1/customers/\(id)")
            #expect(reply.status == .ok)
            #expect(reply.headers[.eTag]?.hasPrefix("\"") == true)
            let json = reply.json
            #expect(json["name"] as? String == "Boulangerie Martin")
            #expect((json["legal_id"] as? [String: Any])?["value"] as? String == "73282932000074")
            #expect((json["address"] as? [String: Any])?["postal_code"] as? String == "75002")
            #expect(json["language"] as? String == "fr")      // from the tenant's locale fr-FR
            #expect(json["currency"] as? String == "EUR")     // the tenant's
            #expect((json["payment_terms"] as? [String: Any])?["end_of_month"] as? Bool == true)
            #expect((json["credit_limit"] as? [String: Any])?["amount"] as? Int == 500000)
            #expect((json["dunning"] as? [String: Any])?["excluded"] as? Bool == true)
            #expect((json["unallocated_credit"] as? [String: Any])?["amount"] as? Int == 0)
            #expect(json["contacts"] == nil)
            let english = try await h.createCustomer(["name": "Acme Ltd", "language": "en", "currency": "GBP",
                                                       "legal_id": ["scheme": "vat", "value": "fr44732829320"]])
            let other = try await h.send(.get, "/v1/customers/\(english)").json
            #expect(other["language"] as? String == "en")
            #expect(other["currency"] as? String == "GBP")
            #expect((other["legal_id"] as? [String: Any])?["value"] as? String == "FR44732829320")
            // Unallocated credit: received payments and credit notes, less what is allocated.
            try await h.fixture.pool.query("""
                INSERT INTO \(qualified: "t_acme", "payments") (id, customer_id, amount, currency, received_on, method, amount_allocated)
                VALUES (\(UUID()), \(UUID(uuidString: id)!), 10000, 'EUR', current_date, 'transfer', 2500)
                """)
            try await h.fixture.pool.query("""
                INSERT INTO \(qualified: "t_acme", "payments") (id, customer_id, amount, currency, received_on, method, status)
                VALUES (\(UUID()), \(UUID(uuidString: id)!), 7000, 'EUR', current_date, 'transfer', 'reversed')
                """)
            let credit = try await h.send(.get, "/v1/customers/\(id)").json["unallocated_credit"] as? [String: Any]
            #expect(credit?["amount"] as? Int == 7500)
            #expect(credit?["currency"] as? String == "EUR")
        }
    }

    @Test func listFiltersByQAndPagesThroughEveryCustomer() async throws {
        try await TenantAPIHarness.with { h in
            let names = ["Delta", "alpha_beta", "Alpha 100%", "Gamma", "Beta", "Epsilon", "Zeta"]
            for (index, name) in names.enumerated() { _ = try await h.createCustomer(["name": name, "external_ref": "REF-\(index)"]) }
            _ = try await h.createCustomer(["name": "Delta"])   // a tie on the name: the id orders them
            func listed(_ path: String) async throws -> [String] {
                try await h.send(.get, path).data.compactMap { $0["name"] as? String }
            }
            #expect(Set(try await listed("/v1/customers?q=ALPHA")) == ["alpha_beta", "Alpha 100%"])
            #expect(try await listed("/v1/customers?q=%25") == ["Alpha 100%"])      // % is not a wildcard
            #expect(try await listed("/v1/customers?q=_") == ["alpha_beta"])        // nor _
            #expect(try await listed("/v1/customers?q=ref-3") == ["Gamma"])        // the external_ref
            let (items, pages) = try await h.allPages("/v1/customers?limit=2")
            #expect(pages == 4)
            let listed = items.compactMap { $0["name"] as? String }
            #expect(listed.count == 8 && Set(items.compactMap { $0["id"] as? String }).count == 8)
            let sorted = try await h.fixture.pool.query("SELECT name FROM \(qualified: "t_acme", "customers") ORDER BY name, id")
                .map { try $0.decode(String.self, at: 0) }
            #expect(listed == sorted)
            let bad = try await h.send(.get, "/v1/customers?limit=201&has_overdue=maybe&cursor=nope")
            #expect(bad.status == .badRequest)
            #expect(Set(bad.errorFields) == ["limit", "has_overdue", "cursor"])
        }
    }

    @Test func hasOverdueUsesOpenInvoicesPastTheTenantsToday() async throws {
        try await TenantAPIHarness.with { h in
            let late = try await h.createCustomer(["name": "Late"])
            let onTime = try await h.createCustomer(["name": "On time"])
            let paid = try await h.createCustomer(["name": "Paid"])
            let draft = try await h.createCustomer(["name": "Draft"])
            try await h.insertInvoice(customer: late, status: "partially_paid", dueInDays: -3)
            try await h.insertInvoice(customer: onTime, dueInDays: 10)
            try await h.insertInvoice(customer: paid, status: "paid", dueInDays: -30)
            try await h.insertInvoice(customer: draft, status: "draft", dueInDays: -30)
            let overdue = try await h.send(.get, "/v1/customers?has_overdue=true").data.compactMap { $0["id"] as? String }
            #expect(overdue == [late])
            let notOverdue = try await h.send(.get, "/v1/customers?has_overdue=false").data.compactMap { $0["name"] as? String }
            #expect(notOverdue == ["Draft", "On time", "Paid"])
        }
    }

    @Test func patchWithIfMatchAndPatchSemantics() async throws {
        try await TenantAPIHarness.with { h in
            let id = try await h.createCustomer(Self.full.merging(["language": "en"]) { $1 })
            let first = try await h.send(.get, "/v1/customers/\(id)")
            let tag = try #require(first.headers[.eTag])
            let fresh = try await h.send(.patch, "/v1/customers/\(id)", #"{"notes": null, "language": null, "name": "Martin SA"}"#,
                                         headers: [.ifMatch: tag])
            #expect(fresh.status == .ok, "\(fresh.text)")
            #expect(fresh.json["notes"] == nil)
            #expect(fresh.json["language"] as? String == "fr")     // cleared: the tenant's again
            #expect(fresh.json["name"] as? String == "Martin SA")
            #expect(fresh.json["external_ref"] as? String == "CLI-001")   // absent: kept
            #expect(fresh.headers[.eTag] != tag)
            let stale = try await h.send(.patch, "/v1/customers/\(id)", #"{"notes": "again"}"#, headers: [.ifMatch: tag])
            #expect(stale.status == .preconditionFailed)
            #expect(try await h.send(.get, "/v1/customers/\(id)").json["notes"] == nil)
            let current = try #require(fresh.headers[.eTag])
            #expect(try await h.send(.patch, "/v1/customers/\(id)", #"{"notes": "n"}"#, headers: [.ifMatch: current]).status == .ok)
            let unknownPolicy = try await h.send(.patch, "/v1/customers/\(id)", #"{"dunning": {"policy_id": "6F9619FF-8B86-D011-B42D-00CF4FC964FF"}}"#)
            #expect(unknownPolicy.status == .badRequest && unknownPolicy.errorFields == ["dunning.policy_id"], "\(unknownPolicy.text)")
            let policies = try await h.send(.get, "/v1/dunning/policies").json["data"] as? [[String: Any]]
            let policyID = try #require(policies?.first?["id"] as? String)
            let unconditional = try await h.send(.patch, "/v1/customers/\(id)", #"{"dunning": {"policy_id": "\#(policyID.uppercased())"}}"#)
            #expect(unconditional.status == .ok)
            #expect((unconditional.json["dunning"] as? [String: Any])?["policy_id"] as? String == policyID)
            let invalid = try await h.send(.patch, "/v1/customers/\(id)", #"{"name": null, "currency": "USD", "credit_limit": {"amount": 1, "currency": "GBP"}, "external_ref": " "}"#)
            #expect(invalid.status == .badRequest)
            #expect(Set(invalid.errorFields) == ["name", "external_ref", "credit_limit.currency"])
            let stored = try await h.send(.patch, "/v1/customers/\(id)", #"{"currency": "USD"}"#)
            #expect(stored.status == .badRequest && stored.errorFields == ["credit_limit.currency"])   // the stored limit is in EUR
            #expect(try await h.send(.patch, "/v1/customers/\(id)", #"{"currency": "USD", "credit_limit": null}"#).status == .ok)
            let events = try await h.fixture.pool.query("""
                SELECT data::text FROM \(qualified: "t_acme", "events") WHERE type = 'customer.updated' ORDER BY id
                """).map { try $0.decode(String.self, at: 0) }
            #expect(events.count == 4)
            let changed = try JSONSerialization.jsonObject(with: Data(events[0].utf8)) as? [String: Any]
            #expect(Set(changed?.keys.map { $0 } ?? []) == ["notes", "language", "name"])
            #expect(changed?["notes"] is NSNull)
            #expect(changed?["name"] as? String == "Martin SA")
        }
    }

    @Test func conflictsNameTheirField() async throws {
        try await TenantAPIHarness.with { h in
            let id = try await h.createCustomer(["name": "A", "external_ref": "X1"])
            let other = try await h.createCustomer(["name": "B", "external_ref": "X2"])
            let duplicate = try await h.send(.post, "/v1/customers", object: ["name": "C", "external_ref": "X1"])
            #expect(duplicate.status == .conflict)
            #expect(duplicate.errorFields == ["external_ref"])
            let renamed = try await h.send(.patch, "/v1/customers/\(other)", object: ["external_ref": "X1"])
            #expect(renamed.status == .conflict && renamed.errorFields == ["external_ref"])
            #expect(try await h.count("customers") == 2)
            // A second primary contact of a role.
            let billing: [String: Any] = ["role": "billing", "email": "compta@a.fr", "is_primary": true]
            #expect(try await h.send(.post, "/v1/customers/\(id)/contacts", object: billing).status == .created)
            let second = try await h.send(.post, "/v1/customers/\(id)/contacts", object: ["role": "billing", "name": "Bob", "is_primary": true])
            #expect(second.status == .conflict && second.errorFields == ["is_primary"])
            let secondary = try await h.send(.post, "/v1/customers/\(id)/contacts", object: ["role": "billing", "name": "Bob"])
            #expect(secondary.status == .created)
            let promote = try await h.send(.patch, "/v1/customers/\(id)/contacts/\(secondary.json["id"] as? String ?? "")", object: ["is_primary": true])
            #expect(promote.status == .conflict && promote.errorFields == ["is_primary"])
            #expect(try await h.send(.post, "/v1/customers/\(other)/contacts", object: billing).status == .created)   // another customer: fine
            // Documents forbid a delete and a currency change.
            try await h.insertInvoice(customer: id, dueInDays: 5)
            let delete = try await h.send(.delete, "/v1/customers/\(id)")
            #expect(delete.status == .conflict && delete.errorFields == ["customer"])
            #expect((delete.json["detail"] as? String)?.contains("invoices") == true)
            let currency = try await h.send(.patch, "/v1/customers/\(id)", object: ["currency": "USD"])
            #expect(currency.status == .conflict && currency.errorFields == ["currency"])
            #expect(try await h.send(.patch, "/v1/customers/\(id)", object: ["currency": "EUR"]).status == .ok)   // unchanged: fine
            // Without documents: gone, with its contacts.
            #expect(try await h.send(.delete, "/v1/customers/\(other)").status == .noContent)
            #expect(try await h.send(.get, "/v1/customers/\(other)").status == .notFound)
            #expect(try await h.count("contacts") == 2)
            #expect(try await h.count("customers") == 1)
        }
    }

    @Test func badInputNamesEveryFieldAndWritesNothing() async throws {
        try await TenantAPIHarness.with { h in
            let body: [String: Any] = [
                "name": String(repeating: "n", count: 2000), "external_ref": 42, "colour": "red",
                "legal_id": ["scheme": "siret", "value": "73282932000075"],
                "address": ["line1": "1 rue X", "country": "fr"], "language": "de", "currency": "EUR",
                "payment_terms": ["net": 400], "credit_limit": ["amount": -5, "currency": "USD"], "notes": String(repeating: "x", count: 5001),
                "dunning": ["policy_id": "6f9619ff-8b86-d011-b42d-00cf4fc964ff", "excluded": true],
            ]
            let reply = try await h.send(.post, "/v1/customers", object: body)
            #expect(reply.status == .badRequest)
            #expect(Set(reply.errorFields) == ["name", "external_ref", "colour", "legal_id.value", "address.country", "address.city", "language",
                                               "payment_terms", "credit_limit.amount", "credit_limit.currency", "notes", "dunning"])
            let more = try await h.send(.post, "/v1/customers", object: [
                "name": "  ", "legal_id": ["scheme": "vat", "value": "XX123"], "credit_limit": ["amount": 1.5, "currency": "EUR"], "currency": "EURO",
            ])
            #expect(Set(more.errorFields) == ["name", "legal_id.value", "credit_limit.amount", "currency"])
            // The tenant's currency (EUR) when the body gives none.
            let tenantCurrency = try await h.send(.post, "/v1/customers", object: ["name": "A", "credit_limit": ["amount": 100, "currency": "USD"]])
            #expect(tenantCurrency.status == .badRequest && tenantCurrency.errorFields == ["credit_limit.currency"])
            #expect(try await h.count("customers") == 0)
            #expect(try await h.count("events") == 0)
        }
    }

    @Test func anotherTenantsCustomerIsNotFound() async throws {
        try await TenantAPIHarness.with { h in
            let id = try await h.createCustomer(["name": "Mine"])
            let otherKey = try await TenancyAPITests.onboard(h.admin, slug: "rival")
            for (method, path) in [(HTTPRequest.Method.get, "/v1/customers/\(id)"), (.patch, "/v1/customers/\(id)"), (.delete, "/v1/customers/\(id)"),
                                   (.get, "/v1/customers/\(id)/timeline"), (.get, "/v1/customers/\(id)/contacts"),
                                   (.post, "/v1/customers/\(id)/contacts")] {
                let body = method == .patch ? #"{"notes": "x"}"# : method == .post ? #"{"role": "other", "name": "x"}"# : nil
                let reply = try await h.send(method, path, body, key: otherKey)
                #expect(reply.status == .notFound, "\(method) \(path): \(reply.text)")
            }
            #expect(try await h.send(.get, "/v1/customers", key: otherKey).data.isEmpty)
            #expect(try await h.send(.get, "/v1/customers/not-a-uuid").status == .notFound)
            #expect(try await h.send(.get, "/v1/customers/\(UUID().uuidString.lowercased())").status == .notFound)
            #expect(try await h.send(.get, "/v1/tenants/acme/customers/\(id)").status == .ok)
            #expect(try await h.send(.get, "/v1/tenants/rival/customers").status == .notFound)
        }
    }

    @Test func idempotencyKeyReplaysTheCreate() async throws {
        try await TenantAPIHarness.with { h in
            let body = #"{"name": "Once", "external_ref": "E-1"}"#
            let first = try await h.send(.post, "/v1/customers", body, headers: [Idempotency.headerName: "k-1"])
            let again = try await h.send(.post, "/v1/customers", body, headers: [Idempotency.headerName: "k-1"])
            #expect(first.status == .created && again.status == .created)
            #expect(again.json["id"] as? String == first.json["id"] as? String)
            #expect(again.headers[Idempotency.replayedHeaderName] == "true")
            let reused = try await h.send(.post, "/v1/customers", #"{"name": "Other"}"#, headers: [Idempotency.headerName: "k-1"])
            #expect(reused.status == .unprocessableContent)
            #expect(try await h.count("customers") == 1)
            #expect(try await h.count("events") == 1)
        }
    }
}
