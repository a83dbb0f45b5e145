import Foundation
import Logging
import Postgres
import Synchronization

/// Brings every tenant schema up to a migration set, several schemas at a time.
///
/// Tenants whose recorded `schema_version` is already the latest are skipped without
/// touching their schema, so a run that stopped half-way resumes where it stopped. Each
/// schema is migrated under its own advisory lock (see `Migrator`), so two runs at once
/// migrate each tenant exactly once between them.
public struct TenantMigrationRun: Sendable {
    /// One tenant's outcome, reported as the run goes.
    public struct Progress: Sendable {
        public var slug: String
        public var applied: [String]
        public var done: Int
        public var total: Int
    }

    /// What the run did.
    public struct Summary: Sendable {
        public var tenants: Int
        public var migratedTenants: Int
        public var appliedMigrations: Int
    }

    public let configuration: PostgresConfiguration
    public let migrations: MigrationSet
    public let concurrency: Int
    public let logger: Logger

    public init(configuration: PostgresConfiguration, migrations: MigrationSet, concurrency: Int, logger: Logger = Logger(label: "relance.migrate")) {
        precondition(concurrency > 0)
        self.configuration = configuration
        self.migrations = migrations
        self.concurrency = concurrency
        self.logger = logger
    }

    public func run(progress: @escaping @Sendable (Progress) -> Void = { _ in }) async throws -> Summary {
        let latest = migrations.migrations.last?.version ?? 0
        let listing = try await PostgresConnection.connect(configuration: configuration)
        let slugs = try await listing.query(
            "SELECT slug FROM relance.tenants WHERE status <> 'offboarding' AND schema_version < $1 ORDER BY slug", [latest]
        ).map { try $0.decode(String.self, at: 0) }
        await listing.close()

        let queue = Shared(slugs[...])
        let counters = Shared((done: 0, migrated: 0, applied: 0))
        let total = slugs.count
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<min(concurrency, max(total, 1)) {
                group.addTask {
                    let connection = try await PostgresConnection.connect(configuration: configuration)
                    defer { Task { await connection.close() } }
                    while let slug = queue.withLock({ $0.popFirst() }) {
                        let applied = try await Migrator(logger: logger).migrate(migrations, schema: "t_" + slug, on: connection)
                        let status = try await Migrator(logger: logger).status(of: migrations, schema: "t_" + slug, on: connection)
                        try await connection.query("UPDATE relance.tenants SET schema_version = $2 WHERE slug = $1", [slug, status.version])
                        let done = counters.withLock { counters in
                            counters.done += 1
                            if !applied.isEmpty {
                                counters.migrated += 1
                                counters.applied += applied.count
                            }
                            return counters.done
                        }
                        progress(Progress(slug: slug, applied: applied.map(\.fileName), done: done, total: total))
                    }
                }
            }
            try await group.waitForAll()
        }
        let result = counters.withLock { $0 }
        return Summary(tenants: total, migratedTenants: result.migrated, appliedMigrations: result.applied)
    }
}

/// A value shared by the run's concurrent tasks.
private final class Shared<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<T: Sendable>(_ body: (inout Value) -> T) -> T { mutex.withLock { body(&$0) } }
}
