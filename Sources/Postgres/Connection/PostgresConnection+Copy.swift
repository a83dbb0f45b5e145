internal import CLibPQ

extension PostgresConnection {
    /// Bulk-loads rows with `COPY … FROM STDIN` (text format), e.g.
    /// `copyFrom("COPY items (id, name) FROM STDIN", rows: [["1", "a"], ["2", nil]])`.
    ///
    /// Values are escaped for COPY's text format; `nil` is NULL. All rows load or none do.
    /// - Returns: the number of rows the server loaded.
    @discardableResult
    public func copyFrom(_ copyStatement: PostgresQuery, rows: [[String?]]) async throws -> Int {
        var data: [UInt8] = []
        data.reserveCapacity(rows.count * 32)
        for row in rows {
            for (index, value) in row.enumerated() {
                if index > 0 { data.append(UInt8(ascii: "\t")) }
                guard let value else {
                    data.append(contentsOf: Array("\\N".utf8))
                    continue
                }
                for byte in value.utf8 {
                    switch byte {
                    case UInt8(ascii: "\\"): data.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                    case UInt8(ascii: "\t"): data.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                    case UInt8(ascii: "\n"): data.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                    case UInt8(ascii: "\r"): data.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                    default: data.append(byte)
                    }
                }
            }
            data.append(UInt8(ascii: "\n"))
        }
        return try await copyFrom(copyStatement, data: data)
    }

    /// Sends `data` as the input of a `COPY … FROM STDIN` statement, in whatever format the
    /// statement names. Returns the number of rows loaded.
    @discardableResult
    public func copyFrom(_ copyStatement: PostgresQuery, data: [UInt8]) async throws -> Int {
        precondition(copyStatement.bindings.isEmpty, "COPY takes no parameters: \(copyStatement.sql)")
        let copyStatement = copyStatement.sql
        return try await perform { connection throws(PostgresError) in
            try PostgresConnection.startCopy(copyStatement, expecting: PGRES_COPY_IN, on: connection)
            let chunk = 64 * 1024
            var offset = 0
            var failure: PostgresError?
            data.withUnsafeBufferPointer { buffer in
                while offset < buffer.count {
                    let length = min(chunk, buffer.count - offset)
                    let sent = buffer.baseAddress!.advanced(by: offset).withMemoryRebound(to: CChar.self, capacity: length) {
                        PQputCopyData(connection, $0, Int32(length))
                    }
                    if sent != 1 {
                        failure = PostgresConnection.connectionError(connection)
                        return
                    }
                    offset += length
                }
            }
            if PQputCopyEnd(connection, failure == nil ? nil : "client failed to send data") != 1 {
                failure = failure ?? PostgresConnection.connectionError(connection)
            }
            let (loaded, error) = PostgresConnection.drainResults(connection)
            if let failure = failure ?? error { throw failure }
            return loaded
        }
    }
}

extension PostgresConnection {
    /// Runs a `COPY … TO STDOUT` statement and returns everything it wrote, in the format
    /// the statement names (e.g. `WITH (FORMAT csv, HEADER)`).
    public func copyTo(_ copyStatement: PostgresQuery) async throws -> [UInt8] {
        precondition(copyStatement.bindings.isEmpty, "COPY takes no parameters: \(copyStatement.sql)")
        let copyStatement = copyStatement.sql
        return try await perform { connection throws(PostgresError) in
            try PostgresConnection.startCopy(copyStatement, expecting: PGRES_COPY_OUT, on: connection)
            var output: [UInt8] = []
            while true {
                var buffer: UnsafeMutablePointer<CChar>?
                let length = PQgetCopyData(connection, &buffer, 0)
                if length > 0, let buffer {
                    buffer.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
                        output.append(contentsOf: UnsafeBufferPointer(start: $0, count: Int(length)))
                    }
                    PQfreemem(buffer)
                } else {
                    break  // -1: done; -2: error, reported by the final result
                }
            }
            if let failure = PostgresConnection.drainResults(connection).failure { throw failure }
            return output
        }
    }
}

extension PostgresConnection {
    /// Sends a COPY statement and checks the server entered the expected copy mode; a
    /// statement that is not that kind of COPY runs to completion and is reported.
    static func startCopy(_ statement: String, expecting mode: ExecStatusType, on connection: OpaquePointer) throws(PostgresError) {
        guard let start = PQexec(connection, statement) else { throw connectionError(connection) }
        guard PQresultStatus(start) == mode else {
            _ = try rows(from: start, connection: connection)
            throw .unexpectedResult("\(statement.prefix(40))… is not COPY \(mode == PGRES_COPY_IN ? "FROM STDIN" : "TO STDOUT")")
        }
        PQclear(start)
    }

    /// Reads every remaining result of a COPY so the connection is ready for the next
    /// statement; returns the last result's row count and the first error.
    static func drainResults(_ connection: OpaquePointer) -> (affectedRows: Int, failure: PostgresError?) {
        var affected = 0
        var failure: PostgresError?
        while let result = PQgetResult(connection) {
            do throws(PostgresError) {
                affected = try rows(from: result, connection: connection).affectedRows
            } catch {
                failure = failure ?? error
            }
        }
        return (affected, failure)
    }
}
