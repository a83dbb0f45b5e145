import Foundation
import Postgres
import RelanceCore

/// A currency travels as its code (`char(3)`; select it as `currency::text`).
extension Currency: PostgresEncodable, PostgresDecodable {
    public static var postgresDataType: PostgresDataType { .unspecified }
    public static var postgresBinaryFormat: Bool { false }

    public func encode(into buffer: inout [UInt8]) -> Bool { code.encode(into: &buffer) }

    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresDataType) throws(PostgresDecodingProblem) -> Currency {
        let code = try String.decode(from: bytes, type: type)
        guard let currency = Currency(code.trimmingCharacters(in: .whitespaces)) else { throw .malformed("currency \(code)") }
        return currency
    }
}
