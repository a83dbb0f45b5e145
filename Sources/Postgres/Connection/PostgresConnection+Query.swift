import Foundation
internal import CLibPQ

/// Parameters encoded once, before they travel to the connection's thread.
struct EncodedParameters: Sendable {
    var types: [UInt32] = []
    var formats: [Int32] = []
    var lengths: [Int32] = []
    var offsets: [Int] = []  // -1 for NULL
    var bytes: [UInt8] = []

    init(_ parameters: [any PostgresEncodable]) {
        types.reserveCapacity(parameters.count)
        for parameter in parameters {
            let type = Swift.type(of: parameter)
            let binary = type.postgresBinaryFormat
            types.append(type.postgresDataType.oid)
            formats.append(binary ? 1 : 0)
            let start = bytes.count
            if parameter.encode(into: &bytes) {
                lengths.append(Int32(bytes.count - start))
                if !binary { bytes.append(0) }  // libpq reads text parameters as C strings
                offsets.append(start)
            } else {
                lengths.append(0)
                offsets.append(-1)
            }
        }
    }

    var count: Int { types.count }

    /// Calls `body` with the arrays `PQexecParams` and `PQsendQueryParams` take.
    func withLibPQArrays<R>(
        _ body: (UnsafePointer<UInt32>?, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?) -> R
    ) -> R {
        guard count > 0 else { return body(nil, nil, nil, nil) }
        return bytes.withUnsafeBufferPointer { raw in
            let base = UnsafeRawPointer(raw.baseAddress!)
            let values: [UnsafePointer<CChar>?] = offsets.map { offset in
                offset < 0 ? nil : base.advanced(by: offset).assumingMemoryBound(to: CChar.self)
            }
            return types.withUnsafeBufferPointer { types in
                values.withUnsafeBufferPointer { values in
                    lengths.withUnsafeBufferPointer { lengths in
                        formats.withUnsafeBufferPointer { formats in
                            body(types.baseAddress, values.baseAddress, lengths.baseAddress, formats.baseAddress)
                        }
                    }
                }
            }
        }
    }
}

extension PostgresConnection {
    /// Runs one statement and returns its rows, decoded lazily.
    ///
    /// Values never become SQL text: they travel as typed parameters, bound by interpolation
    /// (`"… WHERE id = \(id)"`) or, for a statement written with `$1`, `$2`, …, given in
    /// `parameters` (see `PostgresQuery`).
    /// - Throws: `PostgresError.server` (with SQLSTATE and diagnostics), `.connectionClosed`,
    ///   or `CancellationError` if the task was cancelled.
    @discardableResult
    public func query(_ query: PostgresQuery, _ parameters: [any PostgresEncodable] = []) async throws -> PostgresRows {
        let encoded = EncodedParameters(query.parameters(adding: parameters))
        let sql = query.sql
        let statements = self.statements
        return try await perform { connection throws(PostgresError) in
            guard statements.capacity > 0 else {
                let result = encoded.withLibPQArrays { types, values, lengths, formats in
                    PQexecParams(connection, sql, Int32(encoded.count), types, values, lengths, formats, 1)
                }
                return try PostgresConnection.rows(from: result, connection: connection)
            }
            do throws(PostgresError) {
                return try PostgresConnection.executePrepared(sql, encoded, statements: statements, connection: connection)
            } catch where error.sqlState == "0A000" {
                // "cached plan must not change result type": a table changed under a prepared
                // statement. Prepare it afresh, once.
                return try PostgresConnection.executePrepared(sql, encoded, statements: statements, connection: connection, fresh: true)
            } catch {
                throw error
            }
        }
    }

    /// Runs `sql` as a named prepared statement, preparing it on first use.
    static func executePrepared(
        _ sql: String, _ encoded: EncodedParameters, statements: StatementCache, connection: OpaquePointer, fresh: Bool = false
    ) throws(PostgresError) -> PostgresRows {
        let name = try preparedName(sql, encoded, statements: statements, connection: connection, fresh: fresh)
        let result = encoded.withLibPQArrays { _, values, lengths, formats in
            PQexecPrepared(connection, name, Int32(encoded.count), values, lengths, formats, 1)
        }
        return try rows(from: result, connection: connection)
    }

    /// The cache key of a statement: its parameter types and text.
    static func statementKey(_ sql: String, _ encoded: EncodedParameters) -> String {
        encoded.types.map(String.init).joined(separator: ",") + "|" + sql
    }

    /// The name `sql` is prepared under on this connection, preparing it (one round trip) on
    /// first use and deallocating the least recently used statement when the cache is full.
    static func preparedName(
        _ sql: String, _ encoded: EncodedParameters, statements: StatementCache, connection: OpaquePointer, fresh: Bool = false
    ) throws(PostgresError) -> String {
        let key = statementKey(sql, encoded)
        if fresh { statements.remove(key) }
        let name: String
        if let known = statements.lookup(key) {
            name = known
        } else {
            let (created, evicted) = statements.insert(key)
            if let evicted, PQtransactionStatus(connection) != PQTRANS_INERROR {
                _ = try? rows(from: PQexec(connection, "DEALLOCATE \(evicted)"), connection: connection, textResults: true)
            }
            let prepared = encoded.types.withUnsafeBufferPointer { types in
                PQprepare(connection, created, sql, Int32(encoded.count), types.baseAddress)
            }
            do throws(PostgresError) {
                _ = try rows(from: prepared, connection: connection, textResults: true)
            } catch {
                statements.remove(key)
                throw error
            }
            name = created
        }
        return name
    }

    /// Runs SQL with no parameters, possibly several `;`-separated statements, in one round
    /// trip (simple query protocol). Stops at the first failing statement. Returns nothing:
    /// use `query` to read rows.
    /// - Precondition: `script` binds nothing (the simple query protocol has no parameters).
    public func execute(_ script: PostgresQuery) async throws {
        precondition(script.bindings.isEmpty, "execute sends no parameters; use query for: \(script.sql)")
        try await execute(sql: script.sql)
    }

    /// `execute` for SQL text this module writes itself.
    func execute(sql script: String) async throws {
        try await perform { connection throws(PostgresError) in
            _ = try PostgresConnection.rows(from: PQexec(connection, script), connection: connection, textResults: true)
        }
    }

    /// Like `execute`, but runs even if the task is cancelled (used to end transactions).
    func executeUncancellable(_ script: String) async throws {
        try await perform(cancellable: false) { connection throws(PostgresError) in
            _ = try PostgresConnection.rows(from: PQexec(connection, script), connection: connection, textResults: true)
        }
    }

    /// Turns a `PGresult` into rows or a typed error, taking ownership of it.
    static func rows(from result: OpaquePointer?, connection: OpaquePointer, textResults: Bool = false) throws(PostgresError) -> PostgresRows {
        guard let result else {
            throw connectionError(connection)
        }
        switch PQresultStatus(result) {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_SINGLE_TUPLE, PGRES_EMPTY_QUERY:
            if textResults {
                let rows = PostgresRows(
                    commandTag: String(cString: PQcmdStatus(result)),
                    affectedRows: Int(String(cString: PQcmdTuples(result))) ?? 0
                )
                PQclear(result)
                return rows
            }
            return PostgresRows(box: ResultBox(result))
        case PGRES_FATAL_ERROR, PGRES_NONFATAL_ERROR:
            let error = serverError(from: result)
            PQclear(result)
            if PQstatus(connection) == CONNECTION_BAD {
                throw .connectionClosed(reason: error.map(\.description) ?? lastErrorMessage(connection))
            }
            if let error { throw .server(error) }
            throw .connectionClosed(reason: lastErrorMessage(connection))
        default:
            let status = String(cString: PQresStatus(PQresultStatus(result)))
            PQclear(result)
            throw .unexpectedResult(status)
        }
    }

    static func connectionError(_ connection: OpaquePointer) -> PostgresError {
        .connectionClosed(reason: lastErrorMessage(connection))
    }

    static func lastErrorMessage(_ connection: OpaquePointer) -> String {
        let message = String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines)
        return message.isEmpty ? "the connection was lost" : message
    }

    static func serverError(from result: OpaquePointer) -> PostgresError.ServerError? {
        // libpq's PG_DIAG_* macros are character literals, which Swift does not import.
        func field(_ code: Unicode.Scalar) -> String? {
            PQresultErrorField(result, Int32(code.value)).map { String(cString: $0) }
        }
        guard let sqlState = field("C") else { return nil }
        return PostgresError.ServerError(
            sqlState: sqlState,
            severity: field("V") ?? field("S") ?? "ERROR",
            message: field("M") ?? "",
            detail: field("D"),
            hint: field("H"),
            schema: field("s"),
            table: field("t"),
            column: field("c"),
            constraint: field("n"),
            dataType: field("d"),
            position: field("P").flatMap { Int($0) }
        )
    }
}
