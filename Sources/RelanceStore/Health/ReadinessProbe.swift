import Postgres

/// Answers "can this process do its work?": the database answers and its schemas are at
/// the migrations this build carries.
public struct ReadinessProbe: Sendable {
    /// The outcome, with a reason people can act on when not ready.
    public struct Report: Sendable {
        public var isReady: Bool
        public var detail: String
    }

    public let pool: PostgresPool
    public let control: MigrationSet

    public init(pool: PostgresPool, control: MigrationSet) {
        self.pool = pool
        self.control = control
    }

    public func check() async -> Report {
        do {
            return try await pool.withConnection { connection in
                let status = try await Migrator().status(of: control, schema: Migrator.controlSchema, on: connection)
                guard status.isCurrent else {
                    let pending = status.pending.map(\.fileName).joined(separator: ", ")
                    return Report(isReady: false, detail: "control schema migrations pending: \(pending); run `relance migrate`")
                }
                return Report(isReady: true, detail: "database reachable, control schema at version \(status.version)")
            }
        } catch {
            return Report(isReady: false, detail: "database check failed: \(error)")
        }
    }
}
