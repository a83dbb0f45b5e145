import Foundation
import Hummingbird
import HummingbirdTesting
import Postgres
@testable import RelanceAPI
import RelanceTestSupport
import Testing

/// ETag/If-Match, Idempotency-Key and cursors through the real routes and a real database.
extension TenancyAPITests {
    static func patch(_ api: any TestClientProtocol, _ key: String, _ body: String, _ extra: HTTPFields = [:]) async throws -> (HTTPResponse.Status, HTTPFields, String) {
        var headers = keyHeaders(key)
        for field in extra { headers.append(field) }
        return try await api.execute(uri: "/v1/settings", method: .patch, headers: headers, body: ByteBuffer(string: body)) {
            ($0.status, $0.headers, String(buffer: $0.body))
        }
    }

    static func getSettings(_ api: any TestClientProtocol, _ key: String) async throws -> (etag: String?, body: [String: Any]) {
        try await api.execute(uri: "/v1/settings", method: .get, headers: keyHeaders(key)) { response in
            #expect(response.status == .ok)
            return (response.headers[.eTag], json(response.body))
        }
    }

    @Test func ifMatchWithAStaleETagIs412AndChangesNothing() async throws {
        try await withAPIs { admin, api, _ in
            let key = try await Self.onboard(admin, slug: "tagged")
            let first = try await Self.getSettings(api, key)
            let etag = try #require(first.etag, "GET /v1/settings sends an ETag")
            let (status, headers, _) = try await Self.patch(api, key, #"{"sender_name": "Compta"}"#, [.ifMatch: etag])
            #expect(status == .ok)
            let newTag = try #require(headers[.eTag])
            #expect(newTag != etag)
            #expect(try await Self.getSettings(api, key).etag == newTag, "the PATCH response's ETag is the GET's")

            let (stale, staleHeaders, staleBody) = try await Self.patch(api, key, #"{"sender_name": "Lost update"}"#, [.ifMatch: etag])
            #expect(stale == .preconditionFailed, "\(staleBody)")
            #expect(staleHeaders[.contentType] == "application/problem+json")
            #expect(staleBody.contains("precondition-failed"))
            #expect(try await Self.getSettings(api, key).body["sender_name"] as? String == "Compta")

            #expect(try await Self.patch(api, key, #"{"sender_name": "Listed"}"#, [.ifMatch: "\"nope\", \(newTag)"]).0 == .ok)
            #expect(try await Self.patch(api, key, #"{"sender_name": "Any"}"#, [.ifMatch: "*"]).0 == .ok)
            #expect(try await Self.patch(api, key, #"{"sender_name": "Weak"}"#, [.ifMatch: "W/" + (try await Self.getSettings(api, key).etag ?? "")]).0 == .preconditionFailed)
            #expect(try await Self.patch(api, key, #"{"sender_name": "Bad"}"#, [.ifMatch: "unquoted"]).0 == .badRequest)
            #expect(try await Self.patch(api, key, #"{"sender_name": "Unconditional"}"#).0 == .ok, "If-Match is optional")
        }
    }

    @Test func anIdempotencyKeyReplaysTheFirstResponseAndRefusesAnotherBody() async throws {
        try await withAPIs { admin, api, fixture in
            let key = try await Self.onboard(admin, slug: "replayed")
            let idem: HTTPFields = [Idempotency.headerName: "settings-change-1"]
            let (status, headers, body) = try await Self.patch(api, key, #"{"display_name": "First", "locale": "en"}"#, idem)
            #expect(status == .ok)
            #expect(headers[Idempotency.replayedHeaderName] == nil)
            #expect(try await Self.patch(api, key, #"{"display_name": "Second"}"#).0 == .ok)

            // Same key, same JSON (other order and spacing): the stored first response, not a second change.
            let (again, againHeaders, againBody) = try await Self.patch(api, key, #"{ "locale":"en","display_name":"First" }"#, idem)
            #expect(again == .ok)
            #expect(againBody == body)
            #expect(againHeaders[.eTag] == headers[.eTag])
            #expect(againHeaders[Idempotency.replayedHeaderName] == "true")
            #expect(try await Self.getSettings(api, key).body["display_name"] as? String == "Second")
            #expect(try await fixture.count("SELECT count(*) FROM relance.tenants WHERE display_name = 'Second'") == 1,
                    "a replay does not mirror its change to the control schema again")

            let (reused, _, reusedBody) = try await Self.patch(api, key, #"{"display_name": "Third"}"#, idem)
            #expect(reused == .unprocessableContent, "\(reusedBody)")
            #expect(reusedBody.contains("idempotency-key-reused"))
            #expect(try await fixture.count("SELECT count(*) FROM t_replayed.idempotency_keys") == 1)

            // A failed request is not kept: its key works for the corrected request.
            let failing: HTTPFields = [Idempotency.headerName: "settings-change-2"]
            #expect(try await Self.patch(api, key, #"{"currency": "eur"}"#, failing).0 == .badRequest)
            #expect(try await Self.patch(api, key, #"{"currency": "USD"}"#, failing).0 == .ok)

            // Keys are kept 24 hours: an expired one runs the request afresh.
            try await fixture.pool.query("UPDATE t_replayed.idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'settings-change-1'")
            #expect(try await Self.patch(api, key, #"{"display_name": "Third"}"#, idem).0 == .ok)
            #expect(try await Self.getSettings(api, key).body["display_name"] as? String == "Third")
            #expect(try await fixture.count("SELECT count(*) FROM t_replayed.idempotency_keys WHERE created_at < now() - interval '24 hours'") == 0)

            #expect(try await Self.patch(api, key, "{}", [Idempotency.headerName: String(repeating: "k", count: 256)]).0 == .badRequest)
        }
    }

    @Test func aKeyStillInFlightIs409() async throws {
        try await withAPIs { admin, api, fixture in
            let key = try await Self.onboard(admin, slug: "inflight")
            // The first request's transaction holds this lock until it commits.
            let holder = try await PostgresConnection.connect(configuration: fixture.configuration)
            try await holder.query("SELECT pg_advisory_lock(hashtextextended('idempotency:t_inflight:busy-key', 0))")
            let (status, _, body) = try await Self.patch(api, key, #"{"locale": "en"}"#, [Idempotency.headerName: "busy-key"])
            #expect(status == .conflict, "\(body)")
            #expect(body.contains("idempotency-key-in-flight"))
            await holder.close()
            #expect(try await Self.patch(api, key, #"{"locale": "en"}"#, [Idempotency.headerName: "busy-key"]).0 == .ok)

            // Admin keys: a claim without a response is a request in flight.
            try await fixture.pool.query("INSERT INTO relance.idempotency_keys (scope, key, fingerprint) VALUES ('admin', 'admin-busy', 'x')")
            var headers = Self.adminHeaders()
            headers[Idempotency.headerName] = "admin-busy"
            try await admin.execute(uri: "/admin/v1/firms", method: .post, headers: headers, body: ByteBuffer(string: #"{"name": "Cabinet"}"#)) {
                #expect($0.status == .conflict)
            }
        }
    }

    @Test func adminPostsAreIdempotentAndSecretsAreNotStored() async throws {
        try await withAPIs { admin, _, fixture in
            var headers = Self.adminHeaders()
            headers[Idempotency.headerName] = "firm-1"
            func post(_ uri: String, _ body: String) async throws -> (HTTPResponse.Status, [String: Any], HTTPFields) {
                try await admin.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body)) {
                    ($0.status, Self.json($0.body), $0.headers)
                }
            }
            let (created, firm, _) = try await post("/admin/v1/firms", #"{"name": "Cabinet Durand"}"#)
            #expect(created == .created)
            let (replayed, again, replayHeaders) = try await post("/admin/v1/firms", #"{"name": "Cabinet Durand"}"#)
            #expect(replayed == .created)
            #expect(again["id"] as? String == firm["id"] as? String)
            #expect(replayHeaders[Idempotency.replayedHeaderName] == "true")
            #expect(try await fixture.count("SELECT count(*) FROM relance.firms") == 1)
            #expect(try await post("/admin/v1/firms", #"{"name": "Cabinet Martin"}"#).0 == .unprocessableContent)

            headers[Idempotency.headerName] = "tenant-1"
            let body = #"{"slug": "onceonly", "display_name": "Once"}"#
            let (first, tenant, _) = try await post("/admin/v1/tenants", body)
            #expect(first == .created)
            #expect(((tenant["api_key"] as? [String: Any])?["token"] as? String)?.hasPrefix("rl_live_") == true)
            let (second, replay, _) = try await post("/admin/v1/tenants", body)
            #expect(second == .created)
            #expect((replay["api_key"] as? [String: Any])?["prefix"] as? String == (tenant["api_key"] as? [String: Any])?["prefix"] as? String)
            #expect((replay["api_key"] as? [String: Any])?["token"] is NSNull, "the token is shown once: \(replay)")
            #expect(try await fixture.count("SELECT count(*) FROM relance.tenants") == 1)
            #expect(try await fixture.count("SELECT count(*) FROM relance.idempotency_keys WHERE convert_from(body, 'UTF8') LIKE '%rl_live_%'") == 0)
        }
    }

    @Test func cursorsAreOpaqueAndAFullLastPageEndsTheList() async throws {
        try await withAPIs { admin, _, _ in
            for slug in ["alpha", "bravo", "charlie"] { _ = try await Self.onboard(admin, slug: slug) }
            func page(_ query: String) async throws -> (HTTPResponse.Status, [String], String?) {
                try await admin.execute(uri: "/admin/v1/tenants?" + query, method: .get, headers: Self.adminHeaders()) { response in
                    let page = Self.json(response.body)
                    return (response.status, (page["data"] as? [[String: Any]])?.compactMap { $0["slug"] as? String } ?? [],
                            page["next_cursor"] as? String)
                }
            }
            let (_, all, end) = try await page("limit=3")
            #expect(all == ["alpha", "bravo", "charlie"])
            #expect(end == nil, "a full last page has no next_cursor")
            let (_, first, cursor) = try await page("limit=2")
            #expect(first == ["alpha", "bravo"])
            let next = try #require(cursor)
            #expect(next != "bravo", "cursors are opaque")
            #expect(try await page("limit=2&cursor=\(next)").1 == ["charlie"])
            #expect(try await page("cursor=bravo").0 == .badRequest, "a slug is not a cursor")

            for name in ["A", "B", "C"] {
                try await admin.execute(uri: "/admin/v1/firms", method: .post, headers: Self.adminHeaders(), body: ByteBuffer(string: #"{"name": "\#(name)"}"#)) { _ in }
            }
            var names: [String] = []
            var firmCursor: String?
            repeat {
                firmCursor = try await admin.execute(uri: "/admin/v1/firms?limit=2" + (firmCursor.map { "&cursor=\($0)" } ?? ""), method: .get, headers: Self.adminHeaders()) { response in
                    let page = Self.json(response.body)
                    names += (page["data"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
                    return page["next_cursor"] as? String
                }
            } while firmCursor != nil
            #expect(names == ["A", "B", "C"])
        }
    }
}
