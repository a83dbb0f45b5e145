import Logging
internal import CLibPQ

/// The isolation level of a transaction.
public enum PostgresIsolationLevel: String, Sendable {
    case readCommitted = "READ COMMITTED"
    case repeatableRead = "REPEATABLE READ"
    case serializable = "SERIALIZABLE"
}

extension PostgresConnection {
    /// Runs `body` inside a transaction: commits when it returns, rolls back when it throws or
    /// when the task is cancelled (then throws `CancellationError`).
    ///
    /// `prologue` is SQL run right after `BEGIN` in the same message (one round trip), e.g.
    /// `SET LOCAL ROLE \(identifier: role); SET LOCAL search_path = …`. It binds nothing (the
    /// message uses the simple query protocol): name objects with `\(identifier:)`.
    /// - Throws: whatever `body` throws, or `PostgresError` from BEGIN/COMMIT (a failed COMMIT,
    ///   such as a serialization failure, means nothing was committed).
    public func withTransaction<T>(
        isolation: PostgresIsolationLevel = .readCommitted,
        readOnly: Bool = false,
        prologue: PostgresQuery? = nil,
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        precondition(prologue?.bindings.isEmpty ?? true, "a transaction prologue binds nothing: \(prologue?.sql ?? "")")
        var begin = "BEGIN ISOLATION LEVEL \(isolation.rawValue)\(readOnly ? " READ ONLY" : "")"
        if let prologue, !prologue.sql.isEmpty { begin += "; " + prologue.sql }
        do {
            try await execute(sql: begin)
        } catch {
            await rollbackIfOpen()
            throw error
        }
        let value: T
        do {
            value = try await body(self)
            try Task.checkCancellation()
        } catch {
            await rollbackIfOpen()
            throw error
        }
        try await executeUncancellable("COMMIT")
        return value
    }

    /// Rolls back if a transaction is open; a broken connection is left for the pool to drop.
    func rollbackIfOpen() async {
        let handle = self.handle
        let open = (try? await perform(cancellable: false) { connection throws(PostgresError) in
            PQstatus(handle.pointer) == CONNECTION_OK && PQtransactionStatus(connection) != PQTRANS_IDLE
        }) ?? false
        if open {
            do {
                try await executeUncancellable("ROLLBACK")
            } catch {
                logger.warning("rollback failed", metadata: ["error": "\(error)"])
            }
        }
    }
}
