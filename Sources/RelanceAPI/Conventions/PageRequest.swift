import Hummingbird

/// The page a list request asks for: `?limit=` (1 to the endpoint's maximum, default 50)
/// and `?cursor=` (a `next_cursor` from the previous page, opaque; see `Cursor`).
///
/// ```swift
/// group.get("firms") { request, _ in
///     let page = try PageRequest.from(request, maximum: 200)
///     let firms = try await directory.firms(after: try page.position(UUID.init), limit: page.fetchLimit)
///     return try JSONResponse.make(Page(fetched: firms, for: page) { $0.id.uuidString.lowercased() })
/// }
/// ```
struct PageRequest: Equatable, Sendable {
    static let defaultLimit = 50

    /// The decoded cursor: where the previous page ended; nil for the first page.
    var position: String?
    var limit: Int

    /// Rows to fetch: one more than the page, so a full last page has no `next_cursor`.
    var fetchLimit: Int { limit + 1 }

    /// Parses raw query values, adding an error for each bad one to `errors`.
    static func parse(cursor: String?, limit: String?, maximum: Int, into errors: inout FieldErrors) -> PageRequest {
        var page = PageRequest(position: nil, limit: defaultLimit)
        if let cursor {
            if let position = Cursor.decode(cursor) {
                page.position = position
            } else {
                errors.add("cursor", "is not a cursor from this API (pass next_cursor back unchanged)")
            }
        }
        if let limit {
            if let value = Int(limit), (1...maximum).contains(value) {
                page.limit = value
            } else {
                errors.add("limit", "must be a whole number from 1 to \(maximum)")
            }
        }
        return page
    }

    /// `?cursor=` and `?limit=` of `request`.
    /// - Throws: `Problem.validation` naming `cursor` and/or `limit`.
    static func from(_ request: Request, maximum: Int) throws(Problem) -> PageRequest {
        var errors = FieldErrors()
        let page = from(request, maximum: maximum, into: &errors)
        try errors.throwIfAny()
        return page
    }

    /// `?cursor=` and `?limit=` of `request`, adding their errors to `errors` (for lists that
    /// read other parameters too and report them all at once).
    static func from(_ request: Request, maximum: Int, into errors: inout FieldErrors) -> PageRequest {
        let query = request.uri.queryParameters
        return parse(cursor: query["cursor"].map(String.init), limit: query["limit"].map(String.init), maximum: maximum, into: &errors)
    }

    /// The position converted by `parse` (a UUID, an id), nil on the first page.
    /// - Throws: `Problem.validation` on `cursor` when it does not convert.
    func position<T>(_ parse: (String) -> T?) throws(Problem) -> T? {
        guard let position else { return nil }
        guard let value = parse(position) else {
            throw Problem.validation([.init(field: "cursor", message: "is not a cursor from this API (pass next_cursor back unchanged)")])
        }
        return value
    }
}

/// A page of a list: `{"data": [...], "next_cursor": "…"}`; `next_cursor` is absent on the
/// last page.
struct Page<Item: Encodable>: Encodable {
    var data: [Item]
    var nextCursor: String?

    /// The page from rows fetched with `request.fetchLimit`; `position` gives the cursor
    /// position of an item (its sort key).
    init(fetched: [Item], for request: PageRequest, position: (Item) -> String) {
        data = Array(fetched.prefix(request.limit))
        nextCursor = fetched.count > request.limit ? data.last.map { Cursor.encode(position($0)) } : nil
    }
}
