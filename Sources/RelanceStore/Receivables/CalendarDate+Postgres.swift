import Foundation
import Postgres
import RelanceCore

/// A calendar date travels as PostgreSQL `date` (binary, via `PostgresDate`).
extension CalendarDate: PostgresEncodable, PostgresDecodable {
    public static var postgresDataType: PostgresDataType { .date }

    public func encode(into buffer: inout [UInt8]) -> Bool {
        guard let date = PostgresDate(year: year, month: month, day: day) else { return false }
        return date.encode(into: &buffer)
    }

    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresDataType) throws(PostgresDecodingProblem) -> CalendarDate {
        let date = try PostgresDate.decode(from: bytes, type: type)
        let parts = date.components
        guard let value = CalendarDate(year: parts.year, month: parts.month, day: parts.day) else {
            throw .malformed("date \(date) is outside 0001-01-01…9999-12-31")
        }
        return value
    }
}
