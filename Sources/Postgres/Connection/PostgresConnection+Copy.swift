internal import CLibPQ
import Synchronization

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
    /// the statement names (e.g. `WITH (FORMAT csv, HEADER)`). Holds the whole output in
    /// memory: for large tables use `copyTo(_:chunkSize:consume:)`.
    public func copyTo(_ copyStatement: PostgresQuery) async throws -> [UInt8] {
        let output = Mutex<[UInt8]>([])
        try await copyTo(copyStatement) { chunk in output.withLock { $0.append(contentsOf: chunk) } }
        return output.withLock { $0 }
    }

    /// Runs a `COPY … TO STDOUT` statement and hands its output to `consume` chunk by chunk,
    /// holding at most one chunk: each chunk is whole rows, about `chunkSize` bytes (more
    /// only when a single row is larger). `consume` runs on the connection's own thread, one
    /// call at a time and in order, so it may block (write a file) but must not wait on the
    /// connection. If it throws, the COPY is cancelled on the server (inside a transaction,
    /// that aborts the transaction), the connection is left ready for the next statement,
    /// and its error is rethrown.
    /// - Returns: the number of rows the server sent.
    @discardableResult
    public func copyTo(
        _ copyStatement: PostgresQuery, chunkSize: Int = 256 * 1024,
        consume: @escaping @Sendable (UnsafeRawBufferPointer) throws -> Void
    ) async throws -> Int {
        precondition(chunkSize > 0, "chunkSize must be positive")
        precondition(copyStatement.bindings.isEmpty, "COPY takes no parameters: \(copyStatement.sql)")
        let copyStatement = copyStatement.sql
        let cancelHandle = self.cancelHandle
        let (rows, consumerError) = try await perform { connection throws(PostgresError) -> (Int, (any Error)?) in
            try PostgresConnection.startCopy(copyStatement, expecting: PGRES_COPY_OUT, on: connection)
            var chunk: [UInt8] = []
            chunk.reserveCapacity(chunkSize)
            var consumerError: (any Error)?
            func hand(_ bytes: [UInt8], cancellingOnFailure: Bool) {
                guard consumerError == nil else { return }
                do {
                    try bytes.withUnsafeBytes { try consume($0) }
                } catch {
                    consumerError = error
                    // Only while the server is still sending: a cancel that arrived after
                    // the COPY ended could hit the next statement.
                    if cancellingOnFailure, let cancelHandle {
                        var buffer = [CChar](repeating: 0, count: 256)
                        _ = PQcancel(cancelHandle.pointer, &buffer, Int32(buffer.count))
                    }
                }
            }
            while true {
                var buffer: UnsafeMutablePointer<CChar>?
                let length = PQgetCopyData(connection, &buffer, 0)
                guard length > 0, let buffer else { break }  // -1: done; -2: error, reported by the final result
                if consumerError == nil {
                    buffer.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
                        chunk.append(contentsOf: UnsafeBufferPointer(start: $0, count: Int(length)))
                    }
                    if chunk.count >= chunkSize {
                        hand(chunk, cancellingOnFailure: true)
                        chunk.removeAll(keepingCapacity: true)
                    }
                }
                PQfreemem(buffer)
            }
            if !chunk.isEmpty { hand(chunk, cancellingOnFailure: false) }
            let (rows, failure) = PostgresConnection.drainResults(connection)
            if let consumerError { return (rows, consumerError) }
            if let failure { throw failure }
            return (rows, nil)
        }
        if let consumerError { throw consumerError }
        return rows
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
