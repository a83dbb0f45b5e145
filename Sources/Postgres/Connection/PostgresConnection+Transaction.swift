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
        try await withTransaction(isolation: isolation, readOnly: readOnly, prologue: prologue, resettingSession: false, body)
    }

    /// `withTransaction`; with `resettingSession`, the COMMIT or ROLLBACK message also carries
    /// `PostgresSessionReset` (no extra round trip), as the pool wants for a lease that is
    /// one transaction. Only for pooled leases: it releases session advisory locks.
    func withTransaction<T>(
        isolation: PostgresIsolationLevel, readOnly: Bool, prologue: PostgresQuery?, resettingSession: Bool,
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        precondition(prologue?.bindings.isEmpty ?? true, "a transaction prologue binds nothing: \(prologue?.sql ?? "")")
        var begin = "BEGIN ISOLATION LEVEL \(isolation.rawValue)\(readOnly ? " READ ONLY" : "")"
        if let prologue, !prologue.sql.isEmpty { begin += "; " + prologue.sql }
        do {
            try await execute(sql: begin)
        } catch {
            await rollbackIfOpen(resettingSession: resettingSession)
            throw error
        }
        let value: T
        do {
            value = try await body(self)
            try Task.checkCancellation()
        } catch {
            await rollbackIfOpen(resettingSession: resettingSession)
            throw error
        }
        if resettingSession {
            try await endTransactionAndReset("COMMIT")
        } else {
            try await executeUncancellable("COMMIT")
        }
        return value
    }

    /// Runs `command` (COMMIT or ROLLBACK) and `PostgresSessionReset` in one message. Throws
    /// only what `command` failed with: a COMMIT that succeeded is not reported as failed
    /// because a reset statement after it failed (the session then stays marked as touched,
    /// and the pool resets it with a round trip of its own).
    func endTransactionAndReset(_ command: String) async throws {
        let reset = try await perform(cancellable: false) { connection throws(PostgresError) -> Bool in
            guard PQsendQuery(connection, command + "; " + PostgresSessionReset.script) == 1 else {
                throw PostgresConnection.connectionError(connection)
            }
            var index = 0
            var commandError: PostgresError?
            var resetFailed = false
            while let result = PQgetResult(connection) {
                do throws(PostgresError) {
                    _ = try PostgresConnection.rows(from: result, connection: connection, textResults: true)
                } catch {
                    if index == 0 { commandError = error } else { resetFailed = true }
                }
                index += 1
            }
            if let commandError { throw commandError }
            return !resetFailed && index == 1 + PostgresSessionReset.statements.count
        }
        if reset { markSessionReset() }
    }

    /// Rolls back if a transaction is open; a broken connection is left for the pool to drop.
    func rollbackIfOpen(resettingSession: Bool = false) async {
        let handle = self.handle
        let open = (try? await perform(cancellable: false) { connection throws(PostgresError) in
            PQstatus(handle.pointer) == CONNECTION_OK && PQtransactionStatus(connection) != PQTRANS_IDLE
        }) ?? false
        if open {
            do {
                if resettingSession {
                    try await endTransactionAndReset("ROLLBACK")
                } else {
                    try await executeUncancellable("ROLLBACK")
                }
            } catch {
                logger.warning("rollback failed", metadata: ["error": "\(error)"])
            }
        }
    }
}
