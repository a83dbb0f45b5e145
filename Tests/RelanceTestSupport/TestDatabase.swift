import Foundation
import Postgres

/// The PostgreSQL that `./deploy/local/test` started, and fresh databases on it.
///
/// Every integration test gets its own database (or works in temporary objects), so tests
/// never depend on each other's data or order and can run in parallel.
public enum TestDatabase {
    public struct NotConfigured: Error, CustomStringConvertible {
        public var description: String {
            "RELANCE_TEST_DATABASE_URL is not set: run the tests with ./deploy/local/test, which starts PostgreSQL"
        }
    }

    /// The test server's `relance` database (a login role with CREATEDB and CREATEROLE).
    public static func configuration(applicationName: String = "relance-tests") throws -> PostgresConfiguration {
        guard let url = ProcessInfo.processInfo.environment["RELANCE_TEST_DATABASE_URL"], !url.isEmpty else {
            throw NotConfigured()
        }
        return PostgresConfiguration(connectionString: url, applicationName: applicationName)
    }

    /// The same server as its superuser, for tests that need it (terminating backends).
    public static func adminConfiguration() throws -> PostgresConfiguration {
        guard let url = ProcessInfo.processInfo.environment["RELANCE_TEST_ADMIN_URL"], !url.isEmpty else {
            throw NotConfigured()
        }
        return PostgresConfiguration(connectionString: url, applicationName: "relance-tests-admin")
    }

    /// Creates an empty database, runs `body` with its configuration, then drops it.
    ///
    /// The database belongs to the `relance` role, as in production; the superuser drops it,
    /// because `DROP DATABASE … WITH (FORCE)` by its owner fails when an autovacuum worker
    /// happens to be in it ("must be a member of the role whose process is being terminated").
    public static func withFreshDatabase<T>(
        _ body: (PostgresConfiguration) async throws -> T
    ) async throws -> T {
        let base = try configuration()
        let name = String("test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16))
        let owner = try await PostgresConnection.connect(configuration: base)
        try await owner.execute("CREATE DATABASE \(identifier: name)")
        await owner.close()
        let fresh = PostgresConfiguration(
            connectionString: replacingDatabase(in: base.connectionString, with: name),
            applicationName: "relance-tests"
        )
        func drop() async throws {
            try await withAdminConnection { try await $0.execute("DROP DATABASE \(identifier: name) WITH (FORCE)") }
        }
        do {
            let value = try await body(fresh)
            try await drop()
            return value
        } catch {
            try? await drop()
            throw error
        }
    }

    /// Drops the cluster-wide roles whose names start with `prefix` (tenant roles a test made),
    /// after the databases holding their objects are gone.
    public static func dropRoles(prefix: String) async throws {
        try await withAdminConnection { admin in
            let rows = try await admin.query("SELECT rolname::text FROM pg_roles WHERE starts_with(rolname, $1)", [prefix])
            for row in rows {
                try await admin.execute("DROP ROLE IF EXISTS \(identifier: try row.decode(String.self, at: 0))")
            }
        }
    }

    /// Ends the server processes `pids` as the superuser (`pg_terminate_backend`), waiting up
    /// to 5 s for each to exit. Returns whether all of them did.
    @discardableResult
    public static func terminate(_ pids: [Int32]) async throws -> Bool {
        try await withAdminConnection { admin in
            var all = true
            for pid in pids {
                all = try await admin.query("SELECT pg_terminate_backend($1, 5000)", [pid])[0].decode(Bool.self, at: 0) && all
            }
            return all
        }
    }

    /// Runs `body` on a superuser connection to the test server, closed afterwards.
    private static func withAdminConnection<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let admin = try await PostgresConnection.connect(configuration: adminConfiguration())
        do {
            let value = try await body(admin)
            await admin.close()
            return value
        } catch {
            await admin.close()
            throw error
        }
    }

    /// `postgres://user@host:port/db?x` with `db` replaced.
    public static func replacingDatabase(in url: String, with database: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.path = "/" + database
        return components.string ?? url
    }

    /// Polls `condition` until it holds or `timeout` passes; no fixed sleeps.
    public static func eventually(
        timeout: Duration = .seconds(30),
        _ condition: () async throws -> Bool
    ) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }
}
