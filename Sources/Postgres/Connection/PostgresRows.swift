internal import CLibPQ

/// Owns a libpq `PGresult` and frees it when the last reference goes.
///
/// A `PGresult` is immutable once libpq hands it over, so reading it from any thread is safe.
final class ResultBox: @unchecked Sendable {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) { self.pointer = pointer }

    deinit { PQclear(pointer) }
}

/// A column of a result: its name and PostgreSQL type.
public struct PostgresColumn: Sendable, Hashable {
    public var name: String
    public var dataType: PostgresDataType
}

/// The rows a statement returned, decoded lazily from libpq's result in binary format.
public struct PostgresRows: RandomAccessCollection, Sendable {
    let box: ResultBox?
    /// The columns, in order.
    public let columns: [PostgresColumn]
    /// Rows inserted, updated, deleted, selected or copied, as the server's command tag says.
    public let affectedRows: Int
    /// The server's command tag, e.g. `INSERT 0 3`.
    public let commandTag: String

    init(box: ResultBox) {
        self.box = box
        let result = box.pointer
        let count = Int(PQnfields(result))
        columns = (0..<count).map { index in
            PostgresColumn(
                name: String(cString: PQfname(result, Int32(index))),
                dataType: PostgresDataType(oid: PQftype(result, Int32(index)))
            )
        }
        affectedRows = Int(String(cString: PQcmdTuples(result))) ?? 0
        commandTag = String(cString: PQcmdStatus(result))
        endIndex = Int(PQntuples(result))
    }

    /// An empty result, for statements that return nothing.
    init(commandTag: String = "", affectedRows: Int = 0) {
        box = nil
        columns = []
        self.affectedRows = affectedRows
        self.commandTag = commandTag
        endIndex = 0
    }

    public var startIndex: Int { 0 }
    public let endIndex: Int

    public subscript(position: Int) -> PostgresRow {
        precondition(position >= 0 && position < endIndex, "row \(position) out of range 0..<\(endIndex)")
        return PostgresRow(rows: self, index: position)
    }

    /// The index of the column named `name` (exact, case-sensitive).
    public func columnIndex(named name: String) -> Int? {
        columns.firstIndex { $0.name == name }
    }
}

/// One row of a result. Decode columns by position or by name.
public struct PostgresRow: Sendable {
    let rows: PostgresRows
    let index: Int

    /// Decodes column `column` (0-based). Throws `PostgresError.decoding` naming the column and
    /// both types when the column's type does not fit `T`, or when it is NULL and `T` is not optional.
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, at column: Int) throws(PostgresError) -> T {
        precondition(column >= 0 && column < rows.columns.count, "column \(column) out of range 0..<\(rows.columns.count)")
        let result = rows.box!.pointer
        let row = Int32(index)
        let field = Int32(column)
        let dataType = rows.columns[column].dataType
        do {
            if PQgetisnull(result, row, field) == 1 {
                return try T.decodeNull()
            }
            let length = Int(PQgetlength(result, row, field))
            guard let start = PQgetvalue(result, row, field) else { return try T.decodeNull() }
            let bytes = UnsafeRawBufferPointer(start: UnsafeRawPointer(start), count: length)
            return try T.decode(from: bytes, type: dataType)
        } catch {
            let reason: String = switch error {
            case .typeMismatch: "types do not match"
            case .unexpectedNull: "the value is NULL; decode as Optional"
            case .malformed(let detail): detail
            }
            throw .decoding(.init(
                column: rows.columns[column].name, columnIndex: column,
                postgresType: dataType.description, swiftType: String(describing: T.self), reason: reason
            ))
        }
    }

    /// Decodes the column named `name`; a missing column is a decoding error.
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, named name: String) throws(PostgresError) -> T {
        guard let column = rows.columnIndex(named: name) else {
            throw .decoding(.init(column: name, columnIndex: -1, postgresType: "none", swiftType: String(describing: T.self),
                                  reason: "no such column; columns are \(rows.columns.map(\.name))"))
        }
        return try decode(type, at: column)
    }
}
