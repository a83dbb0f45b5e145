import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Postgres
import RelanceAPI
import RelanceCore
import RelanceStore
import RelanceTestSupport
import Testing

/// The operators' view of the job queue through the admin listener: `/admin/v1/jobs`.
@Suite struct JobAdminAPITests {
    static let adminToken = "jobs-admin-token-0123456789"

    /// Runs `body` with an admin client and a queue over one fresh database.
    func withAdmin(_ body: @escaping @Sendable (any TestClientProtocol, JobQueue) async throws -> Void) async throws {
        try await TenancyFixture.with { (fixture: TenancyFixture) async throws in
            let settings = try Settings(environment: ["DATABASE_URL": fixture.configuration.connectionString], applicationName: "test")
            let tenancy = Tenancy(pool: fixture.pool, tenantMigrations: fixture.provisioner.tenantMigrations, rolePrefix: fixture.provisioner.rolePrefix,
                                  exportDirectory: URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("exports-\(UUID().uuidString)"))
            let admin = Servers.adminAPI(settings: settings, adminToken: Self.adminToken, tenancy: tenancy, logger: Logger(label: "test"))
            let queue = JobQueue(pool: fixture.pool)
            try await admin.test(.router) { client in try await body(client, queue) }
        }
    }

    static func json(_ buffer: ByteBuffer) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: Any] ?? [:]
    }

    static func headers() -> HTTPFields { [.authorization: "Bearer \(adminToken)"] }

    static func fields(_ buffer: ByteBuffer) -> [String] {
        (json(buffer)["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []
    }

    /// Enqueues one job and returns its id.
    static func enqueue(_ queue: JobQueue, tenant: String, kind: String, payload: [String: Int] = [:], uniqueKey: String? = nil) async throws -> Int64 {
        let ids = try await queue.enqueue([try NewJob(tenant: try TenantSlug(tenant), kind: kind, payload: payload, uniqueKey: uniqueKey)])
        return try #require(ids.first, "job \(kind) for \(tenant) was not enqueued")
    }

    /// The ids of `GET uri`'s page and its `next_cursor`.
    static func page(_ client: any TestClientProtocol, _ uri: String) async throws -> ([Int64], String?) {
        try await client.execute(uri: uri, method: .get, headers: headers()) { response in
            #expect(response.status == .ok, "\(uri): \(String(buffer: response.body))")
            let page = json(response.body)
            let ids = (page["data"] as? [[String: Any]])?.compactMap { ($0["id"] as? NSNumber)?.int64Value } ?? []
            return (ids, page["next_cursor"] as? String)
        }
    }

    @Test func listFiltersByStateKindAndTenantNewestFirst() async throws {
        try await withAdmin { client, queue in
            var probes: [Int64] = []
            for _ in 0..<3 { probes.append(try await Self.enqueue(queue, tenant: "alpha_co", kind: "relance.probe")) }
            let reports = [try await Self.enqueue(queue, tenant: "beta_co", kind: "report.build"),
                           try await Self.enqueue(queue, tenant: "beta_co", kind: "report.build")]
            _ = try await queue.cancel(id: probes[0])
            let all = (probes + reports).sorted(by: >)

            #expect(try await Self.page(client, "/admin/v1/jobs").0 == all)
            #expect(try await Self.page(client, "/admin/v1/jobs?tenant=alpha_co").0 == probes.sorted(by: >))
            #expect(try await Self.page(client, "/admin/v1/jobs?kind=report.build").0 == reports.sorted(by: >))
            #expect(try await Self.page(client, "/admin/v1/jobs?state=cancelled").0 == [probes[0]])
            #expect(try await Self.page(client, "/admin/v1/jobs?state=available").0 == all.filter { $0 != probes[0] })
            #expect(try await Self.page(client, "/admin/v1/jobs?state=available,cancelled").0 == all)
            #expect(try await Self.page(client, "/admin/v1/jobs?state=available&state=cancelled").0 == all)
            #expect(try await Self.page(client, "/admin/v1/jobs?state=failed").0 == [])
            #expect(try await Self.page(client, "/admin/v1/jobs?tenant=beta_co&kind=relance.probe").0 == [])
        }
    }

    @Test func paginationWalksEveryJobOnceWithACursor() async throws {
        try await withAdmin { client, queue in
            var ids: [Int64] = []
            for index in 0..<3 { ids.append(try await Self.enqueue(queue, tenant: "paged_co", kind: "relance.probe", payload: ["n": index])) }
            let (first, cursor) = try await Self.page(client, "/admin/v1/jobs?limit=2")
            #expect(first == [ids[2], ids[1]])
            #expect(cursor != nil && cursor != String(ids[1]), "cursors are opaque")
            let (second, end) = try await Self.page(client, "/admin/v1/jobs?limit=2&cursor=\(try #require(cursor))")
            #expect(second == [ids[0]])
            #expect(end == nil, "a short page is the last")
            #expect(Set(first).isDisjoint(with: second))
        }
    }

    @Test func showCancelThenRetryAJob() async throws {
        try await withAdmin { client, queue in
            let id = try await Self.enqueue(queue, tenant: "shown_co", kind: "relance.probe", payload: ["invoiceId": 42], uniqueKey: "probe-1")
            try await client.execute(uri: "/admin/v1/jobs/\(id)", method: .get, headers: Self.headers()) { response in
                #expect(response.status == .ok)
                let job = Self.json(response.body)
                #expect((job["id"] as? NSNumber)?.int64Value == id)
                #expect(job["state"] as? String == "available")
                #expect(job["tenant"] as? String == "shown_co")
                #expect(job["kind"] as? String == "relance.probe")
                #expect(job["unique_key"] as? String == "probe-1")
                #expect(job["attempt"] as? Int == 0)
                #expect(job["max_attempts"] as? Int == 20)
                #expect(job["cancel_requested"] as? Bool == false)
                #expect((job["payload"] as? [String: Any])?["invoiceId"] as? Int == 42, "payload keys pass through unconverted")
                #expect((job["created_at"] as? String).flatMap { try? Date($0, strategy: .iso8601) } != nil)
                #expect(job["finished_at"] == nil)
            }
            try await client.execute(uri: "/admin/v1/jobs/\(id)/cancel", method: .post, headers: Self.headers()) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                #expect(Self.json(response.body)["state"] as? String == "cancelled")
                #expect(Self.json(response.body)["finished_at"] is String)
            }
            try await client.execute(uri: "/admin/v1/jobs/\(id)/cancel", method: .post, headers: Self.headers()) { response in
                #expect(response.status == .conflict)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(Self.fields(response.body) == ["state"])
            }
            try await client.execute(uri: "/admin/v1/jobs/\(id)/retry", method: .post, headers: Self.headers()) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                #expect(Self.json(response.body)["state"] as? String == "available")
                #expect(Self.json(response.body)["attempt"] as? Int == 0)
            }
            try await client.execute(uri: "/admin/v1/jobs/\(id)", method: .get, headers: Self.headers()) { response in
                #expect(Self.json(response.body)["state"] as? String == "available")
            }
        }
    }

    @Test func retryingIntoATakenUniqueKeyIs409() async throws {
        try await withAdmin { client, queue in
            let first = try await Self.enqueue(queue, tenant: "unique_co", kind: "relance.probe", uniqueKey: "once")
            _ = try await queue.cancel(id: first)
            _ = try await Self.enqueue(queue, tenant: "unique_co", kind: "relance.probe", uniqueKey: "once")
            try await client.execute(uri: "/admin/v1/jobs/\(first)/retry", method: .post, headers: Self.headers()) { response in
                #expect(response.status == .conflict, "\(String(buffer: response.body))")
                #expect(Self.fields(response.body) == ["unique_key"])
            }
            #expect(try await queue.job(id: first).state == .cancelled, "a refused retry changes nothing")
        }
    }

    @Test func anUnknownJobIs404() async throws {
        try await withAdmin { client, _ in
            for (uri, method) in [("/admin/v1/jobs/987654", HTTPRequest.Method.get), ("/admin/v1/jobs/987654/retry", .post),
                                  ("/admin/v1/jobs/987654/cancel", .post)] {
                try await client.execute(uri: uri, method: method, headers: Self.headers()) { response in
                    #expect(response.status == .notFound, "\(method) \(uri)")
                    #expect(response.headers[.contentType] == "application/problem+json")
                    #expect(String(buffer: response.body).contains("job 987654 not found"))
                }
            }
        }
    }

    @Test(arguments: [
        ("/admin/v1/jobs?state=sleeping", ["state"]),
        ("/admin/v1/jobs?state=available,bogus", ["state"]),
        ("/admin/v1/jobs?limit=0", ["limit"]),
        ("/admin/v1/jobs?limit=1001", ["limit"]),
        ("/admin/v1/jobs?limit=ten", ["limit"]),
        ("/admin/v1/jobs?cursor=abc", ["cursor"]),
        ("/admin/v1/jobs?tenant=Not%20A%20Slug", ["tenant"]),
        ("/admin/v1/jobs?kind=BAD", ["kind"]),
        ("/admin/v1/jobs?state=nope&limit=-1&cursor=x", ["state", "cursor", "limit"]),
        ("/admin/v1/jobs/abc", ["id"]),
    ])
    func badQueryValuesAre400NamingEachField(uri: String, fields: [String]) async throws {
        try await withAdmin { client, _ in
            try await client.execute(uri: uri, method: .get, headers: Self.headers()) { response in
                #expect(response.status == .badRequest, "\(uri)")
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(Self.fields(response.body) == fields, "\(uri): \(String(buffer: response.body))")
            }
        }
    }

    @Test func everyJobRouteNeedsTheAdminToken() async throws {
        try await withAdmin { client, queue in
            let id = try await Self.enqueue(queue, tenant: "guarded_co", kind: "relance.probe")
            let routes: [(String, HTTPRequest.Method)] = [
                ("/admin/v1/jobs", .get), ("/admin/v1/jobs/stats", .get), ("/admin/v1/jobs/\(id)", .get),
                ("/admin/v1/jobs/\(id)/retry", .post), ("/admin/v1/jobs/\(id)/cancel", .post),
            ]
            for (uri, method) in routes {
                try await client.execute(uri: uri, method: method) { #expect($0.status == .unauthorized, "\(method) \(uri)") }
                try await client.execute(uri: uri, method: method, headers: [.authorization: "Bearer wrong-token-0123456789"]) {
                    #expect($0.status == .unauthorized, "\(method) \(uri)")
                }
            }
            let after = try await queue.job(id: id)
            #expect(after.state == .available, "nothing changed without the token: \(after)")
        }
    }

    @Test func statsCountUnfinishedJobsByStateAndKind() async throws {
        try await withAdmin { client, queue in
            try await client.execute(uri: "/admin/v1/jobs/stats", method: .get, headers: Self.headers()) { response in
                #expect(response.status == .ok)
                #expect(Self.json(response.body)["total"] as? Int == 0)
                #expect(Self.json(response.body)["by_state"] as? [String: Int] == ["scheduled": 0, "available": 0, "running": 0, "failed": 0])
            }
            _ = try await Self.enqueue(queue, tenant: "stats_co", kind: "relance.probe")
            _ = try await Self.enqueue(queue, tenant: "stats_co", kind: "relance.probe")
            let cancelled = try await Self.enqueue(queue, tenant: "stats_co", kind: "report.build")
            _ = try await Self.enqueue(queue, tenant: "stats_co", kind: "report.build")
            _ = try await queue.cancel(id: cancelled)
            try await client.execute(uri: "/admin/v1/jobs/stats", method: .get, headers: Self.headers()) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                let stats = Self.json(response.body)
                #expect(stats["total"] as? Int == 3)
                #expect(stats["by_state"] as? [String: Int] == ["scheduled": 0, "available": 3, "running": 0, "failed": 0])
                let kinds = stats["by_kind"] as? [[String: Any]] ?? []
                #expect(kinds.compactMap { $0["kind"] as? String } == ["relance.probe", "report.build"])
                #expect(kinds.compactMap { $0["total"] as? Int } == [2, 1])
                #expect(kinds.first?["by_state"] as? [String: Int] == ["scheduled": 0, "available": 2, "running": 0, "failed": 0])
            }
        }
    }
}
