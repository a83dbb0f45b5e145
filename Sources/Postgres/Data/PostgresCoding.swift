import Foundation

/// A Swift value that can be sent as a query parameter (`$1`, `$2`, …).
///
/// Values travel in PostgreSQL's binary format where one exists, so no value is ever
/// spliced into SQL text.
public protocol PostgresEncodable: Sendable {
    /// The parameter type sent to the server (`.unspecified` lets the server infer it).
    static var postgresDataType: PostgresDataType { get }
    /// Whether `encode(into:)` writes binary (true) or text (false) format.
    static var postgresBinaryFormat: Bool { get }
    /// Appends the value's bytes; returning false means SQL NULL.
    func encode(into buffer: inout [UInt8]) -> Bool
}

extension PostgresEncodable {
    public static var postgresBinaryFormat: Bool { true }
}

/// Why a raw value could not become a Swift value; the row adds the column and types.
public enum PostgresDecodingProblem: Error, Sendable {
    case typeMismatch
    case malformed(String)
    case unexpectedNull
}

/// A Swift value that can be read from a result column in binary format.
public protocol PostgresDecodable: Sendable {
    /// Decodes a non-NULL value of PostgreSQL type `type`.
    static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresDataType) throws(PostgresDecodingProblem) -> Self
    /// The value for SQL NULL; non-optional types throw `.unexpectedNull`.
    static func decodeNull() throws(PostgresDecodingProblem) -> Self
}

extension PostgresDecodable {
    public static func decodeNull() throws(PostgresDecodingProblem) -> Self { throw .unexpectedNull }
}

// MARK: - Binary helpers

extension UnsafeRawBufferPointer {
    @inline(__always)
    func readBigEndian<T: FixedWidthInteger>(_: T.Type, at offset: Int = 0) -> T {
        var value: T = 0
        withUnsafeMutableBytes(of: &value) { target in
            target.copyMemory(from: UnsafeRawBufferPointer(rebasing: self[offset..<(offset + MemoryLayout<T>.size)]))
        }
        return T(bigEndian: value)
    }
}

extension Array where Element == UInt8 {
    @inline(__always)
    mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.bigEndian) { append(contentsOf: $0) }
    }
}

// MARK: - NULL

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    public static var postgresDataType: PostgresDataType { Wrapped.postgresDataType }
    public static var postgresBinaryFormat: Bool { Wrapped.postgresBinaryFormat }
    public func encode(into buffer: inout [UInt8]) -> Bool {
        switch self {
        case .none: return false
        case .some(let value): return value.encode(into: &buffer)
        }
    }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresDataType) throws(PostgresDecodingProblem) -> Self {
        try Wrapped.decode(from: bytes, type: type)
    }
    public static func decodeNull() throws(PostgresDecodingProblem) -> Self { nil }
}

// MARK: - Integers

extension Int64: PostgresEncodable, PostgresDecodable {
    public static var postgresDataType: PostgresDataType { .int8 }
    public func encode(into buffer: inout [UInt8]) -> Bool { buffer.appendBigEndian(self); return true }
    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresDataType) throws(PostgresDecodingProblem) -> Int64 {
        switch (type, bytes.count) {
        case (.int8, 8): return bytes.readBigEndian(Int64.self)
        case (.int4, 4): return Int64(bytes.readBigEndian(Int32.self))
        case (.int2, 2): return Int64(bytes.readBigEndian(Int16.self))
        case (.oidType, 4): return Int64(bytes.readBigEndian(UInt32.self))
        case (.numeric, _):
            let numeric = try PostgresNumeric(bytes: bytes)
            guard let value = Int64(numeric.description) else { throw .malformed("numeric \(numeric) is not a 64-bit integer") }
            return value
        default: throw .typeMismatch
        }
    }
}

extension Int: PostgresEncodable, PostgresDecodable {
    public static var postgresDataType: PostgresDataType { .int8 }
    public func encode(into buffer: inout [UInt8]) -> Bool { buffer.appendBigEndian(Int64(self)); return true }
    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresDataType) throws(PostgresDecodingProblem) -> Int {
        Int(try Int64.decode(from: bytes, type: type))
    }
}

extension Int32: PostgresEncodable, PostgresDecodable {
    public static var postgresDataType: PostgresDataType { .int4 }
    public func encode(into buffer: inout [UInt8]) -> Bool { buffer.appendBigEndian(self); return true }
    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresDataType) throws(PostgresDecodingProblem) -> Int32 {
        switch (type, bytes.count) {
        case (.int4, 4): return bytes.readBigEndian(Int32.self)
        case (.int2, 2): return Int32(bytes.readBigEndian(Int16.self))
        default: throw .typeMismatch
        }
    }
}

extension Int16: PostgresEncodable, PostgresDecodable {
    public static var postgresDataType: PostgresDataType { .int2 }
    public func encode(into buffer: inout [UInt8]) -> Bool { buffer.appendBigEndian(self); return true }
    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresDataType) throws(PostgresDecodingProblem) -> Int16 {
        guard type == .int2, bytes.count == 2 else { throw .typeMismatch }
        return bytes.readBigEndian(Int16.self)
    }
}

// MARK: - Bool, Double

extension Bool: PostgresEncodable, PostgresDecodable {
    public static var postgresDataType: PostgresDataType { .bool }
    public func encode(into buffer: inout [UInt8]) -> Bool { buffer.append(self ? 1 : 0); return true }
    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresDataType) throws(PostgresDecodingProblem) -> Bool {
        guard type == .bool, bytes.count == 1 else { throw .typeMismatch }
        return bytes[0] != 0
    }
}

extension Double: PostgresEncodable, PostgresDecodable {
    public static var postgresDataType: PostgresDataType { .float8 }
    public func encode(into buffer: inout [UInt8]) -> Bool { buffer.appendBigEndian(bitPattern); return true }
    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresDataType) throws(PostgresDecodingProblem) -> Double {
        switch (type, bytes.count) {
        case (.float8, 8): return Double(bitPattern: bytes.readBigEndian(UInt64.self))
        case (.float4, 4): return Double(Float(bitPattern: bytes.readBigEndian(UInt32.self)))
        default: throw .typeMismatch
        }
    }
}

// MARK: - Text

extension String: PostgresEncodable, PostgresDecodable {
    /// Strings are sent untyped so the server can read them as text, varchar, an enum, json…
    public static var postgresDataType: PostgresDataType { .unspecified }
    public static var postgresBinaryFormat: Bool { false }
    public func encode(into buffer: inout [UInt8]) -> Bool { buffer.append(contentsOf: utf8); return true }
    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresDataType) throws(PostgresDecodingProblem) -> String {
        switch type {
        case _ where type.isTextual, .json:
            return String(decoding: bytes, as: UTF8.self)
        case .jsonb:
            guard bytes.first == 1 else { throw .malformed("unknown jsonb version") }
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes.dropFirst()), as: UTF8.self)
        case .numeric:
            return try PostgresNumeric(bytes: bytes).description
        default:
            throw .typeMismatch
        }
    }
}

// MARK: - bytea (use Data; arrays of values are PostgreSQL arrays)

extension Data: PostgresEncodable, PostgresDecodable {
    public static var postgresDataType: PostgresDataType { .bytea }
    public func encode(into buffer: inout [UInt8]) -> Bool { buffer.append(contentsOf: self); return true }
    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresDataType) throws(PostgresDecodingProblem) -> Data {
        guard type == .bytea else { throw .typeMismatch }
        return Data(bytes)
    }
}

// MARK: - UUID

extension UUID: PostgresEncodable, PostgresDecodable {
    public static var postgresDataType: PostgresDataType { .uuid }
    public func encode(into buffer: inout [UInt8]) -> Bool {
        withUnsafeBytes(of: uuid) { buffer.append(contentsOf: $0) }
        return true
    }
    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresDataType) throws(PostgresDecodingProblem) -> UUID {
        guard type == .uuid else { throw .typeMismatch }
        guard bytes.count == 16 else { throw .malformed("uuid of \(bytes.count) bytes") }
        var raw: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &raw) { $0.copyMemory(from: bytes) }
        return UUID(uuid: raw)
    }
}

// MARK: - timestamptz

/// Microseconds between 1970-01-01 and PostgreSQL's epoch, 2000-01-01 (UTC).
let postgresEpochOffsetMicroseconds: Int64 = 946_684_800_000_000

extension Date: PostgresEncodable, PostgresDecodable {
    /// An instant, sent as `timestamptz` with microsecond precision.
    public static var postgresDataType: PostgresDataType { .timestamptz }
    public func encode(into buffer: inout [UInt8]) -> Bool {
        let micros = (timeIntervalSince1970 * 1_000_000).rounded()
        buffer.appendBigEndian(Int64(micros) - postgresEpochOffsetMicroseconds)
        return true
    }
    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresDataType) throws(PostgresDecodingProblem) -> Date {
        guard type == .timestamptz || type == .timestamp else { throw .typeMismatch }
        guard bytes.count == 8 else { throw .malformed("timestamp of \(bytes.count) bytes") }
        let micros = bytes.readBigEndian(Int64.self)
        if micros == .max || micros == .min { throw .malformed("infinite timestamp") }
        return Date(timeIntervalSince1970: Double(micros + postgresEpochOffsetMicroseconds) / 1_000_000)
    }
}
