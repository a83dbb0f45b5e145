import Foundation
import RelanceCore

/// A value that stands in for a field that failed to decode, so `StrictJSONDecoder` can go
/// on and report the other fields. It is never used: a request with an error is refused.
/// Value types with a throwing `init(from:)` (dates, enums) conform so that checking goes on
/// after them.
protocol DecodingPlaceholder {
    static var decodingPlaceholder: Self { get }
}

extension String: DecodingPlaceholder { static var decodingPlaceholder: String { "" } }
extension Bool: DecodingPlaceholder { static var decodingPlaceholder: Bool { false } }
extension Double: DecodingPlaceholder { static var decodingPlaceholder: Double { 0 } }
extension Int: DecodingPlaceholder { static var decodingPlaceholder: Int { 0 } }
extension Int8: DecodingPlaceholder { static var decodingPlaceholder: Int8 { 0 } }
extension Int16: DecodingPlaceholder { static var decodingPlaceholder: Int16 { 0 } }
extension Int32: DecodingPlaceholder { static var decodingPlaceholder: Int32 { 0 } }
extension Int64: DecodingPlaceholder { static var decodingPlaceholder: Int64 { 0 } }
extension UInt: DecodingPlaceholder { static var decodingPlaceholder: UInt { 0 } }
extension UInt8: DecodingPlaceholder { static var decodingPlaceholder: UInt8 { 0 } }
extension UInt16: DecodingPlaceholder { static var decodingPlaceholder: UInt16 { 0 } }
extension UInt32: DecodingPlaceholder { static var decodingPlaceholder: UInt32 { 0 } }
extension UInt64: DecodingPlaceholder { static var decodingPlaceholder: UInt64 { 0 } }
extension UUID: DecodingPlaceholder { static var decodingPlaceholder: UUID { UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)) } }
extension Array: DecodingPlaceholder { static var decodingPlaceholder: [Element] { [] } }
extension Optional: DecodingPlaceholder { static var decodingPlaceholder: Wrapped? { nil } }
extension JSONValue: DecodingPlaceholder { static var decodingPlaceholder: JSONValue { .null } }
extension Patch: DecodingPlaceholder { static var decodingPlaceholder: Patch<Value> { .absent } }
extension CalendarDate: DecodingPlaceholder { static var decodingPlaceholder: CalendarDate { CalendarDate(year: 1970, month: 1, day: 1)! } }

/// A closed set of string values in a request (`"read"`, `"write"`): errors list the values
/// accepted. Conform a `String`-backed `CaseIterable` enum and it decodes strictly.
protocol RequestEnum: DecodingPlaceholder, Decodable {
    static var acceptedValues: [String] { get }
}

extension RequestEnum where Self: CaseIterable & RawRepresentable, RawValue == String {
    static var acceptedValues: [String] { allCases.map(\.rawValue) }
    static var decodingPlaceholder: Self { allCases.first! }
}
extension Currency: DecodingPlaceholder { static var decodingPlaceholder: Currency { .eur } }
extension ScaledDecimal: DecodingPlaceholder { static var decodingPlaceholder: ScaledDecimal { ScaledDecimal(units: 0, scale: 0) } }
