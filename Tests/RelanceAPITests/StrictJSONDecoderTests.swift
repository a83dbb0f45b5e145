import Foundation
@testable import RelanceAPI
import RelanceCore
import Testing

/// The strict request decoder: every rule, one row each, and bodies with several faults.
@Suite struct StrictJSONDecoderTests {
    struct Line: Decodable, Equatable {
        var description: String
        var quantity: Int64
    }

    struct Sample: RequestBody, Equatable {
        var name: String
        var count: Int64
        var small: Int32?
        var note: String?
        var due: CalendarDate?
        var flag: Bool?
        var lines: [Line]?
        var customerID: UUID?
        var scope: APIKeyScope?
        var nickname: Patch<String>
        static let maximumLengths = ["name": 5]

        func validate(_ errors: inout FieldErrors) {
            if count < 0 { errors.add("count", "must not be negative") }
            if name == "taken" { errors.add("name", "is taken") }
        }
    }

    static func errors(_ json: String) -> [String: String] {
        do {
            _ = try StrictJSONDecoder.decode(Sample.self, from: Data(json.utf8))
            return [:]
        } catch {
            return Dictionary((error.errors ?? []).map { ($0.field, $0.message) }, uniquingKeysWith: { first, _ in first })
        }
    }

    static let overflow = "must be a whole number from -9223372036854775808 to 9223372036854775807"

    /// A body and every field error it must produce (field → message).
    static let cases: [(String, [String: String])] = [
        (#"{"name": "ab", "count": 1}"#, [:]),
        (#"{"name": "ab", "count": 1, "colour": "blue"}"#, ["colour": "is not a known field"]),
        (#"{"name": "ab", "count": 1, "customerId": "x"}"#, ["customerId": "is not a known field"]),
        (#"{"name": 1, "count": "x", "flag": "yes", "colour": 2}"#,
         ["name": "must be a string", "count": "must be a whole number", "flag": "must be true or false", "colour": "is not a known field"]),
        (#"{"name": "ab", "count": 9223372036854775807}"#, [:]),
        (#"{"name": "ab", "count": 9223372036854775808}"#, ["count": overflow]),
        (#"{"name": "ab", "count": -9223372036854775809}"#, ["count": overflow]),
        (#"{"name": "ab", "count": 1e30}"#, ["count": overflow]),
        (#"{"name": "ab", "count": 2.5}"#, ["count": "must be a whole number (no fraction)"]),
        (#"{"name": "ab", "count": 1, "small": 3000000000}"#, ["small": "must be a whole number from -2147483648 to 2147483647"]),
        (#"{"name": "ab", "count": 1, "due": "2024-02-29"}"#, [:]),
        (#"{"name": "ab", "count": 1, "due": "2026-02-30"}"#, ["due": CalendarDate.formatRule]),
        (#"{"name": "ab", "count": 1, "due": "2026-2-3"}"#, ["due": CalendarDate.formatRule]),
        (#"{"name": "ab", "count": 1, "due": 20260203}"#, ["due": "must be a string"]),
        (#"{"name": "abcdef", "count": 1}"#, ["name": "must be at most 5 characters"]),
        (#"{"name": "ab", "count": 1, "note": "\#(String(repeating: "n", count: 1001))"}"#, ["note": "must be at most 1000 characters"]),
        ("{}", ["name": "is required", "count": "is required"]),
        (#"{"name": null, "count": 1, "note": null}"#, ["name": "cannot be null"]),
        (#"{"name": "ab", "count": 1, "lines": [{"description": "a", "quantity": 1}, {"description": "b", "quantity": 1.5}, {"description": "c", "quantity": 1, "extra": 0}]}"#,
         ["lines[1].quantity": "must be a whole number (no fraction)", "lines[2].extra": "is not a known field"]),
        (#"{"name": "ab", "count": 1, "lines": [{"quantity": "x"}, 3]}"#,
         ["lines[0].description": "is required", "lines[0].quantity": "must be a whole number", "lines[1]": "must be an object"]),
        (#"{"name": "ab", "count": 1, "lines": "x"}"#, ["lines": "must be an array"]),
        (#"{"name": "ab", "count": 1, "scope": "admin"}"#, ["scope": "must be one of read, write"]),
        (#"{"name": "ab", "count": 1, "customer_id": "nope"}"#, ["customer_id": "is not a UUID"]),
        (#"{"name": "ab", "count": -1}"#, ["count": "must not be negative"]),
        (#"{"name": "taken", "count": "x", "due": "2026-13-01"}"#,
         ["name": "is taken", "count": "must be a whole number", "due": CalendarDate.formatRule]),
        (#"{"name": "ab", "count": 1, "nickname": 4}"#, ["nickname": "must be a string"]),
        (#"[1, 2]"#, ["body": "must be a JSON object"]),
        (#"{"name": "ab", "#, ["body": "must be valid JSON"]),
    ]

    @Test(arguments: cases)
    func fieldErrors(body: String, expected: [String: String]) {
        #expect(Self.errors(body) == expected, "\(body)")
    }

    @Test func aGoodBodyDecodesEveryField() throws {
        let body = #"{"name": "ab", "count": 7, "due": "2026-02-28", "lines": [{"description": "x", "quantity": 2}], "customer_id": "7B0E1C1E-52A2-4A0C-9A43-0F4F35C8A6A1", "scope": "read"}"#
        let sample = try StrictJSONDecoder.decode(Sample.self, from: Data(body.utf8))
        #expect(sample.count == 7)
        #expect(sample.due == CalendarDate(year: 2026, month: 2, day: 28))
        #expect(sample.lines == [Line(description: "x", quantity: 2)])
        #expect(sample.customerID?.uuidString == "7B0E1C1E-52A2-4A0C-9A43-0F4F35C8A6A1")
        #expect(sample.scope == .read)
    }

    @Test func patchTellsAbsentNullAndAValueApart() throws {
        func nickname(_ json: String) throws -> Patch<String> {
            try StrictJSONDecoder.decode(Sample.self, from: Data(#"{"name": "ab", "count": 1\#(json)}"#.utf8)).nickname
        }
        #expect(try nickname("") == .absent)
        #expect(try nickname(#", "nickname": null"#) == .null)
        #expect(try nickname(#", "nickname": "Bo""#) == .value("Bo"))
    }

    @Test func anEmptyBodyIsAnEmptyObject() {
        #expect(throws: Problem.self) { try StrictJSONDecoder.decode(Sample.self, from: Data()) }
        #expect((try? StrictJSONDecoder.parse(Data())) == .object([:]))
    }

    @Test(arguments: [("displayName", "display_name"), ("customerID", "customer_id"), ("bankIban", "bank_iban"),
                      ("myURLValue", "my_url_value"), ("name", "name"), ("line2Total", "line2_total")])
    func fieldNamesAreTheResponsesSnakeCase(swift: String, json: String) {
        #expect(StrictJSONDecoder.snakeCase(swift) == json)
    }
}
