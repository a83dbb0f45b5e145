@testable import RelanceAPI
import Testing

/// Opaque cursors and the `limit` check shared by every list endpoint.
@Suite struct PageRequestTests {
    @Test(arguments: ["alpha", "7b0e1c1e-52a2-4a0c-9a43-0f4f35c8a6a1", "4812", "", "é/+="])
    func aCursorGivesBackItsPosition(position: String) {
        let cursor = Cursor.encode(position)
        #expect(cursor != position)
        #expect(Cursor.decode(cursor) == position)
        #expect(cursor.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }, "URL-safe: \(cursor)")
    }

    @Test(arguments: ["alpha", "4812", "abc", "x", "djE6", "%%%", "YWJj"])
    func aValueThisAPIDidNotMakeIsRefused(text: String) {
        var errors = FieldErrors()
        _ = PageRequest.parse(cursor: text, limit: nil, maximum: 200, into: &errors)
        if text == "djE6" {
            #expect(errors.isEmpty, "djE6 is the cursor of the empty position")
        } else {
            #expect(errors.has("cursor"), "\(text)")
        }
    }

    @Test(arguments: [("0", false), ("1", true), ("200", true), ("201", false), ("ten", false), ("-1", false)])
    func limitIsChecked(limit: String, valid: Bool) {
        var errors = FieldErrors()
        let page = PageRequest.parse(cursor: nil, limit: limit, maximum: 200, into: &errors)
        #expect(errors.has("limit") == !valid)
        if valid { #expect(page.limit == Int(limit)) }
    }

    @Test func aFullLastPageHasNoNextCursor() {
        let request = PageRequest(position: nil, limit: 2)
        #expect(Page(fetched: ["a", "b"], for: request) { $0 }.nextCursor == nil)
        let more = Page(fetched: ["a", "b", "c"], for: request) { $0 }
        #expect(more.data == ["a", "b"])
        #expect(more.nextCursor.flatMap(Cursor.decode) == "b")
    }
}
