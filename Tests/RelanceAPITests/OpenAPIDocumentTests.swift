import Foundation
import Hummingbird
import HummingbirdTesting
import Postgres
@testable import RelanceAPI
import RelanceStore
import Testing

/// The served API description is docs/openapi.yaml, and it describes every route.
@Suite struct OpenAPIDocumentTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func documented() throws -> String {
        try String(contentsOf: root.appendingPathComponent("docs/openapi.yaml"), encoding: .utf8)
    }

    /// Routers built over a pool that never connects (listing routes opens no connection).
    static func tenancy() throws -> Tenancy {
        let pool = PostgresPool(connection: PostgresConfiguration(connectionString: "postgres://nobody@127.0.0.1:1/none"), configuration: .init(size: 1))
        return Tenancy(pool: pool, tenantMigrations: try MigrationSet.load(from: SQLDirectory.resolve(), scope: .tenant),
                       rolePrefix: "unused_", exportDirectory: URL(fileURLWithPath: NSTemporaryDirectory()))
    }

    @Test func theEmbeddedDocumentIsDocsOpenAPIYAML() throws {
        #expect(OpenAPIDocument.yaml == (try Self.documented()), "docs/openapi.yaml changed: run deploy/local/embed-openapi")
    }

    @Test func bothListenersServeIt() async throws {
        let tenancy = try Self.tenancy()
        let tenant = Application(router: Servers.tenantRouter(readiness: ReadinessProbe(pool: tenancy.directory.pool, control: try MigrationSet.load(from: SQLDirectory.resolve(), scope: .control)), tenancy: tenancy))
        let admin = Application(router: Servers.adminRouter(adminToken: "t", tenancy: tenancy))
        let expected = try Self.documented()
        try await tenant.test(.router) { client in
            try await client.execute(uri: "/openapi.yaml", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == expected)
            }
        }
        try await admin.test(.router) { client in
            try await client.execute(uri: "/openapi.yaml", method: .get) { #expect(String(buffer: $0.body) == expected) }
        }
    }

    /// Paths and their methods as the document lists them (`  /path:` then `    get:`).
    static func operations(in yaml: String) -> Set<String> {
        var result: Set<String> = []
        var path: String?
        var inPaths = false
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("paths:") { inPaths = true; continue }
            if inPaths, !line.hasPrefix(" "), !line.isEmpty, !line.hasPrefix("#") { inPaths = false }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":") { path = String(line.dropFirst(2).dropLast()); continue }
            for method in ["get", "post", "put", "patch", "delete"] where line == "    \(method):" {
                if let path { result.insert("\(method.uppercased()) \(path)") }
            }
        }
        return result
    }

    @Test func everyRegisteredRouteIsDocumented() throws {
        let tenancy = try Self.tenancy()
        let control = try MigrationSet.load(from: SQLDirectory.resolve(), scope: .control)
        let routes = Servers.tenantRouter(readiness: ReadinessProbe(pool: tenancy.directory.pool, control: control), tenancy: tenancy).routes.map(\.description)
            + Servers.adminRouter(adminToken: "t", tenancy: tenancy).routes.map(\.description)
        let documented = Self.operations(in: try Self.documented())
        #expect(routes.count > 20)
        for route in routes {
            let normalised = route.hasSuffix("/admin/v1") ? route + "/" : route
            #expect(documented.contains(normalised), "\(route) is served but not in docs/openapi.yaml")
        }
    }
}
