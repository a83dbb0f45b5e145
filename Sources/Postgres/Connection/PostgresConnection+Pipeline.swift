internal import CLibPQ

/// A statement and its parameters, for `PostgresConnection.pipeline`.
public struct PostgresStatement: Sendable {
    public var sql: String
    let parameters: EncodedParameters

    /// `query`, with `parameters` for a statement written with `$n` placeholders; see
    /// `PostgresConnection.query(_:_:)`.
    public init(_ query: PostgresQuery, _ parameters: [any PostgresEncodable] = []) {
        self.sql = query.sql
        self.parameters = EncodedParameters(query.parameters(adding: parameters))
    }
}

extension PostgresConnection {
    /// Sends several parameterised statements in one round trip (libpq pipeline mode) and
    /// returns each one's rows, in order.
    ///
    /// Statements run one after another on the server; if one fails, the rest are skipped and
    /// its error is thrown. Outside a transaction block they form one implicit transaction
    /// (there is one Sync at the end): all commit together, with one commit, or none does.
    ///
    /// A table changed under one of its prepared statements ("cached plan must not change result
    /// type") is handled as `query` handles it: outside a transaction block the pipeline is
    /// prepared afresh and sent once more; inside one, the error is thrown (the block is aborted)
    /// and the next use prepares afresh.
    public func pipeline(_ statements: [PostgresStatement]) async throws -> [PostgresRows] {
        try await pipeline(statements, resettingSession: false)
    }

    /// `pipeline`; with `resettingSession` and no transaction block open, `PostgresSessionReset`
    /// follows the statements after a Sync of their own (a separate implicit transaction, run
    /// even when a statement failed) in the same round trip. Only for pooled leases.
    func pipeline(_ statements: [PostgresStatement], resettingSession: Bool) async throws -> [PostgresRows] {
        guard !statements.isEmpty else { return [] }
        let cache = self.statements
        let (rows, reset) = try await perform { connection throws(PostgresError) in
            let wasIdle = PQtransactionStatus(connection) == PQTRANS_IDLE
            let reset = resettingSession && wasIdle
            do throws(PostgresError) {
                return try PostgresConnection.runPipeline(statements, statements: cache, connection: connection, ownTransaction: wasIdle, reset: reset)
            } catch where error.sqlState == "0A000" && wasIdle {
                return try PostgresConnection.runPipeline(statements, statements: cache, connection: connection, ownTransaction: true, reset: reset)
            } catch {
                throw error
            }
        }
        if reset { markSessionReset() }
        return rows
    }

    /// One pipeline round trip; see `pipeline(_:)`. `ownTransaction`: no transaction block was
    /// open, so the pipeline's implicit transaction is rolled back here if a statement fails.
    /// Returns the rows and whether the session reset ran (asked for and every statement of it succeeded).
    private static func runPipeline(
        _ statements: [PostgresStatement], statements cache: StatementCache, connection: OpaquePointer, ownTransaction: Bool, reset: Bool
    ) throws(PostgresError) -> ([PostgresRows], Bool) {
        // Prepared statements, as `query` uses: the server parses and plans each text once
        // per connection. A statement seen for the first time is prepared before the
        // pipeline starts (one extra round trip, once).
        var names: [String?] = Array(repeating: nil, count: statements.count)
        if cache.capacity > 0 {
            for (index, statement) in statements.enumerated() {
                names[index] = try PostgresConnection.preparedName(statement.sql, statement.parameters, statements: cache, connection: connection)
            }
        }
        guard PQenterPipelineMode(connection) == 1 else {
            throw .unexpectedResult("could not enter pipeline mode: \(PostgresConnection.lastErrorMessage(connection))")
        }
        defer { PQexitPipelineMode(connection) }
        for (statement, name) in zip(statements, names) {
            let sent = statement.parameters.withLibPQArrays { types, values, lengths, formats in
                if let name {
                    PQsendQueryPrepared(connection, name, Int32(statement.parameters.count), values, lengths, formats, 1)
                } else {
                    PQsendQueryParams(connection, statement.sql, Int32(statement.parameters.count), types, values, lengths, formats, 1)
                }
            }
            guard sent == 1 else { throw PostgresConnection.connectionError(connection) }
        }
        guard PQpipelineSync(connection) == 1 else { throw PostgresConnection.connectionError(connection) }
        if reset {
            for sql in PostgresSessionReset.statements {
                guard PQsendQueryParams(connection, sql, 0, nil, nil, nil, nil, 0) == 1 else { throw PostgresConnection.connectionError(connection) }
            }
            guard PQpipelineSync(connection) == 1 else { throw PostgresConnection.connectionError(connection) }
        }

        var results: [PostgresRows] = []
        var failure: PostgresError?
        for _ in statements {
            guard let result = PQgetResult(connection) else { throw PostgresConnection.connectionError(connection) }
            if PQresultStatus(result) == PGRES_PIPELINE_ABORTED {
                PQclear(result)
            } else {
                do throws(PostgresError) {
                    results.append(try PostgresConnection.rows(from: result, connection: connection))
                } catch {
                    failure = failure ?? error
                }
            }
            // Each statement's results end with a NULL.
            while let extra = PQgetResult(connection) { PQclear(extra) }
        }
        // The pipeline's sync point.
        while let result = PQgetResult(connection) {
            let status = PQresultStatus(result)
            PQclear(result)
            if status == PGRES_PIPELINE_SYNC { break }
        }
        var resetDone = false
        if reset {
            resetDone = true
            for _ in PostgresSessionReset.statements {
                guard let result = PQgetResult(connection) else { resetDone = false; break }
                let status = PQresultStatus(result)
                if status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK { resetDone = false }
                PQclear(result)
                while let extra = PQgetResult(connection) { PQclear(extra) }
            }
            while let result = PQgetResult(connection) {
                let status = PQresultStatus(result)
                PQclear(result)
                if status == PGRES_PIPELINE_SYNC { break }
            }
        }
        if let failure {
            if failure.sqlState == "0A000" {
                // A table changed under a prepared statement: prepare afresh next time.
                for statement in statements { cache.remove(PostgresConnection.statementKey(statement.sql, statement.parameters)) }
            }
            PQexitPipelineMode(connection)
            // A transaction the pipeline itself opened is not left behind, aborted.
            if ownTransaction && PQtransactionStatus(connection) == PQTRANS_INERROR, let rollback = PQexec(connection, "ROLLBACK") {
                PQclear(rollback)
            }
            throw failure
        }
        return (results, resetDone)
    }
}
